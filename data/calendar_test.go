package data_test

import (
	"context"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/demo"
	"github.com/referable/referable/data"
)

func TestUpcomingCardsAndKeepInTouch(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	svc := data.NewServices(db, app.DefaultSettings("US"))
	mk := func(c app.Contact) int64 {
		t.Helper()
		if err := svc.Contacts.CreateContact(ctx, &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	// Today is Sunday 22 Nov 2026; the post takes 5 days.
	zoe := mk(app.Contact{GivenName: "Zoë", Birthday: app.Date{Year: 1992, Month: 11, Day: 27}, Tags: []string{"vip"}})
	far := mk(app.Contact{GivenName: "Kiri", Birthday: app.Date{Month: 12, Day: 10}, MailLeadDays: 21})
	leap := mk(app.Contact{GivenName: "Leap", Birthday: app.Date{Year: 1988, Month: 2, Day: 29}})
	client := mk(app.Contact{GivenName: "José", ClientSince: app.Date{Year: 2021, Month: 11, Day: 30}, CadenceDays: 30})
	mk(app.Contact{GivenName: "Ana", Occasions: []app.Occasion{{Label: "Wedding", Date: app.Date{Year: 2015, Month: 1, Day: 3}}}})
	mk(app.Contact{GivenName: "Quinn", Birthday: app.Date{Month: 11, Day: 25}, DoNotContact: true})

	got, err := svc.Calendar.Upcoming(ctx, day, day.AddDays(60), 0)
	if total, cerr := svc.Calendar.CountUpcoming(ctx, day, day.AddDays(60)); err != nil || cerr != nil || total != 5 {
		t.Fatal(total, err, cerr)
	}
	var titles []string
	for _, u := range got {
		titles = append(titles, u.On.String()+" "+u.Title())
	}
	want := []string{
		"2026-11-25 Quinn's birthday",
		"2026-11-27 Zoë turns 34",
		"2026-11-30 José: 5 years as a client",
		"2026-12-10 Kiri's birthday",
		"2027-01-03 Ana: Wedding (12 years)",
	}
	if !slicesEqual(titles, want) {
		t.Fatalf("upcoming =\n%q\nwant\n%q", titles, want)
	}
	// Feb 29 falls on Feb 28 in 2027.
	if got, _ := svc.Calendar.Upcoming(ctx, app.Date{Year: 2027, Month: 2, Day: 28}, app.Date{Year: 2027, Month: 2, Day: 28}, 0); len(got) != 1 || got[0].ContactID != leap {
		t.Fatalf("Feb 28, 2027 = %+v", got)
	}
	// A page: the first two by day, and the total.
	if page, _ := svc.Calendar.Upcoming(ctx, day, day.AddDays(60), 2); len(page) != 2 || page[1].Name != "Zoë" {
		t.Fatalf("page = %+v", page)
	}
	// The month grid: December's cells.
	days, err := svc.Calendar.Days(ctx, app.Date{Year: 2026, Month: 11, Day: 30}, app.Date{Year: 2027, Month: 1, Day: 10}, 3)
	if err != nil || days[app.Date{Year: 2026, Month: 12, Day: 10}].Total != 1 || days[app.Date{Year: 2027, Month: 1, Day: 3}].First[0].Label != "Wedding" || len(days) != 3 {
		t.Fatalf("days = %+v, %v", days, err)
	}

	// Cards to post now: Zoë (27th − 5 = today) and Kiri (10 Dec − 21 days);
	// not José (mail by the 25th), not Quinn (do-not-contact).
	cards, err := svc.Calendar.CardsDue(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	if len(cards) != 2 || cards[0].ContactID != zoe || cards[1].ContactID != far {
		t.Fatalf("cards due = %+v", cards)
	}
	if err := svc.Calendar.LogInteraction(ctx, &app.Interaction{ContactID: zoe, On: day, Kind: app.InteractionCard}); err != nil {
		t.Fatal(err)
	}
	if cards, _ := svc.Calendar.CardsDue(ctx, day); len(cards) != 1 || cards[0].ContactID != far {
		t.Fatalf("after logging Zoë's card: %+v", cards)
	}
	if err := svc.Calendar.LogInteraction(ctx, &app.Interaction{ContactID: zoe, On: day.AddDays(1), Kind: app.InteractionCall}); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("interaction tomorrow = %v", err)
	}

	// Keep in touch: José every 30 days, never in touch since added today:
	// due in 30 days. The vip tag every 60 days covers Zoë.
	if err := svc.Calendar.SetTagCadence(ctx, "VIP", 60); err != nil {
		t.Fatal(err)
	}
	if o, _ := svc.Calendar.KeepInTouchOverdue(ctx, day); len(o) != 0 {
		t.Fatalf("overdue today = %+v", o)
	}
	o, err := svc.Calendar.KeepInTouchOverdue(ctx, day.AddDays(45))
	if err != nil || len(o) != 1 || o[0].ContactID != client || o[0].CadenceDays != 30 {
		t.Fatalf("overdue in 45 days = %+v, %v", o, err)
	}
	if o, _ := svc.Calendar.KeepInTouchOverdue(ctx, day.AddDays(70)); len(o) != 2 || o[0].ContactID != client || o[1].ContactID != zoe {
		t.Fatalf("overdue in 70 days = %+v", o)
	}
	// Forty days on, a call with José resets his clock.
	db.Now = func() time.Time { return fixedNow.AddDate(0, 0, 40) }
	if err := svc.Calendar.LogInteraction(ctx, &app.Interaction{ContactID: client, On: day.AddDays(40), Kind: app.InteractionCall, Note: "Checked the boiler"}); err != nil {
		t.Fatal(err)
	}
	if o, _ := svc.Calendar.KeepInTouchOverdue(ctx, day.AddDays(45)); len(o) != 0 {
		t.Fatalf("after a call: %+v", o)
	}
	if is, _ := svc.Calendar.FindInteractions(ctx, client, 5); len(is) != 1 || is[0].Note != "Checked the boiler" {
		t.Fatalf("interactions = %+v", is)
	}
	if c, _ := svc.Calendar.TagCadences(ctx); c["vip"] != 60 {
		t.Fatalf("tag cadences = %v", c)
	}
}

// sampleServices is every store over a fresh sample business of n contacts.
func sampleServices(b *testing.B, n int) app.Services {
	db := mustOpenDB(b)
	loadDemo(b, db, n)
	return data.NewServices(db, app.DefaultSettings("US"))
}

// BenchmarkUpcoming: occasions in the next 60 days over 100,000 contacts
// (goal < 20 ms), found by month-day index ranges.
func BenchmarkUpcoming(b *testing.B) {
	ctx, svc := context.Background(), sampleServices(b, demo.MaxContacts)
	b.ResetTimer()
	for b.Loop() {
		// What the agenda lists: the first page by day.
		got, err := svc.Calendar.Upcoming(ctx, day, day.AddDays(60), 100)
		if err != nil || len(got) != 100 {
			b.Fatal(len(got), err)
		}
	}
}

// BenchmarkCountUpcoming counts the occasions of the next 60 days over
// 100,000 contacts, as the agenda's total does.
func BenchmarkCountUpcoming(b *testing.B) {
	ctx, svc := context.Background(), sampleServices(b, demo.MaxContacts)
	b.ResetTimer()
	for b.Loop() {
		if n, err := svc.Calendar.CountUpcoming(ctx, day, day.AddDays(60)); err != nil || n < 10_000 {
			b.Fatal(n, err)
		}
	}
}

// BenchmarkMonthView computes a month grid's occasions over 100,000
// contacts (goal < 50 ms).
func BenchmarkMonthView(b *testing.B) {
	ctx, svc := context.Background(), sampleServices(b, demo.MaxContacts)
	b.ResetTimer()
	for b.Loop() {
		// A month grid shows six weeks: the days of the month and around.
		first := app.WeekStart(app.Date{Year: 2026, Month: time.December, Day: 1}, time.Monday)
		days, err := svc.Calendar.Days(ctx, first, first.AddDays(41), 3)
		if err != nil || len(days) < 40 {
			b.Fatal(len(days), err)
		}
	}
}
