package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/ical"
)

var stamp = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

var occasions = []app.Upcoming{
	{ContactID: 2, Name: "Zoë Müller", Kind: app.OccasionBirthday, Label: "Birthday", Date: app.Date{Year: 1992, Month: 11, Day: 26}},
	{ContactID: 2, Name: "Zoë Müller", Kind: app.OccasionBirthday, Label: "Birthday", Date: app.Date{Year: 1992, Month: 11, Day: 26}}, // again, next year
	{ContactID: 3, Name: "李明", Kind: app.OccasionAnniversary, Label: "Client anniversary", Date: app.Date{Year: 2023, Month: 11, Day: 25}},
	{ContactID: 8, Name: "Αλέξανδρος Παπαδόπουλος", Kind: app.OccasionBirthday, Label: "Birthday", Date: app.Date{Year: 1988, Month: 2, Day: 29}},
	{ContactID: 9, Name: "Ana Lima", Kind: app.OccasionOther, Label: "Company founded", Date: app.Date{Month: 3, Day: 1}},
	{ContactID: 10, Name: strings.Repeat("Łukasz Dvořák-", 8), Kind: app.OccasionOther, Label: "Wedding", Date: app.Date{Year: 2015, Month: 6, Day: 20}},
}

func TestWriteParsesBack(t *testing.T) {
	var buf bytes.Buffer
	if err := ical.Write(&buf, occasions, stamp); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for i, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if strings.Contains(line, "\n") {
			t.Errorf("line %d has a bare LF", i+1)
		}
	}
	cal, err := goical.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		t.Fatalf("does not parse back: %v\n%s", err, text)
	}
	events := cal.Events()
	if len(events) != 5 {
		t.Fatalf("%d events, want 5 (one per occasion)", len(events))
	}
	want := map[string]struct{ summary, start, rule string }{
		"birthday-2-birthday@referable":              {"Zoë Müller's birthday", "19921126", "FREQ=YEARLY"},
		"anniversary-3-client-anniversary@referable": {"李明: client anniversary", "20231125", "FREQ=YEARLY"},
		"birthday-8-birthday@referable":              {"Αλέξανδρος Παπαδόπουλος's birthday", "19880229", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"},
		"other-9-company-founded@referable":          {"Ana Lima: Company founded", "20000301", "FREQ=YEARLY"},
		"other-10-wedding@referable":                 {strings.Repeat("Łukasz Dvořák-", 8) + ": Wedding", "20150620", "FREQ=YEARLY"},
	}
	for _, e := range events {
		uid, _ := e.Props.Text(goical.PropUID)
		w, ok := want[uid]
		if !ok {
			t.Errorf("unexpected UID %q", uid)
			continue
		}
		if s, _ := e.Props.Text(goical.PropSummary); s != w.summary {
			t.Errorf("%s: summary %q, want %q", uid, s, w.summary)
		}
		start := e.Props.Get(goical.PropDateTimeStart)
		if start.Value != w.start || start.ValueType() != goical.ValueDate {
			t.Errorf("%s: DTSTART %q (%v), want all-day %s", uid, start.Value, start.ValueType(), w.start)
		}
		if r := e.Props.Get(goical.PropRecurrenceRule); r == nil || r.Value != w.rule {
			t.Errorf("%s: RRULE %v, want %s", uid, r, w.rule)
		}
	}
}

func TestUIDsAreStable(t *testing.T) {
	var a, b bytes.Buffer
	if err := ical.Write(&a, occasions, stamp); err != nil {
		t.Fatal(err)
	}
	if err := ical.Write(&b, occasions, stamp.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	uids := func(s string) []string {
		var out []string
		for _, line := range strings.Split(s, "\r\n") {
			if strings.HasPrefix(line, "UID:") {
				out = append(out, line)
			}
		}
		return out
	}
	if ua, ub := uids(a.String()), uids(b.String()); strings.Join(ua, ",") != strings.Join(ub, ",") || len(ua) != 5 {
		t.Fatalf("UIDs change between exports:\n%v\n%v", ua, ub)
	}
}
