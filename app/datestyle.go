package app

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// DateStyle is how the owner writes dates: the order of day and month,
// the words between them, and the months' names in their language. The
// window and the command line set Dates from the owner's language and
// region before anything is shown; a Date is never shown as ISO.
type DateStyle struct {
	// MonthFirst: "September 14" (the US), else "14 September".
	MonthFirst bool
	// Patterns with {d}, {month} (the full name), {mon} (the short one)
	// and {y}: a full date, one without its year, and the short forms.
	Long, LongNoYear, Short, ShortNoYear string
	// Weekday puts a day's name before a date: "{weekday} {date}",
	// "{weekday}, {date}".
	Weekday string
	// Clock12: times as "3:04 PM", else "15:04".
	Clock12 bool
}

// Dates is the style dates are shown and typed in.
var Dates = EnglishDates(false)

// EnglishDates is English as written day first ("14 September 2026")
// or, in the US, month first ("September 14, 2026").
func EnglishDates(monthFirst bool) DateStyle {
	if monthFirst {
		return DateStyle{MonthFirst: true, Long: "{month} {d}, {y}", LongNoYear: "{month} {d}", Short: "{mon} {d}, {y}", ShortNoYear: "{mon} {d}",
			Weekday: "{weekday}, {date}", Clock12: true}
	}
	return DateStyle{Long: "{d} {month} {y}", LongNoYear: "{d} {month}", Short: "{d} {mon} {y}", ShortNoYear: "{d} {mon}", Weekday: "{weekday} {date}"}
}

// StyleFor is the date style of a language (its two letters) and the
// owner's region: German "14. September 2026", French "14 septembre
// 2026", Spanish "14 de septiembre de 2026", English by region.
func StyleFor(language, region string) DateStyle {
	switch language {
	case "de":
		return DateStyle{Long: "{d}. {month} {y}", LongNoYear: "{d}. {month}", Short: "{d}. {mon} {y}", ShortNoYear: "{d}. {mon}", Weekday: "{weekday}, {date}"}
	case "fr":
		return DateStyle{Long: "{d} {month} {y}", LongNoYear: "{d} {month}", Short: "{d} {mon} {y}", ShortNoYear: "{d} {mon}", Weekday: "{weekday} {date}"}
	case "es":
		return DateStyle{Long: "{d} de {month} de {y}", LongNoYear: "{d} de {month}", Short: "{d} {mon} {y}", ShortNoYear: "{d} {mon}", Weekday: "{weekday}, {date}"}
	}
	return EnglishDates(monthFirstRegions[strings.ToUpper(region)])
}

// monthFirstRegions write the month before the day.
var monthFirstRegions = map[string]bool{"US": true, "PH": true, "FM": true, "MH": true, "PW": true}

// monthNames are the months in English, the keys of their names in the
// owner's language (T).
var monthNames = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// MonthName is a month's full name in the owner's language.
func MonthName(m time.Month) string { return T(monthNames[m-1]) }

// MonthShort is a month's short name in the owner's language: "Sep".
func MonthShort(m time.Month) string { return T(monthNames[m-1][:3]) }

// WeekdayName is a day of the week's name in the owner's language.
func WeekdayName(d time.Weekday) string { return T(d.String()) }

// WeekdayShort is its short name: "Mon".
func WeekdayShort(d time.Weekday) string { return T(d.String()[:3]) }

func (s DateStyle) write(pattern string, d Date) string {
	r := strings.NewReplacer("{d}", strconv.Itoa(d.Day), "{month}", MonthName(d.Month), "{mon}", MonthShort(d.Month), "{y}", strconv.Itoa(d.Year))
	return r.Replace(pattern)
}

// Format writes a date short, for lists: "22 Nov 2026", "Nov 22, 2026",
// "22. Nov. 2026"; "22 Nov" without a year.
func (d Date) Format() string {
	switch {
	case d.IsZero():
		return ""
	case !d.HasYear():
		return Dates.write(Dates.ShortNoYear, d)
	}
	return Dates.write(Dates.Short, d)
}

// Long writes a date in full, as a person writes it: "14 September 1992",
// "September 14" without a year.
func (d Date) Long() string {
	switch {
	case d.IsZero():
		return ""
	case !d.HasYear():
		return Dates.write(Dates.LongNoYear, d)
	}
	return Dates.write(Dates.Long, d)
}

// WithWeekday writes a date in full after its day's name: "Monday 14
// September", or with the year when withYear.
func (d Date) WithWeekday(withYear bool) string {
	date := Dates.write(Dates.LongNoYear, d)
	if withYear {
		date = d.Long()
	}
	return strings.NewReplacer("{weekday}", WeekdayName(d.Time().Weekday()), "{date}", date).Replace(Dates.Weekday)
}

// ShortDay writes a day of the coming weeks briefly: "Mon 14 Sep".
func (d Date) ShortDay() string {
	return WeekdayShort(d.Time().Weekday()) + " " + Dates.write(Dates.ShortNoYear, d)
}

// Moment writes a moment, as a backup's: "14 Sep 2026, 15:04" ("Sep 14,
// 2026, 3:04 PM" in the US), in the computer's own time zone.
func Moment(t time.Time) string {
	t = t.Local()
	clock := t.Format("15:04")
	if Dates.Clock12 {
		clock = t.Format("3:04 PM")
	}
	return DateOf(t).Format() + ", " + clock
}

// MonthYear writes a month of a year: "September 2026".
func MonthYear(year int, m time.Month) string { return MonthName(m) + " " + strconv.Itoa(year) }

// ParseTypedDate reads a date as a person types it, in the owner's
// style: "14 September 1992", "September 14", "14. Sept.", "14 de
// septiembre", "14/9/1992" (day first, or month first where the owner
// writes so), "14.9." — and every form ParseDate reads ("1992-09-14",
// "--09-14"). Month names may be in the owner's language or English,
// full or short, with or without accents. No year is a date without
// one (a birthday). Empty is no date.
func ParseTypedDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	if d, err := ParseDate(s); err == nil && (strings.HasPrefix(s, "--") || isoLike(s)) {
		return d, nil
	}
	bad := Errorf(EINVALID, "%q is not a date: write it as %s, or %s when the year is unknown.", s, Dates.write(Dates.Long, exampleDate), Dates.write(Dates.LongNoYear, exampleDate))
	words := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '/' || r == '.' || r == ',' || r == '-'
	})
	var nums []int
	var numWords []string
	month := time.Month(0)
	for _, w := range words {
		if n, err := strconv.Atoi(w); err == nil {
			nums, numWords = append(nums, n), append(numWords, w)
			continue
		}
		if m := monthOf(w); m != 0 && month == 0 {
			month = m
			continue
		}
		if isFiller(w) {
			continue
		}
		return Date{}, bad
	}
	var d Date
	switch {
	case month != 0 && len(nums) == 1:
		d = Date{Month: month, Day: nums[0]}
	case month != 0 && len(nums) == 2 && len(numWords[0]) == 4:
		d = Date{Year: nums[0], Month: month, Day: nums[1]}
	case month != 0 && len(nums) == 2:
		d = Date{Year: nums[1], Month: month, Day: nums[0]}
	case month == 0 && len(nums) == 3 && len(numWords[0]) == 4:
		d = Date{Year: nums[0], Month: time.Month(nums[1]), Day: nums[2]}
	case month == 0 && (len(nums) == 2 || len(nums) == 3):
		d = Date{Month: time.Month(nums[1]), Day: nums[0]}
		if Dates.MonthFirst {
			d = Date{Month: time.Month(nums[0]), Day: nums[1]}
		}
		if len(nums) == 3 {
			d.Year = nums[2]
			if len(numWords[2]) == 2 { // '92: the last hundred years
				d.Year = twoDigitYear(nums[2])
			}
		}
	default:
		return Date{}, bad
	}
	if d.HasYear() && d.Year < 1000 {
		return Date{}, Errorf(EINVALID, "%q: write the year with four digits.", s)
	}
	if err := d.Validate(); err != nil {
		return Date{}, err
	}
	return d, nil
}

var exampleDate = Date{Year: 1992, Month: time.September, Day: 14}

// isoLike tells whether s starts with a four-digit year: ISO and its kin.
func isoLike(s string) bool {
	return len(s) >= 8 && unicode.IsDigit(rune(s[0])) && unicode.IsDigit(rune(s[3])) && !unicode.IsDigit(rune(s[4]))
}

// twoDigitYear reads '92 as 1992 and '05 as 2005: the hundred years up
// to this one.
func twoDigitYear(y int) int {
	now := time.Now().Year()
	full := now - now%100 + y
	if full > now {
		full -= 100
	}
	return full
}

// isFiller tells the small words between a date's parts: "de", "of",
// "the", ordinal endings.
func isFiller(w string) bool {
	switch strings.ToLower(w) {
	case "de", "of", "the", "der", "le", "el", "del", "st", "nd", "rd", "th", "er", "º":
		return true
	}
	return false
}

// monthOf is the month a word names, in the owner's language or English,
// in full or shortened to three letters or more ("Sept", "janv", "Mär").
func monthOf(word string) time.Month {
	w := Fold(strings.TrimSuffix(word, "."))
	if len([]rune(w)) < 3 {
		return 0
	}
	for m := time.January; m <= time.December; m++ {
		for _, name := range []string{monthNames[m-1], MonthName(m), MonthShort(m)} {
			n := Fold(strings.TrimSuffix(name, "."))
			if n == w || len(w) >= 3 && strings.HasPrefix(n, w) {
				return m
			}
		}
	}
	return 0
}
