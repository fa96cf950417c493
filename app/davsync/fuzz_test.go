package davsync

import (
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
)

// FuzzCardText: whatever card a server holds, the card written back for a
// contact reads as that contact (its name, email and dates), and the lines
// Referable does not manage are still on it.
func FuzzCardText(f *testing.F) {
	f.Add("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:Old\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\nitem1.X-ABDATE:2015-06-20\r\nitem1.X-ABLabel:_$!<Anniversary>!$_\r\nX-SOCIAL:@ada\r\nEND:VCARD\r\n")
	f.Add("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nitem9.TEL:1\r\nitem9.X-ABLabel:cell\r\nIMPP:xmpp:a@b\r\n folded\r\nEND:VCARD")
	f.Add("")
	f.Add("BEGIN:VCARD\nitem2.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-03-02\nitem2.X-ABLABEL:x\nX-REFERABLE-OCCASION;LABEL=y:20200101\nEND:VCARD")
	c := &app.Contact{ID: 7, GivenName: "Zoë", FamilyName: "Müller", Emails: []app.Labeled{{Label: "work", Value: "zoe@example.com"}},
		Birthday:  app.Date{Month: time.February, Day: 29},
		Occasions: []app.Occasion{{Label: "Anniversary", Date: app.Date{Year: 2015, Month: time.June, Day: 20}}, {Label: "First job", Date: app.Date{Month: time.March, Day: 2}}}}
	today := app.Date{Year: 2026, Month: time.December, Day: 4}
	f.Fuzz(func(t *testing.T, server string) {
		out, err := cardText(c, "urn:uuid:zoe", func(int64) string { return "" }, server)
		if err != nil {
			return
		}
		got, uid, _, err := readCard(out, today)
		if err != nil {
			t.Fatalf("the card written back does not read: %v\n%s", err, out)
		}
		if uid != "urn:uuid:zoe" || got.Name() != "Zoë Müller" || len(got.Emails) != 1 || got.Emails[0].Value != "zoe@example.com" ||
			got.Birthday != c.Birthday || !sameDates(got.Occasions, c.Occasions) {
			t.Fatalf("the card written back reads as %+v (uid %q)\n%s", got, uid, out)
		}
		kept, _ := contentLines(out)
		has := map[string]bool{}
		for _, l := range kept {
			has[l] = true
		}
		theirs, _ := contentLines(server)
		managedGroup := map[string]bool{}
		for _, l := range theirs {
			if g, n := lineName(l); g != "" && isManaged(n) {
				managedGroup[g] = true
			}
		}
		for _, l := range theirs {
			g, n := lineName(l)
			if isManaged(n) || managedGroup[g] || strings.ContainsAny(l, "\r\n") {
				continue
			}
			if !has[l] {
				t.Fatalf("the server's %q is not on the card written back:\n%s", l, out)
			}
		}
	})
}

// FuzzFieldsRoundTrip: a contact written as a card and read back is the
// same fields, so a sync that reads its own card finds no change to send.
func FuzzFieldsRoundTrip(f *testing.F) {
	f.Add("Zoë", "Müller", "Likes sourdough;\nand jazz, loud", "vip", "area, north", "+49 30 1234567", "zoe@example.com", "work", "Wedding")
	f.Add("Ann", "", "", "", "", "", "", "", "")
	today := app.Date{Year: 2026, Month: time.December, Day: 4}
	f.Fuzz(func(t *testing.T, given, family, notes, tag1, tag2, phone, email, label, occasion string) {
		c := app.Contact{ID: 3, GivenName: given, FamilyName: family, Notes: notes, Treasures: notes, Company: tag2,
			Kinds: app.KindClient | app.KindReferrer, ClientSince: app.Date{Year: 2019, Month: time.March, Day: 1},
			Address: app.Address{Label: label, Street: notes, Locality: family, Country: "DE"}, MailLeadDays: 4, CadenceDays: 90}
		for _, tag := range []string{tag1, tag2} {
			if tag != "" {
				c.Tags = append(c.Tags, tag)
			}
		}
		if phone != "" {
			c.Phones = []app.Labeled{{Label: label, Value: phone}}
		}
		if email != "" {
			c.Emails = []app.Labeled{{Label: label, Value: email}}
		}
		if occasion != "" {
			c.Occasions = []app.Occasion{{Label: occasion, Date: app.Date{Month: time.May, Day: 5}}}
		}
		c.Normalize() // as the book saves it
		if c.Validate(today) != nil || c.Name() == "" {
			return // the book would not keep it
		}
		card, err := cardText(&c, "urn:uuid:c", func(int64) string { return "urn:uuid:r" }, "")
		if err != nil {
			t.Fatal(err)
		}
		back, _, _, err := readCard(card, today)
		if err != nil {
			t.Fatalf("%v\n%s", err, card)
		}
		if a, b := FieldsOf(&c, "urn:uuid:r"), FieldsOf(&back, "urn:uuid:r"); !a.Equal(b) {
			t.Fatalf("written and read back, the fields differ:\n%s\n%s\n%s", a.JSON(), b.JSON(), card)
		}
	})
}
