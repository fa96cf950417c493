// Package data stores Referable's domain in a SQLite database file.
package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/referable/referable/app"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open Referable database.
type DB struct {
	db   *sql.DB
	Path string
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Region is the owner's region (ISO 3166) while the settings name
	// none: phone numbers without a country code are read there.
	Region string
	// ReadOnly is set when the file could only be opened for reading.
	ReadOnly bool
	staging  bool
}

// Open opens the database at path, creating it (mode 0600, in a 0700
// directory when the directory is new) and migrating it to the current
// schema. A file that is missing or empty beside its backups, damaged,
// from a newer Referable, read-only, or not a file at all is refused
// with a *HealthError that names the backups and what to do.
func Open(ctx context.Context, path string) (*DB, error) { return open(ctx, path, openOptions{}) }

// OpenOptions say how a command that needs less than the window opens
// the database.
type OpenOptions struct {
	// ReadOnlyOK opens read-only a database that cannot be written (a
	// read-only file, folder or disk), for a command that only reads.
	ReadOnlyOK bool
	// Check runs SQLite's quick check of every page after opening, for
	// what copies the data out or changes much of it (a fraction of a
	// second on 100,000 contacts).
	Check bool
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, o OpenOptions) (*DB, error) {
	return open(ctx, path, openOptions{readOnlyOK: o.ReadOnlyOK, check: o.Check})
}

type openOptions struct {
	readOnlyOK bool // open read-only what cannot be written
	check      bool // run the quick check after opening
	staging    bool // a file of our own making: no look first, no backup before upgrading
}

func open(ctx context.Context, path string, o openOptions) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("open database: no path given")
	}
	readOnly := false
	if !o.staging {
		h := Inspect(ctx, path, false)
		switch {
		case h.Condition == ReadOnly && o.readOnlyOK && fileExists(path):
			readOnly = true
		case h.Condition != Healthy:
			return nil, &HealthError{h}
		}
	}
	if !readOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("open database: %w", FileError(filepath.Dir(path), err))
		}
		// Create the file ourselves so it is private from its first byte;
		// SQLite gives its -wal and -shm files the same mode.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", FileError(path, err))
		}
		f.Close()
	}

	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "cache_size(-8192)")  // 8 MiB: the hot pages of a 100,000-contact database
	q.Add("_pragma", "temp_store(MEMORY)") // sorts and tree walks stay off the disk
	q.Add("_txlock", "immediate")
	sqldb, err := sql.Open("sqlite", fileURI(path, q.Encode()))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if readOnly {
		// SQLite reads a WAL database read-only only where it may make
		// the shared-memory file. In a read-only folder with no log left
		// beside the file, the file alone is the whole database: read it
		// as unchanging.
		_, err := sqldb.ExecContext(ctx, `SELECT COUNT(*) FROM sqlite_schema`)
		if err != nil && !hasWAL(path) {
			sqldb.Close()
			q.Add("immutable", "1")
			if sqldb, err = sql.Open("sqlite", fileURI(path, q.Encode())); err != nil {
				return nil, fmt.Errorf("open database %s: %w", path, err)
			}
		}
	}
	// One connection: a desktop app has one user, SQLite serialises writes
	// anyway, and each connection would keep its own page cache.
	sqldb.SetMaxOpenConns(1)
	db := &DB{db: sqldb, Path: path, Now: time.Now, ReadOnly: readOnly, staging: o.staging}
	if readOnly {
		err = db.refuseUnmigrated(ctx)
	} else {
		err = db.migrate(ctx)
	}
	if err == nil && o.check {
		err = db.QuickCheck(ctx)
	}
	if err != nil {
		sqldb.Close()
		var he *HealthError
		if errors.As(err, &he) {
			return nil, err
		}
		if c, detail := classify(err); c == Damaged && app.ErrorCode(mapError(err)) == app.EINVALID && strings.Contains(app.EnglishMessage(mapError(err)), "damaged") {
			return nil, &HealthError{Health{Path: path, Condition: Damaged, Detail: detail, Backups: goodFirst(path)}}
		}
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// hasWAL reports whether a write-ahead log with content lies beside the
// database: its last changes are there, not in the file.
func hasWAL(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return err == nil && fi.Size() > 0
}

func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() > 0
}

// refuseUnmigrated refuses a read-only database that needs an upgrade:
// the upgrade would have to write.
func (db *DB) refuseUnmigrated(ctx context.Context) error {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	if pending, _, err := db.pendingMigrations(ctx, names); err != nil {
		return err
	} else if pending > 0 {
		return &HealthError{Health{Path: db.Path, Condition: ReadOnly, Detail: "it needs upgrading to this version first, which writes to it"}}
	}
	return nil
}

// NewServices returns every store of db; settings never saved read as
// defaults.
func NewServices(db *DB, defaults app.Settings) app.Services {
	settings := NewSettingsService(db, defaults)
	db.Region = defaults.Region
	return app.Services{
		Atomically: db.Atomically,
		Contacts:   NewContactService(db),
		Settings:   settings,
		Referrals:  NewReferralService(db),
		FollowUps:  NewFollowUpService(db),
		Asks:       NewAskService(db, settings),
		Calendar:   NewCalendarService(db, settings),
		Gifts:      NewGiftService(db, settings),
	}
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// migrate applies every embedded migration not yet recorded, each in its
// own transaction, in name order.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", mapError(err))
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	if err := db.refuseNewer(ctx, names); err != nil {
		return err
	}
	// An upgrade changes the schema under years of records: keep the
	// database as it was first.
	if pending, used, err := db.pendingMigrations(ctx, names); err != nil {
		return err
	} else if pending > 0 && used && !db.staging {
		if _, err := db.BackupBefore(ctx, BackupBeforeMigrate); err != nil {
			return fmt.Errorf("back up before upgrading: %w", err)
		}
	}
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// refuseNewerFile looks at a database file read-only and refuses it if a
// newer Referable upgraded it.
func refuseNewerFile(ctx context.Context, path string) error {
	ro, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
	if err != nil {
		return err
	}
	defer ro.Close()
	var n int
	if err := ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'migrations'`).Scan(&n); err != nil || n == 0 {
		return nil // not ours, or new: the normal open says what is wrong
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	return (&DB{db: ro}).refuseNewer(ctx, names)
}

// refuseNewer refuses a database a newer Referable has upgraded: this
// version does not know its schema and must not write to it. Nothing is
// changed before the refusal.
func (db *DB) refuseNewer(ctx context.Context, known []string) error {
	name, err := unknownMigration(ctx, db.db, known)
	if err != nil {
		return err
	}
	if name != "" {
		return app.Errorf(app.EINVALID, "This database was last opened by a newer version of Referable (it has the upgrade %s, "+
			"which this version does not know). Install the newer Referable to open it; the file was not changed.", name)
	}
	return nil
}

// unknownMigration is the first migration recorded in a database that
// this version does not have, or "".
func unknownMigration(ctx context.Context, q querier, known []string) (string, error) {
	recorded, err := queryColumn[string](ctx, q, `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		return "", err
	}
	for _, name := range recorded {
		if !slices.Contains(known, name) {
			return strings.TrimSuffix(filepath.Base(name), ".sql"), nil
		}
	}
	return "", nil
}

// afterMigration is the Go half of a migration that SQL cannot do, run
// in the migration's transaction.
var afterMigration = map[string]func(context.Context, *DB, *sql.Tx) error{
	"migrations/0007_names_addresses_phones.sql": fillPhoneNumbers,
}

// fillPhoneNumbers reads the phones of a book from before phones were
// kept as numbers: each gets its E.164 form, read in the contact's
// country or the owner's saved region, and the contact's search text
// is rebuilt so the number is found in any of its forms.
func fillPhoneNumbers(ctx context.Context, db *DB, tx *sql.Tx) error {
	region := db.ownerRegion(ctx, tx)
	type phone struct {
		id       int64
		position int
		value    string
		country  string
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.contact_id, p.position, p.value, c.country FROM contact_channels p JOIN contacts c ON c.id = p.contact_id WHERE p.kind = 'phone'`)
	if err != nil {
		return mapError(err)
	}
	var phones []phone
	for rows.Next() {
		var p phone
		if err := rows.Scan(&p.id, &p.position, &p.value, &p.country); err != nil {
			rows.Close()
			return mapError(err)
		}
		phones = append(phones, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return mapError(err)
	}
	if len(phones) == 0 {
		return nil
	}
	set, err := tx.PrepareContext(ctx, `UPDATE contact_channels SET normal = ? WHERE contact_id = ? AND kind = 'phone' AND position = ?`)
	if err != nil {
		return mapError(err)
	}
	defer set.Close()
	for _, p := range phones {
		c := app.Contact{Address: app.Address{Country: p.country}}
		if e := app.PhoneE164(p.value, app.PhoneRegion(&c, region)); e != "" {
			if _, err := set.ExecContext(ctx, e, p.id, p.position); err != nil {
				return mapError(err)
			}
		}
	}
	w, err := db.newContactWriter(ctx, tx)
	if err != nil {
		return err
	}
	return eachContact(ctx, tx, false, func(c *app.Contact) error {
		if _, err := w.delSearch.ExecContext(ctx, c.ID); err != nil {
			return err
		}
		return w.index(ctx, c)
	})
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return mapError(err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return mapError(err)
	} else if n > 0 {
		return nil
	}
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return mapError(err)
	}
	if then := afterMigration[name]; then != nil {
		if err := then(ctx, db, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, formatTime(db.Now())); err != nil {
		return mapError(err)
	}
	return tx.Commit()
}

// Migrations lists the migrations recorded as applied, in order.
func (db *DB) Migrations(ctx context.Context) ([]string, error) {
	return queryColumn[string](ctx, db.db, `SELECT name FROM migrations ORDER BY name`)
}

// queryColumn reads a query's one column.
func queryColumn[T any](ctx context.Context, q querier, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, mapError(err)
		}
		out = append(out, v)
	}
	return out, mapError(rows.Err())
}

// txKey carries the transaction of Atomically in a context.
type txKey struct{}

// sqlConn is what a statement runs on: the database or a transaction.
type sqlConn interface {
	querier
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// conn is what the stores run their statements on: the transaction of
// Atomically when ctx carries one (the one connection is held by it),
// else the database.
func (db *DB) conn(ctx context.Context) sqlConn {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx
	}
	return db.db
}

// write runs fn in one transaction: every write is all or nothing.
// Inside Atomically it is a savepoint of the outer transaction.
func (db *DB) write(ctx context.Context, fn func(*sql.Tx) error) error {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT write`); err != nil {
			return mapError(err)
		}
		if err := fn(tx); err != nil {
			tx.ExecContext(ctx, `ROLLBACK TO write`)
			tx.ExecContext(ctx, `RELEASE write`)
			return mapError(err)
		}
		_, err := tx.ExecContext(ctx, `RELEASE write`)
		return mapError(err)
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return mapError(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return mapError(err)
	}
	return mapError(tx.Commit())
}

// Atomically runs fn so that everything it reads and writes through the
// stores of db, with the context it is given, is one transaction: all of
// it is saved, or none. It takes the write lock first (BEGIN IMMEDIATE),
// so a check fn makes (is the book empty? is this person here already?)
// still holds when fn writes; a second writer waits its turn.
func (db *DB) Atomically(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return fn(ctx)
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return mapError(err)
	}
	defer tx.Rollback()
	if err := fn(context.WithValue(ctx, txKey{}, tx)); err != nil {
		return err
	}
	return mapError(tx.Commit())
}

// mapError turns driver errors into domain errors the UI can show; other
// errors pass through.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ENOTFOUND, "Not found.")
		}
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return app.Errorf(app.EINVALID, "This refers to a record that does not exist (any more).")
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return app.Errorf(app.ECONFLICT, "This already exists.")
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return app.Errorf(app.EINVALID, "A value is not allowed here (%s).", strings.TrimPrefix(se.Error(), "constraint failed: "))
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_BUSY_SNAPSHOT:
		return app.Errorf(app.ECONFLICT, "The database is busy in another window or program; try again in a moment.")
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_READONLY_DBMOVED, sqlite3.SQLITE_READONLY_CANTINIT, sqlite3.SQLITE_READONLY_DIRECTORY:
		return app.Errorf(app.EINVALID, "The database can only be read here (the file, its folder or the disk is read-only); nothing was saved. Make them writable (chmod u+w) and try again.")
	case sqlite3.SQLITE_FULL:
		return app.Errorf(app.EINVALID, "The disk is full; nothing was saved.")
	case sqlite3.SQLITE_IOERR_SHMSIZE, sqlite3.SQLITE_IOERR_WRITE, sqlite3.SQLITE_IOERR_FSYNC, sqlite3.SQLITE_IOERR_TRUNCATE:
		return app.Errorf(app.EINVALID, "The disk could not be written (it may be full); nothing was saved. Free some space and try again.")
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return app.Errorf(app.EINVALID, "This file is not a Referable database, or it is damaged.")
	}
	return err
}

const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

// DefaultPath is where the database lives unless told otherwise: the
// per-user data directory ($XDG_DATA_HOME or ~/.local/share on Linux,
// ~/Library/Application Support on macOS, %AppData% on Windows).
func DefaultPath() (string, error) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find data directory: %w", err)
		}
		return filepath.Join(dir, "Referable", "referable.db"), nil
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find data directory: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "referable", "referable.db"), nil
}
