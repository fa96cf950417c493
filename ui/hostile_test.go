package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The hostile values typed into the contact form and Settings through the
// test driver: each is saved and shown back as typed, or a dialog says
// what is wrong and the typing stays in the form.
func TestHostileForms(t *testing.T) {
	u, w, svc := newTestUI(t)
	ctx := context.Background()
	f := u.contacts.form
	values := []string{"", strings.Repeat("Zoë ", 1<<18), "Zoë 👩‍👩‍👧‍👦", "שלום مرحبا", "Zoë\x00\x07\x1b[31m",
		"Robert'); DROP TABLE contacts; --", "Zo\xff\xfe", "9999-12-31", "0000-01-01"}
	fields := map[string]*textEntry{"given name": f.given, "notes": f.notes, "emails": f.emails, "tags": f.tags, "other dates": f.occasions}
	for _, v := range values {
		for name, entry := range fields {
			if len(v) > 1<<16 && entry.MultiLine && name != "notes" {
				continue // one multi-line field takes the megabyte: Fyne lays out 20,000 characters slowly
			}
			f.dirty = false // each value on a fresh form
			test.Tap(u.contacts.newButton)
			f.family.SetText("Sweep")
			// Pasted, as a person would bring in a megabyte.
			entry.TypedShortcut(&fyne.ShortcutPaste{Clipboard: fixedClipboard(v)})
			if len([]rune(v)) > entry.max {
				if n := len([]rune(entry.Text)); n != entry.max {
					t.Errorf("%s: a %d-character paste left %d characters, want %d", name, len([]rune(v)), n, entry.max)
				}
				if top := w.Canvas().Overlays().Top(); top == nil || !hasText(top, "holds") {
					t.Errorf("%s: a shortened paste was not said", name)
				} else {
					dismiss(t, w)
				}
				v = entry.Text
			}
			typed := entry.Text
			saved := f.onSave()
			if !saved {
				// Refused: said at the field, in words, the typing kept.
				if len(f.marks.said) == 0 || !strings.Contains(f.status.Text, "attention") {
					t.Errorf("%s = %.20q: not saved, and nothing said", name, v)
				}
				for _, msg := range f.marks.said {
					if msg == "" || strings.Contains(msg, "Something went wrong") {
						t.Errorf("%s = %.20q: an unclear message %q", name, v, msg)
					}
				}
				if entry.Text != typed {
					t.Errorf("%s: the typing was lost after the refusal", name)
				}
				f.dirty = false
				continue
			}
			c, err := svc.Contacts.FindContactByID(ctx, f.contact.ID)
			if err != nil || c.FamilyName != "Sweep" {
				t.Fatalf("%s = %.20q: %+v, %v", name, v, c, err)
			}
		}
	}
	// The date entries: typed.
	for _, v := range values {
		if len(v) > 1<<16 {
			continue
		}
		f.dirty = false
		test.Tap(u.contacts.newButton)
		f.family.SetText("Sweep")
		f.birthday.SetText(v)
		if !f.onSave() {
			if len(f.marks.said) == 0 || strings.Contains(f.marks.said[0], "Something went wrong") || f.birthday.Entry.Validate() == nil && f.marks.said[0] == "" {
				t.Errorf("birthday %.20q: refused without a clear message", v)
			}
			f.dirty = false
		}
	}
	// Settings: the texts and numbers.
	u.tabs.Select(u.settingsItem)
	s := u.settings
	for _, v := range values {
		if len(v) > 1<<16 {
			v = v[:1<<14] // Settings' entries are plain Fyne ones: a megabyte would take minutes to lay out
		}
		for _, entry := range []*widget.Entry{s.ownerName, s.returnAddress, s.cooldown, s.tagCadences, s.giftBudget, s.offsetX} {
			u.settings.load()
			entry.SetText(v)
			s.onSave()
			if top := w.Canvas().Overlays().Top(); top != nil {
				if hasText(top, "Something went wrong") {
					t.Errorf("settings %.20q: an unclear message", v)
				}
				dismiss(t, w)
			}
		}
	}
	if _, err := svc.Settings.Settings(ctx); err != nil {
		t.Fatalf("settings after the sweep: %v", err)
	}
	if live, _, _ := svc.Contacts.CountContacts(ctx); live == 0 {
		t.Fatal("nothing was saved at all")
	}
}

// dismiss closes the dialog on top by its only or first button.
func dismiss(t *testing.T, w fyne.Window) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	b, ok := find(top, func(b *widget.Button) bool { return b.Text == "OK" || b.Text == "Close" })
	if !ok {
		w.Canvas().Overlays().Remove(top)
		return
	}
	test.Tap(b)
}
