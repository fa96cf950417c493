// Package ical writes yearly occasions as an iCalendar file that any
// calendar app imports: one all-day event a year per birthday, client
// anniversary and labelled date, with UIDs that stay the same from one
// export to the next, so importing again updates instead of duplicating.
package ical

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	goical "github.com/emersion/go-ical"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/fold"
)

// Write writes every occasion once as a yearly all-day event. stamp is the
// DTSTAMP of every event (the time of the export).
func Write(w io.Writer, occasions []app.Upcoming, stamp time.Time) error {
	cal := goical.NewCalendar()
	cal.Props.SetText(goical.PropVersion, "2.0")
	cal.Props.SetText(goical.PropProductID, "-//Referable//Occasions//EN")
	cal.Props.SetText("X-WR-CALNAME", "Referable: birthdays and anniversaries")
	seen := map[string]bool{}
	for _, u := range occasions {
		uid := UID(u)
		if seen[uid] {
			continue
		}
		seen[uid] = true
		cal.Children = append(cal.Children, event(u, uid, stamp).Component)
	}
	if err := goical.NewEncoder(fold.NewWriter(w)).Encode(cal); err != nil {
		return fmt.Errorf("write iCalendar: %w", err)
	}
	return nil
}

// UID names an occasion for good: its kind, contact and label.
func UID(u app.Upcoming) string {
	slug := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return '-'
	}, app.Fold(u.Label))
	return fmt.Sprintf("%s-%d-%s@referable", u.Kind, u.ContactID, strings.Trim(slug, "-"))
}

func event(u app.Upcoming, uid string, stamp time.Time) *goical.Event {
	e := goical.NewEvent()
	e.Props.SetText(goical.PropUID, uid)
	e.Props.SetDateTime(goical.PropDateTimeStamp, stamp.UTC())
	// A date without a year starts in 2000, a leap year, so Feb 29 is valid.
	year := u.Date.Year
	if year == 0 {
		year = 2000
	}
	e.Props.SetDate(goical.PropDateTimeStart, time.Date(year, u.Date.Month, u.Date.Day, 0, 0, 0, 0, time.UTC))
	rule := goical.NewProp(goical.PropRecurrenceRule)
	rule.Value = "FREQ=YEARLY"
	if u.Date.Month == time.February && u.Date.Day == 29 {
		rule.Value = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" // the last day of February, every year
	}
	e.Props.Set(rule)
	e.Props.SetText(goical.PropSummary, summary(u))
	e.Props.SetText(goical.PropTransparency, "TRANSPARENT")
	e.Props.SetText(goical.PropCategories, u.Label)
	return e
}

// summary names the occasion without an age, which changes every year,
// in the owner's language.
func summary(u app.Upcoming) string {
	switch u.Kind {
	case app.OccasionBirthday:
		return app.Tf("%s's birthday", u.Name)
	case app.OccasionAnniversary:
		return app.Tf("%s: client anniversary", u.Name)
	}
	return app.Tf("%s: %s", u.Name, u.Label)
}

// Object writes one occasion as a calendar object of its own, for a
// CalDAV calendar: the yearly event, with an alarm on its mail-by day
// (leadDays before it) to post the card. stamp is its DTSTAMP.
func Object(u app.Upcoming, leadDays int, stamp time.Time) (string, error) {
	cal := goical.NewCalendar()
	cal.Props.SetText(goical.PropVersion, "2.0")
	cal.Props.SetText(goical.PropProductID, "-//Referable//Occasions//EN")
	e := event(u, UID(u), stamp)
	if leadDays > 0 {
		alarm := goical.NewComponent(goical.CompAlarm)
		alarm.Props.SetText(goical.PropAction, "DISPLAY")
		alarm.Props.SetText(goical.PropDescription, app.Tf("Post a card to %s today so it arrives in time.", u.Name))
		trigger := goical.NewProp(goical.PropTrigger)
		trigger.Value = fmt.Sprintf("-P%dD", leadDays)
		alarm.Props.Set(trigger)
		e.Children = append(e.Children, alarm)
	}
	cal.Children = append(cal.Children, e.Component)
	var b strings.Builder
	if err := goical.NewEncoder(fold.NewWriter(&b)).Encode(cal); err != nil {
		return "", fmt.Errorf("write iCalendar: %w", err)
	}
	return b.String(), nil
}
