package data_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

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
	db.Close()
	keep := filepath.Join(dir, "before-restore.db")
	if err := data.Restore(ctx, path, backup, keep); err != nil {
		t.Fatal(err)
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
		if err := data.Restore(ctx, path, file, keep); app.ErrorCode(err) == app.EINTERNAL || err == nil {
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
