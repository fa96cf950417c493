package app_test

import (
	"testing"

	"github.com/referable/referable/app"
)

var parseMoneyCases = []struct {
	in, currency string
	want         app.Money
	wantErr      bool
}{
	{"", "USD", 0, false},
	{"1250", "USD", 125000, false},
	{"1,250.50", "USD", 125050, false},
	{"1.250,50", "EUR", 125050, false},
	{"$ 300", "USD", 30000, false},
	{"€80,5", "EUR", 8050, false},
	{"0.99", "USD", 99, false},
	{"1 000", "EUR", 100000, false},
	{"5000", "JPY", 5000, false},
	{"-20", "USD", 0, true},
	{"twenty", "USD", 0, true},
	{"12.3.4x", "USD", 0, true},
	{"99999999999999", "USD", 0, true},
}

func TestParseMoney(t *testing.T) {
	for _, tc := range parseMoneyCases {
		got, err := app.ParseMoney(tc.in, tc.currency)
		if tc.wantErr {
			if app.ErrorCode(err) != app.EINVALID {
				t.Errorf("ParseMoney(%q) = %v, %v; want invalid", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseMoney(%q, %s) = %v, %v; want %v", tc.in, tc.currency, got, err, tc.want)
		}
		if back, err := app.ParseMoney(got.Plain(tc.currency), tc.currency); err != nil || back != got {
			t.Errorf("%q: Plain %q does not parse back: %v, %v", tc.in, got.Plain(tc.currency), back, err)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, tc := range parseMoneyCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := app.ParseMoney(s, "USD")
		if err != nil {
			if app.ErrorCode(err) != app.EINVALID {
				t.Fatalf("ParseMoney(%q): %v is not an invalid-input error", s, err)
			}
			return
		}
		if m < 0 {
			t.Fatalf("ParseMoney(%q) = %d, negative", s, m)
		}
		if back, err := app.ParseMoney(m.Plain("USD"), "USD"); err != nil || back != m {
			t.Fatalf("ParseMoney(%q) = %d does not round-trip: %v, %v", s, m, back, err)
		}
	})
}

func TestMoneyFormat(t *testing.T) {
	for _, tc := range []struct {
		m        app.Money
		currency string
		want     string
	}{
		{125050, "USD", "$1,250.50"},
		{5, "EUR", "€0.05"},
		{123456789, "GBP", "£1,234,567.89"},
		{5000, "JPY", "¥5,000"},
		{1000, "SEK", "SEK 10.00"},
	} {
		if got := tc.m.Format(tc.currency); got != tc.want {
			t.Errorf("%d %s = %q, want %q", tc.m, tc.currency, got, tc.want)
		}
	}
}

// app.Money is written as the owner's language and region write it: the
// grouping and the decimal mark by golang.org/x/text, the symbol before
// the number in English and after it elsewhere; Plain gives back what
// app.ParseMoney reads.
func TestMoneyByLanguage(t *testing.T) {
	defer app.SetNumberStyle("en", "")
	for _, c := range []struct {
		lang, region, currency string
		m                      app.Money
		want, plain            string
	}{
		{"en", "US", "USD", 125050, "$1,250.50", "1250.50"},
		{"en", "", "EUR", 8000, "€80.00", "80.00"},
		{"de", "DE", "EUR", 125050, "1.250,50\u00a0€", "1250,50"},
		{"de", "CH", "CHF", 125050, "1’250.50\u00a0CHF", "1250.50"},
		{"fr", "FR", "EUR", 125050, "1\u00a0250,50\u00a0€", "1250,50"},
		{"es", "ES", "EUR", 1234500, "12.345,00\u00a0€", "12345,00"},
		{"de", "", "JPY", 1250, "1.250\u00a0¥", "1250"},
		{"de", "DE", "EUR", -500, "-5,00\u00a0€", "5,00"},
	} {
		app.SetNumberStyle(c.lang, c.region)
		if got := c.m.Format(c.currency); got != c.want {
			t.Errorf("%s-%s: %d %s is %q, want %q", c.lang, c.region, c.m, c.currency, got, c.want)
		}
		if got := c.m.Plain(c.currency); got != c.plain {
			t.Errorf("%s-%s: plain %d is %q, want %q", c.lang, c.region, c.m, got, c.plain)
		}
		if c.m > 0 {
			if back, err := app.ParseMoney(c.m.Plain(c.currency), c.currency); err != nil || back != c.m {
				t.Errorf("%s-%s: %q reads back as %d (%v)", c.lang, c.region, c.m.Plain(c.currency), back, err)
			}
			if back, err := app.ParseMoney(c.m.Format(c.currency), c.currency); err != nil || back != c.m {
				t.Errorf("%s-%s: %q reads back as %d (%v)", c.lang, c.region, c.m.Format(c.currency), back, err)
			}
		}
	}
}
