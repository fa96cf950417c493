package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/referable/referable/app/testkit/davtest"
)

func init() { keyring.MockInit() } // the tests keep no password in the computer's keyring

// TestCLISync: sync setup finds the address book on a real Radicale and
// makes the calendar named; a dry run says what it would send and sends
// nothing; sync sends the book's contacts and says so; status tells the
// last sync; a sync whose server is gone exits non-zero with a message.
func TestCLISync(t *testing.T) {
	t.Setenv("LC_ALL", "en_US.UTF-8")
	t.Setenv("LANGUAGE", "")
	srv := davtest.StartRadicale(t)
	t.Setenv("REFERABLE_SYNC_PASSWORD", srv.Password)
	db := filepath.Join(t.TempDir(), "sync.db")
	if _, err := runCLI(t, "--db", db, "demo", "--contacts", "20"); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "--db", db, "sync", "setup", "--url", srv.URL, "--user", srv.User, "--calendar", "Referable dates", "--every", "0")
	if err != nil || !strings.Contains(out, `address book "Contacts"`) || !strings.Contains(out, `Made "Referable dates" on the server`) {
		t.Fatalf("sync setup: %q, %v", out, err)
	}
	out, err = runCLI(t, "--db", db, "sync", "--dry-run")
	phone := davtest.Phone{S: srv}
	if err != nil || !strings.Contains(out, "Dry run") || strings.Count(out, "↑ new:") != 20 || len(phone.Cards()) != 0 {
		t.Fatalf("sync --dry-run: %v, %d cards on the server\n%s", err, len(phone.Cards()), out)
	}
	out, err = runCLI(t, "--db", db, "sync")
	if err != nil || strings.Count(out, "↑ new:") != 20 || !strings.Contains(out, "20 changes to the server") || len(phone.Cards()) != 20 {
		t.Fatalf("sync: %v, %d cards on the server\n%s", err, len(phone.Cards()), out)
	}
	out, err = runCLI(t, "--db", db, "sync")
	if err != nil || !strings.Contains(out, "Everything was in step") {
		t.Fatalf("a second sync: %v\n%s", err, out)
	}
	out, err = runCLI(t, "--db", db, "sync", "status")
	if err != nil || !strings.Contains(out, "Last sync:") || !strings.Contains(out, "Yearly dates: Referable dates") {
		t.Fatalf("sync status: %v\n%s", err, out)
	}
	srv.Stop()
	if _, err := runCLI(t, "--db", db, "sync"); err == nil || !strings.Contains(err.Error(), "") {
		t.Fatal("a sync whose server is gone did not fail")
	}
	if out, err := runCLI(t, "--db", db, "sync", "status"); err == nil || !strings.Contains(out, "Last sync:") {
		t.Fatalf("status after a failed sync: %v\n%s", err, out)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("x\n"), 0o600)
	if _, err := runCLI(t, "--db", db, "sync", "setup", "--url", srv.URL); err == nil {
		t.Fatal("setup without a user did not say so")
	}
}
