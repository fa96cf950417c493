package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/referable/referable/app"
	"modernc.org/sqlite"
)

// A restore cannot make things worse. The backup or export is first made
// into a complete database beside the current one and checked there
// (version, integrity, every value's type and range, the links between
// records, no loop in the tree) and brought up to this version's schema;
// the current database is kept as a backup; only then is it replaced —
// by rename when no window has it open, by SQLite's online backup (one
// transaction) under the open window. A failure at any step leaves the
// current database exactly as it was.

// stageRestore makes from (a backup database, a JSON export, or an
// encrypted one) into a checked, up-to-date database file in dir and
// returns its path; the caller removes it.
func stageRestore(ctx context.Context, from, dir, passphrase string) (string, error) {
	fi, err := os.Stat(from)
	switch {
	case err != nil:
		return "", app.Errorf(app.ENOTFOUND, "There is no backup at %s.", from)
	case fi.IsDir():
		return "", app.Errorf(app.EINVALID, "%s is a folder, not a backup.", from)
	case !fi.Mode().IsRegular():
		return "", app.Errorf(app.EINVALID, "%s is not a file.", from)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", FileError(dir, err)
	}
	f, err := CreateTemp(dir)
	if err != nil {
		return "", stagingError(dir, err)
	}
	staged := f.Name()
	ok := false
	defer func() {
		f.Close()
		if !ok {
			removeDB(staged)
		}
	}()
	switch {
	case isEncrypted(from):
		plain, err := CreateTemp(dir)
		if err != nil {
			return "", stagingError(dir, err)
		}
		defer func() { plain.Close(); os.Remove(plain.Name()) }()
		if err := decryptTo(from, plain.Name(), passphrase); err != nil {
			return "", stagingError(dir, err)
		}
		if err := jsonToDatabase(ctx, plain.Name(), staged, filepath.Base(from)); err != nil {
			return "", stagingError(dir, err)
		}
	case isJSONExport(from):
		if err := jsonToDatabase(ctx, from, staged, filepath.Base(from)); err != nil {
			return "", stagingError(dir, err)
		}
	default:
		if err := CheckBackup(ctx, from); err != nil {
			return "", err
		}
		// A consistent copy, with whatever a write-ahead log beside the
		// file holds, without writing to the file itself.
		src, err := sql.Open("sqlite", fileURI(from, "mode=ro"))
		if err != nil {
			return "", err
		}
		_, err = src.ExecContext(ctx, `VACUUM INTO ?`, staged)
		src.Close()
		if err != nil {
			return "", stagingError(dir, mapError(err))
		}
	}
	db, err := open(ctx, staged, openOptions{staging: true})
	if err != nil {
		return "", stagingError(dir, err)
	}
	err = validateRestored(ctx, db.db)
	if err != nil {
		db.Close()
		return "", app.Errorf(app.EINVALID, "%s cannot be restored: %s Nothing was changed.", filepath.Base(from), app.ErrorMessage(err))
	}
	// One self-contained file, to be renamed into place.
	if _, err := db.db.ExecContext(ctx, `PRAGMA journal_mode = DELETE`); err != nil {
		db.Close()
		return "", stagingError(dir, mapError(err))
	}
	if err := db.Close(); err != nil {
		return "", stagingError(dir, err)
	}
	ok = true
	return staged, nil
}

// stagingError says that nothing was changed when the copy to restore
// could not be made.
func stagingError(dir string, err error) error {
	if errors.Is(err, syscall.ENOSPC) || strings.Contains(app.EnglishMessage(err), "disk is full") {
		return app.Errorf(app.EINVALID, "The disk is full: there is no room beside the database for the copy to restore; nothing was changed. Free some space and try again.")
	}
	if app.ErrorCode(err) != app.EINTERNAL {
		return err
	}
	return fmt.Errorf("make the copy to restore in %s: %w; nothing was changed", dir, FileError(dir, err))
}

// removeDB removes a database file and SQLite's files beside it.
func removeDB(path string) {
	for _, s := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(path + s)
	}
}

// Restore replaces the database at dbPath, which no window has open,
// with the backup or export at from, and returns where the database as it
// was is kept ("" when there was none). It works whatever state the
// current file is in: healthy, damaged, empty, missing or from a newer
// version; a busy, read-only or full disk refuses with nothing changed.
func Restore(ctx context.Context, dbPath, from, passphrase string) (kept string, err error) {
	if err := checkPath(dbPath); err != nil {
		return "", err
	}
	dir := filepath.Dir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", FileError(dir, err)
	}
	if why := notWritable(dbPath); why != "" {
		return "", &HealthError{Health{Path: dbPath, Condition: ReadOnly, Detail: why}}
	}
	staged, err := stageRestore(ctx, from, dir, passphrase)
	if err != nil {
		return "", err
	}
	defer removeDB(staged)
	current := Inspect(ctx, dbPath, true)
	now := time.Now()
	switch current.Condition {
	case Healthy:
		if fileExists(dbPath) {
			if kept, err = keepHealthy(ctx, dbPath, now); err != nil {
				return "", err
			}
			// Its write-ahead log belongs to it, not to what replaces it.
			if err := settle(ctx, dbPath); err != nil {
				return "", err
			}
		}
	case Damaged, Newer, Foreign:
		why := keptDamaged
		if current.Condition == Newer {
			why = keptNewer
		}
		kept = autoBackupPath(dbPath, now, why)
		if err := os.MkdirAll(filepath.Dir(kept), 0o700); err != nil {
			return "", FileError(filepath.Dir(kept), err)
		}
		for _, s := range []string{"", "-wal"} {
			if _, err := os.Stat(dbPath + s); err == nil {
				if err := copyPrivate(dbPath+s, kept+s); err != nil {
					os.Remove(kept)
					return "", fmt.Errorf("keep the current database before restoring: %w; nothing was changed", FileError(kept, err))
				}
			}
		}
		os.Remove(dbPath + "-wal")
		os.Remove(dbPath + "-shm")
	case Missing, Empty:
	default:
		return "", &HealthError{current}
	}
	if err := os.Rename(staged, dbPath); err != nil {
		return kept, fmt.Errorf("put the restored database in place: %w; the database is as it was", FileError(dbPath, err))
	}
	os.Remove(dbPath + "-shm")
	syncDir(dir)
	db, err := Open(ctx, dbPath) // back to WAL, and private
	if err != nil {
		return kept, err
	}
	return kept, db.Close()
}

// keepHealthy keeps a healthy database before it is replaced, as a
// verified backup, through a read-only connection.
func keepHealthy(ctx context.Context, dbPath string, now time.Time) (string, error) {
	ro, err := sql.Open("sqlite", fileURI(dbPath, "mode=ro&_pragma=busy_timeout(5000)"))
	if err != nil {
		return "", err
	}
	defer ro.Close()
	kept := autoBackupPath(dbPath, now, BackupBeforeRestore)
	if err := (&DB{db: ro, Path: dbPath, Now: func() time.Time { return now }}).BackupTo(ctx, kept); err != nil {
		return "", fmt.Errorf("keep the current database before restoring: %w; nothing was changed", err)
	}
	return kept, nil
}

// settle folds a healthy database's write-ahead log into the file and
// leaves it a single file, so nothing of it can be replayed onto the
// database renamed in its place. Another program holding it open makes
// this fail, with nothing changed.
func settle(ctx context.Context, dbPath string) error {
	rw, err := sql.Open("sqlite", fileURI(dbPath, "_pragma=busy_timeout(5000)"))
	if err != nil {
		return err
	}
	defer rw.Close()
	var mode string
	if err := rw.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil || mode != "delete" {
		if err == nil {
			err = app.Errorf(app.ECONFLICT, "Another program is using %s; close it and try again. Nothing was changed.", dbPath)
		}
		return mapError(err)
	}
	return nil
}

// RestoreFrom replaces the open database's contents with the backup at
// from, once it is checked and brought up to date beside it, through
// SQLite's online backup API on the one connection the app holds — one
// transaction, so the window keeps running on the restored data or,
// on any failure, on the data as it was. The database as it was is
// first kept as a backup, whose path is returned.
func (db *DB) RestoreFrom(ctx context.Context, from, passphrase string) (kept string, err error) {
	if db.ReadOnly {
		return "", &HealthError{Health{Path: db.Path, Condition: ReadOnly, Detail: "it was opened read-only"}}
	}
	staged, err := stageRestore(ctx, from, filepath.Dir(db.Path), passphrase)
	if err != nil {
		return "", err
	}
	defer removeDB(staged)
	if kept, err = db.BackupBefore(ctx, BackupBeforeRestore); err != nil {
		return "", fmt.Errorf("keep the current database before restoring: %w", err)
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return kept, mapError(err)
	}
	err = conn.Raw(func(dc any) error {
		restorer, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return fmt.Errorf("restore: the SQLite driver cannot restore online")
		}
		b, err := restorer.NewRestore(fileURI(staged, "mode=ro"))
		if err != nil {
			return err
		}
		_, stepErr := b.Step(-1)
		if err := b.Finish(); stepErr == nil {
			stepErr = err
		}
		return stepErr
	})
	if cerr := conn.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return kept, fmt.Errorf("restore %s: %w (the database is as it was)", from, mapError(err))
	}
	return kept, nil
}
