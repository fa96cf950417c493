package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
)

func TestContactValidate(t *testing.T) {
	today := app.Date{2026, time.November, 22}
	for _, tc := range []struct {
		name    string
		c       app.Contact
		wantErr string // part of the message; "" for valid
	}{
		{"given name only", app.Contact{GivenName: "Ada"}, ""},
		{"company only", app.Contact{Company: "Dvořák Electric"}, ""},
		{"no name", app.Contact{Notes: "met at the home show"}, "needs a name"},
		{"blank name", app.Contact{GivenName: "   "}, "needs a name"},
		{"birthday no year", app.Contact{GivenName: "A", Birthday: app.Date{0, time.February, 29}}, ""},
		{"birthday Feb 29 leap", app.Contact{GivenName: "A", Birthday: app.Date{1988, time.February, 29}}, ""},
		{"birthday Feb 29 common year", app.Contact{GivenName: "A", Birthday: app.Date{1987, time.February, 29}}, "does not exist"},
		{"birthday in future", app.Contact{GivenName: "A", Birthday: app.Date{2027, time.January, 1}}, "in the future"},
		{"client since without year", app.Contact{GivenName: "A", ClientSince: app.Date{0, time.March, 1}}, "needs a year"},
		{"occasion without label", app.Contact{GivenName: "A", Occasions: []app.Occasion{{Date: app.Date{2010, time.June, 5}}}}, "needs a label"},
		{"occasion without date", app.Contact{GivenName: "A", Occasions: []app.Occasion{{Label: "Wedding"}}}, "needs a date"},
		{"bad email", app.Contact{GivenName: "A", Emails: []app.Labeled{{Value: "ada.example.com"}}}, "not an email"},
		{"phone without digits", app.Contact{GivenName: "A", Phones: []app.Labeled{{Value: "call me"}}}, "no digits"},
		{"control character", app.Contact{GivenName: "A\x07"}, "control character"},
		{"invalid UTF-8", app.Contact{GivenName: "A\xff"}, "UTF-8"},
		{"name too long", app.Contact{GivenName: strings.Repeat("a", 201)}, "too long"},
		{"referred by self", app.Contact{ID: 7, GivenName: "A", ReferredByID: 7}, "themselves"},
		{"emoji and RTL names", app.Contact{GivenName: "👩‍🔧", FamilyName: "شريف"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			c.Normalize()
			err := c.Validate(today)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), tc.wantErr) {
				t.Fatalf("Validate = %v; want invalid with %q", err, tc.wantErr)
			}
		})
	}
}

func TestContactNormalize(t *testing.T) {
	c := app.Contact{
		GivenName: "  Zoë ",
		Tags:      []string{" VIP", "vip", "", "Realtor "},
		Emails:    []app.Labeled{{Label: " work ", Value: " zoe@example.com "}, {Value: "  "}},
		Occasions: []app.Occasion{{}, {Label: "Wedding", Date: app.Date{2010, time.June, 5}}},
	}
	c.Normalize()
	if c.GivenName != "Zoë" || strings.Join(c.Tags, ",") != "vip,realtor" || len(c.Emails) != 1 ||
		c.Emails[0] != (app.Labeled{Label: "work", Value: "zoe@example.com"}) || len(c.Occasions) != 1 {
		t.Fatalf("Normalize gave %+v", c)
	}
}

func TestContactName(t *testing.T) {
	for _, tc := range []struct{ display, given, family, company, want string }{
		{"", "Zoë", "Müller", "", "Zoë Müller"},
		{"Dr. Zoë", "Zoë", "Müller", "", "Dr. Zoë"},
		{"", "", "Müller", "", "Müller"},
		{"", "", "", "Dvořák Electric", "Dvořák Electric"},
	} {
		if got := app.ContactName(tc.display, tc.given, tc.family, tc.company); got != tc.want {
			t.Errorf("ContactName(%q,%q,%q,%q) = %q, want %q", tc.display, tc.given, tc.family, tc.company, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Müller", "muller"},
		{"Łukasz Dvořák", "lukasz dvorak"},
		{"Zoë", "zoe"},
		{"Søren Østergaard", "soren ostergaard"},
		{"Straße", "strasse"},
		{"François", "francois"},
		{"Nguyễn", "nguyen"},
		{"李明", "李明"},
		{"Αλέξανδρος", "αλεξανδροσ"},
		{"Дмитрий", "дмитрии"},
	} {
		if got := app.Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestKinds(t *testing.T) {
	k := app.KindClient | app.KindReferrer
	if !k.Has(app.KindReferrer) || k.Has(app.KindPartner) || strings.Join(k.Names(), ",") != "Client,Referrer" {
		t.Fatalf("kind set %v misbehaves: %v", k, k.Names())
	}
	if got, err := app.ParseKind(" partner "); err != nil || got != app.KindPartner {
		t.Fatalf("ParseKind = %v, %v", got, err)
	}
	if _, err := app.ParseKind("friend"); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("ParseKind(friend) = %v", err)
	}
}

func TestDefaultSettings(t *testing.T) {
	for _, tc := range []struct {
		locale, paper, currency string
		week                    time.Weekday
	}{
		{"en_US.UTF-8", app.PaperLetter, "USD", time.Sunday},
		{"fr_CA.UTF-8", app.PaperLetter, "CAD", time.Sunday},
		{"de_DE.UTF-8", app.PaperA4, "EUR", time.Monday},
		{"en_GB", app.PaperA4, "GBP", time.Monday},
		{"pl-PL", app.PaperA4, "PLN", time.Monday},
		{"C.UTF-8", app.PaperA4, "EUR", time.Monday},
		{"", app.PaperA4, "EUR", time.Monday},
	} {
		s := app.DefaultSettings(app.RegionFromLocale(tc.locale))
		if s.PaperSize != tc.paper || s.Currency != tc.currency || s.WeekStart != tc.week {
			t.Errorf("%q: got %s %s %s", tc.locale, s.PaperSize, s.Currency, s.WeekStart)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("%q: defaults do not validate: %v", tc.locale, err)
		}
	}
	bad := app.DefaultSettings("US")
	bad.Currency = "dollars"
	if app.ErrorCode(bad.Validate()) != app.EINVALID {
		t.Fatal("a currency that is not a code was accepted")
	}
}

func TestSearchWordsBounded(t *testing.T) {
	if got := app.SearchWords("Zoë  MÜLLER, łukasz!"); strings.Join(got, " ") != "zoe muller lukasz" {
		t.Fatalf("SearchWords = %q", got)
	}
	if got := app.SearchWords(strings.Repeat("word ", 200000)); len(got) != 16 {
		t.Fatalf("a pasted page gave %d words", len(got))
	}
	if got := app.SearchWords("\xff\xfe"); len(got) != 0 {
		t.Fatalf("invalid UTF-8 gave %q", got)
	}
}

func TestFullAndFormalNames(t *testing.T) {
	for _, tc := range []struct {
		c            app.Contact
		full, formal string
	}{
		{app.Contact{Prefix: "Mr.", GivenName: "John", MiddleName: "Richter James", FamilyName: "Doe", Suffix: "Sr."}, "Mr. John Richter James Doe Sr.", "Mr. Doe"},
		{app.Contact{GivenName: "Zoë", FamilyName: "Müller", DisplayName: "Zoë (the baker)"}, "Zoë (the baker)", "Zoë (the baker)"},
		{app.Contact{Prefix: "Dr.", GivenName: "Ada"}, "Dr. Ada", "Dr. Ada"},
		{app.Contact{Prefix: "Dr.", GivenName: "민준", FamilyName: "김"}, "Dr. 김민준", "Dr. 김"},
		{app.Contact{GivenName: "花子", FamilyName: "山田", DisplayName: "山田花子"}, "山田花子", "山田花子"},
	} {
		if got := tc.c.FullName(); got != tc.full {
			t.Errorf("FullName(%+v) = %q, want %q", tc.c, got, tc.full)
		}
		if got := tc.c.FormalName(); got != tc.formal {
			t.Errorf("FormalName(%+v) = %q, want %q", tc.c, got, tc.formal)
		}
	}
}

// A book saved before the variation had three settings keeps what the
// owner chose; nonsense is refused.
func TestCardVariationSettings(t *testing.T) {
	s := app.DefaultSettings("US")
	if s.CardVariation != app.VariationNatural || s.CardInk != app.InkBlueBlack {
		t.Errorf("defaults %q %q", s.CardVariation, s.CardInk)
	}
	old := app.Settings{CardJitter: false, Currency: "USD", PaperSize: app.PaperLetter}
	old.Normalize()
	if old.CardVariation != app.VariationOff || old.CardInk != app.InkBlueBlack {
		t.Errorf("an old book's variation %q ink %q", old.CardVariation, old.CardInk)
	}
	s.CardInk = "green"
	if err := s.Validate(); err == nil {
		t.Error("green ink was accepted")
	}
}
