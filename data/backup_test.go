package data_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/data"
)

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "referable.db")
	db := mustOpenPath(t, path)
	contacts := data.NewContactService(db)
	zoe := &app.Contact{GivenName: "Zoë", FamilyName: "Müller"}
	if err := contacts.CreateContact(ctx, zoe); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "saved", "backup.db")
	if err := db.BackupTo(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v", fi, err)
	}
	if err := data.CheckBackup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	// A change after the backup is undone by the restore, and kept in
	// the copy made before it.
	if err := contacts.CreateContact(ctx, &app.Contact{GivenName: "Łukasz"}); err != nil {
		t.Fatal(err)
	}
	keep, err := db.RestoreFrom(ctx, backup, "")
	if err != nil {
		t.Fatal(err)
	}
	// The open database shows the restored records at once.
	if live, _, err := contacts.CountContacts(ctx); err != nil || live != 1 {
		t.Errorf("after restoring, the open database has %d contacts (%v), want 1", live, err)
	}
	db.Close()
	if fi, err := os.Stat(keep); err != nil || fi.Mode().Perm() != 0o600 || filepath.Dir(keep) != data.BackupDir(path) {
		t.Errorf("the database before the restore was kept at %s: %v, %v", keep, fi, err)
	}
	for file, want := range map[string]int{path: 1, keep: 2} {
		db := mustOpenPath(t, file)
		live, _, err := data.NewContactService(db).CountContacts(ctx)
		db.Close()
		if err != nil || live != want {
			t.Errorf("%s has %d contacts (%v), want %d", filepath.Base(file), live, err, want)
		}
	}

	// Bad backups are refused and the database is left alone.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("this is not a database at all, just some text that is long enough"), 0o600)
	other := filepath.Join(dir, "other.db")
	odb, err := os.Create(other)
	if err != nil {
		t.Fatal(err)
	}
	odb.Close()
	for name, file := range map[string]string{"missing": filepath.Join(dir, "nope.db"), "not SQLite": junk, "a folder": dir, "an empty file": other} {
		if _, err := data.Restore(ctx, path, file, ""); app.ErrorCode(err) == app.EINTERNAL || err == nil {
			t.Errorf("%s: %v; want a clear refusal", name, err)
		}
	}
	db = mustOpenPath(t, path)
	defer db.Close()
	if live, _, _ := data.NewContactService(db).CountContacts(ctx); live != 1 {
		t.Errorf("a refused restore changed the database: %d contacts", live)
	}
}

// BenchmarkBackup backs up the sample business of 100,000 contacts
// (goal < 2 s).
func BenchmarkBackup(b *testing.B) {
	db := mustOpenDB(b)
	loadDemo(b, db, 100000)
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := db.BackupTo(context.Background(), filepath.Join(dir, "backup.db")); err != nil {
			b.Fatal(err)
		}
	}
}

// A damaged database that will not open is moved aside and the backup
// put in its place.
func TestRestoreOverDamagedDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "referable.db")
	db := mustOpenPath(t, path)
	if err := data.NewContactService(db).CreateContact(ctx, &app.Contact{GivenName: "Zoë"}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.BackupTo(ctx, backup); err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	if err := os.WriteFile(path, []byte("SQLite format 3\x00 but then garbage, garbage, garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	kept, err := data.Restore(ctx, path, backup, "")
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := os.ReadFile(kept); !strings.Contains(string(body), "garbage") {
		t.Errorf("the damaged database was not kept at %s", kept)
	}
	db = mustOpenPath(t, path)
	defer db.Close()
	if live, _, _ := data.NewContactService(db).CountContacts(ctx); live != 1 {
		t.Errorf("restored database has %d contacts, want 1", live)
	}
}

// Automatic backups: one a day, one before each upgrade, the last 14
// days and 8 weeks kept, each private.
func TestAutomaticBackups(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "referable.db")
	db := mustOpenPath(t, path)
	defer db.Close()
	if list, _ := data.ListBackups(path); len(list) != 0 {
		t.Fatalf("a new database was backed up before its first migration: %v", list)
	}
	day := time.Date(2026, 1, 1, 9, 30, 0, 0, time.Local)
	for i := 0; i < 120; i++ { // four months of daily use, twice a day
		db.Now = func() time.Time { return day.AddDate(0, 0, i) }
		first, err := db.DailyBackup(ctx)
		if err != nil || first == "" {
			t.Fatalf("day %d: %q, %v", i, first, err)
		}
		if again, err := db.DailyBackup(ctx); err != nil || again != "" {
			t.Fatalf("day %d: a second backup the same day: %q, %v", i, again, err)
		}
	}
	list, err := data.ListBackups(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 14+8 {
		t.Fatalf("kept %d backups, want 14 daily + 8 weekly", len(list))
	}
	last := day.AddDate(0, 0, 119)
	if got := list[0].Taken.Format("2006-01-02"); got != last.Format("2006-01-02") {
		t.Errorf("newest backup is of %s, want %s", got, last.Format("2006-01-02"))
	}
	if got, want := list[13].Taken.Format("2006-01-02"), last.AddDate(0, 0, -13).Format("2006-01-02"); got != want {
		t.Errorf("14th backup is of %s, want %s", got, want)
	}
	weeks := make(map[int]bool)
	for _, b := range list[14:] {
		_, w := b.Taken.ISOWeek()
		if weeks[w] {
			t.Errorf("two weekly backups in week %d", w)
		}
		weeks[w] = true
		if b.Reason != "Daily" {
			t.Errorf("%s: reason %q", b.Path, b.Reason)
		}
	}
	for _, b := range list {
		if fi, err := os.Stat(b.Path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v", b.Path, fi, err)
		}
	}
	// A file the app did not name is never pruned.
	mine := filepath.Join(data.BackupDir(path), "my-copy.db")
	os.WriteFile(mine, []byte("x"), 0o600)
	if err := data.PruneBackups(path, last.AddDate(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("pruning removed a file it did not write: %v", err)
	}
}

// Opening a database that misses a migration backs it up first.
func TestBackupBeforeUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "referable.db")
	db := mustOpenPath(t, path)
	if err := data.NewContactService(db).CreateContact(ctx, &app.Contact{GivenName: "Zoë"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Take the database back to before the cards migration.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DROP TABLE cards_sent; DROP TABLE card_templates; DELETE FROM migrations WHERE name = 'migrations/0005_cards.sql'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db = mustOpenPath(t, path)
	db.Close()
	list, err := data.ListBackups(path)
	if err != nil || len(list) != 1 || list[0].Reason != "Before an upgrade" {
		t.Fatalf("backups after an upgrade: %+v, %v", list, err)
	}
	if err := data.CheckBackup(ctx, list[0].Path); err != nil {
		t.Error(err)
	}
}

// BenchmarkQuickCheck is the check at start and daily on 100,000
// contacts, and BenchmarkRestore a whole restore of them: staged,
// checked (integrity, types and ranges, the tree), the current kept,
// renamed into place.
func BenchmarkQuickCheck(b *testing.B) {
	db := mustOpenDB(b)
	loadDemo(b, db, 100000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := db.QuickCheck(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRestore(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	path := filepath.Join(dir, "referable.db")
	db := mustOpenPath(b, path)
	loadDemo(b, db, 100000)
	backup := filepath.Join(dir, "backup.db")
	if err := db.BackupTo(ctx, backup); err != nil {
		b.Fatal(err)
	}
	db.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := data.Restore(ctx, path, backup, ""); err != nil {
			b.Fatal(err)
		}
	}
}
