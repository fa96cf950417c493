package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/referable/referable/data"
)

// crashEnv passes the child its command lines: one per line, each a
// list of arguments separated by tabs.
const crashEnv = "REFERABLE_CHILD_COMMANDS"

// peakEnv asks the child to report its peak resident memory.
const peakEnv = "REFERABLE_CHILD_PEAK"

// TestChild is the child of TestCrashSafety (killed somewhere in the
// middle) and TestOffline (run without a network): it runs the command
// lines it is given.
func TestChild(t *testing.T) {
	lines := os.Getenv(crashEnv)
	if lines == "" {
		t.Skip("run by TestCrashSafety and TestOffline")
	}
	for _, line := range strings.Split(lines, "\n") {
		if db, ok := strings.CutPrefix(line, "@merge\t"); ok { // the window's merge, which has no command
			if err := mergeFirstDuplicates(db); err != nil {
				fmt.Fprintf(os.Stderr, "child: merge: %v\n", err)
				os.Exit(3)
			}
			continue
		}
		if err := run(context.Background(), strings.Split(line, "\t"), os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "child: %q: %v\n", line, err)
			os.Exit(3)
		}
	}
	if os.Getenv(peakEnv) != "" { // the peak resident memory of this process alone
		status, _ := os.ReadFile("/proc/self/status")
		for _, l := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(l, "VmHWM:") {
				fmt.Fprintln(os.Stderr, "peak:", strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:")))
			}
		}
	}
}

// crashBooks makes the books the crash tests start from: a sample
// business of 60, one of 3,000, and the bigger one as a vCard file.
func crashBooks(t *testing.T, dir string) (base, big, vcf string) {
	t.Helper()
	base, big, vcf = filepath.Join(dir, "base.db"), filepath.Join(dir, "big.db"), filepath.Join(dir, "contacts.vcf")
	for _, args := range [][]string{{"--db", base, "demo", "--contacts", "60"}, {"--db", big, "demo", "--contacts", "3000"},
		{"--db", big, "export", "--format", "vcf", "-o", vcf}} {
		if _, err := runCLI(t, args...); err != nil {
			t.Fatal(err)
		}
	}
	return base, big, vcf
}

// mergeFirstDuplicates merges the first pair of duplicates, as the
// window's Merge does.
func mergeFirstDuplicates(path string) error {
	ctx := context.Background()
	db, err := data.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := data.NewTransferService(db, nil)
	pairs, err := svc.FindDuplicates(ctx)
	if err != nil || len(pairs) == 0 {
		return fmt.Errorf("no duplicates (%v)", err)
	}
	keep, err := data.NewContactService(db).FindContactByID(ctx, pairs[0].A.ID)
	if err != nil {
		return err
	}
	_, err = svc.Merge(ctx, pairs[0].A.ID, pairs[0].B.ID, keep)
	return err
}

// TestCrashSafety starts a large import and a batch print in a child
// process, kills it with SIGKILL at a random moment, and reopens the
// database: SQLite's integrity check passes, each import is wholly there
// or wholly absent, each batch of cards logged whole or not at all, and
// nothing committed before is lost. REFERABLE_CRASH_TRIALS sets the
// number of kills (make crash-test runs 50; CI a few).
func TestCrashSafety(t *testing.T) {
	if raceDetector {
		t.Skip("measures the program itself: run without -race (make test does)")
	}
	if testing.Short() {
		t.Skip("kills child processes")
	}
	trials := 6
	if n, err := strconv.Atoi(os.Getenv("REFERABLE_CRASH_TRIALS")); err == nil && n > 0 {
		trials = n
	}
	dir := t.TempDir()
	base, _, vcf := crashBooks(t, dir)
	before := snapshot(t, base)

	commands := strings.Join([]string{
		strings.Join([]string{"--db", "DB", "import", "--add-duplicates", vcf}, "\t"),
		strings.Join([]string{"--db", "DB", "print", "--template", "thank-you-referral", "--layout", "flat-letter-4up", "--to", "all", "-o", filepath.Join(dir, "cards.pdf")}, "\t"),
	}, "\n")
	// One whole run first, to know how long the work takes.
	full := copyDB(t, base, filepath.Join(dir, "full.db"))
	start := time.Now()
	if out, err := child(full, commands).CombinedOutput(); err != nil {
		t.Fatalf("a whole run failed: %v\n%s", err, out)
	}
	took := time.Since(start)
	complete := snapshot(t, full)
	if complete.imported != 3000 || complete.cards == before.cards {
		t.Fatalf("a whole run imported %d and logged %d cards", complete.imported, complete.cards-before.cards)
	}

	outcomes := map[string]int{}
	for i := 0; i < trials; i++ {
		db := copyDB(t, base, filepath.Join(dir, fmt.Sprintf("trial%d.db", i)))
		cmd := child(db, commands)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(took))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		after := snapshot(t, db) // opens it: recovery from the WAL happens here
		switch {
		case after.imported != 0 && after.imported != 3000:
			t.Fatalf("trial %d: %d contacts of a 3,000-contact import are in: not all or nothing", i, after.imported)
		case after.cards != after.cardInteractions:
			t.Fatalf("trial %d: %d cards logged but %d card interactions: a batch was half logged", i, after.cards, after.cardInteractions)
		case after.cards != before.cards && after.cards != complete.cards:
			t.Fatalf("trial %d: %d cards logged; want %d (none) or %d (the whole batch)", i, after.cards, before.cards, complete.cards)
		case after.base != before.base || after.referrals != before.referrals:
			t.Fatalf("trial %d: records committed before were lost: %+v, was %+v", i, after, before)
		}
		switch {
		case after.imported == 0:
			outcomes["killed during the import"]++
		case after.cards == before.cards:
			outcomes["killed after the import, during the print"]++
		default:
			outcomes["finished before the kill"]++
		}
	}
	t.Logf("%d kills within %v of work: %v", trials, took.Round(time.Millisecond), outcomes)
}

func child(db, commands string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+strings.ReplaceAll(commands, "\tDB\t", "\t"+db+"\t"), "LANG=C.UTF-8")
	return cmd
}

func copyDB(t *testing.T, from, to string) string {
	t.Helper()
	body, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, body, 0o600); err != nil {
		t.Fatal(err)
	}
	return to
}

// dbState is what the crash test compares.
type dbState struct {
	base, imported, referrals, cards, cardInteractions int
}

// snapshot opens the database as the app would after a crash, checks
// it, and counts.
func snapshot(t *testing.T, path string) dbState {
	t.Helper()
	ctx := context.Background()
	db, err := data.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var check string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check after the crash: %q, %v", check, err)
	}
	var s dbState
	for q, dest := range map[string]*int{
		`SELECT COUNT(*) FROM contacts WHERE import_id IS NULL`:     &s.base,
		`SELECT COUNT(*) FROM contacts WHERE import_id IS NOT NULL`: &s.imported,
		`SELECT COUNT(*) FROM referrals`:                            &s.referrals,
		`SELECT COUNT(*) FROM cards_sent`:                           &s.cards,
		`SELECT COUNT(*) FROM interactions WHERE kind = 'card'`:     &s.cardInteractions,
	} {
		if err := raw.QueryRow(q).Scan(dest); err != nil {
			t.Fatal(err)
		}
	}
	var imports, wrong int
	raw.QueryRow(`SELECT COUNT(*), COALESCE(SUM(contacts <> (SELECT COUNT(*) FROM contacts c WHERE c.import_id = imports.id)), 0) FROM imports`).Scan(&imports, &wrong)
	if wrong > 0 {
		t.Fatalf("%d of %d imports hold other than the contacts they recorded", wrong, imports)
	}
	return s
}
