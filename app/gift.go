package app

import (
	"context"
	"strings"
	"unicode"
)

// GiftStatus is how far a gift has come: an idea, planned, bought, given.
type GiftStatus string

const (
	GiftIdea    GiftStatus = "idea"
	GiftPlanned GiftStatus = "planned"
	GiftBought  GiftStatus = "bought"
	GiftGiven   GiftStatus = "given"
)

// GiftStatuses lists the statuses in order.
var GiftStatuses = []GiftStatus{GiftIdea, GiftPlanned, GiftBought, GiftGiven}

// Label is the status as people read it.
func (s GiftStatus) Label() string {
	switch s {
	case GiftIdea:
		return T("Idea")
	case GiftPlanned:
		return T("Planned")
	case GiftBought:
		return T("Bought")
	case GiftGiven:
		return Tc("gift status", "Given")
	}
	return string(s)
}

func (s GiftStatus) rank() int {
	for i, g := range GiftStatuses {
		if g == s {
			return i
		}
	}
	return -1
}

// CheckMove allows a gift to move forward, or back one step before it is
// given (plans change); a given gift stays given.
func (s GiftStatus) CheckMove(to GiftStatus) error {
	switch {
	case to.rank() < 0:
		return Errorf(EINVALID, "%q is not a gift status (idea, planned, bought, given).", to)
	case s == GiftGiven && to != GiftGiven:
		return Errorf(EINVALID, "This gift was given; it cannot become %s again.", strings.ToLower(to.Label()))
	case to.rank() < s.rank()-1:
		return Errorf(EINVALID, "A gift moves back one step at a time: it is %s, not yet %s.", strings.ToLower(s.Label()), strings.ToLower(to.Label()))
	}
	return nil
}

// GiftOccasion is what a gift is for.
type GiftOccasion string

const (
	ForReferral     GiftOccasion = "referral"
	ForBirthday     GiftOccasion = "birthday"
	ForAnniversary  GiftOccasion = "anniversary"
	ForHoliday      GiftOccasion = "holiday"
	ForWelcome      GiftOccasion = "welcome"
	ForEndOfProject GiftOccasion = "end_of_project"
	ForOther        GiftOccasion = "other"
)

// GiftOccasions lists them in display order.
var GiftOccasions = []GiftOccasion{ForReferral, ForBirthday, ForAnniversary, ForHoliday, ForWelcome, ForEndOfProject, ForOther}

// Label is the occasion as people read it.
func (o GiftOccasion) Label() string {
	switch o {
	case ForReferral:
		return T("Referral thank-you")
	case ForBirthday:
		return T("Birthday")
	case ForAnniversary:
		return T("Client anniversary")
	case ForHoliday:
		return T("Holiday")
	case ForWelcome:
		return T("Welcome")
	case ForEndOfProject:
		return T("End of project")
	}
	return T("Other occasion")
}

// Gift is something given, or to be given, to a contact.
type Gift struct {
	ID         int64
	ContactID  int64
	ReferralID int64 // the referral a thank-you gift is for, if any
	What       string
	Occasion   GiftOccasion
	Status     GiftStatus
	GivenOn    Date
	Cost       Money
	Where      string
	Note       string

	ContactName string
}

// Validate checks a gift before it is saved.
func (g *Gift) Validate(today Date) error {
	if g.ContactID == 0 {
		return Errorf(EINVALID, "Choose whom the gift is for.")
	}
	if strings.TrimSpace(g.What) == "" {
		return Errorf(EINVALID, "Say what the gift is, e.g. “a box of dark chocolate”.")
	}
	if g.Status.rank() < 0 {
		return Errorf(EINVALID, "%q is not a gift status.", g.Status)
	}
	ok := false
	for _, o := range GiftOccasions {
		ok = ok || o == g.Occasion
	}
	if !ok {
		return Errorf(EINVALID, "Choose what the gift is for.")
	}
	if g.Cost < 0 {
		return Errorf(EINVALID, "A gift's cost cannot be negative.")
	}
	if g.Status == GiftGiven && !g.GivenOn.HasYear() {
		return Errorf(EINVALID, "A given gift needs the day it was given.")
	}
	if g.Status != GiftGiven && !g.GivenOn.IsZero() {
		return Errorf(EINVALID, "The day given is set only once the gift is given.")
	}
	if err := validateDate(T("Given on"), g.GivenOn, today); err != nil {
		return err
	}
	for label, s := range map[string]string{T("Gift"): g.What, T("Where bought"): g.Where, T("Note"): g.Note} {
		if err := checkText(label, s, MaxNameLen*5); err != nil {
			return err
		}
	}
	return nil
}

// giftWords are a gift's meaningful words, for comparing two gifts.
func giftWords(s string) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		switch w {
		case "a", "an", "the", "of", "for", "and", "with", "box", "bottle", "set", "some", "gift", "card":
			continue
		}
		words[strings.TrimSuffix(w, "s")] = true
	}
	return words
}

// SimilarGifts reports whether two gifts are the same or very like it:
// "a bottle of Rioja" and "Rioja wine", "Dark chocolate" and "dark
// chocolates". Most of the smaller one's words must be in the other.
func SimilarGifts(a, b string) bool {
	wa, wb := giftWords(a), giftWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return Fold(strings.TrimSpace(a)) == Fold(strings.TrimSpace(b))
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	shared := 0
	for w := range wa {
		if wb[w] {
			shared++
		}
	}
	return shared*3 >= len(wa)*2 // two thirds of the smaller one
}

// IdeasFromTreasures turns what a contact treasures ("dark chocolate,
// bouldering, Studio Ghibli films") into gift ideas, one a thing.
func IdeasFromTreasures(treasures string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(treasures, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		out = append(out, part) // as they were written: "their Labrador" stays lower case
	}
	return out
}

// GiftFilter selects gifts. Zero fields do not filter.
type GiftFilter struct {
	ContactID int64
	Status    GiftStatus
	Occasion  GiftOccasion
	Year      int // given, or (not yet given) created, in this year
	Limit     int
}

// ContactSpend is what was spent on one contact.
type ContactSpend struct {
	ContactID int64
	Name      string
	Spent     Money
	Gifts     int
}

// Budget is a year's gift spending against the budget.
type Budget struct {
	Year          int
	Budget        Money
	Spent         Money // on gifts given and bought
	ByMonth       [12]Money
	ByContact     []ContactSpend // most first
	ReferralsWon  int
	ThankYouSpent Money // on referral thank-you gifts
}

// CostPerReferralWon is what thanking cost for each referral won.
func (b Budget) CostPerReferralWon() Money {
	if b.ReferralsWon == 0 {
		return 0
	}
	return b.ThankYouSpent / Money(b.ReferralsWon)
}

// GiftService keeps the gift log.
type GiftService interface {
	CreateGift(ctx context.Context, g *Gift) error
	// UpdateGift saves a gift; giving a referral thank-you closes the
	// matching "thank the referrer" follow-up.
	UpdateGift(ctx context.Context, g *Gift) error
	DeleteGift(ctx context.Context, id int64) error
	// SnapshotGift keeps a gift as it is; RestoreGift puts it back (the
	// undo of an edit or a deletion).
	SnapshotGift(ctx context.Context, id int64) (Snapshot, error)
	RestoreGift(ctx context.Context, s Snapshot) error
	FindGifts(ctx context.Context, f GiftFilter) ([]Gift, int, error)
	// SimilarGiven lists gifts already given to the contact that are like
	// what, so the same gift is never given twice.
	SimilarGiven(ctx context.Context, contactID int64, what string, except int64) ([]Gift, error)
	Budget(ctx context.Context, year int) (Budget, error)
}
