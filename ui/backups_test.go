package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/transfer"
)

// Settings lists the backups and restores one: the window shows the
// restored data at once, and the data as it was is kept as a backup.
func TestRestoreFromSettings(t *testing.T) {
	u, w, svc := newTestUI(t)
	ctx := context.Background()
	if err := svc.Contacts.CreateContact(ctx, &app.Contact{GivenName: "Zoë", FamilyName: "Müller"}); err != nil {
		t.Fatal(err)
	}
	u.tabs.Select(u.settingsItem)
	settings := u.tabs.Items[len(u.tabs.Items)-1].Content
	if _, ok := find(settings, func(l *widget.Label) bool { return strings.HasPrefix(l.Text, "No backups yet") }); !ok {
		t.Error("an empty backup list does not say so")
	}
	test.Tap(findButton(settings, "Back Up Now"))
	if err := svc.Contacts.CreateContact(ctx, &app.Contact{GivenName: "Łukasz"}); err != nil {
		t.Fatal(err)
	}
	restore := findButton(settings, "Restore…")
	if restore == nil {
		t.Fatal("no Restore… button beside the backup")
	}
	test.Tap(restore)
	tapDialogButton(t, w, "Restore")
	tapDialogButton(t, w, "OK")
	if live, _, _ := svc.Contacts.CountContacts(ctx); live != 1 {
		t.Errorf("after restoring, %d contacts; want the 1 backed up", live)
	}
	if u.contacts.rows.total != 1 {
		t.Errorf("the contact list shows %d contacts after the restore", u.contacts.rows.total)
	}
	list, _ := svc.Backups.Backups(ctx)
	if len(list) != 2 || (list[0].Reason != "Before a restore" && list[1].Reason != "Before a restore") {
		t.Fatalf("backups after a restore: %+v", list)
	}
}

// An encrypted export asks for its passphrase, then restores.
func TestRestoreEncryptedFromSettings(t *testing.T) {
	u, w, svc := newTestUI(t)
	ctx := context.Background()
	if err := svc.Contacts.CreateContact(ctx, &app.Contact{GivenName: "Zoë"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "all.json.age")
	f, _ := os.Create(path)
	enc, err := transfer.Encrypt(f, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Transfer.ExportJSON(ctx, enc); err != nil {
		t.Fatal(err)
	}
	enc.Close()
	f.Close()
	if err := svc.Contacts.CreateContact(ctx, &app.Contact{GivenName: "Łukasz"}); err != nil {
		t.Fatal(err)
	}
	u.settings.backups.restore(path, "")
	entry, ok := find(topDialog(t, w), func(e *widget.Entry) bool { return e.Password })
	if !ok {
		t.Fatal("no passphrase asked for")
	}
	test.Type(entry, "correct horse battery")
	tapDialogButton(t, w, "OK")
	tapDialogButton(t, w, "OK") // "Restored"
	if live, _, _ := svc.Contacts.CountContacts(ctx); live != 1 {
		t.Errorf("%d contacts after restoring the encrypted export, want 1", live)
	}
}
