package app_test

import (
	"testing"
	"time"

	"github.com/referable/referable/app"
)

func d(y int, m time.Month, day int) app.Date { return app.Date{Year: y, Month: m, Day: day} }

func TestNextOccurrence(t *testing.T) {
	for _, tc := range []struct {
		name   string
		date   app.Date
		from   app.Date
		march1 bool
		want   app.Date
	}{
		{"later this year", d(1984, 12, 3), d(2026, 11, 22), false, d(2026, 12, 3)},
		{"today counts", d(1984, 11, 22), d(2026, 11, 22), false, d(2026, 11, 22)},
		{"passed: next year", d(1984, 11, 21), d(2026, 11, 22), false, d(2027, 11, 21)},
		{"year unknown", app.Date{Month: 1, Day: 5}, d(2026, 11, 22), false, d(2027, 1, 5)},
		{"Feb 29 in a common year: Feb 28", d(1988, 2, 29), d(2027, 1, 1), false, d(2027, 2, 28)},
		{"Feb 29 in a common year: Mar 1", d(1988, 2, 29), d(2027, 1, 1), true, d(2027, 3, 1)},
		{"Feb 29 in a leap year", d(1988, 2, 29), d(2028, 1, 1), true, d(2028, 2, 29)},
		{"Feb 29 without a year", app.Date{Month: 2, Day: 29}, d(2026, 3, 1), false, d(2027, 2, 28)},
		{"Feb 29 seen on Mar 1 itself", d(1988, 2, 29), d(2027, 3, 1), true, d(2027, 3, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := app.NextOccurrence(tc.date, tc.from, tc.march1); got != tc.want {
				t.Fatalf("NextOccurrence(%v from %v) = %v, want %v", tc.date, tc.from, got, tc.want)
			}
		})
	}
}

func TestOccurrencesAgesAndMailBy(t *testing.T) {
	born := d(1992, 11, 9)
	// A window over New Year holds one occurrence; one over two years, two.
	if got := app.OccurrencesBetween(born, d(2026, 12, 1), d(2027, 1, 31), false); len(got) != 0 {
		t.Errorf("December–January window: %v", got)
	}
	if got := app.OccurrencesBetween(born, d(2026, 1, 1), d(2027, 12, 31), false); len(got) != 2 {
		t.Errorf("two-year window: %v", got)
	}
	// Nothing before the date itself: a client since 2026 has no 2025 anniversary.
	if got := app.OccurrencesBetween(d(2026, 3, 1), d(2025, 1, 1), d(2026, 12, 31), false); len(got) != 1 || got[0].Year != 2026 {
		t.Errorf("anniversary before the start: %v", got)
	}
	if got := app.YearsAt(born, d(2026, 11, 9)); got != 34 {
		t.Errorf("age = %d", got)
	}
	if got := app.YearsAt(app.Date{Month: 11, Day: 9}, d(2026, 11, 9)); got != 0 {
		t.Errorf("age without a year = %d", got)
	}
	for _, tc := range []struct {
		on   app.Date
		lead int
		want app.Date
	}{
		{d(2026, 11, 27), 5, d(2026, 11, 22)},
		{d(2027, 1, 2), 5, d(2026, 12, 28)},    // across New Year
		{d(2028, 3, 3), 5, d(2028, 2, 27)},     // across a leap day
		{d(2026, 12, 10), 21, d(2026, 11, 19)}, // far away: three weeks
		{d(2026, 11, 22), 0, d(2026, 11, 22)},
	} {
		if got := app.MailBy(tc.on, tc.lead); got != tc.want {
			t.Errorf("MailBy(%v, %d) = %v, want %v", tc.on, tc.lead, got, tc.want)
		}
	}
}

func TestUpcomingTitles(t *testing.T) {
	for _, tc := range []struct {
		u    app.Upcoming
		want string
	}{
		{app.Upcoming{Name: "Zoë", Kind: app.OccasionBirthday, Years: 34}, "Zoë turns 34"},
		{app.Upcoming{Name: "Zoë", Kind: app.OccasionBirthday}, "Zoë's birthday"},
		{app.Upcoming{Name: "José", Kind: app.OccasionAnniversary, Years: 1}, "José: 1 year as a client"},
		{app.Upcoming{Name: "José", Kind: app.OccasionAnniversary, Years: 5}, "José: 5 years as a client"},
		{app.Upcoming{Name: "Ana", Kind: app.OccasionOther, Label: "Wedding", Years: 10}, "Ana: Wedding (10 years)"},
		{app.Upcoming{Name: "Ana", Kind: app.OccasionOther, Label: "Company founded"}, "Ana: Company founded"},
	} {
		if got := tc.u.Title(); got != tc.want {
			t.Errorf("Title = %q, want %q", got, tc.want)
		}
	}
}

func TestWeekBoundariesAndMidnight(t *testing.T) {
	// Just before midnight in Auckland is already the next day there: the
	// date is taken in the clock's own zone, never converted to UTC.
	auckland := time.FixedZone("NZDT", 13*3600)
	late := time.Date(2026, 11, 22, 23, 59, 0, 0, auckland)
	if got := app.DateOf(late); got != d(2026, 11, 22) {
		t.Errorf("DateOf(23:59 NZDT) = %v", got)
	}
	if got := app.DateOf(late.Add(2 * time.Minute)); got != d(2026, 11, 23) {
		t.Errorf("DateOf(00:01 NZDT) = %v", got)
	}
	for _, tc := range []struct {
		day   app.Date
		start time.Weekday
		want  app.Date
	}{
		{d(2026, 11, 22), time.Monday, d(2026, 11, 16)}, // a Sunday ends a Monday week
		{d(2026, 11, 23), time.Monday, d(2026, 11, 23)}, // a Monday starts one
		{d(2026, 11, 22), time.Sunday, d(2026, 11, 22)},
		{d(2027, 1, 2), time.Monday, d(2026, 12, 28)}, // across New Year
	} {
		if got := app.WeekStart(tc.day, tc.start); got != tc.want {
			t.Errorf("WeekStart(%v, %v) = %v, want %v", tc.day, tc.start, got, tc.want)
		}
	}
	if got := app.KeepInTouchDue(app.Date{}, d(2026, 1, 1), 90); got != d(2026, 4, 1) {
		t.Errorf("never touched: due %v", got)
	}
	if got := app.KeepInTouchDue(d(2026, 10, 1), d(2020, 1, 1), 30); got != d(2026, 10, 31) {
		t.Errorf("touched: due %v", got)
	}
}

func TestDueSummary(t *testing.T) {
	for _, tc := range []struct {
		cards, followUps, overdue int
		want                      string
	}{
		{0, 0, 0, ""},
		{1, 0, 0, "1 card to post."},
		{2, 3, 1, "2 cards to post, 3 follow-ups due, 1 person to get in touch with."},
		{0, 1, 4, "1 follow-up due, 4 people to get in touch with."},
	} {
		if got := app.DueSummary(tc.cards, tc.followUps, tc.overdue); got != tc.want {
			t.Errorf("DueSummary(%d, %d, %d) = %q, want %q", tc.cards, tc.followUps, tc.overdue, got, tc.want)
		}
	}
}
