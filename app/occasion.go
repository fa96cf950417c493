package app

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// OccasionKind says what a yearly date celebrates.
type OccasionKind string

const (
	OccasionBirthday    OccasionKind = "birthday"
	OccasionAnniversary OccasionKind = "anniversary" // years as a client
	OccasionOther       OccasionKind = "other"       // a labelled date: wedding, company founded
)

// Upcoming is one occurrence of a contact's yearly date.
type Upcoming struct {
	ContactID int64
	Name      string
	Kind      OccasionKind
	Label     string // "Birthday", "Client anniversary", "Wedding"
	Date      Date   // as recorded; the year may be unknown
	On        Date   // this occurrence
	Years     int    // age, or years as a client; 0 when the year is unknown
	MailBy    Date   // post a card by this day so it arrives in time
}

// Title says it the way a person would: "Zoë Müller turns 34",
// "José García: 5 years as a client", "Ana Lima: Wedding".
func (u Upcoming) Title() string {
	switch {
	case u.Kind == OccasionBirthday && u.Years > 0:
		return Tf("%s turns %d", u.Name, u.Years)
	case u.Kind == OccasionBirthday:
		return Tf("%s's birthday", u.Name)
	case u.Kind == OccasionAnniversary && u.Years > 0:
		return Tf("%s: %s as a client", u.Name, Plural(u.Years, "year"))
	case u.Years > 0:
		return Tf("%s: %s (%d years)", u.Name, u.Label, u.Years)
	}
	return Tf("%s: %s", u.Name, u.Label)
}

// Plural counts a thing in the owner's language: "1 card", "3 cards",
// "2 addresses". The words counted are the ones below; another is
// counted in English.
func Plural(n int, word string) string {
	switch word {
	case "card":
		return TN("%d card", "%d cards", n)
	case "envelope":
		return TN("%d envelope", "%d envelopes", n)
	case "label":
		return TN("%d label", "%d labels", n)
	case "contact":
		return TN("%d contact", "%d contacts", n)
	case "duplicate":
		return TN("%d duplicate", "%d duplicates", n)
	case "page":
		return TN("%d page", "%d pages", n)
	case "error":
		return TN("%d error", "%d errors", n)
	case "year":
		return TN("%d year", "%d years", n)
	case "day":
		return TN("%d day", "%d days", n)
	case "follow-up":
		return TN("%d follow-up", "%d follow-ups", n)
	case "file":
		return TN("%d file", "%d files", n)
	case "backup":
		return TN("%d backup", "%d backups", n)
	case "sheet":
		return TN("%d sheet", "%d sheets", n)
	case "address":
		return TN("%d address", "%d addresses", n)
	case "referral":
		return TN("%d referral", "%d referrals", n)
	case "gift":
		return TN("%d gift", "%d gifts", n)
	}
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "s") || strings.HasSuffix(word, "x") || strings.HasSuffix(word, "ch") || strings.HasSuffix(word, "sh") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// NameList names the first max of names and counts the rest: "Ana, Bo
// and 12 more", so a batch of thousands does not flood a message.
func NameList(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return Tf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
}

// OccurrenceIn is the day a yearly date falls on in year. Feb 29 falls on
// Feb 28 in common years, or on Mar 1 when leapOnMarch1 is set.
func OccurrenceIn(d Date, year int, leapOnMarch1 bool) Date {
	if d.Month == time.February && d.Day == 29 && daysIn(year, time.February) == 28 {
		if leapOnMarch1 {
			return Date{Year: year, Month: time.March, Day: 1}
		}
		return Date{Year: year, Month: time.February, Day: 28}
	}
	return Date{Year: year, Month: d.Month, Day: d.Day}
}

// NextOccurrence is the first occurrence of a yearly date on or after from.
func NextOccurrence(d Date, from Date, leapOnMarch1 bool) Date {
	on := OccurrenceIn(d, from.Year, leapOnMarch1)
	if on.Before(from) {
		on = OccurrenceIn(d, from.Year+1, leapOnMarch1)
	}
	return on
}

// OccurrencesBetween lists the occurrences of a yearly date from first to
// last, both included (several when the span is over a year).
func OccurrencesBetween(d Date, first, last Date, leapOnMarch1 bool) []Date {
	var out []Date
	for y := first.Year; y <= last.Year; y++ {
		on := OccurrenceIn(d, y, leapOnMarch1)
		if !on.Before(first) && !on.After(last) && (!d.HasYear() || on.Year >= d.Year) {
			out = append(out, on)
		}
	}
	return out
}

// YearsAt is how many years a date has come round by on: an age, or years
// as a client; 0 when the year is unknown.
func YearsAt(d Date, on Date) int {
	if !d.HasYear() {
		return 0
	}
	return on.Year - d.Year
}

// MailBy is the last day to post a card for a day so that it arrives in
// time, given the days the post takes.
func MailBy(on Date, leadDays int) Date { return on.AddDays(-leadDays) }

// SortUpcoming orders occurrences by day, then name.
func SortUpcoming(us []Upcoming) {
	sort.SliceStable(us, func(i, j int) bool {
		if us[i].On != us[j].On {
			return us[i].On.Before(us[j].On)
		}
		return us[i].Name < us[j].Name
	})
}

// DayOccasions is one calendar day's occasions: how many, and the first
// few to show.
type DayOccasions struct {
	Total int
	First []Upcoming
}

// InteractionKind is a way of being in touch.
type InteractionKind string

const (
	InteractionCall    InteractionKind = "call"
	InteractionMeeting InteractionKind = "meeting"
	InteractionEmail   InteractionKind = "email"
	InteractionCard    InteractionKind = "card"
	InteractionGift    InteractionKind = "gift"
)

// InteractionKinds lists them in display order.
var InteractionKinds = []InteractionKind{InteractionCall, InteractionMeeting, InteractionEmail, InteractionCard, InteractionGift}

// Label is the kind as people read it.
func (k InteractionKind) Label() string {
	switch k {
	case InteractionCall:
		return T("Call")
	case InteractionMeeting:
		return T("Meeting")
	case InteractionEmail:
		return T("Email")
	case InteractionCard:
		return T("Card")
	case InteractionGift:
		return T("Gift")
	}
	return string(k)
}

// Interaction is one time the owner was in touch with a contact.
type Interaction struct {
	ID        int64
	ContactID int64
	On        Date
	Kind      InteractionKind
	Note      string
}

// Validate checks an interaction before it is saved.
func (i *Interaction) Validate(today Date) error {
	if i.ContactID == 0 {
		return Errorf(EINVALID, "Choose whom you were in touch with.")
	}
	if !i.On.HasYear() {
		return Errorf(EINVALID, "The interaction needs a date.")
	}
	if err := validateDate(T("Date"), i.On, today); err != nil {
		return err
	}
	ok := false
	for _, k := range InteractionKinds {
		ok = ok || k == i.Kind
	}
	if !ok {
		return Errorf(EINVALID, "%q is not a kind of interaction.", i.Kind)
	}
	return checkText(T("Note"), i.Note, MaxTextLen)
}

// Overdue is a contact whose keep-in-touch cadence has run out.
type Overdue struct {
	ContactID   int64
	Name        string
	CadenceDays int
	LastTouch   Date // zero when never in touch
	DueOn       Date
}

// KeepInTouchDue is when a contact should next hear from us: the cadence
// after the last touch, or at once when never in touch since added.
func KeepInTouchDue(lastTouch, added Date, cadenceDays int) Date {
	if lastTouch.IsZero() {
		lastTouch = added
	}
	return lastTouch.AddDays(cadenceDays)
}

// CalendarService finds yearly dates and keeps in-touch records.
type CalendarService interface {
	// Upcoming lists the first limit occurrences (all when limit is 0)
	// from first to last, both included, by day.
	Upcoming(ctx context.Context, first, last Date, limit int) ([]Upcoming, error)
	// CountUpcoming counts the occurrences from first to last.
	CountUpcoming(ctx context.Context, first, last Date) (int, error)
	// Days lists, for each day from first to last, how many occurrences it
	// has and the first perDay of them by name: a month grid's cells.
	Days(ctx context.Context, first, last Date, perDay int) (map[Date]DayOccasions, error)
	// CardsDue lists occasions whose card should be posted by today and
	// has not been: mail-by date reached, occasion not yet past, no card
	// logged since the mail-by date came within reach.
	CardsDue(ctx context.Context, today Date) ([]Upcoming, error)
	LogInteraction(ctx context.Context, i *Interaction) error
	// DeleteInteraction takes one back: the undo of logging it.
	DeleteInteraction(ctx context.Context, id int64) error
	FindInteractions(ctx context.Context, contactID int64, limit int) ([]Interaction, error)
	// KeepInTouchOverdue lists contacts past their cadence, longest first.
	KeepInTouchOverdue(ctx context.Context, today Date) ([]Overdue, error)
	TagCadences(ctx context.Context) (map[string]int, error)
	SetTagCadence(ctx context.Context, tag string, days int) error
}

// DueSummary says in one line what is due today, for a notification or a
// terminal: "2 cards to post, 3 follow-ups due, 1 person to get in touch
// with." Empty when nothing is due.
func DueSummary(cards, followUps, overdue int) string {
	var parts []string
	if cards > 0 {
		parts = append(parts, TN("%d card to post", "%d cards to post", cards))
	}
	if followUps > 0 {
		parts = append(parts, TN("%d follow-up due", "%d follow-ups due", followUps))
	}
	if overdue > 0 {
		parts = append(parts, TN("%d person to get in touch with", "%d people to get in touch with", overdue))
	}
	if len(parts) == 0 {
		return ""
	}
	return Tf("%s.", strings.Join(parts, ", "))
}
