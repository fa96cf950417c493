package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/demo"
	"github.com/referable/referable/data"
)

var testNow = time.Date(2026, time.November, 22, 10, 0, 0, 0, time.UTC)

// newTestUI opens the whole window on a fresh database file, headless.
func newTestUI(t *testing.T) (*mainUI, fyne.Window, Services) {
	t.Helper()
	a, svc := newTestServices(t)
	u, w := openTestWindow(t, a, svc)
	return u, w, svc
}

// newTestServices opens a fresh database file behind the services the
// window works with.
func newTestServices(t *testing.T) (fyne.App, Services) {
	t.Helper()
	a := test.NewTempApp(t)
	db, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "referable.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return testNow }
	t.Cleanup(func() { db.Close() })
	stores := data.NewServices(db, app.DefaultSettings("US"))
	cardService := data.NewCardService(db, stores.Settings)
	svc := Services{
		Services: stores, Cards: cardService, Printers: cardService, Now: func() time.Time { return testNow }, DBPath: db.Path, Backups: data.NewBackupService(db), Version: "test",
		Transfer: data.NewTransferService(db, stores.Settings), Duplicates: data.NewTransferService(db, stores.Settings),
		Sync: data.NewSyncService(db),
		LoadSample: func(ctx context.Context) error {
			return demo.Load(ctx, stores, demo.DefaultContacts, testNow)
		},
	}
	return a, svc
}

// openTestWindow builds the window on the services, headless.
func openTestWindow(t *testing.T, a fyne.App, svc Services) (*mainUI, fyne.Window) {
	t.Helper()
	w := test.NewTempWindow(t, nil)
	u := newMainUI(a, w, svc)
	w.SetContent(u.root)
	w.Resize(fyne.NewSize(1200, 800))
	return u, w
}

// find returns the first object of type T drawn under obj that matches.
func find[T fyne.CanvasObject](obj fyne.CanvasObject, match func(T) bool) (T, bool) {
	if t, ok := obj.(T); ok && match(t) {
		return t, true
	}
	var children []fyne.CanvasObject
	switch o := obj.(type) {
	case *fyne.Container:
		children = o.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(o).Objects()
	}
	for _, c := range children {
		if t, ok := find(c, match); ok {
			return t, true
		}
	}
	var none T
	return none, false
}

func findButton(obj fyne.CanvasObject, text string) *widget.Button {
	b, _ := find(obj, func(b *widget.Button) bool { return b.Text == text })
	return b
}

// tapDialogButton taps a button of the dialog on top of the window.
func tapDialogButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open to tap %q on", text)
	}
	b := findButton(top, text)
	if b == nil {
		t.Fatalf("the dialog has no %q button", text)
	}
	test.Tap(b)
}

func TestLoadSampleFromWelcome(t *testing.T) {
	u, w, svc := newTestUI(t)
	c := u.contacts
	if !c.welcome.Visible() || c.main.Visible() {
		t.Fatal("an empty database does not open on the welcome")
	}
	test.Tap(findButton(c.welcome, "Load a Sample Business"))
	tapDialogButton(t, w, "OK")
	if c.welcome.Visible() || c.rows.total != demo.DefaultContacts || c.count.Text != "60 contacts" {
		t.Fatalf("after loading the sample: welcome %v, %d rows, %q", c.welcome.Visible(), c.rows.total, c.count.Text)
	}
	s, _ := svc.Settings.Settings(context.Background())
	if s.BusinessName == "" {
		t.Fatal("the sample did not fill in the business")
	}
	if u.tabs.Selected() != u.todayItem || u.today.cardsN == 0 {
		t.Fatal("after loading the sample the window is not on Today, filled in")
	}
	u.tabs.Select(u.contactsItem)

	// Filters by kind and tag narrow the list.
	c.kind.SetSelected("Partners")
	partners := c.rows.total
	if partners == 0 || partners >= demo.DefaultContacts {
		t.Fatalf("partners filter gave %d", partners)
	}
	c.kind.SetSelected(allKinds)
	c.tag.SetSelected("realtor")
	if c.rows.total == 0 || c.rows.total >= demo.DefaultContacts {
		t.Fatalf("tag filter gave %d", c.rows.total)
	}
}

func TestContactLifecycle(t *testing.T) {
	u, w, svc := newTestUI(t)
	ctx := context.Background()
	c, f := u.contacts, u.contacts.form

	// Create.
	test.Tap(c.newButton)
	test.Type(f.given, "Zoë")
	test.Type(f.family, "Müller")
	test.Type(f.birthday, "--02-29")
	test.Type(f.emails, "work: zoe@example.com")
	test.Type(f.treasures, "dark chocolate")
	f.kinds.SetSelected([]string{"Client", "Referrer"})
	if f.title.Text != "Zoë Müller" {
		t.Errorf("title while typing = %q", f.title.Text)
	}
	test.Tap(f.save)
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("saving a valid contact showed a dialog")
	}
	rows, total, _ := svc.Contacts.FindContacts(ctx, app.ContactFilter{})
	if total != 1 || rows[0].Name != "Zoë Müller" || rows[0].Kinds != app.KindClient|app.KindReferrer {
		t.Fatalf("stored = %v", rows)
	}
	zoe := rows[0].ID
	saved, _ := svc.Contacts.FindContactByID(ctx, zoe)
	if saved.Birthday != (app.Date{Month: time.February, Day: 29}) || saved.Emails[0] != (app.Labeled{Label: "work", Value: "zoe@example.com"}) {
		t.Fatalf("stored fields = %+v", saved)
	}
	if c.count.Text != "1 contact" || f.status.Text != "Saved" || f.dirty {
		t.Fatalf("after save: count %q, status %q, dirty %v", c.count.Text, f.status.Text, f.dirty)
	}

	// A second contact, referred by the first through the picker.
	test.Tap(c.newButton)
	test.Type(f.given, "Łukasz")
	test.Tap(f.referredBy)
	picker := w.Canvas().Overlays().Top()
	if picker == nil {
		t.Fatal("the referred-by picker did not open")
	}
	test.Type(w.Canvas().Focused().(*widget.Entry), "muller")
	list, ok := find(picker, func(*widget.List) bool { return true })
	if !ok || list.Length() != 1 {
		t.Fatal("the picker does not list Zoë")
	}
	list.Select(0)
	if f.referredByID != zoe || f.referredBy.Text != "Zoë Müller" {
		t.Fatalf("picked %d %q", f.referredByID, f.referredBy.Text)
	}
	test.Tap(f.save)
	lukasz := f.contact.ID
	if got, _ := svc.Contacts.FindContactByID(ctx, lukasz); got.ReferredByID != zoe {
		t.Fatalf("Łukasz referred by %d, want %d", got.ReferredByID, zoe)
	}

	// Search as you type, diacritics ignored.
	test.Type(c.search, "lukas")
	if c.rows.total != 1 || c.count.Text != "1 of 2 contacts" {
		t.Fatalf("search lukas: %d rows, %q", c.rows.total, c.count.Text)
	}
	c.search.SetText("nobody")
	if c.rows.total != 0 || !c.noMatch.Visible() {
		t.Fatal("no empty state for a search without matches")
	}
	c.search.SetText("")

	// Open Zoë from the list: she shows whom she referred.
	c.list.Select(c.rows.indexOf(zoe))
	if f.contact.ID != zoe || len(f.referred.Objects) != 1 {
		t.Fatalf("Zoë's page: contact %d, %d referred", f.contact.ID, len(f.referred.Objects))
	}

	// Edit and save.
	test.Type(f.company, "Müller Design")
	test.Tap(f.save)
	if got, _ := svc.Contacts.FindContactByID(ctx, zoe); got.Company != "Müller Design" {
		t.Fatalf("company = %q", got.Company)
	}

	// An impossible date and a bad email: each marked at its field at
	// once, one line counting them, the first focused; nothing saved,
	// nothing lost.
	f.birthday.SetText("2023-02-29")
	f.emails.SetText("zoe.example.com")
	test.Tap(f.save)
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("a modal dialog for problems the form can mark")
	}
	if f.status.Text != "2 fields need attention: each is marked below." || len(f.marks.said) != 2 {
		t.Fatalf("the form says %q and marks %q", f.status.Text, f.marks.said)
	}
	if f.emails.Entry.Validate(); !strings.Contains(f.marks.said[0], "is not an email address") || !strings.Contains(f.marks.said[1], "February") {
		t.Fatalf("the marks: %q", f.marks.said)
	}
	if w.Canvas().Focused() != f.emails {
		t.Error("the first field with a problem is not focused")
	}
	if got, _ := svc.Contacts.FindContactByID(ctx, zoe); got.Birthday.Year != 0 {
		t.Fatal("the impossible birthday was saved")
	}
	if f.birthday.Text != "2023-02-29" || !f.dirty {
		t.Fatal("the typed value was lost after the refusal")
	}

	// Leaving with unsaved edits asks first; Keep Editing keeps them.
	test.Tap(c.newButton)
	tapDialogButton(t, w, "Keep Editing")
	if f.contact.ID != zoe || f.birthday.Text != "2023-02-29" {
		t.Fatal("Keep Editing lost the edits")
	}
	f.birthday.SetText("1990-02-28")

	// Referring Zoë by Łukasz would make a loop: refused with a message.
	f.emails.SetText("zoe@example.com")
	f.setReferrer(lukasz, "Łukasz")
	test.Tap(f.save)
	if len(f.marks.said) != 1 || !f.referredByError.Visible() {
		t.Fatalf("a loop is said at Referred by? %q", f.marks.said)
	}
	if got, _ := svc.Contacts.FindContactByID(ctx, zoe); got.ReferredByID != 0 || got.Birthday.Year == 1990 {
		t.Fatal("a loop in the referral tree was saved")
	}
	f.setReferrer(0, "")
	test.Tap(f.save)

	// Trash, then restore from the trash view.
	test.Tap(f.trash)
	if live, trashed, _ := svc.Contacts.CountContacts(ctx); live != 1 || trashed != 1 {
		t.Fatalf("after trash: %d live, %d trashed", live, trashed)
	}
	if !f.trashBanner.Visible() || f.save.Visible() || !f.given.Disabled() {
		t.Fatal("a trashed contact is not shown read-only with Restore")
	}
	test.Tap(c.trashView)
	if c.rows.total != 1 {
		t.Fatalf("trash lists %d", c.rows.total)
	}
	c.list.Select(0)
	test.Tap(f.restore)
	if live, trashed, _ := svc.Contacts.CountContacts(ctx); live != 2 || trashed != 0 {
		t.Fatalf("after restore: %d live, %d trashed", live, trashed)
	}
	test.Tap(c.trashView)
	if c.rows.total != 2 || f.given.Disabled() {
		t.Fatalf("after restore the list has %d and the form is disabled: %v", c.rows.total, f.given.Disabled())
	}

	// Delete on the list moves the shown contact to the trash.
	c.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if live, _, _ := svc.Contacts.CountContacts(ctx); live != 1 {
		t.Fatalf("Delete key: %d live", live)
	}
}

func TestSettingsScreen(t *testing.T) {
	u, w, svc := newTestUI(t)
	u.tabs.Select(u.settingsItem)
	s := u.settings
	if s.paper.Selected != app.PaperLetter || s.currency.Text != "USD" || s.weekStart.Selected != "Sunday" {
		t.Fatalf("US defaults not shown: %q %q %q", s.paper.Selected, s.currency.Text, s.weekStart.Selected)
	}
	test.Type(s.ownerName, "Sam Rivera")
	s.paper.SetSelected(app.PaperA4)
	test.Tap(findButton(u.tabs.Items[len(u.tabs.Items)-1].Content, "Save Settings"))
	got, _ := svc.Settings.Settings(context.Background())
	if got.OwnerName != "Sam Rivera" || got.PaperSize != app.PaperA4 {
		t.Fatalf("saved = %+v", got)
	}
	s.cooldown.SetText("3")
	test.Tap(findButton(u.tabs.Items[len(u.tabs.Items)-1].Content, "Save Settings"))
	tapDialogButton(t, w, "OK")
	s.cooldown.SetText("60")
	test.Tap(findButton(u.tabs.Items[len(u.tabs.Items)-1].Content, "Save Settings"))
	if got, _ := svc.Settings.Settings(context.Background()); got.AskCooldownDays != 60 {
		t.Fatalf("cool-down = %d", got.AskCooldownDays)
	}
	s.currency.SetText("dollars")
	test.Tap(findButton(u.tabs.Items[len(u.tabs.Items)-1].Content, "Save Settings"))
	tapDialogButton(t, w, "OK")
	if got, _ := svc.Settings.Settings(context.Background()); got.Currency != "USD" {
		t.Fatal("an invalid currency was saved")
	}
	s.currency.SetText("USD")
	s.offsetX.SetText("1,5")
	s.offsetY.SetText("-2")
	test.Tap(findButton(u.tabs.Items[len(u.tabs.Items)-1].Content, "Save Settings"))
	if got, _ := svc.Settings.Settings(context.Background()); got.PrintOffsetX != 15 || got.PrintOffsetY != -20 {
		t.Fatalf("printer offset saved as %d, %d tenths of a mm", got.PrintOffsetX, got.PrintOffsetY)
	}
	s.offsetY.SetText("25")
	test.Tap(findButton(u.tabs.Items[len(u.tabs.Items)-1].Content, "Save Settings"))
	tapDialogButton(t, w, "OK")
	if got, _ := svc.Settings.Settings(context.Background()); got.PrintOffsetY != -20 {
		t.Fatal("an offset beyond 20 mm was saved")
	}
}

// bigServices is every service over the sample business of 100,000
// contacts, for the benchmarks.
func bigServices(b *testing.B) Services {
	db, err := data.Open(context.Background(), filepath.Join(b.TempDir(), "big.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	stores := data.NewServices(db, app.DefaultSettings("US"))
	if err := demo.Load(context.Background(), stores, demo.MaxContacts, testNow); err != nil {
		b.Fatal(err)
	}
	return Services{Services: stores, Cards: data.NewCardService(db, stores.Settings),
		Now: func() time.Time { return testNow }, DBPath: db.Path, Backups: data.NewBackupService(db)}
}

// BenchmarkOpenContacts builds the whole window on 100,000 contacts, as at
// start-up (goal: first frame < 1 s).
func BenchmarkOpenContacts(b *testing.B) {
	svc := bigServices(b)
	a := test.NewApp()
	defer a.Quit()
	b.ResetTimer()
	for b.Loop() {
		w := a.NewWindow("bench")
		u := newMainUI(a, w, svc) // Today loads in the background: BenchmarkTodayLoad
		w.SetContent(u.root)
		w.Resize(fyne.NewSize(1200, 800))
		if u.contacts.rows.total != demo.MaxContacts {
			b.Fatal(u.contacts.rows.total)
		}
		w.Close()
	}
}

// BenchmarkTodayLoad reads what Today shows on 100,000 contacts; it runs
// in the background after the first frame.
func BenchmarkTodayLoad(b *testing.B) {
	svc := bigServices(b)
	t := newTodayTab(svc, nil, nil, nil)
	b.ResetTimer()
	for b.Loop() {
		if _, err := t.load(); err != nil {
			b.Fatal(err)
		}
	}
}
