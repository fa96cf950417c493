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
}

// Open opens the database at path, creating it (mode 0600, in a 0700
// directory when the directory is new) and migrating it to the current
// schema.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("open database: no path given")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	// A database a newer Referable upgraded is refused before anything
	// (even switching it to WAL) writes to it.
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		if err := refuseNewerFile(ctx, path); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	// Create the file ourselves so it is private from its first byte;
	// SQLite gives its -wal and -shm files the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	f.Close()

	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "cache_size(-8192)")  // 8 MiB: the hot pages of a 100,000-contact database
	q.Add("_pragma", "temp_store(MEMORY)") // sorts and tree walks stay off the disk
	q.Add("_txlock", "immediate")
	sqldb, err := sql.Open("sqlite", fileURI(path, q.Encode()))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// One connection: a desktop app has one user, SQLite serialises writes
	// anyway, and each connection would keep its own page cache.
	sqldb.SetMaxOpenConns(1)
	db := &DB{db: sqldb, Path: path, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// NewServices returns every store of db; settings never saved read as
// defaults.
func NewServices(db *DB, defaults app.Settings) app.Services {
	settings := NewSettingsService(db, defaults)
	return app.Services{
		Contacts:  NewContactService(db),
		Settings:  settings,
		Referrals: NewReferralService(db),
		FollowUps: NewFollowUpService(db),
		Asks:      NewAskService(db, settings),
		Calendar:  NewCalendarService(db, settings),
		Gifts:     NewGiftService(db, settings),
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
	} else if pending > 0 && used {
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
	recorded, err := queryColumn[string](ctx, db.db, `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		return err
	}
	for _, name := range recorded {
		if !slices.Contains(known, name) {
			return app.Errorf(app.EINVALID, "This database was last opened by a newer version of Referable (it has the upgrade %s, "+
				"which this version does not know). Install the newer Referable to open it; the file was not changed.",
				strings.TrimSuffix(filepath.Base(name), ".sql"))
		}
	}
	return nil
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

// write runs fn in one transaction: every write is all or nothing.
func (db *DB) write(ctx context.Context, fn func(*sql.Tx) error) error {
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
	case sqlite3.SQLITE_READONLY:
		return app.Errorf(app.EINVALID, "The database file is read-only.")
	case sqlite3.SQLITE_FULL:
		return app.Errorf(app.EINVALID, "The disk is full; nothing was saved.")
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
