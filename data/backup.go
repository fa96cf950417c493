package data

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/transfer"
)

// BackupTo writes a consistent copy of the open database to path with
// VACUUM INTO — never a file copy, which could catch a live WAL database
// half-written. The copy is private (0600) and appears whole or not at
// all: it is written beside path and renamed into place.
func (db *DB) BackupTo(ctx context.Context, path string) error {
	if err := db.backupTo(ctx, path); err != nil {
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
	tmp := filepath.Join(dir, fmt.Sprintf(".%.40s-%d.tmp", filepath.Base(path), time.Now().UnixNano()))
	defer os.Remove(tmp)
	// VACUUM INTO creates the file itself; make it first so it is private
	// from its first byte. SQLite writes into an empty file.
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	if _, err := db.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return mapError(err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// CheckBackup opens a file read-only and makes sure it is a whole
// Referable database: SQLite's integrity check passes and it has our
// schema.
func CheckBackup(ctx context.Context, path string) error {
	if fi, err := os.Stat(path); err != nil {
		return app.Errorf(app.ENOTFOUND, "There is no backup at %s.", path)
	} else if fi.IsDir() {
		return app.Errorf(app.EINVALID, "%s is a folder, not a backup.", path)
	}
	sqldb, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
	if err != nil {
		return err
	}
	defer sqldb.Close()
	var result string
	if err := sqldb.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return app.Errorf(app.EINVALID, "%s is not a Referable backup: %s.", path, app.ErrorMessage(mapError(err)))
	}
	if result != "ok" {
		return app.Errorf(app.EINVALID, "%s is damaged (SQLite's integrity check says: %s); it was not restored.", path, result)
	}
	var n int
	if err := sqldb.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = 'migrations/0001_contacts.sql'`).Scan(&n); err != nil || n == 0 {
		return app.Errorf(app.EINVALID, "%s is a SQLite database, but not one of Referable's.", path)
	}
	return nil
}

// Restore replaces the database at dbPath with the backup at from and
// returns where the database as it was is kept. It works on the open
// database when it opens; a database too damaged to open is moved aside
// into the backups folder and the backup copied in its place.
func Restore(ctx context.Context, dbPath, from, passphrase string) (kept string, err error) {
	from, cleanup, err := restoreSource(ctx, from, dbPath, passphrase)
	if err != nil {
		return "", err
	}
	defer cleanup()
	if err := CheckBackup(ctx, from); err != nil {
		return "", err
	}
	db, openErr := Open(ctx, dbPath)
	if openErr == nil {
		kept, err = db.RestoreFrom(ctx, from, "")
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		return kept, err
	}
	kept = autoBackupPath(dbPath, time.Now(), "damaged")
	if err := os.MkdirAll(filepath.Dir(kept), 0o700); err != nil {
		return "", fmt.Errorf("restore %s: %w", from, err)
	}
	if err := os.Rename(dbPath, kept); err != nil {
		return "", fmt.Errorf("restore %s: the database does not open (%v) and could not be moved aside: %w", from, app.ErrorMessage(openErr), err)
	}
	// The old database's write-ahead log belongs to it, not the backup.
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Rename(dbPath+suffix, kept+suffix)
	}
	tmp := dbPath + ".restoring"
	defer os.Remove(tmp)
	if err := copyPrivate(from, tmp); err != nil {
		return kept, fmt.Errorf("restore %s: %w", from, err)
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return kept, fmt.Errorf("restore %s: %w", from, err)
	}
	if db, err = Open(ctx, dbPath); err != nil {
		return kept, err
	}
	return kept, db.Close()
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

// restoreSource makes a database file of a JSON export (decrypted first
// when it is encrypted), so all restore the same way; a backup database
// is used as it is.
func restoreSource(ctx context.Context, from, dbPath, passphrase string) (string, func(), error) {
	encrypted := isEncrypted(from)
	if !encrypted && !isJSONExport(from) {
		return from, func() {}, nil
	}
	dir := BackupDir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, err
	}
	stamp := time.Now().UnixNano()
	tmp := filepath.Join(dir, fmt.Sprintf(".from-json-%d.db", stamp))
	plain := filepath.Join(dir, fmt.Sprintf(".from-json-%d.json", stamp))
	cleanup := func() {
		for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm", plain} {
			os.Remove(f)
		}
	}
	if encrypted {
		if err := decryptTo(from, plain, passphrase); err != nil {
			cleanup()
			return "", nil, err
		}
		from = plain
	}
	if err := jsonToDatabase(ctx, from, tmp); err != nil {
		cleanup()
		return "", nil, err
	}
	return tmp, cleanup, nil
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
