package cards

import (
	"context"
	"strconv"
	"strings"

	"github.com/referable/referable/app"
)

// Purpose is what a card is for. It decides what printing it closes: a
// thank-you card closes the referral's thank follow-up, a birthday card
// the birthday reminder, a referral request counts as an ask.
type Purpose string

const (
	PurposeThanks       Purpose = "thanks"      // for a referral
	PurposeThanksWon    Purpose = "thanks_won"  // for the business it brought
	PurposeKeepPosted   Purpose = "keep_posted" // the referrer hears how it goes
	PurposeBirthday     Purpose = "birthday"    //
	PurposeAnniversary  Purpose = "anniversary" // years as a client
	PurposeWelcome      Purpose = "welcome"     // a new client
	PurposeEndOfProject Purpose = "end_of_project"
	PurposeRequest      Purpose = "request" // a gentle referral request
	PurposeOther        Purpose = "other"
)

// Purposes lists them in the order offered.
var Purposes = []Purpose{PurposeThanks, PurposeThanksWon, PurposeKeepPosted, PurposeBirthday, PurposeAnniversary,
	PurposeWelcome, PurposeEndOfProject, PurposeRequest, PurposeOther}

// Label is the purpose as people read it.
func (p Purpose) Label() string {
	switch p {
	case PurposeThanks:
		return app.T("Thanks for a referral")
	case PurposeThanksWon:
		return app.T("Thanks for the business")
	case PurposeKeepPosted:
		return app.T("Keeping the referrer posted")
	case PurposeBirthday:
		return app.T("Birthday")
	case PurposeAnniversary:
		return app.T("Client anniversary")
	case PurposeWelcome:
		return app.T("Welcome")
	case PurposeEndOfProject:
		return app.T("End of a project")
	case PurposeRequest:
		return app.T("Referral request")
	}
	return app.T("Other purpose")
}

// FollowUpKind is the follow-up a card of this purpose closes, if any.
func (p Purpose) FollowUpKind() app.FollowUpKind {
	switch p {
	case PurposeThanks:
		return app.FollowThank
	case PurposeThanksWon:
		return app.FollowThankWon
	case PurposeKeepPosted:
		return app.FollowKeepPosted
	}
	return ""
}

// Occasion is the yearly date a card of this purpose is for, if any.
func (p Purpose) Occasion() app.OccasionKind {
	switch p {
	case PurposeBirthday:
		return app.OccasionBirthday
	case PurposeAnniversary:
		return app.OccasionAnniversary
	}
	return ""
}

// Addressee is a contact as a card needs them: the merge values that
// come from the database, the postal address, and whether they asked not
// to be contacted.
type Addressee struct {
	ContactID    int64
	Name         string
	FirstName    string
	FormalName   string // "Mr. Doe": {formal_name}
	Nickname     string // the nickname, else the first name: {nickname}
	DoNotContact bool
	// Address is the name first, then the postal lines; just the name
	// when none is known. Left out, it is made from Mail when a layout
	// prints it (Lines).
	Address      []string
	Mail         app.Address // the postal address, as the book has it
	MailName     string      // the name on the envelope
	Region       string      // the sender's region: mail within it has no country line
	HasAddress   bool
	Birthday     app.Date
	ClientSince  app.Date
	ReferralID   int64    // the referral the card is about: {referral_name}
	ReferralName string   //
	Gift         string   // the gift the card goes with: planned, else the last given
	Extra        string   // what was done beyond what was asked on their last job: {extra}
	LastAsked    app.Date // the last time they were asked for referrals, zero if never
}

// MayAsk reports whether a card may ask them for referrals on today: not
// someone who asked not to be contacted, and the cool-down since the
// last ask has passed (DOMAIN: space requests out).
func (a Addressee) MayAsk(st app.Settings, today app.Date) bool {
	return !a.DoNotContact && !app.NextAskDate(a.LastAsked, st.AskCooldownDays).After(today)
}

// Lines are the addressee's address as it is printed: Address, else
// Mail set out as its country's post wants it.
func (a Addressee) Lines() []string {
	if a.Address != nil {
		return a.Address
	}
	return PostalLines(a.MailName, a.Mail, a.Region)
}

// Values are the merge values for one addressee, on a card sent today.
// Age and years as a client are those of the next birthday and
// anniversary, today's included.
func (a Addressee) Values(st app.Settings, today app.Date) map[string]string {
	v := map[string]string{
		"first_name":    a.FirstName,
		"full_name":     a.Name,
		"formal_name":   firstNonEmpty(a.FormalName, a.Name),
		"nickname":      firstNonEmpty(a.Nickname, a.FirstName),
		"referral_name": a.ReferralName,
		"gift":          a.Gift,
		"extra":         a.Extra,
		"my_name":       firstNonEmpty(st.Signature, st.OwnerName),
		"business_name": st.BusinessName,
	}
	if a.MayAsk(st, today) {
		v["ask_ps"] = st.AskPS
	}
	if a.Birthday.HasYear() {
		v["age"] = strconv.Itoa(app.YearsAt(a.Birthday, app.NextOccurrence(a.Birthday, today, st.LeapOnMarch1)))
	}
	if a.ClientSince.HasYear() {
		if n := app.YearsAt(a.ClientSince, app.NextOccurrence(a.ClientSince, today, st.LeapOnMarch1)); n > 0 {
			v["years_as_client"] = strconv.Itoa(n)
		}
	}
	return v
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// AddressLines sets out a postal address for an envelope: the name, the
// street (one or more lines), then locality, region and postal code on
// one line, then the country.
func AddressLines(name string, a app.Address) []string {
	lines := []string{name}
	for _, l := range strings.Split(a.Street, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	var city []string
	for _, p := range []string{a.Locality, a.Region, a.PostalCode} {
		if p = strings.TrimSpace(p); p != "" {
			city = append(city, p)
		}
	}
	if len(city) > 0 {
		lines = append(lines, strings.Join(city, " "))
	}
	if c := strings.TrimSpace(a.Country); c != "" {
		lines = append(lines, c)
	}
	return lines
}

// Sent is one card printed for one contact.
type Sent struct {
	ID          int64
	ContactID   int64
	ContactName string
	On          app.Date
	Template    string // its name
	Title       string // its title when printed
	Purpose     Purpose
	Layout      string
	Hand        string // the handwriting font
	ReferralID  int64  // the referral it was about, if any
	Front       string
	Inside      string
}

// Asks reports whether the card asks for referrals, so it is logged as
// an ask: a referral request, or a card carrying the referral P.S.
func (c Sent) Asks(st app.Settings) bool {
	ps := strings.TrimSpace(st.AskPS)
	return c.Purpose == PurposeRequest || ps != "" && strings.Contains(c.Front+"\n"+c.Inside, ps)
}

// Service keeps templates and the log of cards sent.
type Service interface {
	// Templates lists the built-in templates (as edited, if they were)
	// and the owner's own, by title.
	Templates(ctx context.Context) ([]Template, error)
	Template(ctx context.Context, name string) (Template, error)
	// SaveTemplate saves a template; saving a built-in one keeps the
	// edited words in its place until it is reset.
	SaveTemplate(ctx context.Context, t *Template) error
	// DeleteTemplate deletes the owner's template, or resets a built-in
	// one to its original words.
	DeleteTemplate(ctx context.Context, name string) error

	// Addressees reads the contacts a card goes to, in the order given;
	// purpose picks the referral a thank-you names.
	Addressees(ctx context.Context, ids []int64, purpose Purpose) ([]Addressee, error)
	// LogSent records printed cards in one transaction: each in the
	// contact's card log and as a card in touch; it closes the follow-up
	// the purpose answers, and records a referral request as an ask.
	LogSent(ctx context.Context, sent []Sent) error
	FindSent(ctx context.Context, contactID int64, limit int) ([]Sent, error)
	// SentBefore lists the cards logged for a purpose in on's year to
	// the contacts given, by contact, latest first (see Repeats).
	SentBefore(ctx context.Context, ids []int64, purpose Purpose, on app.Date) (map[int64][]Sent, error)
}

// Repeats are the cards already sent for the same occasion to those a
// batch is for, one for each person who had one: the same purpose this
// year (a birthday, an anniversary, a referral request); for a thank-you,
// the same referral thanked for; for keeping a referrer posted, the same
// referral the same day (news of each step is welcome). A second card
// for the same occasion asks first.
func Repeats(to []Addressee, before map[int64][]Sent, purpose Purpose, today app.Date) []Sent {
	var out []Sent
	for _, a := range to {
		for _, s := range before[a.ContactID] {
			same := true
			switch purpose {
			case PurposeThanks, PurposeThanksWon:
				same = s.ReferralID == a.ReferralID
			case PurposeKeepPosted:
				same = s.ReferralID == a.ReferralID && s.On == today
			}
			if same {
				s.ContactName = a.Name
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// RepeatsOf finds the Repeats of a batch through the card log.
func RepeatsOf(ctx context.Context, svc Service, to []Addressee, purpose Purpose, today app.Date) ([]Sent, error) {
	ids := make([]int64, len(to))
	for i, a := range to {
		ids[i] = a.ContactID
	}
	before, err := svc.SentBefore(ctx, ids, purpose, today)
	if err != nil {
		return nil, err
	}
	return Repeats(to, before, purpose, today), nil
}
