package transfer

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
)

// Every reader is linear in its input: reading eight times the input
// takes well under the 64 times a quadratic reader would. The ratio is
// checked, never a time (the best of three runs of each size).
func TestReadersAreLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("reads several megabytes")
	}
	today := app.Date{Year: 2026, Month: 12, Day: 1}
	inputs := map[string]func(n int) []byte{
		// 2.1 quoted-printable with a soft break every 70 characters (the
		// bug: 480 KB took 5.8 s, 12 MB over 300 s).
		"quoted-printable soft breaks": func(n int) []byte {
			var b bytes.Buffer
			b.WriteString("BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Jane\r\nNOTE;ENCODING=QUOTED-PRINTABLE:")
			for b.Len() < n {
				b.WriteString("Caf=C3=A9 au lait, une tr=C3=A8s longue note qui continue sur la lig=\r\n")
			}
			b.WriteString("fin\r\nEND:VCARD\r\n")
			return b.Bytes()
		},
		"folded lines": func(n int) []byte {
			var b bytes.Buffer
			b.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nNOTE:start")
			for b.Len() < n {
				b.WriteString("\r\n  and a folded line of the note that goes on and on")
			}
			b.WriteString("\r\nEND:VCARD\r\n")
			return b.Bytes()
		},
		"many cards": func(n int) []byte {
			var b bytes.Buffer
			for i := 0; b.Len() < n; i++ {
				fmt.Fprintf(&b, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nEMAIL:p%d@example.com\r\nTEL:+1 555 %04d\r\nEND:VCARD\r\n", i, i, i%10000)
			}
			return b.Bytes()
		},
		"one card, many emails and phones": func(n int) []byte {
			var b bytes.Buffer
			b.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\n")
			for i := 0; b.Len() < n; i++ {
				fmt.Fprintf(&b, "EMAIL:j%d@example.com\r\nTEL:+1 555 %07d\r\n", i, i)
			}
			b.WriteString("END:VCARD\r\n")
			return b.Bytes()
		},
		"CSV, one huge quoted cell": func(n int) []byte {
			return []byte("Name,Notes\r\nJane Doe,\"" + strings.Repeat("a \"\"quoted\"\" note, with commas\n", n/32) + "\"\r\n")
		},
		"CSV, many rows": func(n int) []byte {
			var b bytes.Buffer
			b.WriteString("First Name,Last Name,E-mail Address\r\n")
			for i := 0; b.Len() < n; i++ {
				fmt.Fprintf(&b, "Person,%d,p%d@example.com\r\n", i, i)
			}
			return b.Bytes()
		},
	}
	const small = 256 << 10
	for name, make := range inputs {
		t.Run(name, func(t *testing.T) {
			a, b := make(small), make(8*small)
			ta, tb := best(func() { Read("x.vcf", a, today) }), best(func() { Read("x.vcf", b, today) })
			if strings.HasPrefix(name, "CSV") {
				ta, tb = best(func() { Read("x.csv", a, today) }), best(func() { Read("x.csv", b, today) })
			}
			if ratio := float64(tb) / float64(ta); ratio > 24 {
				t.Errorf("8× the input took %.0f× as long (%v vs %v): not linear", ratio, tb, ta)
			}
		})
	}
}

func best(f func()) time.Duration {
	b := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		f()
		b = min(b, time.Since(start))
	}
	return b
}

// Values and lists are capped where they enter, with a message, and the
// person is kept.
func TestOversizedValuesAreCutNotLost(t *testing.T) {
	today := app.Date{Year: 2026, Month: 12, Day: 1}
	var b bytes.Buffer
	b.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + strings.Repeat("Jane ", 1<<20) + "\r\nNOTE:" + strings.Repeat("n", 3<<20) + "\r\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "EMAIL:j%d@example.com\r\n", i)
	}
	b.WriteString("END:VCARD\r\n")
	batch, err := Read("big.vcf", b.Bytes(), today)
	if err != nil {
		t.Fatal(err)
	}
	if len(batch.Records) != 1 {
		t.Fatalf("the person was lost: %v", batch.Problems)
	}
	c := batch.Records[0].Contact
	if err := c.Validate(today); err != nil || len(c.Emails) != app.MaxListLen {
		t.Errorf("kept %d emails; the contact does not validate: %v", len(c.Emails), err)
	}
	said := fmt.Sprint(batch.Problems)
	for _, want := range []string{"5000 email addresses; the first 50 kept", "longer than 1 MB", "notes cut"} {
		if !strings.Contains(said, want) {
			t.Errorf("no problem says %q: %s", want, app.Clip(said, 300))
		}
	}
}
