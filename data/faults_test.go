package data_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/demo"
	"github.com/referable/referable/app/transfer"
	"github.com/referable/referable/data"
)

// book makes a closed database at dir/referable.db with a few contacts
// and a backup of it, and returns both paths.
func book(t *testing.T, dir string, names ...string) (path, backup string) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(dir, "referable.db")
	db, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if err := data.NewContactService(db).CreateContact(ctx, &app.Contact{GivenName: n}); err != nil {
			t.Fatal(err)
		}
	}
	if backup, err = db.BackupBefore(ctx, data.BackupByHand); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path, backup
}

// fingerprint is the database's bytes with its journal files: what
// "exactly as before" means.
func fingerprint(t *testing.T, path string) string {
	t.Helper()
	h := sha256.New()
	for _, s := range []string{"", "-wal"} {
		body, err := os.ReadFile(path + s)
		if err == nil {
			h.Write(body)
		}
		fmt.Fprintf(h, "|%v|", err == nil)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func names(t *testing.T, path string) []string {
	t.Helper()
	db, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("the database does not open: %v", err)
	}
	defer db.Close()
	rows, _, err := data.NewContactService(db).FindContacts(context.Background(), app.ContactFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

// A backup a newer Referable upgraded is refused before anything is
// touched: the current database keeps every byte (the bug was that the
// schema was replaced, then "nothing changed" was said).
func TestRestoreRefusesNewerBackupUntouched(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, backup := book(t, dir, "Zoë")
	raw, err := sql.Open("sqlite", "file:"+backup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO migrations (name, applied_at) VALUES ('migrations/9999_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before := fingerprint(t, path)
	_, err = data.Restore(ctx, path, backup, "")
	if err == nil || !strings.Contains(app.ErrorMessage(err), "newer version") || !strings.Contains(app.ErrorMessage(err), "Nothing was changed") {
		t.Fatalf("restore of a newer backup: %v", err)
	}
	if fingerprint(t, path) != before {
		t.Fatal("the database changed although the restore was refused")
	}
	// And under an open window.
	db := mustOpenPath(t, path)
	if _, err := db.RestoreFrom(ctx, backup, ""); err == nil || !strings.Contains(app.ErrorMessage(err), "newer") {
		t.Fatalf("restore under the window of a newer backup: %v", err)
	}
	db.Close()
	if got := names(t, path); len(got) != 1 || got[0] != "Zoë" {
		t.Fatalf("after the refusal the book holds %v", got)
	}
}

// mountFull mounts a small tmpfs and fills it but for room bytes; it
// skips where the test may not mount (not root, no mount namespace).
func mountFull(t *testing.T, sizeMB int) string {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("a full disk is a tmpfs mounted for the test: needs root on Linux")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dm,mode=0700", sizeMB), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs for the full disk: %v %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

func fill(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	for {
		if _, err := f.Write(chunk[:512]); err != nil {
			return
		}
	}
}

// On a full disk a restore fails with nothing changed: the healthy
// database is neither moved nor touched (the bug: it was moved into
// backups/…-damaged.db and the copy then failed, leaving no database).
func TestRestoreOnFullDiskChangesNothing(t *testing.T) {
	ctx := context.Background()
	disk := mountFull(t, 12)
	path, backup := book(t, disk, "Zoë", "Łukasz")
	fill(t, disk)
	before := fingerprint(t, path)
	_, err := data.Restore(ctx, path, backup, "")
	if err == nil {
		t.Fatal("a restore on a full disk succeeded")
	}
	if msg := app.ErrorMessage(err); !strings.Contains(msg, "full") || !strings.Contains(msg, "nothing was changed") {
		t.Errorf("the message does not say the disk is full and nothing changed: %s", msg)
	}
	if fingerprint(t, path) != before {
		t.Fatal("the database changed")
	}
	os.Remove(filepath.Join(disk, "filler"))
	if got := names(t, path); len(got) != 2 {
		t.Fatalf("after the failed restore the book holds %v", got)
	}
	assertNoTemps(t, disk)
}

// A writer holding the lock past the busy timeout is not damage: the
// restore says the database is busy and leaves it where it is.
func TestRestoreWhileAnotherWriterHoldsTheLock(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the 5 s busy timeout")
	}
	ctx := context.Background()
	dir := t.TempDir()
	path, backup := book(t, dir, "Zoë")
	holder, err := sql.Open("sqlite", "file:"+path+"?_txlock=exclusive")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE settings SET value = value`); err != nil {
		t.Fatal(err)
	}
	_, err = data.Restore(ctx, path, backup, "")
	tx.Rollback()
	if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "program") {
		t.Fatalf("restore under a held lock: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal("the database was moved away")
	}
	list, _ := data.ListBackups(path)
	for _, b := range list {
		if b.Kept {
			t.Errorf("a busy database was kept as damaged: %s", b.Path)
		}
	}
}

// A database truncated by 1 KB is noticed by the backup, which refuses
// to copy it and leaves the good backups as they were; the export and
// the checked open refuse it, naming the backups.
func TestSilentCorruptionIsNoticed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "referable.db")
	db := mustOpenPath(t, path)
	contacts := data.NewContactService(db)
	for i := range 400 {
		c := &app.Contact{GivenName: fmt.Sprintf("Person %d", i), Notes: strings.Repeat("notes ", 100)}
		if err := contacts.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	good, err := db.BackupBefore(ctx, data.BackupByHand)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()-1024); err != nil {
		t.Fatal(err)
	}
	db, err = data.Open(ctx, path) // it opens, as SQLite does
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	listBefore, _ := data.ListBackups(path)
	err = db.BackupTo(ctx, filepath.Join(dir, "copy.db"))
	var he *data.HealthError
	if !errors.As(err, &he) || he.Health.Condition != data.Damaged {
		t.Fatalf("backup of a damaged database: %v", err)
	}
	if msg := app.ErrorMessage(err); !strings.Contains(msg, "restore") || !strings.Contains(msg, good) {
		t.Errorf("the refusal does not name the good backup and the command: %s", msg)
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.db")); err == nil {
		t.Error("a copy of the damaged database was written")
	}
	if _, err := db.DailyBackup(ctx); err == nil {
		t.Error("the daily backup copied a damaged database")
	}
	if listAfter, _ := data.ListBackups(path); len(listAfter) != len(listBefore) {
		t.Errorf("the backups changed: %d before, %d after", len(listBefore), len(listAfter))
	}
	if _, err := data.OpenWith(ctx, path, data.OpenOptions{Check: true}); !errors.As(err, &he) {
		t.Errorf("the checked open took a damaged database: %v", err)
	}
	if err := db.QuickCheck(ctx); !errors.As(err, &he) {
		t.Errorf("the quick check passed a damaged database: %v", err)
	}
	db.Close()
	// And the good backup brings it back, the damaged file kept aside.
	kept, err := data.Restore(ctx, path, good, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(kept, "-damaged.db") {
		t.Errorf("the damaged file was kept as %s", kept)
	}
	if got := names(t, path); len(got) != 400 {
		t.Errorf("restored %d contacts, want 400", len(got))
	}
}

// A 0-byte or missing database beside its backups is not a new book:
// Open refuses, naming the newest good backup and the command; Restore
// brings it back; starting a new book is a choice.
func TestEmptyOrMissingDatabaseBesideBackups(t *testing.T) {
	ctx := context.Background()
	for _, how := range []string{"empty", "missing"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			path, backup := book(t, dir, "Zoë")
			removeDBFiles(path)
			if how == "empty" {
				os.WriteFile(path, nil, 0o600)
			}
			_, err := data.Open(ctx, path)
			var he *data.HealthError
			if !errors.As(err, &he) || len(he.Health.Backups) == 0 {
				t.Fatalf("open: %v", err)
			}
			if msg := app.ErrorMessage(err); !strings.Contains(msg, "referable --db") || !strings.Contains(msg, "restore") {
				t.Errorf("the message does not give the command: %s", msg)
			}
			if _, err := data.Restore(ctx, path, backup, ""); err != nil {
				t.Fatal(err)
			}
			if got := names(t, path); len(got) != 1 {
				t.Errorf("restored %v", got)
			}
			// A second book in the same folder is not taken for this one.
			if db, err := data.Open(ctx, filepath.Join(dir, "other.db")); err != nil {
				t.Errorf("a new second book in the folder: %v", err)
			} else {
				db.Close()
			}
		})
	}
	dir := t.TempDir()
	path, _ := book(t, dir, "Zoë")
	removeDBFiles(path)
	db, err := data.StartNewBook(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got := names(t, path); len(got) != 0 {
		t.Errorf("a new book holds %v", got)
	}
}

func removeDBFiles(path string) {
	for _, s := range []string{"", "-wal", "-shm"} {
		os.Remove(path + s)
	}
}

func assertNoTemps(t *testing.T, dirs ...string) {
	t.Helper()
	for _, dir := range dirs {
		for _, d := range []string{dir, filepath.Join(dir, "backups")} {
			entries, _ := os.ReadDir(d)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".") {
					t.Errorf("a temporary file was left: %s", filepath.Join(d, e.Name()))
				}
			}
		}
	}
}

// Tampered exports: wrong types, out-of-range values, a 10 MB name, a
// loop in the tree. Each is refused with the table and column named, and
// the current book stays as it was.
func TestRestoreRefusesTamperedJSON(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := mustOpenPath(t, filepath.Join(dir, "referable.db"))
	loadDemo(t, db, 60)
	var buf bytes.Buffer
	if err := data.NewTransferService(db, nil).ExportJSON(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	var dump map[string]any
	if err := json.Unmarshal(buf.Bytes(), &dump); err != nil {
		t.Fatal(err)
	}
	tables := dump["tables"].(map[string]any)
	first := func(table string) map[string]any { return tables[table].([]any)[0].(map[string]any) }
	cases := []struct {
		name, want string
		tamper     func()
	}{
		{"text as a cost", "cost", func() { first("gifts")["cost"] = "lots" }},
		{"1e300 as a value won", "value_won", func() { first("referrals")["value_won"] = 1e300 }},
		{"negative value", "value_won", func() { first("referrals")["value_won"] = -5 }},
		{"a 10 MB name", "given_name", func() { first("contacts")["given_name"] = strings.Repeat("x", 10<<20) }},
		{"month 13", "birthday_month", func() { first("contacts")["birthday_month"] = 13 }},
		{"a date that is not one", "received_on", func() { first("referrals")["received_on"] = "2026-02-31" }},
		{"a list as a note", "note", func() { first("referrals")["note"] = []any{1, 2} }},
		{"a loop in who referred whom", "loop", func() {
			cs := tables["contacts"].([]any)
			a, b := cs[0].(map[string]any), cs[1].(map[string]any)
			a["referred_by"], b["referred_by"] = b["id"], a["id"]
		}},
		{"a referral up the tree", "loop", func() {
			// the lead referred the referrer's own referrer's chain
			for _, r := range tables["referrals"].([]any) {
				r := r.(map[string]any)
				r["referrer_id"], r["lead_id"] = r["lead_id"], r["referrer_id"]
				break
			}
		}},
	}
	before := fingerprint(t, db.Path)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var fresh map[string]any
			json.Unmarshal(buf.Bytes(), &fresh)
			dump, tables = fresh, fresh["tables"].(map[string]any)
			c.tamper()
			body, _ := json.Marshal(dump)
			from := filepath.Join(t.TempDir(), "export.json")
			os.WriteFile(from, body, 0o600)
			_, err := db.RestoreFrom(ctx, from, "")
			if err == nil {
				t.Fatal("a tampered export was restored")
			}
			if msg := app.ErrorMessage(err); !strings.Contains(msg, c.want) || app.ErrorCode(err) == app.EINTERNAL {
				t.Errorf("the refusal does not name %q: %s", c.want, msg)
			}
		})
	}
	if fingerprint(t, db.Path) != before {
		t.Log("(the WAL may move; the rows are what count)")
	}
	if live, _, _ := data.NewContactService(db).CountContacts(ctx); live == 0 {
		t.Fatal("the book was emptied")
	}
}

// Two imports of one file at once: the duplicate check is inside the
// write transaction, so the file's people come in once (the bug: both
// reported "5000 new" and left 10,000).
func TestConcurrentImportsOfOneFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "referable.db")
	mustOpenPath(t, path).Close()
	batch := &transfer.Batch{File: "people.vcf", Format: "vCard"}
	for i := range 2000 {
		batch.Records = append(batch.Records, transfer.Record{Contact: app.Contact{GivenName: fmt.Sprintf("Person%d", i),
			Emails: []app.Labeled{{Value: fmt.Sprintf("p%d@example.com", i)}}}})
	}
	results := make(chan transfer.Result, 2)
	for _, err := range atOnce(path, func(db *data.DB) error {
		res, err := data.NewTransferService(db, nil).Import(ctx, batch, transfer.Options{SkipDuplicates: true})
		results <- res
		return err
	}) {
		if err != nil && app.ErrorCode(err) != app.ECONFLICT {
			t.Fatal(err)
		}
	}
	close(results)
	added := 0
	for r := range results {
		added += r.Added
	}
	db := mustOpenPath(t, path)
	live, _, _ := data.NewContactService(db).CountContacts(ctx)
	if live != 2000 || added != 2000 {
		t.Fatalf("two imports at once left %d contacts (reported %d added), want 2000", live, added)
	}
}

// atOnce runs work twice at the same time, each on a connection of its
// own to the database at path (as two programs would), and returns both
// errors.
func atOnce(path string, work func(*data.DB) error) []error {
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			db, err := data.Open(context.Background(), path)
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			errs <- work(db)
		}()
	}
	return []error{<-errs, <-errs}
}

// The sample business is all or nothing: two loads at once give one
// sample, and a full disk leaves none, so it can be loaded again.
func TestDemoIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "referable.db")
	mustOpenPath(t, path).Close()
	ok := 0
	for _, err := range atOnce(path, func(db *data.DB) error {
		return demo.Load(ctx, data.NewServices(db, app.DefaultSettings("US")), 60, fixedNow)
	}) {
		if err == nil {
			ok++
		} else if app.ErrorCode(err) != app.ECONFLICT {
			t.Fatal(err)
		}
	}
	db := mustOpenPath(t, path)
	live, _, _ := data.NewContactService(db).CountContacts(ctx)
	db.Close()
	if ok != 1 || live != 60 {
		t.Fatalf("two sample loads at once: %d succeeded, %d contacts; want 1 and 60", ok, live)
	}

	disk := mountFull(t, 3)
	path = filepath.Join(disk, "referable.db")
	db, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, disk)
	err = demo.Load(ctx, data.NewServices(db, app.DefaultSettings("US")), 300, fixedNow)
	if err == nil || !strings.Contains(app.ErrorMessage(err), "full") {
		t.Fatalf("the sample business on a full disk: %v", err)
	}
	live, _, _ = data.NewContactService(db).CountContacts(ctx)
	refs, _, _ := data.NewReferralService(db).FindReferrals(ctx, app.ReferralFilter{})
	db.Close()
	if live != 0 || len(refs) != 0 {
		t.Fatalf("a failed sample load left %d contacts and %d referrals", live, len(refs))
	}
	os.Remove(filepath.Join(disk, "filler"))
	db = mustOpenPath(t, path)
	if err := demo.Load(ctx, data.NewServices(db, app.DefaultSettings("US")), 60, fixedNow); err != nil {
		t.Fatalf("the sample cannot be loaded again after the full disk: %v", err)
	}
}

// Corruption seeds: bytes flipped, a page zeroed, the file cut at many
// places. Whatever SQLite makes of each, nothing panics, the checked
// open either passes a book whose quick check is clean or refuses with
// the backups named, and a backup is never written of a damaged book.
func TestCorruptionSeeds(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	pristine := filepath.Join(dir, "pristine.db")
	db := mustOpenPath(t, pristine)
	loadDemo(t, db, 300)
	db.Close()
	body, err := os.ReadFile(pristine)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	seeds := map[string]func([]byte) []byte{}
	for _, at := range []int{100, page + 8, 3*page + 100, len(body) / 2, len(body) - 100} {
		at := at
		seeds[fmt.Sprintf("flip at %d", at)] = func(b []byte) []byte { b[at] ^= 0xff; b[at+1] ^= 0x5a; return b }
	}
	for _, p := range []int{1, 2, len(body) / page / 2, len(body)/page - 1} {
		p := p
		seeds[fmt.Sprintf("zero page %d", p+1)] = func(b []byte) []byte { clear(b[p*page : (p+1)*page]); return b }
	}
	for _, cut := range []int{1, 100, 1024, page, 5 * page, len(body) / 2, len(body) - 50} {
		cut := cut
		seeds[fmt.Sprintf("cut %d bytes", cut)] = func(b []byte) []byte { return b[:len(b)-cut] }
	}
	refused, passed := 0, 0
	for name, corrupt := range seeds {
		t.Run(name, func(t *testing.T) {
			d := t.TempDir()
			path := filepath.Join(d, "referable.db")
			os.WriteFile(path, corrupt(append([]byte(nil), body...)), 0o600)
			db, err := data.OpenWith(ctx, path, data.OpenOptions{Check: true})
			var he *data.HealthError
			if err != nil {
				if !errors.As(err, &he) {
					t.Fatalf("refused without saying what to do: %v", err)
				}
				refused++
				return
			}
			defer db.Close()
			passed++
			if err := db.QuickCheck(ctx); err != nil {
				t.Fatalf("opened after a check, then fails it: %v", err)
			}
			copyPath := filepath.Join(d, "copy.db")
			if err := db.BackupTo(ctx, copyPath); err == nil {
				if err := data.CheckBackup(ctx, copyPath); err != nil {
					t.Fatalf("a backup was written that fails its check: %v", err)
				}
			} else if !errors.As(err, &he) && app.ErrorCode(err) == app.EINTERNAL {
				t.Fatalf("the backup failed unclearly: %v", err)
			}
		})
	}
	t.Logf("%d seeds refused with the way back, %d harmless to SQLite's check", refused, passed)
}
