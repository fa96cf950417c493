package app_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
)

func TestLabeledLines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []app.Labeled
	}{
		{"", nil},
		{"ada@example.com", []app.Labeled{{Value: "ada@example.com"}}},
		{"work: ada@example.com\n\n  home:ada@home.example ", []app.Labeled{{Label: "work", Value: "ada@example.com"}, {Label: "home", Value: "ada@home.example"}}},
		{"mobile: +1 503 555 0100", []app.Labeled{{Label: "mobile", Value: "+1 503 555 0100"}}},
		{"+1 503: 555", []app.Labeled{{Value: "+1 503: 555"}}},
		{"Büro: zoë@müller.example", []app.Labeled{{Label: "Büro", Value: "zoë@müller.example"}}},
	} {
		got := app.ParseLabeledLines(tc.in)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseLabeledLines(%q) = %v, want %v", tc.in, got, tc.want)
		}
		if again := app.ParseLabeledLines(app.FormatLabeledLines(got)); !reflect.DeepEqual(again, got) {
			t.Errorf("%q does not round-trip: %v", tc.in, again)
		}
	}
}

func TestOccasionLines(t *testing.T) {
	got, err := app.ParseOccasionLines("Wedding: 2015-06-20\n\nCompany founded: --03-01")
	want := []app.Occasion{{"Wedding", app.Date{2015, time.June, 20}}, {"Company founded", app.Date{0, time.March, 1}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, %v", got, err)
	}
	if again, _ := app.ParseOccasionLines(app.FormatOccasionLines(got)); !reflect.DeepEqual(again, got) {
		t.Fatalf("round trip: %v", again)
	}
	for _, tc := range []struct{ in, wantMsg string }{
		{"Wedding 2015-06-20", "line 1"},
		{"Wedding: 2015-06-20\nAnniversary: 2015-02-30", "line 2 (Anniversary)"},
		{"Wedding:", "no date"},
	} {
		_, err := app.ParseOccasionLines(tc.in)
		if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), tc.wantMsg) {
			t.Errorf("ParseOccasionLines(%q) = %v; want %q", tc.in, err, tc.wantMsg)
		}
	}
}

func TestParseTags(t *testing.T) {
	if got := app.ParseTags(" VIP, realtor,,vip "); !reflect.DeepEqual(got, []string{"vip", "realtor"}) {
		t.Fatalf("ParseTags = %v", got)
	}
}

// The contact form's and settings' text parsers never panic, and what
// they accept writes back to text they read the same.
func FuzzParseOccasionLines(f *testing.F) {
	for _, s := range []string{"Wedding: 2015-06-20", "Company founded: --03-01\nx: 1984/4/15", ":", "a:b:c", "Ünïcode: 15.04.1984"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := app.ParseOccasionLines(text)
		if err != nil {
			return
		}
		again, err := app.ParseOccasionLines(app.FormatOccasionLines(got))
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("%q: %v does not round-trip: %v, %v", text, got, again, err)
		}
	})
}

func FuzzParseLabeledLines(f *testing.F) {
	for _, s := range []string{"work: ada@example.com", "+1 503: 555", "Büro: zoë@müller.example\n\nx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := app.ParseLabeledLines(text)
		if again := app.ParseLabeledLines(app.FormatLabeledLines(got)); len(again) != len(got) {
			t.Fatalf("%q: %v does not round-trip: %v", text, got, again)
		}
	})
}

func FuzzParseCadences(f *testing.F) {
	for _, s := range []string{"vip: 60, realtor: 90", "x:0", ",,", "a: -1", "ünï: 3650"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := app.ParseCadences(text)
		if err != nil {
			return
		}
		for tag, days := range got {
			if days < 1 || days > 3650 || strings.TrimSpace(tag) == "" {
				t.Fatalf("%q gave %q: %d", text, tag, days)
			}
		}
	})
}
