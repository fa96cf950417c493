package app

import (
	"time"
)

// Period is a week or month with its counts.
type Period struct {
	Start, End      Date // inclusive
	Label           string
	Received, Given int
}

// Progress is the goal chart's data: recent weeks and months, oldest
// first, the current period last.
type Progress struct {
	Weeks, Months []Period
}

// WeekStart is the first day of the week holding day.
func WeekStart(day Date, start time.Weekday) Date {
	t := day.Time()
	back := (int(t.Weekday()) - int(start) + 7) % 7
	return DateOf(t.AddDate(0, 0, -back))
}

// GoalPeriods are the goal chart's last periods weeks (starting on
// weekStart) and months, oldest first, the ones holding day last; their
// counts are for the store to fill.
func GoalPeriods(day Date, weekStart time.Weekday, periods int) (weeks, months []Period) {
	thisWeek := WeekStart(day, weekStart)
	thisMonth := Date{Year: day.Year, Month: day.Month, Day: 1}
	for i := periods - 1; i >= 0; i-- {
		w := Period{Start: thisWeek.AddDays(-7 * i)}
		w.End, w.Label = w.Start.AddDays(6), Dates.write(Dates.ShortNoYear, w.Start)
		m := Period{Start: DateOf(thisMonth.Time().AddDate(0, -i, 0))}
		m.End, m.Label = DateOf(m.Start.Time().AddDate(0, 1, -1)), MonthShort(m.Start.Month)
		weeks, months = append(weeks, w), append(months, m)
	}
	return weeks, months
}
