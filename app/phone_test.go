package app_test

import (
	"strings"
	"testing"

	"github.com/referable/referable/app"
)

func TestPhoneKey(t *testing.T) {
	for _, tc := range []struct {
		a, regionA, b, regionB string
		same                   bool
	}{
		{"+44 7700 900123", "", "+49 7700 900123", "", false},
		{"+49 7700 900123", "", "+39 347 700 900123", "", false},
		{"+1 (503) 555-0101", "", "503.555.0101", "US", true},
		{"0044 20 7946 0958", "", "020 7946 0958", "GB", true},
		{"030 1234567", "DE", "+49 30 1234567", "", true},
		{"030 1234567", "DE", "030 1234567", "AT", false},
		{"5550101", "", "555-0101", "", true},
	} {
		ka, kb := app.PhoneKey(tc.a, tc.regionA), app.PhoneKey(tc.b, tc.regionB)
		if (ka == kb) != tc.same || ka == "" {
			t.Errorf("%q (%s) → %q, %q (%s) → %q; same = %v", tc.a, tc.regionA, ka, tc.b, tc.regionB, kb, tc.same)
		}
	}
	if k := app.PhoneKey("112", "DE"); k != "" {
		t.Errorf("a short number has a key: %q", k)
	}
}

func TestNamesDiffer(t *testing.T) {
	for _, tc := range []struct {
		a, b   string
		differ bool
	}{
		{"Maria Lopez", "Diego Lopez", true},
		{"Maria Lopez", "M. Lopez", false},
		{"Ana Lima", "Ana M. Lima", false},
		{"Zoë Müller", "zoe muller", false},
		{"", "Anyone", false},
		{"Olivia Bennett", "Lukas Becker", true},
	} {
		if got := app.NamesDiffer(tc.a, tc.b); got != tc.differ {
			t.Errorf("NamesDiffer(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

func TestRegionOf(t *testing.T) {
	for in, want := range map[string]string{"Germany": "DE", "Deutschland": "DE", "de": "DE", "U.S.A.": "US", "United States": "US",
		"日本": "JP", "UK": "GB", "Atlantis": "", "": ""} {
		if got := app.RegionOf(in); got != want {
			t.Errorf("RegionOf(%q) = %q; want %q", in, got, want)
		}
	}
}

// A phone is found by any way of writing it: as typed, international,
// national, with or without the trunk 0.
func TestPhoneFoundByAnyForm(t *testing.T) {
	c := app.Contact{GivenName: "Jürgen", Address: app.Address{Country: "Germany"}, Phones: []app.Labeled{{Value: "030 1234567"}, {Value: "(503) 555-0142"}}}
	c.Phones[1].Value = "+1 (503) 555-0142"
	app.NormalizePhones(&c, "US")
	text := " " + c.SearchText()
	for _, q := range []string{"030 1234567", "+49 30 1234567", "0049 301234567", "4930123", "301234", "030-123", "+1 503 555", "(503) 555-01", "5035550142"} {
		words := app.SearchWords(q)
		if len(words) != 1 || !strings.Contains(text, " "+words[0]) {
			t.Errorf("%q (as %v) does not find %q", q, words, text)
		}
	}
	if got := app.FormatPhone(c.Phones[0], "DE"); got != "030 1234567" {
		t.Errorf("a German number for a German owner: %q", got)
	}
	if got := app.FormatPhone(c.Phones[0], "US"); got != "+49 30 1234567" {
		t.Errorf("a German number for an American owner: %q", got)
	}
}

// Müller typed as Mueller is the same name; Müller and Miller are not.
func TestNamesDifferTransliterated(t *testing.T) {
	if app.NamesDiffer("Zoë Müller", "Zoe Mueller") {
		t.Error("Zoë Müller and Zoe Mueller differ")
	}
	if !app.NamesDiffer("Zoë Müller", "Zoe Miller") {
		t.Error("Müller and Miller are the same")
	}
}
