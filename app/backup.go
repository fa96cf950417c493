package app

import (
	"context"
	"time"
)

// Backup is one copy of the database the app keeps by itself.
type Backup struct {
	Path   string
	Taken  time.Time
	Reason string // "Daily", "Before an upgrade"...
	Size   int64  // bytes
	// Kept marks the copy of a damaged or newer-version file that a
	// restore put aside: not a backup to go back to lightly.
	Kept bool
}

// BackupService takes, lists and restores the database's backups.
type BackupService interface {
	// Backups lists the kept backups, newest first.
	Backups(ctx context.Context) ([]Backup, error)
	// DailyBackup takes today's backup unless there is one already and
	// prunes old ones (14 daily, 8 weekly kept); it returns the path
	// written, or "".
	DailyBackup(ctx context.Context) (string, error)
	// BackUpNow takes a backup now and returns it.
	BackUpNow(ctx context.Context) (Backup, error)
	// BackupTo writes a consistent copy of the database to path.
	BackupTo(ctx context.Context, path string) error
	// Restore replaces the database with the backup or JSON export at
	// path (an encrypted export opens with passphrase), keeping the
	// current one first; it returns where.
	Restore(ctx context.Context, path, passphrase string) (kept string, err error)
}
