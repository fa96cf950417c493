package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/testkit/davtest"
)

// allOf lists the objects of a kind drawn under obj, in order.
func allOf[T fyne.CanvasObject](obj fyne.CanvasObject) []T {
	var out []T
	find(obj, func(x T) bool { out = append(out, x); return false })
	return out
}

// TestSyncSettings: Settings → Sync connects to a real Radicale as the
// owner would (server, user, password; then the address book and a
// calendar chosen), saves, and syncs at once: the sample's contacts go
// up, the status says so; Sync Now with nothing new says the book is in
// step; a conflict is listed and settled from the window.
func TestSyncSettings(t *testing.T) {
	srv := davtest.StartRadicale(t)
	u, svc := withSample(t)
	u.tabs.Select(u.settingsItem)
	connect := findButton(u.window.Canvas().Content(), "Connect a Server…")
	if connect == nil {
		t.Fatal("Settings has no Connect a Server…")
	}
	test.Tap(connect)
	d := u.window.Canvas().Overlays().Top()
	es := allOf[*widget.Entry](d)
	if len(es) < 3 {
		t.Fatalf("the connect dialog has %d fields", len(es))
	}
	es[0].SetText(srv.URL)
	es[1].SetText(srv.User)
	es[2].SetText("wrong password")
	tapDialogButton(t, u.window, "Connect")
	if top := u.window.Canvas().Overlays().Top(); top == nil || !hasText(top, "user name and password") {
		var texts []string
		for _, o := range u.window.Canvas().Overlays().List() {
			for _, l := range allOf[*widget.Label](o) {
				texts = append(texts, l.Text)
			}
		}
		t.Fatalf("a wrong password is not said as one: %q", texts)
	}
	tapDialogButton(t, u.window, "OK")
	test.Tap(findButton(u.window.Canvas().Content(), "Connect a Server…"))
	es = allOf[*widget.Entry](u.window.Canvas().Overlays().Top())
	es[0].SetText(srv.URL)
	es[1].SetText(srv.User)
	es[2].SetText(srv.Password)
	tapDialogButton(t, u.window, "Connect")
	choose := u.window.Canvas().Overlays().Top()
	selects := allOf[*widget.Select](choose)
	if len(selects) < 3 || selects[0].Selected != "Contacts" {
		t.Fatalf("the choose dialog: %d lists, the address book %q", len(selects), selects[0].Selected)
	}
	selects[1].SetSelected("Calendar")
	tapDialogButton(t, u.window, "Save and Sync")

	acct, err := svc.Sync.Account(context.Background())
	if err != nil || acct.AddressBook != srv.AddressBook || acct.Calendar != srv.Calendar || acct.Tasks != "" {
		t.Fatalf("the account kept: %+v (%v)", acct, err)
	}
	live, _, _ := svc.Contacts.CountContacts(context.Background())
	if n := len((davtest.Phone{S: srv}).Cards()); n != live {
		t.Fatalf("the server has %d cards, the book %d contacts", n, live)
	}
	content := u.window.Canvas().Content()
	if !hasText(content, "Connected to") || !hasText(content, "changes to the server") {
		t.Fatal("Settings does not say the sync happened")
	}

	// Nothing new: the book is in step.
	test.Tap(findButton(u.window.Canvas().Content(), "Sync Now"))
	if !hasText(u.window.Canvas().Content(), "Everything was in step") {
		t.Fatal("Sync Now with nothing new does not say so")
	}

	// The phone and the book change one field differently: a conflict,
	// settled from the window with the server's value.
	phone := davtest.Phone{S: srv}
	var href, card string
	for h, c := range phone.Cards() {
		if strings.Contains(c, "FN:Zoë Müller") {
			href, card = h, c
		}
	}
	lines := strings.Split(strings.ReplaceAll(card, "\r\n", "\n"), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "NOTE") {
			lines[i] = "NOTE:from the phone"
		}
	}
	if !strings.Contains(card, "NOTE") {
		lines = append(lines[:len(lines)-2], "NOTE:from the phone", "END:VCARD")
	}
	phone.Put(strings.TrimSuffix(strings.TrimPrefix(href, srv.AddressBook), ".vcf"), strings.Join(lines, "\n"))
	rows, _, _ := svc.Contacts.FindContacts(context.Background(), app.ContactFilter{Query: "Zoë Müller", Limit: 1})
	zoe, _ := svc.Contacts.FindContactByID(context.Background(), rows[0].ID)
	zoe.Notes = "from the book"
	if err := svc.Contacts.UpdateContact(context.Background(), zoe); err != nil {
		t.Fatal(err)
	}
	test.Tap(findButton(u.window.Canvas().Content(), "Sync Now"))
	choose2 := findButton(u.window.Canvas().Content(), "1 Conflict to Choose…")
	if choose2 == nil {
		t.Fatal("Settings does not offer the conflict")
	}
	test.Tap(choose2)
	list := u.window.Canvas().Overlays().Top()
	if !hasText(list, "from the phone") || !hasText(list, "from the book") {
		t.Fatal("the conflict list does not show both values")
	}
	test.Tap(findButton(list, "Take Theirs"))
	zoe, _ = svc.Contacts.FindContactByID(context.Background(), zoe.ID)
	if zoe.Notes != "from the phone" {
		t.Fatalf("Take Theirs left the notes %q", zoe.Notes)
	}
	if cs, _ := svc.Sync.Conflicts(context.Background()); len(cs) != 0 {
		t.Fatalf("the conflict is still listed: %+v", cs)
	}
}

// TestSyncCalendarServer: the connect dialog's calendar server (a
// service keeping its calendars on a host of their own) is where the
// choose dialog's calendars come from, and where the account keeps them.
func TestSyncCalendarServer(t *testing.T) {
	cards, cals := davtest.StartRadicale(t), davtest.StartRadicale(t)
	u, svc := withSample(t)
	u.tabs.Select(u.settingsItem)
	test.Tap(findButton(u.window.Canvas().Content(), "Connect a Server…"))
	es := allOf[*widget.Entry](u.window.Canvas().Overlays().Top())
	if len(es) < 4 {
		t.Fatalf("the connect dialog has %d fields, want a calendar server too", len(es))
	}
	es[0].SetText(cards.URL)
	es[1].SetText(cards.User)
	es[2].SetText(cards.Password)
	es[3].SetText(cals.URL)
	tapDialogButton(t, u.window, "Connect")
	selects := allOf[*widget.Select](u.window.Canvas().Overlays().Top())
	if len(selects) < 3 {
		t.Fatalf("the choose dialog has %d lists", len(selects))
	}
	selects[1].SetSelected("Calendar")
	selects[2].SetSelected("Calendar")
	tapDialogButton(t, u.window, "Save and Sync")
	acct, err := svc.Sync.Account(context.Background())
	if err != nil || acct.CalendarServerURL != cals.URL || acct.Calendar != cals.Calendar || acct.Tasks != cals.Tasks {
		t.Fatalf("the account kept: %+v (%v)", acct, err)
	}
	if !hasText(u.window.Canvas().Content(), "changes to the server") {
		t.Fatal("Settings does not say the sync happened")
	}
}
