package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/transfer"
)

// BackupTo writes a consistent copy of the open database to path with
// VACUUM INTO — never a file copy, which could catch a live WAL database
// half-written. VACUUM INTO reads every row, so a damaged page stops it;
// the copy is then checked (integrity_check) before it counts: a damaged
// book is never copied as if it were whole, so it cannot rotate good
// backups out. The copy is private
// (0600) and appears whole or not at all: it is written beside path and
// renamed into place.
func (db *DB) BackupTo(ctx context.Context, path string) error {
	if err := db.backupTo(ctx, path); err != nil {
		var he *HealthError
		if errors.As(err, &he) {
			return fmt.Errorf("%w No backup was taken; the backups kept before are untouched.", err)
		}
		return fmt.Errorf("back up to %s: %w", path, FileError(path, err))
	}
	return nil
}

func (db *DB) backupTo(ctx context.Context, path string) error {
	if isDir(path) {
		return syscall.EISDIR
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// VACUUM INTO writes into an empty file; making it first keeps it
	// private from its first byte.
	f, err := CreateTemp(dir)
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		f.Close()
		os.Remove(tmp)
		os.Remove(tmp + "-journal")
	}()
	if _, err := db.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		if c, detail := classify(err); c == Damaged && strings.Contains(app.EnglishMessage(mapError(err)), "damaged") {
			return &HealthError{Health{Path: db.Path, Condition: Damaged, Detail: detail, Backups: goodFirst(db.Path)}}
		}
		return mapError(err)
	}
	if err := verifyCopy(ctx, tmp); err != nil {
		// What reads back damaged was read from a damaged book.
		if qerr := db.QuickCheck(ctx); qerr != nil {
			return qerr
		}
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// verifyCopy runs the integrity check on a copy just written.
func verifyCopy(ctx context.Context, path string) error {
	ro, err := sql.Open("sqlite", fileURI(path, "mode=ro&_pragma=mmap_size(268435456)"))
	if err != nil {
		return err
	}
	defer ro.Close()
	if err := runCheck(ctx, ro, "integrity_check"); err != nil {
		return app.Errorf(app.EINVALID, "The copy did not pass SQLite's integrity check (%v); it was not kept.", err)
	}
	return nil
}

// syncDir makes a rename in dir durable; where a folder cannot be
// synced (Windows) the rename is durable by itself.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// CheckBackup opens a file read-only and makes sure it is a whole
// Referable database this version can read: SQLite's integrity check
// passes, it has our schema, and no newer Referable upgraded it.
func CheckBackup(ctx context.Context, path string) error {
	if fi, err := os.Stat(path); err != nil {
		return app.Errorf(app.ENOTFOUND, "There is no backup at %s.", path)
	} else if fi.IsDir() {
		return app.Errorf(app.EINVALID, "%s is a folder, not a backup.", path)
	} else if !fi.Mode().IsRegular() {
		return app.Errorf(app.EINVALID, "%s is not a file.", path)
	} else if fi.Size() == 0 {
		return app.Errorf(app.EINVALID, "%s is empty (0 bytes); it is not a backup.", path)
	}
	sqldb, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
	if err != nil {
		return err
	}
	defer sqldb.Close()
	if err := runCheck(ctx, sqldb, "integrity_check"); err != nil {
		var de *damageError
		if errors.As(err, &de) {
			if strings.Contains(de.detail, "not a database") || strings.Contains(de.detail, "not a Referable") {
				return app.Errorf(app.EINVALID, "%s is not a Referable backup (%s); nothing was changed.", path, de.detail)
			}
			return app.Errorf(app.EINVALID, "%s is damaged (%s); it was not restored and nothing was changed.", path, de.detail)
		}
		return mapError(err)
	}
	var n int
	if err := sqldb.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = 'migrations/0001_contacts.sql'`).Scan(&n); err != nil || n == 0 {
		return app.Errorf(app.EINVALID, "%s is a SQLite database, but not one of Referable's; nothing was changed.", path)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	if newer, err := unknownMigration(ctx, sqldb, names); err != nil {
		return mapError(err)
	} else if newer != "" {
		return app.Errorf(app.EINVALID, "%s was made by a newer version of Referable (it has the upgrade %s); install that version to restore it. Nothing was changed.", path, newer)
	}
	return nil
}

func copyPrivate(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BackupDir is where the database's own backups are kept: a backups
// folder beside it.
func BackupDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "backups") }

// fileURI is the SQLite URI of a file path with a query.
func fileURI(path, query string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + query
}

func isEncrypted(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 32)
	n, _ := io.ReadFull(f, head)
	return transfer.IsEncrypted(head[:n])
}

// decryptTo writes the plain export beside the backups, private, for the
// moment the restore reads it.
func decryptTo(from, to, passphrase string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	r, err := transfer.Decrypt(in, passphrase)
	if err != nil {
		return err
	}
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return app.Errorf(app.EINVALID, "The encrypted file is damaged or cut short: %v.", err)
	}
	return out.Close()
}
