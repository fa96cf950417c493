package transfer

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
)

// Characters that break naive readers and writers: the separators and
// escapes of vCard and CSV, quotes, and letters of several scripts.
const (
	tricky  = `,;:"\^'`
	letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüßéñłŁøæçğşαβγдждлястьиюэ李明王小山田花子김민준ابتשלוםनमस्ते"
)

// randomContact is a contact with every field a file can carry, each
// filled or not at random, with text full of separators and escapes.
func randomContact(rng *rand.Rand) *app.Contact {
	runes := []rune(letters + tricky + "  ")
	word := func(n int) string {
		var b strings.Builder
		for range 1 + rng.IntN(n) {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
		return b.String()
	}
	plain := []rune(letters)
	name := func() string {
		var b strings.Builder
		b.WriteRune(plain[rng.IntN(len(plain))]) // starts with a letter
		b.WriteString(word(8))
		return b.String()
	}
	maybe := func(s string) string {
		if rng.IntN(2) == 0 {
			return ""
		}
		return s
	}
	labels := []string{"", "home", "work", "mobile", "other", "holiday home", "büro", "fax"}
	label := func() string { return labels[rng.IntN(len(labels))] }
	c := &app.Contact{
		Prefix: maybe("Dr."), GivenName: name(), MiddleName: maybe(name() + " " + name()), FamilyName: maybe(name()),
		Suffix: maybe("Jr., PhD"), Nickname: maybe(name()), Company: maybe(name()),
		Notes: maybe(word(40) + "\n" + word(20)), Treasures: maybe(word(30)),
	}
	if rng.IntN(3) == 0 {
		c.DisplayName = name() + " (" + word(5) + ")"
	}
	for range rng.IntN(csvEmails + 1) {
		c.Emails = append(c.Emails, app.Labeled{Label: label(), Value: strings.NewReplacer(" ", "", "^", "").Replace(name()) + "@example.com"})
	}
	for range rng.IntN(csvPhones + 1) {
		c.Phones = append(c.Phones, app.Labeled{Label: label(), Value: fmt.Sprintf("+%d (%d) %d-%04d", 1+rng.IntN(98), 10+rng.IntN(900), 100+rng.IntN(900), rng.IntN(10000))})
	}
	for i := range rng.IntN(csvAddresses + 1) {
		a := app.Address{Label: label(), Street: name() + " " + word(10), Locality: maybe(name()), Region: maybe(name()),
			PostalCode: maybe(fmt.Sprint(rng.IntN(99999))), Country: maybe(name())}
		if rng.IntN(2) == 0 {
			a.Street += "\n" + word(10)
		}
		if i == 0 {
			c.Address = a
		} else {
			c.OtherAddresses = append(c.OtherAddresses, a)
		}
	}
	randomDate := func() app.Date {
		d := app.Date{Year: 1900 + rng.IntN(120), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
		if rng.IntN(3) == 0 {
			d.Year = 0
		}
		return d
	}
	if rng.IntN(2) == 0 {
		c.Birthday = randomDate()
	}
	for range rng.IntN(csvEvents + 1) {
		c.Occasions = append(c.Occasions, app.Occasion{Label: name(), Date: randomDate()})
	}
	for range rng.IntN(4) {
		c.Tags = append(c.Tags, strings.ToLower(strings.Map(func(r rune) rune {
			if strings.ContainsRune(tricky, r) {
				return '-'
			}
			return r
		}, name())))
	}
	c.Kinds = app.Kind(rng.IntN(16))
	c.DoNotContact = rng.IntN(4) == 0
	c.MailLeadDays, c.CadenceDays = rng.IntN(20), rng.IntN(400)
	if rng.IntN(2) == 0 {
		c.ClientSince = app.Date{Year: 2000 + rng.IntN(20), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
	}
	c.Normalize()
	return c
}

// A random contact written as a vCard and read back is the same
// contact, every field of it.
func TestVCardRoundTripProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(6350, 2426))
	for i := range 500 {
		want := randomContact(rng)
		var buf bytes.Buffer
		if err := NewVCardWriter(&buf).Write(want); err != nil {
			t.Fatal(err)
		}
		b := ReadVCards(buf.Bytes(), today)
		if len(b.Records) != 1 || len(b.Problems) > 0 {
			t.Fatalf("contact %d: %d read, problems %v\n%s", i, len(b.Records), b.Problems, buf.String())
		}
		if got := b.Records[0].Contact; !reflect.DeepEqual(comparable(&got), comparable(want)) {
			t.Fatalf("contact %d changed on the way through a vCard:\n got %+v\nwant %+v\n%s", i, comparable(&got), comparable(want), buf.String())
		}
	}
}

// A random contact written as Google CSV and read back keeps every
// field the CSV has a column for.
func TestCSVRoundTripProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(4180, 1))
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	var want []*app.Contact
	for range 500 {
		c := randomContact(rng)
		want = append(want, c)
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	b, err := Read("export.csv", buf.Bytes(), today)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Records) != len(want) || len(b.Problems) > 0 {
		t.Fatalf("%d of %d read; problems %v", len(b.Records), len(want), b.Problems)
	}
	for i, r := range b.Records {
		w := csvFields(want[i])
		if got := csvFields(&r.Contact); !reflect.DeepEqual(comparable(got), comparable(w)) {
			t.Fatalf("contact %d changed on the way through a CSV:\n got %+v\nwant %+v", i, comparable(got), comparable(w))
		}
	}
}

// csvFields is what a CSV keeps of a contact: not what Referable alone
// knows (kinds, treasures, client since…), which the JSON export keeps.
func csvFields(c *app.Contact) *app.Contact {
	return &app.Contact{Prefix: c.Prefix, GivenName: c.GivenName, MiddleName: c.MiddleName, FamilyName: c.FamilyName, Suffix: c.Suffix,
		Nickname: c.Nickname, DisplayName: c.DisplayName, Company: c.Company, Tags: c.Tags, Emails: c.Emails, Phones: c.Phones,
		Address: c.Address, OtherAddresses: c.OtherAddresses, Birthday: c.Birthday, Occasions: c.Occasions, Notes: c.Notes}
}

// comparable treats an empty list and no list as the same.
func comparable(c *app.Contact) app.Contact {
	out := *c
	if len(out.Tags) == 0 {
		out.Tags = nil
	}
	if len(out.Emails) == 0 {
		out.Emails = nil
	}
	if len(out.Phones) == 0 {
		out.Phones = nil
	}
	if len(out.OtherAddresses) == 0 {
		out.OtherAddresses = nil
	}
	if len(out.Occasions) == 0 {
		out.Occasions = nil
	}
	return out
}
