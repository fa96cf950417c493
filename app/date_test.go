package app_test

import (
	"testing"
	"time"

	"github.com/referable/referable/app"
)

var parseDateCases = []struct {
	in      string
	want    app.Date
	wantErr bool
}{
	{"", app.Date{}, false},
	{"1984-04-15", app.Date{1984, time.April, 15}, false},
	{" 1984-4-5 ", app.Date{1984, time.April, 5}, false},
	{"1984/04/15", app.Date{1984, time.April, 15}, false},
	{"19840415", app.Date{1984, time.April, 15}, false},
	{"15.04.1984", app.Date{1984, time.April, 15}, false},
	{"--04-15", app.Date{0, time.April, 15}, false},
	{"--0415", app.Date{0, time.April, 15}, false},
	{"04-15", app.Date{0, time.April, 15}, false},
	{"15.04", app.Date{0, time.April, 15}, false},
	{"--02-29", app.Date{0, time.February, 29}, false},
	{"2000-02-29", app.Date{2000, time.February, 29}, false},
	{"2023-02-29", app.Date{}, true},
	{"1900-02-29", app.Date{}, true},
	{"2024-02-30", app.Date{}, true},
	{"2024-13-01", app.Date{}, true},
	{"2024-00-10", app.Date{}, true},
	{"2024-04-31", app.Date{}, true},
	{"0000-01-01", app.Date{}, true},
	{"84-04-15", app.Date{}, true},
	{"April 15", app.Date{}, true},
	{"2024-04", app.Date{}, true},
	{"--", app.Date{}, true},
	{"1-2-3-4", app.Date{}, true},
}

func TestParseDate(t *testing.T) {
	for _, tc := range parseDateCases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := app.ParseDate(tc.in)
			if tc.wantErr {
				if app.ErrorCode(err) != app.EINVALID {
					t.Fatalf("ParseDate(%q) = %v, %v; want an invalid-input error", tc.in, got, err)
				}
				if app.ErrorMessage(err) == "" {
					t.Fatal("error has no message for the user")
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			if again, err := app.ParseDate(got.String()); err != nil || again != got {
				t.Fatalf("String %q does not parse back: %v, %v", got.String(), again, err)
			}
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for _, tc := range parseDateCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := app.ParseDate(s)
		if err != nil {
			if app.ErrorCode(err) != app.EINVALID {
				t.Fatalf("ParseDate(%q): error %v is not an invalid-input error", s, err)
			}
			return
		}
		if verr := d.Validate(); verr != nil {
			t.Fatalf("ParseDate(%q) = %v, which does not validate: %v", s, d, verr)
		}
		if again, err := app.ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %v does not round-trip: %v, %v", s, d, again, err)
		}
	})
}

func TestDateAfter(t *testing.T) {
	today := app.Date{2026, time.November, 22}
	for _, tc := range []struct {
		d    app.Date
		want bool
	}{
		{app.Date{2026, time.November, 23}, true},
		{app.Date{2026, time.November, 22}, false},
		{app.Date{2025, time.December, 31}, false},
		{app.Date{0, time.December, 31}, false},
	} {
		if got := tc.d.After(today); got != tc.want {
			t.Errorf("%v.After(%v) = %v, want %v", tc.d, today, got, tc.want)
		}
	}
}

// app.Dates as people type them, in the owner's style: month names in their
// language or English, full or short, day first or (in the US) month
// first, with or without a year; ISO and vCard's forms still read.
func TestParseTypedDate(t *testing.T) {
	defer func(old app.DateStyle) { app.Dates = old }(app.Dates)
	sep14 := app.Date{Year: 1992, Month: time.September, Day: 14}
	noYear := app.Date{Month: time.September, Day: 14}
	for _, c := range []struct {
		monthFirst bool
		in         string
		want       app.Date
		bad        bool
	}{
		{false, "14 September 1992", sep14, false},
		{false, "14 Sept 1992", sep14, false},
		{false, "14. September", noYear, false},
		{false, "14/9/1992", sep14, false},
		{false, "14.09.1992", sep14, false},
		{false, "14.9.", noYear, false},
		{false, "14/9/92", sep14, false},
		{false, "1992-09-14", sep14, false},
		{false, "--09-14", noYear, false},
		{false, "September 14", noYear, false},
		{false, "14 de septiembre de 1992", app.Date{}, true}, // Spanish months only in Spanish
		{true, "9/14/1992", sep14, false},
		{true, "September 14, 1992", sep14, false},
		{true, "Sep 14", noYear, false},
		{false, "31 September", app.Date{}, true},
		{false, "Frobuary 3", app.Date{}, true},
		{false, "", app.Date{}, false},
	} {
		app.Dates = app.EnglishDates(c.monthFirst)
		got, err := app.ParseTypedDate(c.in)
		if c.bad != (err != nil) || got != c.want {
			t.Errorf("%q (month first %v) = %v, %v; want %v", c.in, c.monthFirst, got, err, c.want)
		}
	}
	app.Dates = app.StyleFor("de", "DE")
	if got := sep14.Long(); got != "14. September 1992" {
		t.Errorf("German long date = %q", got)
	}
	app.Dates = app.StyleFor("en", "US")
	if got, want := noYear.Long(), "September 14"; got != want {
		t.Errorf("US date without a year = %q, want %q", got, want)
	}
	if got := (app.Date{Year: 2026, Month: 11, Day: 22}).Format(); got != "Nov 22, 2026" {
		t.Errorf("US short date = %q", got)
	}
}
