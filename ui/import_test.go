package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "app", "transfer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func topDialog(t *testing.T, w fyne.Window) fyne.CanvasObject {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	return top
}

func hasText(obj fyne.CanvasObject, part string) bool {
	_, ok := find(obj, func(l *widget.Label) bool { return strings.Contains(l.Text, part) })
	return ok
}

// The import preview counts what the file holds, lists each problem at
// its line, saves nothing until the valid part is accepted, and the
// import can be undone at once.
func TestImportPreviewAcceptAndUndo(t *testing.T) {
	u, w, svc := newTestUI(t)
	ctx := context.Background()
	u.importer.start("google.csv", fixture(t, "google.csv"))
	preview := topDialog(t, w)
	if !hasText(preview, "3 contacts: 2 new · 0 duplicates · 1 error") || !hasText(preview, "Read as Google Contacts CSV") {
		t.Fatal("the preview does not count the file")
	}
	list, ok := find(preview, func(l *widget.List) bool { return true })
	if !ok || list.Length() != 1 {
		t.Fatalf("problems listed: %v", list)
	}
	importButton := findButton(preview, "Import 2 Contacts")
	if importButton == nil || !importButton.Disabled() {
		t.Fatal("Import is offered before the person accepts leaving a contact out")
	}
	accept, _ := find(preview, func(c *widget.Check) bool { return strings.HasPrefix(c.Text, "Import the 2 contacts") })
	test.Tap(accept)
	if importButton.Disabled() {
		t.Fatal("accepting the valid part does not enable Import")
	}
	test.Tap(importButton)
	if live, _, _ := svc.Contacts.CountContacts(ctx); live != 2 {
		t.Fatalf("%d contacts after the import", live)
	}
	if u.contacts.rows.total != 2 {
		t.Errorf("the contact list shows %d after the import", u.contacts.rows.total)
	}
	if !hasText(topDialog(t, w), "2 contacts came in from google.csv") {
		t.Fatal("no word that the import is done")
	}
	tapDialogButton(t, w, "Undo Import")
	tapDialogButton(t, w, "OK")
	if live, _, _ := svc.Contacts.CountContacts(ctx); live != 0 {
		t.Fatalf("%d contacts after undoing the import", live)
	}

	// The same file again, with its duplicates: left out by default.
	if err := svc.Contacts.CreateContact(ctx, &app.Contact{GivenName: "Ada", Emails: []app.Labeled{{Value: "ADA@example.com"}}}); err != nil {
		t.Fatal(err)
	}
	u.importer.start("google.csv", fixture(t, "google.csv"))
	preview = topDialog(t, w)
	if !hasText(preview, "1 new · 1 duplicate · 1 error") {
		t.Fatal("the duplicate is not counted")
	}
	accept, _ = find(preview, func(c *widget.Check) bool { return strings.HasPrefix(c.Text, "Import the") })
	test.Tap(accept)
	tapDialogButton(t, w, "Import 1 Contact")
	tapDialogButton(t, w, "OK")
	if live, _, _ := svc.Contacts.CountContacts(ctx); live != 2 {
		t.Fatalf("%d contacts; the duplicate should have been left out", live)
	}
}

// A CSV in a layout we do not know goes through the column mapping.
func TestImportColumnMapping(t *testing.T) {
	u, w, svc := newTestUI(t)
	u.importer.start("dutch-tabs.csv", fixture(t, "dutch-tabs.csv"))
	mapping := topDialog(t, w)
	if !hasText(mapping, "Say what each column of dutch-tabs.csv holds") {
		t.Fatal("no column mapping for an unknown CSV")
	}
	naam, ok := find(mapping, func(s *widget.Select) bool { return s.Selected == "(not imported)" })
	if !ok {
		t.Fatal("no column left unmapped to map")
	}
	naam.SetSelected("Full name")
	if !hasText(mapping, "Anna de Vries · anna@example.nl") {
		t.Error("the sample does not show the mapping's result")
	}
	tapDialogButton(t, w, "Continue")
	tapDialogButton(t, w, "Import 1 Contact")
	tapDialogButton(t, w, "OK")
	found, _, _ := svc.Contacts.FindContacts(context.Background(), app.ContactFilter{Query: "vries"})
	if len(found) != 1 {
		t.Fatalf("found %+v", found)
	}
}

// Duplicates are found on demand, merged side by side, and the merge
// undone.
func TestMergeDuplicates(t *testing.T) {
	u, w, svc := newTestUI(t)
	ctx := context.Background()
	a := &app.Contact{GivenName: "Zoë", FamilyName: "Müller", Emails: []app.Labeled{{Value: "zoe@example.com"}}}
	b := &app.Contact{GivenName: "Zoe", FamilyName: "Mueller", Company: "Müller Bakery", Emails: []app.Labeled{{Value: "zoe@example.com"}},
		Phones: []app.Labeled{{Label: "mobile", Value: "+1 503 555 0101"}}}
	for _, c := range []*app.Contact{a, b} {
		if err := svc.Contacts.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	u.duplicates.show()
	if len(u.duplicates.pairs) != 1 || !hasText(topDialog(t, w), "One pair of contacts may be the same person") {
		t.Fatalf("pairs: %+v", u.duplicates.pairs)
	}
	u.duplicates.compare(u.duplicates.pairs[0])
	merge := topDialog(t, w)
	if !hasText(merge, "Müller Bakery") || !hasText(merge, "+1 503 555 0101 (mobile)") {
		t.Fatal("the comparison does not show both contacts")
	}
	tapDialogButton(t, w, "Merge")
	kept, _ := svc.Contacts.FindContactByID(ctx, a.ID)
	if kept.Company != "Müller Bakery" || len(kept.Phones) != 1 || kept.Name() != "Zoë Müller" {
		t.Errorf("merged: %+v", kept)
	}
	if gone, _ := svc.Contacts.FindContactByID(ctx, b.ID); gone.DeletedAt.IsZero() {
		t.Error("the other contact is not in the trash")
	}
	tapDialogButton(t, w, "Undo Merge")
	tapDialogButton(t, w, "OK")
	if back, _ := svc.Contacts.FindContactByID(ctx, b.ID); !back.DeletedAt.IsZero() {
		t.Error("undo did not bring the other contact back")
	}
	if kept, _ := svc.Contacts.FindContactByID(ctx, a.ID); kept.Company != "" {
		t.Errorf("undo did not restore the kept contact: %+v", kept)
	}
}

// A file dropped on the window opens the same preview.
func TestImportDroppedFile(t *testing.T) {
	u, w, _ := newTestUI(t)
	path, err := filepath.Abs(filepath.Join("..", "app", "transfer", "testdata", "apple-3.0.vcf"))
	if err != nil {
		t.Fatal(err)
	}
	u.importer.dropped([]fyne.URI{storage.NewFileURI(path)})
	if !hasText(topDialog(t, w), "2 contacts: 2 new · 0 duplicates · 0 errors") || !hasText(topDialog(t, w), "Every contact reads cleanly") {
		t.Fatal("no preview for a dropped vCard")
	}
	tapDialogButton(t, w, "Import 2 Contacts")
	if u.contacts.rows.total != 2 {
		t.Errorf("%d contacts listed after importing a dropped file", u.contacts.rows.total)
	}
}

// An address book where a family shares a number: the preview shows who
// may be the same for review, the import leaves out only the sure
// duplicate, and Find Duplicates lists the rest.
func TestImportKeepsPossibleDuplicates(t *testing.T) {
	u, w, svc := newTestUI(t)
	u.importer.start("family.vcf", fixture(t, "defects/phones-shared-family.vcf"))
	preview := topDialog(t, w)
	if !hasText(preview, "3 contacts: 2 new · 1 duplicate · 1 possibly the same (imported, for review)") {
		t.Fatal("the preview does not count the possible duplicate apart")
	}
	test.Tap(findButton(preview, "Import 2 Contacts"))
	if n, _, _ := svc.Contacts.CountContacts(context.Background()); n != 2 {
		t.Fatalf("%d contacts imported; want Maria and Diego", n)
	}
	if !hasText(topDialog(t, w), "1 contact may be the same as someone already here") {
		t.Fatal("the import does not say a possible duplicate came in")
	}
	pairs, err := svc.Duplicates.FindDuplicates(context.Background())
	if err != nil || len(pairs) != 1 {
		t.Fatalf("Find Duplicates: %+v, %v", pairs, err)
	}
}
