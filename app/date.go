package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day whose year may be unknown (Year == 0), as
// birthdays often are. The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// IsZero reports whether no date is set.
func (d Date) IsZero() bool { return d.Month == 0 && d.Day == 0 && d.Year == 0 }

// HasYear reports whether the year is known.
func (d Date) HasYear() bool { return d.Year != 0 }

// DateOf returns the Date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String formats as YYYY-MM-DD, or --MM-DD when the year is unknown (the
// vCard form), or "" for the zero Date.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.HasYear():
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	default:
		return fmt.Sprintf("--%02d-%02d", int(d.Month), d.Day)
	}
}

// Validate refuses days that do not exist. Feb 29 is allowed without a year
// and in leap years only.
func (d Date) Validate() error {
	if d.IsZero() {
		return nil
	}
	if d.Year < 0 || d.Year > 9999 {
		return Errorf(EINVALID, "The year %d is out of range.", d.Year)
	}
	if d.Month < time.January || d.Month > time.December {
		return Errorf(EINVALID, "There is no month %d.", int(d.Month))
	}
	year := d.Year
	if year == 0 {
		year = 2000 // a leap year, so Feb 29 without a year is allowed
	}
	if d.Day < 1 || d.Day > daysIn(year, d.Month) {
		if d.HasYear() {
			return Errorf(EINVALID, "%s %d, %d does not exist.", d.Month, d.Day, d.Year)
		}
		return Errorf(EINVALID, "%s %d does not exist.", d.Month, d.Day)
	}
	return nil
}

// After reports whether d falls after day. A date without a year is never
// after anything.
func (d Date) After(day Date) bool {
	if !d.HasYear() {
		return false
	}
	return d.Year*10000+int(d.Month)*100+d.Day > day.Year*10000+int(day.Month)*100+day.Day
}

// Before reports whether d falls before day; both need a year.
func (d Date) Before(day Date) bool { return day.After(d) }

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ParseDate reads what a person types or a file holds: "1984-04-15",
// "--04-15" or "04-15" (no year), "1984/4/15", "15.04.1984" or "". Impossible
// days are refused with a message that says why.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	bad := Errorf(EINVALID, "%q is not a date: write it as YYYY-MM-DD, or MM-DD when the year is unknown.", s)
	var parts []string
	dayFirst := false
	switch {
	case strings.HasPrefix(s, "--"):
		parts = strings.Split(s[2:], "-")
		if len(parts) == 1 && len(parts[0]) == 4 { // --0415
			parts = []string{parts[0][:2], parts[0][2:]}
		}
	case strings.Contains(s, "."):
		parts = strings.Split(s, ".")
		dayFirst = true
	default:
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' })
		if len(parts) == 1 && len(parts[0]) == 8 { // 19840415
			parts = []string{s[:4], s[4:6], s[6:]}
		}
	}
	nums := make([]int, 0, 3)
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || p == "" {
			return Date{}, bad
		}
		nums = append(nums, n)
	}
	var d Date
	switch {
	case len(nums) == 2 && dayFirst:
		d = Date{Month: time.Month(nums[1]), Day: nums[0]}
	case len(nums) == 2:
		d = Date{Month: time.Month(nums[0]), Day: nums[1]}
	case len(nums) == 3 && dayFirst:
		d = Date{Year: nums[2], Month: time.Month(nums[1]), Day: nums[0]}
	case len(nums) == 3 && len(parts[0]) == 4:
		d = Date{Year: nums[0], Month: time.Month(nums[1]), Day: nums[2]}
	default:
		return Date{}, bad
	}
	if len(nums) == 3 && d.Year < 1000 {
		return Date{}, Errorf(EINVALID, "%q: write the year with four digits.", s)
	}
	if err := d.Validate(); err != nil {
		return Date{}, err
	}
	return d, nil
}

// Time is the date at midnight UTC; the year must be known.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays is the date n days later (earlier when negative).
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// DaysUntil counts the days from d to other.
func (d Date) DaysUntil(other Date) int {
	return int(other.Time().Sub(d.Time()).Hours() / 24)
}
