package app

import "context"

// Agenda is what is due on a day and what is coming after it: the one
// reading of it that Today, the notification, the tray and
// `referable agenda` share.
type Agenda struct {
	Day     Date
	Cards   []Upcoming // cards to post now: their mail-by day has come
	Coming  []Upcoming // the occasions of the days ahead, at most the limit
	ComingN int        // how many there are in all
	Due     []FollowUp // open follow-ups due by the day, at most the limit
	DueN    int        // how many there are in all
	Overdue []Overdue  // people past their keep-in-touch cadence
}

// NothingDue is the line shown when nothing is due (its English key).
const NothingDue = "Nothing is due today."

// Summary is what is due in one line ("3 cards to post, 1 follow-up
// due."), or NothingDue.
func (a Agenda) Summary() string {
	if s := DueSummary(len(a.Cards), a.DueN, len(a.Overdue)); s != "" {
		return s
	}
	return T(NothingDue)
}

// Anything reports whether something is due (a notification is worth
// sending).
func (a Agenda) Anything() bool {
	return len(a.Cards) > 0 || a.DueN > 0 || len(a.Overdue) > 0
}

// LoadAgenda reads the agenda of day: the occasions of the next days
// days (day itself included as day 0), and at most limit rows of the
// coming occasions and the follow-ups (0: all of them).
func LoadAgenda(ctx context.Context, svc Services, day Date, days, limit int) (Agenda, error) {
	a := Agenda{Day: day}
	var err error
	if a.Cards, err = svc.Calendar.CardsDue(ctx, day); err != nil {
		return a, err
	}
	if a.Coming, err = svc.Calendar.Upcoming(ctx, day, day.AddDays(days), limit); err != nil {
		return a, err
	}
	if limit == 0 {
		a.ComingN = len(a.Coming)
	} else if a.ComingN, err = svc.Calendar.CountUpcoming(ctx, day, day.AddDays(days)); err != nil {
		return a, err
	}
	if a.Due, a.DueN, err = svc.FollowUps.FindFollowUps(ctx, FollowUpFilter{OpenOnly: true, DueBy: day, Limit: limit}); err != nil {
		return a, err
	}
	a.Overdue, err = svc.Calendar.KeepInTouchOverdue(ctx, day)
	return a, err
}
