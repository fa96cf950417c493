package app

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Paper sizes cards and envelopes are laid out on.
const (
	PaperLetter = "Letter"
	PaperA4     = "A4"
)

// Settings are the owner's own details and preferences, kept in the
// database so they travel with it.
type Settings struct {
	OwnerName     string       // "Sam Rivera"
	Signature     string       // how cards are signed: "Sam"
	BusinessName  string       // "Rivera Plumbing"
	ReturnAddress string       // lines for envelopes
	Currency      string       // ISO 4217 code: "USD", "EUR"
	Region        string       // ISO 3166 code of where the owner is ("US", "DE"): phone numbers without a country code are read there
	PaperSize     string       // PaperLetter or PaperA4
	WeekStart     time.Weekday // time.Sunday or time.Monday

	// Asking for referrals: space asks out, follow up once when unanswered.
	AskCooldownDays int
	GentleAfterDays int
	// AskPS is the gentle referral P.S. a birthday or anniversary card
	// carries ({ask_ps}) when it is fine to ask the person again; "" for
	// none.
	AskPS string
	// Goals: referrals wanted per week and month; 0 for none.
	GoalReceivedWeek, GoalReceivedMonth int
	GoalGivenWeek, GoalGivenMonth       int

	// Calendar: days the post takes, and where Feb 29 falls in common years.
	MailLeadDays int
	LeapOnMarch1 bool

	// GiftBudget is the year's budget for gifts; 0 for none.
	GiftBudget Money

	// Cards: the font and layout last printed with ("" for the first
	// ones), natural variation, and the printer's calibration: how far,
	// in tenths of a millimetre, to move everything right and down so it
	// lands where it should on this printer.
	CardFont, CardLayout       string
	CardJitter                 bool   // the variation is not "off" (kept for books saved before CardVariation)
	CardVariation              string // how much the hand varies: VariationOff, VariationSubtle, VariationNatural
	CardInk                    string // the pen's colour: InkBlueBlack, InkBlue, InkBlack
	PrintOffsetX, PrintOffsetY int
}

// How much a card's hand varies, line to line and letter to letter.
const (
	VariationOff     = "off"
	VariationSubtle  = "subtle"
	VariationNatural = "natural"
)

// Variations lists them in the order offered.
var Variations = []string{VariationOff, VariationSubtle, VariationNatural}

// The colours of ink a pen has.
const (
	InkBlueBlack = "blue-black"
	InkBlue      = "blue"
	InkBlack     = "black"
)

// Inks lists them in the order offered.
var Inks = []string{InkBlueBlack, InkBlue, InkBlack}

// regionsUsingLetter are the regions where Letter paper is the norm.
var regionsUsingLetter = map[string]bool{"US": true, "CA": true, "MX": true, "PH": true, "CL": true, "CO": true, "VE": true}

// regionsStartingSunday are the regions whose calendars start on Sunday.
var regionsStartingSunday = map[string]bool{"US": true, "CA": true, "MX": true, "BR": true, "JP": true, "IL": true, "PH": true, "ZA": true}

var regionCurrency = map[string]string{
	"US": "USD", "CA": "CAD", "GB": "GBP", "AU": "AUD", "NZ": "NZD", "CH": "CHF", "JP": "JPY",
	"SE": "SEK", "NO": "NOK", "DK": "DKK", "PL": "PLN", "CZ": "CZK", "IN": "INR", "CN": "CNY",
	"MX": "MXN", "BR": "BRL", "ZA": "ZAR", "IE": "EUR", "DE": "EUR", "FR": "EUR", "ES": "EUR",
	"IT": "EUR", "NL": "EUR", "BE": "EUR", "AT": "EUR", "PT": "EUR", "FI": "EUR", "GR": "EUR",
}

// RegionFromLocale takes the region out of a POSIX locale such as
// "en_US.UTF-8" or a BCP 47 tag such as "de-DE"; "" when there is none.
func RegionFromLocale(locale string) string {
	locale, _, _ = strings.Cut(locale, ".")
	locale, _, _ = strings.Cut(locale, "@")
	for _, sep := range []string{"_", "-"} {
		if _, region, ok := strings.Cut(locale, sep); ok && len(region) == 2 {
			return strings.ToUpper(region)
		}
	}
	return ""
}

// DefaultSettings are the settings a new database starts with, taken from
// the region of the user's locale.
func DefaultSettings(region string) Settings {
	s := Settings{Region: strings.ToUpper(region), Currency: "EUR", PaperSize: PaperA4, WeekStart: time.Monday,
		AskCooldownDays: 90, GentleAfterDays: 14, GoalReceivedMonth: 4, GoalGivenMonth: 2, MailLeadDays: 5, CardJitter: true,
		CardVariation: VariationNatural, CardInk: InkBlueBlack, AskPS: T(DefaultAskPS)}
	if c, ok := regionCurrency[region]; ok {
		s.Currency = c
	}
	if regionsUsingLetter[region] {
		s.PaperSize = PaperLetter
	}
	if regionsStartingSunday[region] {
		s.WeekStart = time.Sunday
	}
	return s
}

// DefaultAskPS is the P.S. the advice suggests at the bottom of a card
// (in English: a new book has it in the owner's language).
const DefaultAskPS = "Always a pleasure to serve you — if you know others like yourself who might benefit, let me know."

// Normalize trims the settings' text.
func (s *Settings) Normalize() {
	s.OwnerName = strings.TrimSpace(s.OwnerName)
	s.Signature = strings.TrimSpace(s.Signature)
	s.BusinessName = strings.TrimSpace(s.BusinessName)
	s.ReturnAddress = strings.TrimSpace(s.ReturnAddress)
	s.AskPS = strings.TrimSpace(s.AskPS)
	s.Currency = strings.ToUpper(strings.TrimSpace(s.Currency))
	s.CardVariation, s.CardInk = strings.ToLower(strings.TrimSpace(s.CardVariation)), strings.ToLower(strings.TrimSpace(s.CardInk))
	if s.CardVariation == "" { // a book from before the setting had three values
		s.CardVariation = VariationOff
		if s.CardJitter {
			s.CardVariation = VariationSubtle
		}
	}
	if s.CardInk == "" {
		s.CardInk = InkBlueBlack
	}
	s.CardJitter = s.CardVariation != VariationOff
}

// Validate checks every setting before any is saved.
func (s *Settings) Validate() error {
	for label, v := range map[string]string{"Your name": s.OwnerName, "Signature": s.Signature, "Business name": s.BusinessName} {
		if err := checkText(label, v, MaxNameLen); err != nil {
			return err
		}
	}
	if err := checkText("Return address", s.ReturnAddress, 1000); err != nil {
		return err
	}
	if err := checkText("Referral P.S.", s.AskPS, 300); err != nil {
		return err
	}
	if utf8.RuneCountInString(s.Currency) != 3 || strings.ToUpper(s.Currency) != s.Currency || strings.ContainsAny(s.Currency, "0123456789 ") {
		return Errorf(EINVALID, "Currency %q is not a three-letter code such as USD or EUR.", s.Currency)
	}
	if !slices.Contains(Variations, s.CardVariation) {
		return Errorf(EINVALID, "%q is not how much a card's hand can vary (off, subtle or natural).", s.CardVariation)
	}
	if !slices.Contains(Inks, s.CardInk) {
		return Errorf(EINVALID, "%q is not an ink colour (blue-black, blue or black).", s.CardInk)
	}
	if s.PaperSize != PaperLetter && s.PaperSize != PaperA4 {
		return Errorf(EINVALID, "Paper size %q is not Letter or A4.", s.PaperSize)
	}
	if s.WeekStart != time.Sunday && s.WeekStart != time.Monday {
		return Errorf(EINVALID, "The week starts on Sunday or Monday.")
	}
	if s.AskCooldownDays < 7 || s.AskCooldownDays > 730 {
		return Errorf(EINVALID, "The time between asks must be 7 to 730 days, not %d.", s.AskCooldownDays)
	}
	if s.GentleAfterDays < 1 || s.GentleAfterDays > 90 {
		return Errorf(EINVALID, "The gentle follow-up comes 1 to 90 days after an ask, not %d.", s.GentleAfterDays)
	}
	if s.GiftBudget < 0 {
		return Errorf(EINVALID, "The gift budget cannot be negative.")
	}
	if s.MailLeadDays < 0 || s.MailLeadDays > 60 {
		return Errorf(EINVALID, "The post takes 0 to 60 days, not %d.", s.MailLeadDays)
	}
	for _, o := range []int{s.PrintOffsetX, s.PrintOffsetY} {
		if o < -200 || o > 200 {
			return Errorf(EINVALID, "The printer offset must be within 20 mm either way, not %.1f mm.", float64(o)/10)
		}
	}
	for _, g := range []int{s.GoalReceivedWeek, s.GoalReceivedMonth, s.GoalGivenWeek, s.GoalGivenMonth} {
		if g < 0 || g > 1000 {
			return Errorf(EINVALID, "A goal must be 0 to 1000 referrals, not %d.", g)
		}
	}
	return nil
}

// SettingsService stores the settings.
type SettingsService interface {
	Settings(ctx context.Context) (Settings, error)
	SaveSettings(ctx context.Context, s Settings) error
}
