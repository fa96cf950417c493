package data

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/referable/referable/app"
)

// Condition is what a look at a database file found before it is used.
type Condition string

const (
	Healthy  Condition = "healthy"   // opens and passes the quick check (or is new)
	Missing  Condition = "missing"   // no file, though backups exist beside it
	Empty    Condition = "empty"     // 0 bytes, though backups exist beside it
	Damaged  Condition = "damaged"   // not a SQLite database, or its check fails
	Newer    Condition = "newer"     // a newer Referable upgraded it
	ReadOnly Condition = "read-only" // the file or its folder cannot be written
	NotAFile Condition = "not-a-file"
	Foreign  Condition = "not-referable" // a file, but not a SQLite database at all
	Busy     Condition = "busy"          // another program holds it
)

// Health is a database file's condition, with the backups that could
// bring it back. A problem comes back as a *HealthError.
type Health struct {
	Path      string
	Condition Condition
	Detail    string       // what SQLite or the system said
	Backups   []app.Backup // newest first
}

// HealthError refuses a database that is not fit to open as it is; it
// says what is wrong and how to get the book back.
type HealthError struct{ Health Health }

func (e *HealthError) Error() string { return e.Unwrap().Error() }

// Unwrap gives the message a person reads.
func (e *HealthError) Unwrap() error { return app.Errorf(app.EINVALID, "%s", e.Health.Message()) }

// Message says what is wrong with the database and what to do.
func (h Health) Message() string {
	var b strings.Builder
	put := func(s string) {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(s)
	}
	say := func(format string, args ...any) { put(app.Tf(format, args...)) }
	switch h.Condition {
	case Missing:
		say("There is no database at %s, though its backups are beside it: it may have been moved or deleted.", h.Path)
	case Empty:
		say("The database %s is empty (0 bytes), though its backups are beside it: it was probably cut short by a crash or a full disk.", h.Path)
	case Damaged:
		say("The database %s is damaged (%s).", h.Path, h.Detail)
	case Foreign:
		say("%s is not a Referable database (%s), and it was not changed. Check that --db names your book.", h.Path, h.Detail)
	case Newer:
		b.WriteString(h.Detail)
	case ReadOnly:
		say("Referable cannot write to %s (%s). Make the file and its folder writable (chmod u+w), or copy it somewhere you may write.", h.Path, h.Detail)
	case NotAFile:
		say("%s is %s, not a database file; give the path of a file with --db.", h.Path, h.Detail)
	case Busy:
		say("Another program is using %s; nothing was changed. Close it and try again.", h.Path)
	default:
		return app.T("The database is fine.")
	}
	if h.Condition == ReadOnly || h.Condition == NotAFile || h.Condition == Busy {
		return b.String()
	}
	if len(h.Backups) == 0 || h.Backups[0].Kept {
		say("There are no backups of it in %s.", BackupDir(h.Path))
		if h.Condition == Missing || h.Condition == Empty {
			say("Delete the file to start a new book, or restore a copy you keep elsewhere: %s", "referable restore FILE")
		}
		return b.String()
	}
	newest, n := h.Backups[0], 0
	for _, bk := range h.Backups {
		if !bk.Kept {
			n++
		}
	}
	put(app.TNf("%[1]d backup is kept in %[2]s; the newest good one is from %[3]s (%[4]s). To restore it: %[5]s",
		"%[1]d backups are kept in %[2]s; the newest good one is from %[3]s (%[4]s). To restore it: %[5]s", n,
		n, BackupDir(h.Path), app.Moment(newest.Taken), newest.Reason, RestoreCommand(h.Path, newest.Path)))
	if h.Condition == Missing || h.Condition == Empty {
		say("— or, to start a new book here, delete the file and the backups folder.")
	}
	return b.String()
}

// RestoreCommand is the command line that restores backup into the
// database at dbPath.
func RestoreCommand(dbPath, backup string) string {
	db := ""
	if def, err := DefaultPath(); err != nil || !samePath(def, dbPath) {
		db = "--db " + shellQuote(dbPath) + " "
	}
	return "referable " + db + "restore " + shellQuote(backup)
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func samePath(a, b string) bool {
	ca, errA := CanonicalPath(a)
	cb, errB := CanonicalPath(b)
	return errA == nil && errB == nil && ca == cb
}

// CanonicalPath is the one name of a database file however it is
// written: absolute, with symbolic links in the path followed, so two
// windows cannot open one file under two names.
func CanonicalPath(path string) (string, error) {
	if path == "" {
		return "", app.Errorf(app.EINVALID, "No database path was given.")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	// The file does not exist yet: its folder may still be a link.
	dir, base := filepath.Split(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(real, base), nil
	}
	return abs, nil
}

// Inspect looks at the database file at path without changing it: is it
// there, a regular file, writable, whole and of a version this Referable
// knows? It lists the backups that could replace it when it is not.
// deep runs SQLite's quick check over every page (a fraction of a second
// on 100,000 contacts).
func Inspect(ctx context.Context, path string, deep bool) Health {
	h := Health{Path: path, Condition: Healthy}
	tightenModes(path)
	fi, statErr := os.Stat(path)
	switch {
	case errors.Is(statErr, fs.ErrNotExist):
		if h.Backups = goodFirst(path); len(h.Backups) > 0 {
			h.Condition = Missing
		}
		return h
	case statErr != nil:
		h.Condition, h.Detail = ReadOnly, plainOSError(statErr)
		return h
	case fi.IsDir():
		h.Condition, h.Detail = NotAFile, app.T("a folder")
		return h
	case !fi.Mode().IsRegular():
		h.Condition, h.Detail = NotAFile, app.T("a device or special file")
		return h
	case fi.Size() == 0:
		if h.Backups = goodFirst(path); len(h.Backups) > 0 {
			h.Condition = Empty
		}
		return h
	}
	if f, err := os.Open(path); err != nil {
		h.Condition, h.Detail = ReadOnly, plainOSError(err)
		return h
	} else {
		head := make([]byte, 16)
		n, _ := io.ReadFull(f, head)
		f.Close()
		if string(head[:n]) != "SQLite format 3\x00" {
			h.Condition, h.Detail = Foreign, app.T("it is not a SQLite file at all")
			h.Backups = goodFirst(path)
			return h
		}
	}
	if err := refuseNewerFile(ctx, path); err != nil {
		if app.ErrorCode(err) == app.EINVALID && strings.Contains(app.EnglishMessage(err), "newer version") {
			h.Condition, h.Detail = Newer, app.ErrorMessage(err)
			h.Backups = goodFirst(path)
			return h
		}
		h.Condition, h.Detail = classify(err)
		if h.Condition == Damaged || h.Condition == Foreign {
			h.Backups = goodFirst(path)
		}
		return h
	}
	if deep {
		if err := quickCheckFile(ctx, path); err != nil {
			h.Condition, h.Detail = classify(err)
			if h.Condition == Damaged {
				h.Backups = goodFirst(path)
			}
			return h
		}
	}
	if why := notWritable(path); why != "" {
		h.Condition, h.Detail = ReadOnly, why
	}
	return h
}

// classify turns an error from reading a database into its condition.
func classify(err error) (Condition, string) {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked") || app.ErrorCode(err) == app.ECONFLICT:
		return Busy, app.T("another program holds it")
	case strings.Contains(msg, "unable to open") || errors.Is(err, fs.ErrPermission):
		return ReadOnly, app.Tf("it cannot be opened: %s", plainOSError(err))
	}
	var de *damageError
	if errors.As(err, &de) {
		return Damaged, de.detail
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_NOTADB {
		return Foreign, app.T("it is not a SQLite file at all")
	}
	if msg := app.EnglishMessage(mapError(err)); strings.Contains(msg, "damaged") {
		return Damaged, app.T("SQLite finds its pages malformed")
	} else {
		return Damaged, strings.TrimPrefix(msg, "Something went wrong: ")
	}
}

// damageError is a check that failed, with SQLite's first words.
type damageError struct{ detail string }

func (e *damageError) Error() string { return "damaged: " + e.detail }

// quickCheckFile runs SQLite's quick check on a file opened read-only.
func quickCheckFile(ctx context.Context, path string) error {
	ro, err := sql.Open("sqlite", fileURI(path, "mode=ro&_pragma=busy_timeout(5000)"))
	if err != nil {
		return err
	}
	defer ro.Close()
	return runCheck(ctx, ro, "quick_check")
}

// runCheck runs PRAGMA quick_check or integrity_check and turns anything
// but "ok" into a damageError.
func runCheck(ctx context.Context, q querier, pragma string) error {
	rows, err := q.QueryContext(ctx, `PRAGMA `+pragma+`(5)`)
	if err != nil {
		if c, _ := classify(err); c == Busy {
			return err
		}
		return &damageError{detail: app.Tf("SQLite cannot read it: %s", strings.TrimPrefix(app.EnglishMessage(mapError(err)), "Something went wrong: "))}
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return &damageError{detail: err.Error()}
		}
		found = append(found, s)
	}
	if err := rows.Err(); err != nil {
		return &damageError{detail: app.Tf("SQLite cannot read it: %s", err.Error())}
	}
	if len(found) == 1 && found[0] == "ok" {
		return nil
	}
	msg := strings.TrimSpace(strings.TrimPrefix(strings.Join(found, "; "), "*** in database main ***"))
	return &damageError{detail: app.Tf("SQLite's check says: %s", app.Clip(msg, 200))}
}

// QuickCheck runs SQLite's quick check on the open database: every page
// read, every index matched to its table. It reads through a connection
// of its own (WAL lets it read beside the app's), so the window's
// queries do not wait the half second it takes on 100,000 contacts.
func (db *DB) QuickCheck(ctx context.Context) error {
	q := querier(db.db)
	if !db.ReadOnly && !db.staging {
		own, err := sql.Open("sqlite", fileURI(db.Path, "mode=ro&_pragma=busy_timeout(5000)&_pragma=mmap_size(268435456)"))
		if err != nil {
			return err
		}
		defer own.Close()
		q = own
	}
	if err := runCheck(ctx, q, "quick_check"); err != nil {
		var de *damageError
		if errors.As(err, &de) {
			return &HealthError{Health{Path: db.Path, Condition: Damaged, Detail: de.detail, Backups: goodFirst(db.Path)}}
		}
		return mapError(err)
	}
	return nil
}

// goodFirst lists the backups of the database at path, the newest that
// passes the quick check first (the others keep their order). It checks
// from the newest down and stops at the first good one.
func goodFirst(path string) []app.Backup {
	all, err := ListBackups(path)
	if err != nil || len(all) == 0 {
		return nil
	}
	// Copies a restore kept of a damaged or newer file go last.
	var list, kept []app.Backup
	for _, b := range all {
		if b.Kept {
			kept = append(kept, b)
		} else {
			list = append(list, b)
		}
	}
	for i, b := range list {
		if quickCheckFile(context.Background(), b.Path) == nil {
			if i > 0 {
				good := list[i]
				copy(list[1:i+1], list[:i])
				list[0] = good
			}
			break
		}
	}
	return append(list, kept...)
}

// plainOSError is an operating system error without the Go wrapping.
func plainOSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// CheckPath refuses a database path that names a folder or a device.
func CheckPath(path string) error { return checkPath(path) }

// checkPath refuses a database path that names a folder or a device
// before anything is created beside it.
func checkPath(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if fi.IsDir() {
		return &HealthError{Health{Path: path, Condition: NotAFile, Detail: app.T("a folder")}}
	}
	if !fi.Mode().IsRegular() {
		return &HealthError{Health{Path: path, Condition: NotAFile, Detail: app.T("a device or special file")}}
	}
	return nil
}

// tightenModes makes the database's own files private again: a file
// copied in with 0644 loses the group and other bits (the owner's own
// read-only choice stands), and once the database is writable a stale
// read-only -wal or -shm left from a read-only spell is made writable,
// so it stops blocking writes. Files of other owners are left alone.
func tightenModes(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 && ownedByMe(fi) {
		os.Chmod(path, fi.Mode().Perm()&0o700)
	}
	if notWritableFile(path) {
		return
	}
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm() != 0o600 && ownedByMe(fi) {
			os.Chmod(p, 0o600)
		}
	}
}

// recentEnough bounds how old a stale temporary file must be before it
// is cleaned where it cannot be locked (Windows).
const recentEnough = 24 * time.Hour

// OwnFile says which of the database's own files out names — the
// database, its journal, write-ahead log, shared memory, window lock or
// socket — or "" for any other file: writing output over one of them
// would destroy or confuse the book.
func OwnFile(dbPath, out string) string {
	c, err := CanonicalPath(out)
	if err != nil {
		return ""
	}
	db, err := CanonicalPath(dbPath)
	if err != nil {
		return ""
	}
	for suffix, what := range map[string]string{"": "the database itself", "-wal": "the database's write-ahead log",
		"-shm": "the database's shared memory file", "-journal": "the database's journal", ".lock": "the database's window lock",
		".sock": "the database's window socket"} {
		if c == db+suffix {
			return what
		}
	}
	return ""
}

// StartNewBook makes a new, empty database at path where the old one is
// missing or empty (0 bytes) beside its backups: the owner chose to start
// again. The backups stay where they are.
func StartNewBook(ctx context.Context, path string) (*DB, error) {
	h := Inspect(ctx, path, false)
	if h.Condition != Missing && h.Condition != Empty && h.Condition != Healthy {
		return nil, &HealthError{h}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, FileError(filepath.Dir(path), err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, FileError(path, err)
	}
	f.Close()
	return open(ctx, path, openOptions{staging: true})
}
