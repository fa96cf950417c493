package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// A contact's name in its parts and several addresses are typed, one of
// them made the mailing address, and stored as typed; phones say how
// they read as numbers.
func TestContactNamePartsAndAddresses(t *testing.T) {
	u, _, svc := newTestUI(t)
	ctx := context.Background()
	s, _ := svc.Settings.Settings(ctx)
	s.Region = "DE"
	svc.Settings.SaveSettings(ctx, s)
	c, f := u.contacts, u.contacts.form

	test.Tap(c.newButton)
	test.Type(f.prefix, "Mr.")
	test.Type(f.given, "John")
	test.Type(f.middle, "Richter James")
	test.Type(f.family, "Doe")
	test.Type(f.suffix, "Sr.")
	test.Type(f.nickname, "Johnny")
	test.Type(f.phones, "mobile: 0170 1234567\nwork: +44 7700 900123")
	if !strings.Contains(f.phoneHint.Text, "0170 1234567") || !strings.Contains(f.phoneHint.Text, "+44 7700 900123") {
		t.Errorf("phone hint %q", f.phoneHint.Text)
	}
	home := f.addresses.items[0]
	test.Type(home.street, "Hauptstraße 5")
	test.Type(home.postal, "10115")
	test.Type(home.locality, "Berlin")
	home.label.SetText("home")
	test.Tap(f.addresses.add)
	if len(f.addresses.items) != 2 {
		t.Fatalf("%d address editors after Add", len(f.addresses.items))
	}
	work := f.addresses.items[1]
	work.label.SetText("work")
	test.Type(work.street, "Marienplatz 1")
	test.Type(work.postal, "80331")
	test.Type(work.locality, "München")
	test.Type(work.country, "Germany")
	test.Tap(work.makeMail) // cards go to the office from now on
	if f.addresses.items[0] != work {
		t.Fatal("Send Cards Here did not make the work address the mailing one")
	}
	test.Tap(f.save)

	saved, err := svc.Contacts.FindContactByID(ctx, f.contact.ID)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Prefix != "Mr." || saved.MiddleName != "Richter James" || saved.Suffix != "Sr." || saved.Nickname != "Johnny" || saved.FormalName() != "Mr. Doe" {
		t.Errorf("name parts: %+v", saved)
	}
	if saved.Address.Label != "work" || saved.Address.Locality != "München" || len(saved.OtherAddresses) != 1 || saved.OtherAddresses[0].Street != "Hauptstraße 5" {
		t.Errorf("addresses: %+v, others %+v", saved.Address, saved.OtherAddresses)
	}
	if len(saved.Phones) != 2 || saved.Phones[0].Normal != "+491701234567" || saved.Phones[1].Normal != "+447700900123" {
		t.Errorf("phones: %+v", saved.Phones)
	}
	// Found by the number in another form than typed.
	if rows, _, _ := svc.Contacts.FindContacts(ctx, app.ContactFilter{Query: "+49 170 123"}); len(rows) != 1 {
		t.Errorf("search by the international form found %d", len(rows))
	}
	// Reopened, the form shows both addresses, the mailing one first.
	f.show(saved.ID)
	if len(f.addresses.items) != 2 || f.addresses.items[0].locality.Text != "München" || f.addresses.items[1].label.Text != "home" {
		t.Errorf("reopened: %d editors", len(f.addresses.items))
	}
}

// A long message in a done-with-undo dialog grows the dialog: the text
// never runs under the buttons.
func TestDoneDialogGrowsWithItsText(t *testing.T) {
	_, w, _ := newTestUI(t)
	short := &textWidthLayout{minSize: fyne.NewSize(400, 60)}
	label := widget.NewLabel(strings.Repeat("Changed your mind? Undo takes this whole import back out. ", 8))
	label.Wrapping = fyne.TextWrapWord
	if got := short.MinSize([]fyne.CanvasObject{label}); got.Width != 400 || got.Height <= 60 {
		t.Errorf("min size of a long message at 400 wide: %v", got)
	}
	_ = w
}
