package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/referable/referable/data"
)

// TestCrashSafetyOfRestoreDemoBackupUndo kills a restore, a sample
// business load, a backup, a merge and an undone import at random
// moments: each
// is wholly done or not done at all, the database opens and passes its
// integrity check, and no half-written backup counts.
func TestCrashSafetyOfRestoreDemoBackupUndo(t *testing.T) {
	if raceDetector {
		t.Skip("measures the program itself: run without -race (make test does)")
	}
	if testing.Short() {
		t.Skip("kills child processes")
	}
	trials := 3
	if n, err := strconv.Atoi(os.Getenv("REFERABLE_CRASH_TRIALS")); err == nil && n > 0 {
		trials = max(n/4, 1)
	}
	dir := t.TempDir()
	base, big, vcf := crashBooks(t, dir)
	bigBackup := filepath.Join(dir, "big-backup.db")
	if _, err := runCLI(t, "--db", big, "backup", "-o", bigBackup); err != nil {
		t.Fatal(err)
	}
	// A book with one person twice, and referrals on both, for the merge.
	twice := filepath.Join(dir, "twice.db")
	copyDB(t, base, twice)
	if _, err := runCLI(t, "--db", twice, "import", "--add-duplicates", "--accept", vcf); err != nil {
		t.Fatal(err)
	}
	imported := filepath.Join(dir, "imported.db")
	copyDB(t, base, imported)
	if _, err := runCLI(t, "--db", imported, "import", "--add-duplicates", "--accept", vcf); err != nil {
		t.Fatal(err)
	}
	count := func(path string) int {
		t.Helper()
		if _, err := os.Stat(path); err != nil {
			return -1
		}
		db, err := data.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("%s does not open after the kill: %v", filepath.Base(path), err)
		}
		db.Close()
		raw, _ := sql.Open("sqlite", "file:"+path+"?mode=ro")
		defer raw.Close()
		var check string
		var n int
		raw.QueryRow(`PRAGMA integrity_check`).Scan(&check)
		raw.QueryRow(`SELECT COUNT(*) FROM contacts WHERE deleted_at IS NULL`).Scan(&n)
		// A merge is whole when each merge recorded trashed one contact.
		var merges, trashed int
		raw.QueryRow(`SELECT COUNT(*) FROM merges`).Scan(&merges)
		raw.QueryRow(`SELECT COUNT(*) FROM contacts WHERE deleted_at IS NOT NULL`).Scan(&trashed)
		if merges > trashed {
			t.Fatalf("%s records %d merges but only %d contacts in the trash: half a merge", filepath.Base(path), merges, trashed)
		}
		if check != "ok" {
			t.Fatalf("%s fails its integrity check after the kill: %s", filepath.Base(path), check)
		}
		return n
	}
	scenarios := []struct {
		name    string
		setup   func(db string)
		command func(db string) string
		target  func(db string) string // the file whose state is checked
		allowed []int                  // contacts it may hold after the kill
	}{
		{"restore", func(db string) { copyDB(t, base, db) }, func(db string) string { return tabs("--db", db, "restore", bigBackup) },
			func(db string) string { return db }, []int{60, 3000}},
		{"demo", func(string) {}, func(db string) string { return tabs("--db", db, "demo", "--contacts", "2000") },
			func(db string) string { return db }, []int{-1, 0, 2000}},
		{"backup", func(db string) { copyDB(t, big, db) }, func(db string) string { return tabs("--db", db, "backup", "-o", db+".copy") },
			func(db string) string { return db + ".copy" }, []int{-1, 3000}},
		{"merge", func(db string) { copyDB(t, twice, db) }, func(db string) string { return "@merge\t" + db },
			func(db string) string { return db }, []int{3060, 3059}},
		{"undo an import", func(db string) { copyDB(t, imported, db) }, func(db string) string { return tabs("--db", db, "import", "--undo") },
			func(db string) string { return db }, []int{60, 3060}},
	}
	// The child takes a while to start before it works: kills fall in
	// the work, not in the start.
	begin := time.Now()
	if out, err := child(base, tabs("version")).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	startup := time.Since(begin)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			full := filepath.Join(dir, sc.name+"-full.db")
			sc.setup(full)
			start := time.Now()
			if out, err := child(full, sc.command(full)).CombinedOutput(); err != nil {
				t.Fatalf("a whole run failed: %v\n%s", err, out)
			}
			took := time.Since(start)
			outcomes := map[int]int{}
			for i := range trials {
				db := filepath.Join(dir, fmt.Sprintf("%s-%d.db", sc.name, i))
				sc.setup(db)
				cmd := child(db, sc.command(db))
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(startup*9/10 + time.Duration(rand.Int64N(int64(max(took-startup, time.Millisecond))*3/2)))
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()
				n := count(sc.target(db))
				ok := false
				for _, a := range sc.allowed {
					ok = ok || n == a
				}
				if !ok {
					t.Fatalf("trial %d: after the kill the book holds %d contacts; want one of %v", i, n, sc.allowed)
				}
				outcomes[n]++
			}
			t.Logf("%d kills: %v (contacts after → times)", trials, outcomes)
			// What a killed run left is cleaned by the next.
			if _, err := runCLI(t, "--db", full, "backup", "-o", filepath.Join(dir, sc.name+"-after.db")); err != nil {
				t.Fatal(err)
			}
			for _, d := range []string{dir, data.BackupDir(full)} {
				entries, _ := os.ReadDir(d)
				for _, e := range entries {
					if strings.HasPrefix(e.Name(), ".referable-tmp-") && !strings.HasSuffix(e.Name(), "-journal") {
						if fi, _ := e.Info(); fi != nil && time.Since(fi.ModTime()) > time.Minute {
							t.Errorf("a stale temporary file was left: %s", e.Name())
						}
					}
				}
			}
		})
	}
}
