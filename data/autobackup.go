package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/referable/referable/app"
)

// Backups the app takes by itself live in BackupDir, named
// referable-YYYY-MM-DD[-why].db so a person browsing the folder reads
// them, and so rotation needs no bookkeeping beyond the names.
const (
	keepDaily  = 14 // the last fourteen days that have a backup
	keepWeekly = 8  // and the newest backup of each of eight weeks before
)

// backupPattern matches the backups of the database named stem (the
// default database's are referable-…).
func backupPattern(dbPath string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(backupStem(dbPath)) + `-(\d{4}-\d{2}-\d{2})(?:-(\d{6}))?(?:-(.+))?\.db$`)
}

// backupStem is the database's file name without its extension: a
// folder may hold several databases, each with its own backups.
func backupStem(dbPath string) string {
	base := filepath.Base(dbPath)
	if stem := strings.TrimSuffix(base, filepath.Ext(base)); stem != "" {
		return stem
	}
	return base
}

// Copies kept of a damaged or newer database before a restore replaced
// it: never counted as backups to rotate, kept for keepKeptCopies.
const (
	keptDamaged    = "damaged"
	keptNewer      = "newer-version"
	keepKeptCopies = 60 * 24 * time.Hour
)

// Why a backup was taken, as its file name says it.
const (
	BackupDaily         = ""
	BackupBeforeMigrate = "before-upgrade"
	BackupBeforeRestore = "before-restore"
	BackupBeforeMerge   = "before-merge"
	BackupByHand        = "by-hand"
)

// autoBackupPath names a backup taken at now for a reason. A daily
// backup is one per day; the others carry the time so none overwrites
// another.
func autoBackupPath(dbPath string, now time.Time, why string) string {
	name := backupStem(dbPath) + "-" + now.Format("2006-01-02")
	if why != BackupDaily {
		name += "-" + now.Format("150405") + "-" + why
	}
	return filepath.Join(BackupDir(dbPath), name+".db")
}

// DailyBackup takes today's backup unless there is one already, then
// prunes old ones. It returns the path written, or "" when today's
// backup existed.
func (db *DB) DailyBackup(ctx context.Context) (string, error) {
	now := db.Now()
	path := autoBackupPath(db.Path, now, BackupDaily)
	if _, err := os.Stat(path); err == nil {
		return "", nil
	}
	if err := db.BackupTo(ctx, path); err != nil {
		return "", err
	}
	return path, PruneBackups(db.Path, now)
}

// BackupBefore takes a backup before a risky change (why says which)
// and returns its path.
func (db *DB) BackupBefore(ctx context.Context, why string) (string, error) {
	path := autoBackupPath(db.Path, db.Now(), why)
	if err := db.BackupTo(ctx, path); err != nil {
		return "", err
	}
	return path, PruneBackups(db.Path, db.Now())
}

// ListBackups lists the backups the app keeps of the database at dbPath,
// newest first. A missing folder is no backups yet.
func ListBackups(dbPath string) ([]app.Backup, error) {
	dir := BackupDir(dbPath)
	backupName := backupPattern(dbPath)
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("list backups in %s: %w", dir, err)
	}
	var list []app.Backup
	for _, e := range entries {
		m := backupName.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() {
			continue
		}
		taken, err := time.ParseInLocation("2006-01-02", m[1], time.Local)
		if err != nil {
			continue
		}
		if m[2] != "" {
			if t, err := time.ParseInLocation("2006-01-02 150405", m[1]+" "+m[2], time.Local); err == nil {
				taken = t
			}
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		if m[2] == "" { // a daily backup: its file time says when in the day
			if mt := info.ModTime(); mt.Format("2006-01-02") == m[1] {
				taken = mt
			}
		}
		list = append(list, app.Backup{Path: filepath.Join(dir, e.Name()), Taken: taken, Reason: backupReason(m[3]), Size: info.Size(),
			Kept: m[3] == keptDamaged || m[3] == keptNewer})
	}
	slices.SortFunc(list, func(a, b app.Backup) int {
		if c := b.Taken.Compare(a.Taken); c != 0 {
			return c
		}
		return strings.Compare(b.Path, a.Path)
	})
	return list, nil
}

func backupReason(why string) string {
	switch why {
	case BackupDaily:
		return app.T("Daily")
	case BackupBeforeMigrate:
		return app.T("Before an upgrade")
	case BackupBeforeRestore:
		return app.T("Before a restore")
	case BackupBeforeMerge:
		return app.T("Before merging")
	case BackupByHand:
		return app.T("Backed up by hand")
	case keptDamaged:
		return app.T("The damaged file, kept")
	case keptNewer:
		return app.T("The newer version's file, kept")
	}
	why = strings.ReplaceAll(why, "-", " ")
	if why == "" {
		return why
	}
	return strings.ToUpper(why[:1]) + why[1:]
}

// PruneBackups keeps the backups of the last 14 days that have any, and
// the newest of each of the 8 weeks before those, and deletes the rest.
// Copies of a damaged or newer file kept by a restore are not backups:
// they are kept 60 days. Files the app did not name are never touched.
// It runs only after a backup passed its check, so a failing backup
// never rotates a good one out.
func PruneBackups(dbPath string, now time.Time) error {
	all, err := ListBackups(dbPath)
	if err != nil {
		return err
	}
	var list []app.Backup
	for _, b := range all {
		if !b.Kept {
			list = append(list, b)
		} else if now.Sub(b.Taken) > keepKeptCopies {
			os.Remove(b.Path)
			os.Remove(b.Path + "-wal")
		}
	}
	keep := make(map[string]bool)
	days := make(map[string]bool)
	weeks := make(map[string]bool)
	for _, b := range list { // newest first
		day := b.Taken.Format("2006-01-02")
		if len(days) < keepDaily || days[day] {
			days[day] = true
			keep[b.Path] = true
			continue
		}
		y, w := b.Taken.ISOWeek()
		week := fmt.Sprintf("%d-%02d", y, w)
		if !weeks[week] && len(weeks) < keepWeekly {
			weeks[week] = true
			keep[b.Path] = true
		}
	}
	for _, b := range list {
		if !keep[b.Path] {
			if err := os.Remove(b.Path); err != nil && !os.IsNotExist(err) {
				return fmt.Errorf("remove old backup: %w", err)
			}
		}
	}
	return nil
}

// pendingMigrations counts the embedded migrations a database has not
// had yet; a brand-new database (no migrations table) has none to back
// up for.
func (db *DB) pendingMigrations(ctx context.Context, names []string) (int, bool, error) {
	var exists int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'migrations'`).Scan(&exists); err != nil {
		return 0, false, mapError(err)
	}
	if exists == 0 {
		return len(names), false, nil
	}
	rows, err := db.db.QueryContext(ctx, `SELECT name FROM migrations`)
	if err != nil {
		return 0, true, mapError(err)
	}
	defer rows.Close()
	done := make(map[string]bool)
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return 0, true, err
		}
		done[n] = true
	}
	pending := 0
	for _, n := range names {
		if !done[n] {
			pending++
		}
	}
	return pending, len(done) > 0, rows.Err()
}

var _ app.BackupService = (*BackupService)(nil)

// BackupService is the database's backups as the app sees them.
type BackupService struct{ db *DB }

// NewBackupService returns the backups of db.
func NewBackupService(db *DB) *BackupService { return &BackupService{db: db} }

// Backups lists the kept backups, newest first.
func (s *BackupService) Backups(ctx context.Context) ([]app.Backup, error) {
	return ListBackups(s.db.Path)
}

// DailyBackup takes today's backup unless there is one.
func (s *BackupService) DailyBackup(ctx context.Context) (string, error) {
	return s.db.DailyBackup(ctx)
}

// BackUpNow takes a backup by hand.
func (s *BackupService) BackUpNow(ctx context.Context) (app.Backup, error) {
	path, err := s.db.BackupBefore(ctx, BackupByHand)
	if err != nil {
		return app.Backup{}, err
	}
	b := app.Backup{Path: path, Taken: s.db.Now(), Reason: backupReason(BackupByHand)}
	if fi, err := os.Stat(path); err == nil {
		b.Size = fi.Size()
	}
	return b, nil
}

// BackupTo writes a consistent copy of the database to path.
func (s *BackupService) BackupTo(ctx context.Context, path string) error {
	return s.db.BackupTo(ctx, path)
}

// Restore replaces the database with the backup or export at path (an
// encrypted export opens with the passphrase).
func (s *BackupService) Restore(ctx context.Context, path, passphrase string) (string, error) {
	return s.db.RestoreFrom(ctx, path, passphrase)
}
