package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/data"
)

// asNobody runs the command lines in a child process as the unprivileged
// user nobody, as an owner without rights to a file would: root may
// write any file, so read-only files are only read-only for someone
// else. The test binary is copied where nobody may run it.
func asNobody(t *testing.T, commands ...string) (string, error) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("runs a child as the user nobody: needs root")
	}
	bin := filepath.Join(sharedDir(t), "referable.test")
	if _, err := os.Stat(bin); err != nil {
		body, err := os.ReadFile(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bin, body, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "-test.run=^TestChild$", "-test.count=1")
	cmd.Env = []string{crashEnv + "=" + strings.Join(commands, "\n"), "LANG=C.UTF-8", "HOME=/nonexistent", "PATH=/usr/bin:/bin"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// sharedDir is a folder every user may enter and read (0755).
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for d := dir; d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	return dir
}

func tabs(args ...string) string { return strings.Join(args, "\t") }

// A read-only folder and file: the commands that read still work (the
// bug: even list said "attempt to write a readonly database"); one that
// writes says what is read-only and how to fix it.
func TestReadOnlyFolderStillReads(t *testing.T) {
	dir := sharedDir(t)
	db := filepath.Join(dir, "referable.db")
	if _, err := runCLI(t, "--db", db, "demo"); err != nil {
		t.Fatal(err)
	}
	os.Chmod(db, 0o644) // nobody may read it, not write it, nor the folder
	out, err := asNobody(t, tabs("--db", db, "list", "muller"))
	if err != nil || !strings.Contains(out, "Zoë Müller") {
		t.Fatalf("list in a read-only folder: %v\n%s", err, out)
	}
	mine := sharedDir(t)
	os.Chown(mine, 65534, 65534)
	out, err = asNobody(t, tabs("--db", db, "referrals"), tabs("--db", db, "agenda"), tabs("--db", db, "export", "--format", "json", "-o", filepath.Join(mine, "all.json")))
	if err != nil {
		t.Fatalf("reading commands in a read-only folder: %v\n%s", err, out)
	}
	out, err = asNobody(t, tabs("--db", db, "import", "--accept", "/dev/null"))
	if err == nil || !strings.Contains(out, "chmod u+w") || strings.Contains(out, "attempt to write") {
		t.Fatalf("a write in a read-only folder: %v\n%s", err, out)
	}
}

// After a read-only spell, making the database writable again is enough:
// a stale read-only -shm left from it no longer blocks writes.
func TestStaleReadOnlyShmIsMended(t *testing.T) {
	dir := sharedDir(t)
	db := filepath.Join(dir, "referable.db")
	if _, err := runCLI(t, "--db", db, "demo"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(db+"-shm", make([]byte, 32768), 0o400)
	for _, p := range []string{dir, db, db + "-shm"} {
		os.Chown(p, 65534, 65534)
	}
	os.Chmod(db, 0o600)
	vcf := filepath.Join(dir, "one.vcf")
	os.WriteFile(vcf, []byte("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEND:VCARD\r\n"), 0o644)
	out, err := asNobody(t, tabs("--db", db, "import", "--accept", vcf))
	if err != nil {
		t.Fatalf("import after the file was made writable again: %v\n%s", err, out)
	}
}

// /dev/null, a folder, or another device is not a database: a clear
// message, and nothing created beside it (the bug: a raw "disk I/O
// error (1034)" and a /dev/null-journal).
func TestNotADatabaseFile(t *testing.T) {
	os.Remove("/dev/null-journal")
	for _, path := range []string{"/dev/null", t.TempDir()} {
		for _, cmd := range [][]string{{"list"}, {"demo"}, {"restore", "x.db"}} {
			_, err := runCLI(t, append([]string{"--db", path}, cmd...)...)
			if err == nil || !strings.Contains(app.ErrorMessage(err), "not a database file") {
				t.Errorf("--db %s %s: %v", path, cmd[0], err)
			}
		}
	}
	for _, f := range []string{"/dev/null-journal", "/dev/null-wal", "/dev/null.lock"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s was created", f)
			os.Remove(f)
		}
	}
}

// A database reached through a symbolic link is the same database: one
// window, however it is named (the bug: a second window opened).
func TestSymlinkIsTheSameDatabase(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "books", "referable.db")
	os.MkdirAll(filepath.Dir(real), 0o700)
	if _, err := runCLI(t, "--db", real, "demo"); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Dir(real), link); err != nil {
		t.Fatal(err)
	}
	a, _ := resolveDBPath(real)
	b, _ := resolveDBPath(filepath.Join(link, "referable.db"))
	if a != b {
		t.Fatalf("two names for one database: %s and %s", a, b)
	}
	first, err := claimWindow(a, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	var open alreadyOpen
	if _, err := claimWindow(b, nil); !errors.As(err, &open) {
		t.Fatalf("a second window through the link: %v", err)
	}
}

// A database copied in with 0644 is made private when it is opened.
func TestWideModeIsTightened(t *testing.T) {
	db := filepath.Join(t.TempDir(), "referable.db")
	if _, err := runCLI(t, "--db", db, "demo"); err != nil {
		t.Fatal(err)
	}
	os.Chmod(db, 0o644)
	if _, err := runCLI(t, "--db", db, "list"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(db); fi.Mode().Perm() != 0o600 {
		t.Errorf("the database kept mode %v", fi.Mode().Perm())
	}
}

// --to with no words to search would print and log a card for
// everyone; -o naming one of the database's own files would destroy it.
func TestPrintAndOutputGuards(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "referable.db")
	if _, err := runCLI(t, "--db", db, "demo"); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "cards.pdf")
	for _, to := range []string{"*", "'", `"`, "-", ",", " . "} {
		_, err := runCLI(t, "--db", db, "print", "--template", "thank-you-referral", "--layout", "flat-letter-4up", "--to", to, "-o", pdf)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("--to %q: %v", to, err)
		}
	}
	if _, err := os.Stat(pdf); err == nil {
		t.Error("a PDF was printed for a search of no words")
	}
	for _, own := range []string{db, db + "-wal", db + "-shm", db + ".lock"} {
		for _, args := range [][]string{
			{"export", "--format", "csv", "-o", own},
			{"backup", "-o", own},
			{"print", "--template", "thank-you-referral", "--layout", "flat-letter-4up", "--to", "all", "-o", own},
		} {
			_, err := runCLI(t, append([]string{"--db", db}, args...)...)
			var ue usageError
			if !errors.As(err, &ue) {
				t.Errorf("%s -o %s: %v", args[0], filepath.Base(own), err)
			}
		}
	}
}

// A print whose PDF was written but whose log failed says so; it does
// not say nothing was saved.
func TestPrintSaysWhenOnlyTheLogFailed(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "referable.db")
	if _, err := runCLI(t, "--db", db, "demo"); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON cards_sent BEGIN SELECT RAISE(ABORT, 'no room'); END`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	pdf := filepath.Join(dir, "cards.pdf")
	_, err = runCLI(t, "--db", db, "print", "--template", "thank-you-referral", "--layout", "flat-letter-4up", "--to", "all", "-o", pdf)
	if msg := app.ErrorMessage(err); !strings.Contains(msg, "The PDF is written to "+pdf) || !strings.Contains(msg, "No card was logged") {
		t.Fatalf("print with a failing log: %v", err)
	}
	if _, err := os.Stat(pdf); err != nil {
		t.Fatal("the PDF is not there")
	}
}

// A damaged book prints nothing and logs nothing: the quick check runs
// beside the batch, and the PDF is kept only once it has passed.
func TestPrintFromADamagedBookKeepsNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "referable.db")
	if _, err := runCLI(t, "--db", db, "demo", "--contacts", "400"); err != nil {
		t.Fatal(err)
	}
	// The page of a table printing never reads (merges) is overwritten:
	// only the check can find it.
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	var root, size int64
	raw.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'merges'`).Scan(&root)
	raw.QueryRow(`PRAGMA page_size`).Scan(&size)
	raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	raw.Close()
	f, err := os.OpenFile(db, os.O_WRONLY, 0)
	if err != nil || root == 0 {
		t.Fatal(err, root)
	}
	f.WriteAt([]byte(strings.Repeat("\xff", 64)), (root-1)*size)
	f.Close()
	pdf := filepath.Join(dir, "cards.pdf")
	_, err = runCLI(t, "--db", db, "print", "--template", "thank-you-referral", "--layout", "flat-letter-4up", "--to", "all", "--include-do-not-contact", "-o", pdf)
	var he *data.HealthError
	if !errors.As(err, &he) || he.Health.Condition != data.Damaged {
		t.Fatalf("print from a damaged book: %v", err)
	}
	if _, err := os.Stat(pdf); err == nil {
		t.Error("a PDF was kept from a damaged book")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".referable") {
			t.Errorf("a temporary file was left: %s", e.Name())
		}
	}
}

// Temporary files a killed run left beside an output or in the backups
// folder are cleaned by the next run (the bug: kept forever, up to 43 MB).
func TestStaleTempFilesAreCleaned(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "referable.db")
	if _, err := runCLI(t, "--db", db, "demo"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	backups := data.BackupDir(db)
	os.MkdirAll(out, 0o700)
	os.MkdirAll(backups, 0o700)
	stale := []string{filepath.Join(out, ".referable-tmp-1234"), filepath.Join(out, ".referable-987654"),
		filepath.Join(backups, ".referable-tmp-55"), filepath.Join(backups, ".from-json-1764600000000000000.db"),
		filepath.Join(backups, ".referable-2026-12-01.db-1764600000000000000.tmp")}
	for _, f := range stale {
		os.WriteFile(f, []byte("left by a killed run"), 0o600)
	}
	mine := filepath.Join(out, "notes.txt") // not ours: never touched
	os.WriteFile(mine, nil, 0o600)
	if _, err := runCLI(t, "--db", db, "export", "--format", "csv", "-o", filepath.Join(out, "c.csv")); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "--db", db, "backup", "-o", filepath.Join(backups, "..", "b.db")); err != nil {
		t.Fatal(err)
	}
	d, _ := data.OpenWith(context.Background(), db, data.OpenOptions{})
	if _, err := d.BackupBefore(context.Background(), data.BackupByHand); err != nil {
		t.Fatal(err)
	}
	d.Close()
	for _, f := range stale {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s was left", f)
		}
	}
	if _, err := os.Stat(mine); err != nil {
		t.Error("a file that is not ours was removed")
	}
	// A temporary file a running copy holds is left alone.
	f, err := data.CreateTemp(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data.CleanTemps(out)
	if _, err := os.Stat(f.Name()); err != nil {
		t.Error("a temporary file in use was removed")
	}
	io.WriteString(f, "")
}

// Import and restore hold at most about three times the file in memory
// (the bug: a 200 MB NOTE took 2.4 GB, a 100 MB CSV cell 1.2 GB, a
// 68 MB export 920 MB). Measured as the child's peak resident memory
// above that of a child that only starts.
func TestMemoryBoundedByFileSize(t *testing.T) {
	if raceDetector {
		t.Skip("measures the program itself: run without -race (make test does)")
	}
	if testing.Short() {
		t.Skip("writes and reads files of tens of megabytes")
	}
	dir := t.TempDir()
	const size = 24 << 20
	peak := func(commands ...string) int64 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+strings.Join(commands, "\n"), "LANG=C.UTF-8", peakEnv+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", commands, err, out)
		}
		// VmHWM, read by the child itself: the rusage of a child counts
		// the parent's memory it was forked from.
		var kb int64
		if _, err := fmt.Sscanf(string(out[strings.LastIndex(string(out), "peak:"):]), "peak: %d kB", &kb); err != nil {
			t.Skipf("the child could not read its peak memory (%v): not Linux?", err)
		}
		return kb << 10
	}
	base := peak(tabs("version"))
	note := strings.Repeat("a long note ", size/12)
	vcf := filepath.Join(dir, "note.vcf")
	os.WriteFile(vcf, []byte("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nNOTE:"+note+"\r\nEND:VCARD\r\n"), 0o600)
	csvFile := filepath.Join(dir, "cell.csv")
	os.WriteFile(csvFile, []byte("Name,Notes\r\nJane Doe,\""+note+"\"\r\n"), 0o600)
	var js strings.Builder
	js.WriteString(`{"header": {"format": "referable-export", "version": 1, "migrations": ["migrations/0001_contacts.sql"]}, "tables": {"contacts": [`)
	for i := 1; js.Len() < size; i++ {
		if i > 1 {
			js.WriteString(",\n")
		}
		fmt.Fprintf(&js, `{"id": %d, "given_name": "Person", "family_name": "Number %d", "name": "Person Number %d", "sort_name": "person number %d", "notes": "Met at the spring fair; wants a quote for a boiler.", "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z"}`, i, i, i, i)
	}
	js.WriteString("]}}\n")
	jsonFile := filepath.Join(dir, "export.json")
	os.WriteFile(jsonFile, []byte(js.String()), 0o600)
	for _, c := range []struct{ name, file, command string }{
		{"vCard with a huge note", vcf, "import"},
		{"CSV with a huge cell", csvFile, "import"},
		{"JSON export", jsonFile, "restore"},
	} {
		db := filepath.Join(dir, c.name+".db")
		args := []string{"--db", db, c.command, c.file}
		if c.command == "import" {
			args = []string{"--db", db, "import", "--accept", c.file}
		}
		fi, _ := os.Stat(c.file)
		used := peak(tabs(args...)) - base
		t.Logf("%s: %.0f MB file, %.0f MB above a bare start", c.name, float64(fi.Size())/(1<<20), float64(used)/(1<<20))
		if used > 3*fi.Size() {
			t.Errorf("%s: %d MB for a %d MB file (more than 3×)", c.name, used>>20, fi.Size()>>20)
		}
	}
}
