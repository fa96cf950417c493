package data_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/data"
)

// One window at a time holds a database; the next may once it lets go.
func TestLockWindow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "first-run", "referable.db") // the folder is made
	release, err := data.LockWindow(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := data.LockWindow(path); !errors.Is(err, data.ErrInUse) {
		t.Fatalf("a second lock: %v, want ErrInUse", err)
	}
	release()
	again, err := data.LockWindow(path)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
}

// Two programs on one database (the window and the command line): a
// write waits for the other's transaction instead of failing, and reads
// go on meanwhile.
func TestWritesWaitTheirTurn(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "referable.db")
	window := mustOpenPath(t, path)
	cli := mustOpenPath(t, path)
	if err := data.NewContactService(window).CreateContact(ctx, &app.Contact{GivenName: "Zoë"}); err != nil {
		t.Fatal(err)
	}
	held := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- data.HoldWriteForTest(window, func() { close(held); time.Sleep(700 * time.Millisecond) })
	}()
	<-held
	if live, _, err := data.NewContactService(cli).CountContacts(ctx); err != nil || live != 1 {
		t.Fatalf("a read while the other program writes: %d, %v", live, err)
	}
	if err := data.NewContactService(cli).CreateContact(ctx, &app.Contact{GivenName: "Łukasz"}); err != nil {
		t.Fatalf("a write while the other program writes failed instead of waiting: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if live, _, _ := data.NewContactService(window).CountContacts(ctx); live != 2 {
		t.Errorf("%d contacts, want 2", live)
	}
}
