package davsync_test

import (
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/davsync"
	"github.com/referable/referable/app/testkit/davtest"
)

// TestCalendarOnItsOwnServer: a service that keeps its calendars on a
// host of their own (iCloud, Fastmail), played by two Radicales: the
// address book on one, the calendar and task list found and kept on the
// other, with the same user and password.
func TestCalendarOnItsOwnServer(t *testing.T) {
	cards, cals := davtest.StartRadicale(t), davtest.StartRadicale(t)
	found, err := davsync.Discover(ctx, cards.URL, cals.URL, cards.User, cards.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	if found.CalendarServerURL != cals.URL {
		t.Errorf("the calendars' server is %q, want %q", found.CalendarServerURL, cals.URL)
	}
	if _, ok := davsync.Pick(found.Books, cards.AddressBook, false, false); !ok {
		t.Errorf("the address book is not found: %+v", found.Books)
	}
	cal, ok := davsync.Pick(found.Calendars, cals.Calendar, true, true)
	if !ok {
		t.Fatalf("the calendar on its own server is not found: %+v", found.Calendars)
	}
	made, err := davsync.Create(ctx, found, cards.Password, "Referable dates", false, nil)
	if err != nil {
		t.Fatal(err)
	}

	// Without a calendar server, the calendars are the address book's.
	same, err := davsync.Discover(ctx, cards.URL, "", cards.User, cards.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	if same.CalendarServerURL != "" || len(same.Calendars) != 1 {
		t.Errorf("one server: calendars at %q, %+v", same.CalendarServerURL, same.Calendars)
	}
	// A calendar server that does not answer says so.
	gone := davtest.StartRadicale(t)
	gone.Stop()
	if _, err := davsync.Discover(ctx, cards.URL, gone.URL, cards.User, cards.Password, nil); err == nil || !strings.Contains(app.ErrorMessage(err), "calendar server") {
		t.Errorf("a calendar server out of reach: %v", err)
	}

	b := newBook(t, cards, "b")
	acct, _ := b.sync.Account(ctx)
	acct.CalendarServerURL, acct.Calendar, acct.Tasks = found.CalendarServerURL, cal.Path, made.Path
	if err := b.sync.SaveAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	zoe := b.add(app.Contact{GivenName: "Zoë", FamilyName: "Müller", Birthday: app.Date{Month: time.April, Day: 15}})
	f := app.FollowUp{ContactID: zoe.ID, Kind: app.FollowCustom, Title: "Thank Zoë", Due: app.DateOf(time.Now()).AddDays(2)}
	if err := b.svc.FollowUps.CreateFollowUp(ctx, &f); err != nil {
		t.Fatal(err)
	}
	rep := b.run()
	if rep.Up.Created != 1 || len(davtest.Phone{S: cards}.Cards()) != 1 {
		t.Errorf("the card did not go to the address book's server: %+v", rep)
	}
	count := func(srv *davtest.Server, collection, comp string) int {
		n := 0
		for _, d := range calendarObjects(t, srv, collection) {
			if strings.Contains(d, "BEGIN:"+comp) {
				n++
			}
		}
		return n
	}
	if n := count(cals, cal.Path, "VEVENT"); n != 1 {
		t.Errorf("%d birthdays on the calendars' server, want 1", n)
	}
	if n := count(cals, made.Path, "VTODO"); n != 1 {
		t.Errorf("%d tasks on the calendars' server, want 1", n)
	}
	if n := count(cards, cards.Calendar, "VEVENT") + count(cards, cards.Calendar, "VTODO"); n != 0 {
		t.Errorf("%d objects on the address book's own calendar, want none", n)
	}
	// The second sync finds everything in step.
	if rep := b.run(); rep.Up.Total()+rep.Down.Total() != 0 || rep.TasksDone != 0 {
		t.Errorf("a second sync changed things: %+v", rep)
	}
}
