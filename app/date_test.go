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
