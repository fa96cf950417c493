package ui

import (
	"context"
	"fyne.io/fyne/v2/dialog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// Enter in the contact picker picks the match typed.
func TestContactPickerEnterPicks(t *testing.T) {
	u, svc := withSample(t)
	var picked app.ContactSummary
	pickContact(u.window, svc.Contacts, "Choose", 0, func(c app.ContactSummary) { picked = c })
	top := u.window.Canvas().Overlays().Top()
	search, _ := find(top, func(e *widget.Entry) bool { return e.PlaceHolder == "Type a name…" })
	test.Type(search, "Zoë Mü")
	search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if picked.Name != "Zoë Müller" {
		t.Fatalf("Enter picked %+v", picked)
	}
	_ = context.Background()
}

// Every button with only an icon says what it does when the pointer
// rests on it; the Gifts screen's icon is not a plus.
func TestIconButtonsHaveTips(t *testing.T) {
	u, _ := withSample(t)
	// Every icon-only button of the app's own is a tipButton with words.
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for i, line := range strings.Split(string(src), "\n") {
			if strings.Contains(line, `NewButtonWithIcon("",`) && !strings.Contains(line, "its words are set below") {
				t.Errorf("%s:%d: a button with an icon and no words: use newIconButton and say what it does", f, i+1)
			}
			if strings.Contains(line, `newIconButton(`) && strings.Contains(line, `, "",`) {
				t.Errorf("%s:%d: an icon button with no tip", f, i+1)
			}
		}
	}
	if u.giftsItem.Icon.Name() == theme.ContentAddIcon().Name() {
		t.Error("the Gifts screen's icon is a plus")
	}
	b := u.today.openButton(1)
	w := test.NewTempWindow(t, b)
	b.MouseIn(&desktop.MouseEvent{})
	if top := w.Canvas().Overlays().Top(); top == nil || !hasText(top, "Open the contact") {
		t.Error("resting on an icon button shows no tip")
	}
	b.MouseOut()
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the tip stays after the pointer leaves")
	}
}

// The goals' legend shows the bars' own colours, in dark as in light;
// the referral month's meter is empty at 0 % and full at 100 %.
func TestChartsSayWhatTheyShow(t *testing.T) {
	for _, appearance := range []string{AppearanceLight, AppearanceDark} {
		test.NewTempApp(t).Settings().SetTheme(&warmTheme{appearance: appearance})
		legend := newChartLegend()
		test.NewTempWindow(t, legend)
		rects := []*canvas.Rectangle{}
		find(legend, func(r *canvas.Rectangle) bool { rects = append(rects, r); return false })
		chart := newBarChart()
		chart.set([]bar{{label: "Nov", dark: 3, light: 1}}, 0)
		test.NewTempWindow(t, chart)
		bars := []*canvas.Rectangle{}
		find(chart, func(r *canvas.Rectangle) bool { bars = append(bars, r); return false })
		if len(rects) < 2 || len(bars) < 2 || rects[0].FillColor != bars[0].FillColor || rects[1].FillColor != bars[1].FillColor {
			t.Errorf("%s: the legend's colours are not the bars'", appearance)
		}
	}
	m := newMeter()
	w := test.NewTempWindow(t, m)
	w.Resize(fyne.NewSize(400, 40))
	m.set(0, "0 % asked")
	r := test.WidgetRenderer(m).(*meterRenderer)
	if r.done.Size().Width != 0 {
		t.Errorf("at 0 %% the meter is %v full", r.done.Size().Width)
	}
	m.set(1, "100 % asked")
	if r.done.Size().Width != r.track.Size().Width {
		t.Error("at 100 % the meter is not full")
	}
}

// "and N more…" on Today opens that section whole, in place, and Show
// fewer closes it: it never throws the owner into an unfiltered list.
func TestTodayMoreOpensInPlace(t *testing.T) {
	u, _ := withSample(t)
	td := u.today
	if td.overN <= todayRows {
		t.Skipf("the sample has %d people to get in touch with, not more than %d", td.overN, todayRows)
	}
	more, ok := find(td.overdue, func(h *widget.Hyperlink) bool { return strings.HasPrefix(h.Text, "and ") })
	if !ok {
		t.Fatal("no “and N more…” under Keep in touch")
	}
	more.OnTapped() // as a click on its words does
	if u.tabs.Selected() != u.todayItem {
		t.Fatal("“and N more…” left Today")
	}
	called := 0
	find(td.overdue, func(b *widget.Button) bool {
		if b.Text == "Called" {
			called++
		}
		return false
	})
	if called != td.overN {
		t.Fatalf("opened, Keep in touch shows %d of %d", called, td.overN)
	}
	fewer, ok := find(td.overdue, func(h *widget.Hyperlink) bool { return h.Text == "Show fewer" })
	if !ok {
		t.Fatal("no Show fewer")
	}
	fewer.OnTapped()
	if _, ok := find(td.overdue, func(h *widget.Hyperlink) bool { return strings.HasPrefix(h.Text, "and ") }); !ok {
		t.Error("Show fewer did not close the section")
	}
}

// Help → Keyboard Shortcuts lists every shortcut of the menus, and
// README's table has each of them.
func TestKeyboardShortcutsListed(t *testing.T) {
	u, _ := withSample(t)
	rows := u.shortcutRows()
	readme, _ := os.ReadFile("../README.md")
	for _, m := range u.menu.Items {
		for _, item := range m.Items {
			sc, ok := item.Shortcut.(*desktop.CustomShortcut)
			if !ok {
				continue
			}
			keys, listed := keysText(sc), false
			for _, r := range rows {
				listed = listed || r[0] == keys && strings.Contains(r[1], item.Label)
			}
			if !listed {
				t.Errorf("%s → %s (%s) is not in the shortcuts list", m.Label, item.Label, keys)
			}
			if k := strings.TrimPrefix(keys, "Ctrl+"); !strings.Contains(string(readme), "| "+keys+" |") && !(k >= "1" && k <= "7") {
				t.Errorf("README's keyboard table has no %s", keys)
			}
		}
	}
	u.showShortcuts()
	if top := u.window.Canvas().Overlays().Top(); top == nil || !hasText(top, "Edit → Undo") {
		t.Error("Help → Keyboard Shortcuts shows no list")
	}
}

// The lists stay on the item edited: after Save the contact's row stays
// highlighted and in view; after Won the referral's row (when the list
// still shows it) and nothing else; a contact opened shows the top of
// their page, not the last one's scroll.
func TestListsKeepTheEditedItem(t *testing.T) {
	u, svc := withSample(t)
	ctx := context.Background()
	c := u.contacts
	u.tabs.Select(u.contactsItem)
	late, _, _ := svc.Contacts.FindContacts(ctx, app.ContactFilter{Query: "Zoë Müller", Limit: 1})
	c.open(late[0].ID)
	c.form.scroll.ScrollToBottom()
	c.form.tags.SetText("vip, neighbor")
	if !c.form.onSave() {
		t.Fatal("the save was refused")
	}
	if i := c.rows.indexOf(late[0].ID); i < 0 || c.selectedID != late[0].ID {
		t.Fatalf("after Save the list is on %d, want %d", c.selectedID, late[0].ID)
	}
	if c.form.scroll.Offset.Y == 0 {
		t.Error("saving moved the page to its top")
	}
	other, _, _ := svc.Contacts.FindContacts(ctx, app.ContactFilter{Query: "Ingrid Kim", Limit: 1})
	c.open(other[0].ID)
	if c.form.scroll.Offset.Y != 0 {
		t.Error("another contact opened mid-page, where the last one was scrolled")
	}

	u.tabs.Select(u.referralsItem)
	p := u.referrals.pipeline
	meeting := winAMeeting(t, u)
	if p.highlighted < 0 || p.rows[p.highlighted].ID != meeting.ID || p.selected.Status != app.StatusWon {
		t.Fatalf("after Won the list highlights row %d, want the won referral", p.highlighted)
	}
}

// winAMeeting marks the first referral at the meeting stage won, for
// $900, on the pipeline showing every referral.
func winAMeeting(t *testing.T, u *mainUI) app.Referral {
	t.Helper()
	p := u.referrals.pipeline
	p.status.SetSelected(showAll)
	var meeting app.Referral
	for _, r := range p.rows {
		if r.Status == app.StatusMeeting {
			meeting = r
			break
		}
	}
	p.selectReferral(meeting.ID)
	test.Tap(p.moves[app.StatusWon])
	won := u.window.Canvas().Overlays().Top()
	findEntry(won, "e.g. 1250.00 (USD)").SetText("900")
	test.Tap(findButton(won, "Mark Won"))
	return meeting
}

// Edit → Undo takes back the last action on Calendar, Referrals and
// Gifts, as on Today.
func TestUndoOnEveryScreen(t *testing.T) {
	u, svc := withSample(t)
	ctx := context.Background()
	undo := func(what string) {
		t.Helper()
		if u.undo.menu.Disabled || !strings.Contains(u.undo.menu.Label, what) {
			t.Fatalf("Edit → Undo reads %q (disabled %v), want it to name %q", u.undo.menu.Label, u.undo.menu.Disabled, what)
		}
		u.undo.menu.Action()
	}

	// Calendar: Card Sent on an occasion.
	u.tabs.Select(u.calendarItem)
	occ := u.calendar.upcoming[0]
	u.calendar.showOccasion(occ)
	tapDialogButton(t, u.window, "Card Sent")
	touches, _ := svc.Calendar.FindInteractions(ctx, occ.ContactID, 5)
	undo("Card Sent for " + occ.Name)
	if after, _ := svc.Calendar.FindInteractions(ctx, occ.ContactID, 5); len(after) != len(touches)-1 {
		t.Fatalf("undoing Card Sent left %d interactions, %d before", len(after), len(touches))
	}

	// Referrals: a follow-up done, a referral won.
	u.tabs.Select(u.referralsItem)
	u.referrals.tabs.SelectIndex(1)
	f := u.referrals.followUps
	first := f.rows[0]
	f.close(first, app.FollowDone)
	undo("Done: " + first.Title)
	if f.rows[0].ID != first.ID {
		t.Fatal("undoing Done did not bring the follow-up back")
	}
	u.referrals.tabs.SelectIndex(0)
	meeting := winAMeeting(t, u)
	undo(meeting.LeadName + ": Won")
	if r, _ := svc.Referrals.FindReferralByID(ctx, meeting.ID); r.Status != app.StatusMeeting || r.ValueWon != 0 {
		t.Fatalf("after undoing Won: %s, %v", r.Status, r.ValueWon)
	}

	// Gifts: a gift deleted.
	u.tabs.Select(u.giftsItem)
	g := u.gifts.gifts[0]
	u.gifts.editGift(g)
	tapDialogButton(t, u.window, "Delete")
	tapDialogButton(t, u.window, "Yes")
	undo("Deleted the gift")
	if back, _, _ := svc.Gifts.FindGifts(ctx, app.GiftFilter{ContactID: g.ContactID}); !containsGift(back, g.ID) {
		t.Fatal("undoing the deletion did not bring the gift back")
	}
}

func containsGift(gs []app.Gift, id int64) bool {
	for _, g := range gs {
		if g.ID == id {
			return true
		}
	}
	return false
}

// Dates as the owner writes them: a birthday typed "14 Sept" reads as
// 14 September without a year, shows as the owner's words, and a day
// that does not exist is marked at the field; the calendar picks a day,
// with No year for a birthday; ISO never shows.
func TestDateFields(t *testing.T) {
	u, svc := withSample(t)
	f := u.contacts.form
	u.tabs.Select(u.contactsItem)
	zoe, _, _ := svc.Contacts.FindContacts(context.Background(), app.ContactFilter{Query: "Zoë Müller", Limit: 1})
	u.contacts.open(zoe[0].ID)
	if strings.Contains(f.birthday.Text, "-") || f.birthday.Text == "" {
		t.Fatalf("the birthday shows as %q", f.birthday.Text)
	}
	f.birthday.SetText("14 Sept")
	if d, err := f.birthday.Date(); err != nil || d != (app.Date{Month: 9, Day: 14}) {
		t.Fatalf("“14 Sept” reads as %v, %v", d, err)
	}
	f.birthday.SetText("31 September")
	if err := f.birthday.Validate(); err == nil {
		t.Error("31 September is not marked at the field")
	}
	f.clientSince.SetText("14 Sept")
	if _, err := f.clientSince.Date(); err == nil {
		t.Error("a client-since date without a year was taken")
	}

	f.birthday.SetText("")
	f.birthday.openCalendar()
	pop := f.birthday.popUp
	noYear, _ := find(pop, func(c *widget.Check) bool { return c.Text == "No year" })
	noYear.SetChecked(true)
	day, _ := find(pop, func(b *widget.Button) bool { return b.Text == "14" })
	test.Tap(day)
	if d, _ := f.birthday.Date(); d.HasYear() || d.Day != 14 || d.Month != time.November {
		t.Fatalf("picking 14 with No year gave %v (%q)", d, f.birthday.Text)
	}
}

// Escape closes the dialog on top by its Cancel (or Close, or No), so the
// dialog's own leaving is done; a key typed while a dialog is open is
// not the screen's (Delete trashes no contact behind it).
func TestEscapeClosesTheDialog(t *testing.T) {
	u, _ := withSample(t)
	u.tabs.Select(u.contactsItem)
	u.contacts.list.Select(0)
	before := u.contacts.count.Text
	asked := false
	dialog.ShowConfirm("Delete?", "Really?", func(ok bool) { asked = true; _ = ok }, u.window)
	escape := func() { u.window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }
	u.window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if u.contacts.count.Text != before {
		t.Fatal("Delete behind a dialog trashed a contact")
	}
	escape()
	if u.window.Canvas().Overlays().Top() != nil || !asked {
		t.Fatalf("Escape left the confirm dialog open (answered %v)", asked)
	}
	u.showShortcuts()
	escape()
	if u.window.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape left the shortcuts open")
	}
}
