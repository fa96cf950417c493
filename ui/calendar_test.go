package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

// withSample opens the window on the sample business, as a returning
// user would: it opens on Today.
func withSample(t *testing.T) (*mainUI, Services) {
	t.Helper()
	a, svc := newTestServices(t)
	if err := svc.LoadSample(context.Background()); err != nil {
		t.Fatal(err)
	}
	u, _ := openTestWindow(t, a, svc)
	u.today.refresh() // Create loads it in the background; tests load it now
	return u, svc
}

func TestTodayScreen(t *testing.T) {
	u, _ := withSample(t)
	if u.tabs.Selected() != u.todayItem {
		t.Fatal("the app does not open on Today")
	}
	td := u.today
	if td.title.Text != "Sunday, November 22" || // a US book: month first
		!strings.Contains(td.summary.Text, "to post") {
		t.Fatalf("Today heading %q, summary %q", td.title.Text, td.summary.Text)
	}
	if td.cardsN < 2 || td.weekN < 2 || td.followUpsN == 0 {
		t.Fatalf("cards %d, this week %d, follow-ups %d", td.cardsN, td.weekN, td.followUpsN)
	}
	// One click: the card is logged and leaves the list.
	before := td.cardsN
	test.Tap(findButton(td.cards, "Card Sent"))
	if td.cardsN != before-1 {
		t.Fatalf("after Card Sent: %d cards, was %d", td.cardsN, before)
	}
	followUps := td.followUpsN
	test.Tap(findButton(td.followUps, "Done"))
	if td.followUpsN != followUps-1 {
		t.Fatalf("after Done: %d follow-ups, was %d", td.followUpsN, followUps)
	}
}

func TestTodayEmptyStates(t *testing.T) {
	u, _, svc := newTestUI(t)
	if err := svc.Contacts.CreateContact(context.Background(), &app.Contact{GivenName: "Ada"}); err != nil {
		t.Fatal(err)
	}
	u.tabs.Select(u.todayItem)
	if u.today.summary.Text != "Nothing is due today." {
		t.Fatalf("summary = %q", u.today.summary.Text)
	}
	for _, section := range []struct {
		box    fyne.CanvasObject
		prefix string
	}{
		{u.today.cards, "No card to post today"}, {u.today.week, "No birthdays"},
		{u.today.followUps, "Nothing due"}, {u.today.overdue, "Everyone is within"},
	} {
		if !hasLabel(section.box, section.prefix) {
			t.Errorf("no empty state starting %q", section.prefix)
		}
	}
}

func hasLabel(obj fyne.CanvasObject, prefix string) bool {
	_, ok := find(obj, func(l *widget.Label) bool { return strings.HasPrefix(l.Text, prefix) })
	return ok
}

func TestMonthView(t *testing.T) {
	u, _ := withSample(t)
	u.tabs.Select(u.calendarItem)
	c := u.calendar
	if c.title.Text != "November 2026" || c.weekdays[0].Text != "Sun" {
		t.Fatalf("title %q, first weekday %q", c.title.Text, c.weekdays[0].Text)
	}
	// The sample sets Zoë's birthday five days from today, 27 Nov: in the
	// grid, Friday of the fourth week (Sunday-first, 1 Nov is a Sunday).
	cell := c.cells[26]
	if cell.number.Text != "27" {
		t.Fatalf("cell 26 is day %q", cell.number.Text)
	}
	found := false
	for _, b := range cell.entries {
		found = found || b.Visible() && b.Text == "Zoë Müller"
	}
	if !found {
		t.Fatal("Zoë's birthday is not on 27 Nov in the grid")
	}
	if len(c.upcoming) == 0 || c.upcoming[0].On.Before(app.DateOf(testNow)) {
		t.Fatalf("agenda = %+v", c.upcoming)
	}
	for _, e := range cell.entries {
		if e.Text == "Zoë Müller" {
			e.OnTapped() // what a click on the name does
		}
	}
	if u.window.Canvas().Overlays().Top() == nil {
		t.Fatal("clicking an occasion does not offer what to do")
	}
	tapDialogButton(t, u.window, "Close")
	// The next month; the week starts on Monday once set so.
	st, _ := u.svc.Settings.Settings(context.Background())
	st.WeekStart = time.Monday
	if err := u.svc.Settings.SaveSettings(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	c.shift(1)
	if c.title.Text != "December 2026" || c.weekdays[0].Text != "Mon" || c.cells[0].number.Text != "30" {
		t.Fatalf("December: %q, %q, first cell %q", c.title.Text, c.weekdays[0].Text, c.cells[0].number.Text)
	}
}

// "Prepare Card" on an occasion opens the Cards screen with the
// occasion's template and the person as the one recipient.
func TestPrepareCardFromAnOccasion(t *testing.T) {
	u, _ := withSample(t)
	u.tabs.Select(u.calendarItem)
	var birthday app.Upcoming
	for _, o := range u.calendar.upcoming {
		if o.Kind == app.OccasionBirthday {
			birthday = o
			break
		}
	}
	if birthday.ContactID == 0 {
		t.Fatal("no birthday in the calendar's agenda")
	}
	u.calendar.showOccasion(birthday)
	tapDialogButton(t, u.window, "Prepare Card")
	if u.tabs.Selected() != u.cardsItem {
		t.Fatal("Prepare Card did not open the Cards screen")
	}
	c := u.cards
	if tpl, _ := c.selectedTemplate(); tpl.Name != "birthday" || c.source.Selected != toChosen {
		t.Fatalf("the Cards screen shows %q for %q", tpl.Name, c.source.Selected)
	}
	if len(c.people) != 1 || c.people[0].ContactID != birthday.ContactID {
		t.Fatalf("recipients = %+v; want %s alone", c.people, birthday.Name)
	}
	if !strings.Contains(c.inside.Text+c.front.Text, strings.Fields(birthday.Name)[0]) {
		t.Fatalf("the card does not greet %s: %q / %q", birthday.Name, c.front.Text, c.inside.Text)
	}
}

// Today's cards to post each open the Cards screen in one click, with
// the fitting template and that person alone.
func TestPrepareCardFromToday(t *testing.T) {
	u, _ := withSample(t)
	td := u.today
	if td.cardsN == 0 {
		t.Fatal("no card to post on Today")
	}
	test.Tap(findButton(td.cards, "Prepare Card"))
	if u.tabs.Selected() != u.cardsItem {
		t.Fatal("Prepare Card did not open the Cards screen")
	}
	c := u.cards
	if c.source.Selected != toChosen || len(c.people) != 1 {
		t.Fatalf("the Cards screen sends to %q, %d people; want one chosen", c.source.Selected, len(c.people))
	}
	if tpl, _ := c.selectedTemplate(); tpl.Purpose != cards.PurposeBirthday && tpl.Purpose != cards.PurposeAnniversary {
		t.Fatalf("the Cards screen shows %q (%s) for a card to post", tpl.Name, tpl.Purpose)
	}
}

// The tray shows the agenda's line, the one Today and the notification
// read.
func TestTrayShowsWhatIsDue(t *testing.T) {
	u, svc := withSample(t)
	u.trayDue = fyne.NewMenuItem("Reading what is due…", nil)
	u.trayMenu = fyne.NewMenu("Referable", u.trayDue)
	u.notifyDue()
	a, err := app.LoadAgenda(context.Background(), svc.Services, app.DateOf(testNow), 0, 1)
	if err != nil || u.trayDue.Label != a.Summary() || !strings.Contains(u.trayDue.Label, "to post") {
		t.Fatalf("tray line %q; the agenda says %q (%v)", u.trayDue.Label, a.Summary(), err)
	}
	if u.today.summary.Text != a.Summary() {
		t.Fatalf("Today says %q, the tray %q", u.today.summary.Text, u.trayDue.Label)
	}
}

// Days ahead that are not 1 to 366 are refused on the Cards screen with
// the finder's words.
func TestCardsDaysAheadRefused(t *testing.T) {
	u, _ := withSample(t)
	u.tabs.Select(u.cardsItem)
	c := u.cards
	c.source.SetSelected(toOccasions)
	for _, days := range []string{"abc", "0", "400"} {
		c.days.SetText(days)
		c.loadPeople()
		if c.count.Text != "Say how many days ahead to look: 1 to 366." || len(c.people) != 0 {
			t.Fatalf("%q days: %q, %d people", days, c.count.Text, len(c.people))
		}
	}
	c.days.SetText("60")
	c.loadPeople()
	if len(c.people) == 0 {
		t.Fatal("60 days ahead finds no one")
	}
}

// Today's Card Sent, Done and Called each say what they did in the
// status line with an Undo, and Edit → Undo takes the last one back.
func TestTodayUndo(t *testing.T) {
	u, _ := withSample(t)
	td := u.today
	cardsN, followUpsN, overN := td.cardsN, td.followUpsN, td.overN
	if u.undo.menu.Disabled == false {
		t.Fatal("Edit → Undo is offered before anything was done")
	}

	test.Tap(findButton(td.cards, "Card Sent"))
	if td.cardsN != cardsN-1 || !strings.HasPrefix(u.undo.text.Text, "Card Sent for ") {
		t.Fatalf("after Card Sent: %d cards (was %d), status %q", td.cardsN, cardsN, u.undo.text.Text)
	}
	if u.undo.menu.Disabled || !strings.HasPrefix(u.undo.menu.Label, "Undo Card Sent for ") {
		t.Fatalf("Edit → Undo reads %q (disabled %v)", u.undo.menu.Label, u.undo.menu.Disabled)
	}
	test.Tap(u.undo.button) // the status line's Undo
	if td.cardsN != cardsN || !strings.HasPrefix(u.undo.text.Text, "Undone: Card Sent for ") || !u.undo.menu.Disabled {
		t.Fatalf("after Undo: %d cards (want %d), status %q", td.cardsN, cardsN, u.undo.text.Text)
	}

	test.Tap(findButton(td.followUps, "Done"))
	if td.followUpsN != followUpsN-1 {
		t.Fatalf("after Done: %d follow-ups, was %d", td.followUpsN, followUpsN)
	}
	u.undo.menu.Action() // Edit → Undo
	if td.followUpsN != followUpsN {
		t.Fatalf("after Edit → Undo: %d follow-ups, want %d", td.followUpsN, followUpsN)
	}

	test.Tap(findButton(td.overdue, "Called"))
	if td.overN != overN-1 && overN <= todayRows {
		t.Fatalf("after Called: %d to get in touch with, was %d", td.overN, overN)
	}
	u.undo.menu.Action()
	if td.overN != overN {
		t.Fatalf("after undoing Called: %d, want %d", td.overN, overN)
	}
	u.undo.menu.Action() // nothing left to undo: no change, no error
	if td.overN != overN || td.cardsN != cardsN {
		t.Fatal("a second undo changed something")
	}
}

// Every card-shaped row on Today offers Prepare Card: a birthday this
// week, a thank-you follow-up.
func TestTodayPrepareCardOnEveryCardRow(t *testing.T) {
	u, svc := withSample(t)
	ctx := context.Background()
	if findButton(u.today.week, "Prepare Card") == nil {
		t.Error("this week's birthdays offer no Prepare Card")
	}
	// A thank-you falls due today (the app's own falls due in two days).
	zoe, _, _ := svc.Contacts.FindContacts(ctx, app.ContactFilter{Query: "Zoë Müller", Limit: 1})
	lead := &app.Contact{GivenName: "Łukasz", FamilyName: "Nowak"}
	r := &app.Referral{ReferrerID: zoe[0].ID, ReceivedOn: app.DateOf(testNow)}
	if err := svc.Referrals.CreateReferral(ctx, r, lead); err != nil {
		t.Fatal(err)
	}
	thank := &app.FollowUp{ContactID: zoe[0].ID, ReferralID: r.ID, Kind: app.FollowThank, Title: "Thank Zoë now", Due: app.DateOf(testNow)}
	if err := svc.FollowUps.CreateFollowUp(ctx, thank); err != nil {
		t.Fatal(err)
	}
	u.today.refresh()
	var row fyne.CanvasObject
	for _, o := range u.today.followUps.Objects {
		if _, ok := find(o, func(l *widget.Label) bool { return strings.HasPrefix(l.Text, "Thank Zoë") }); ok {
			row = o
		}
	}
	if row == nil {
		t.Fatal("no thank-you for Zoë on Today")
	}
	b := findButton(row, "Prepare Card")
	if b == nil {
		t.Fatal("the thank-you offers no Prepare Card")
	}
	test.Tap(b)
	c := u.cards
	waitFor(t, "Zoë's thank-you", func() bool { return len(c.people) == 1 && c.current == 0 })
	if tpl, _ := c.selectedTemplate(); tpl.Purpose != cards.PurposeThanks || !strings.Contains(c.inside.Text, "Łukasz") {
		t.Fatalf("Prepare Card shows %q: %q", tpl.Name, c.inside.Text)
	}
}
