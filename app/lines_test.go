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
		{"work: ada@example.com\n\n  home:ada@home.example ", []app.Labeled{{"work", "ada@example.com"}, {"home", "ada@home.example"}}},
		{"mobile: +1 503 555 0100", []app.Labeled{{"mobile", "+1 503 555 0100"}}},
		{"+1 503: 555", []app.Labeled{{Value: "+1 503: 555"}}},
		{"Büro: zoë@müller.example", []app.Labeled{{"Büro", "zoë@müller.example"}}},
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
