package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOffline runs every command-line path in a network namespace of its
// own (unshare -n: no network at all) and they all work: Referable needs
// no network, and makes no connection. Skipped where unshare is missing
// or not allowed.
func TestOffline(t *testing.T) {
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare here")
	}
	if err := exec.Command(unshare, "-rn", "true").Run(); err != nil {
		t.Skipf("unshare -rn is not allowed here: %v", err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "offline.db")
	other := filepath.Join(dir, "other.db")
	fixtures, _ := filepath.Abs(filepath.Join("..", "..", "app", "transfer", "testdata"))
	pass := filepath.Join(dir, "pass")
	os.WriteFile(pass, []byte("correct horse battery"), 0o600)
	lines := [][]string{
		{"--db", db, "demo"},
		{"--db", db, "list", "zoe"},
		{"--db", db, "list", "--json"},
		{"--db", db, "referrals"},
		{"--db", db, "followups"},
		{"--db", db, "agenda"},
		{"--db", db, "gifts"},
		{"--db", db, "import", "--accept", filepath.Join(fixtures, "google.csv"), filepath.Join(fixtures, "outlook-2.1.vcf")},
		{"--db", db, "duplicates"},
		{"--db", db, "import", "--undo"},
		{"--db", db, "templates"},
		{"layouts"},
		{"fonts"},
		{"--db", db, "print", "--template", "thank-you-referral", "--layout", "flat-letter-4up", "--to", "all", "-o", filepath.Join(dir, "cards.pdf")},
		{"--db", db, "export", "--format", "vcf", "-o", filepath.Join(dir, "all.vcf")},
		{"--db", db, "export", "--format", "csv", "-o", filepath.Join(dir, "all.csv")},
		{"--db", db, "export", "--format", "ics", "-o", filepath.Join(dir, "all.ics")},
		{"--db", db, "export", "--format", "json", "--encrypt", "--passphrase-file", pass, "-o", filepath.Join(dir, "all.json.age")},
		{"--db", db, "backup", "-o", filepath.Join(dir, "backup.db")},
		{"--db", other, "restore", "--passphrase-file", pass, filepath.Join(dir, "all.json.age")},
		{"--db", other, "restore", filepath.Join(dir, "backup.db")},
		{"version"},
	}
	var joined []string
	for _, l := range lines {
		joined = append(joined, strings.Join(l, "\t"))
	}
	cmd := exec.Command(unshare, "-rn", os.Args[0], "-test.run=^TestChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), crashEnv+"="+strings.Join(joined, "\n"), "LANG=C.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestChild") {
		t.Fatalf("without a network: %v\n%s", err, out)
	}
	// And it really had none: the namespace has only its loopback, down.
	dev, err := exec.Command(unshare, "-rn", "cat", "/proc/net/dev").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(dev), "\n")[2:] {
		if name, _, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && name != "lo" {
			t.Errorf("the namespace has a network interface %q", name)
		}
	}
}
