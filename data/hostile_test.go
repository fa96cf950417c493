package data_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/app/transfer"
	"github.com/referable/referable/assets"
	"github.com/referable/referable/data"
)

// hostile are the values every entry point is swept with: each must get
// a clear message or come back exactly as given.
var hostile = []struct{ name, value string }{
	{"empty", ""},
	{"1 MB", strings.Repeat("Zoë ", 1<<18)},
	{"emoji and ZWJ", "Zoë 👩‍👩‍👧‍👦 🇵🇱"},
	{"right to left", "שלום עליכם مرحبا"},
	{"control characters", "Zoë\x00\x07\x1b[31mred"},
	{"C1 control", "Zoë\u0085\u009b"},
	{"SQL-looking", "Robert'); DROP TABLE contacts; --"},
	{"invalid UTF-8", "Zo\xff\xfe"},
	{"far future date", "9999-12-31"},
	{"year 0 date", "0000-01-01"},
	{"combining marks", "Zoe\u0308\u0301\u0301\u0301"},
}

// Through the contact store: every text field and the dates, saved and
// read back, or refused with a message saying what is wrong.
func TestHostileContactValues(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	contacts := data.NewContactService(db)
	fields := map[string]func(*app.Contact, string){
		"given name": func(c *app.Contact, v string) { c.GivenName = v },
		"company":    func(c *app.Contact, v string) { c.Company = v },
		"notes":      func(c *app.Contact, v string) { c.Notes = v },
		"treasures":  func(c *app.Contact, v string) { c.Treasures = v },
		"street":     func(c *app.Contact, v string) { c.Address.Street = v },
		"tag":        func(c *app.Contact, v string) { c.Tags = []string{v} },
		"email":      func(c *app.Contact, v string) { c.Emails = []app.Labeled{{Value: v}} },
		"phone":      func(c *app.Contact, v string) { c.Phones = []app.Labeled{{Label: v, Value: "+1 555 0100"}} },
		"occasion": func(c *app.Contact, v string) {
			c.Occasions = []app.Occasion{{Label: v, Date: app.Date{Month: 6, Day: 1}}}
		},
		"birthday": func(c *app.Contact, v string) {
			d, err := app.ParseDate(v)
			if err != nil {
				d = app.Date{Year: -1} // an unparsed date; Validate must refuse it
			}
			c.Birthday = d
		},
	}
	for _, h := range hostile {
		for field, set := range fields {
			c := &app.Contact{FamilyName: "Test"}
			set(c, h.value)
			err := contacts.CreateContact(ctx, c)
			if err != nil {
				if app.ErrorCode(err) != app.EINVALID || app.ErrorMessage(err) == "" {
					t.Errorf("%s in %s: an unclear error: %v", h.name, field, err)
				}
				continue
			}
			back, err := contacts.FindContactByID(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !equalContacts(back, c) {
				t.Errorf("%s in %s: saved as %+v, read back as %+v", h.name, field, c, back)
			}
			for _, r := range back.GivenName + back.Company + back.Notes + back.Treasures + strings.Join(back.Tags, "") {
				if r < 0x20 && r != '\n' && r != '\t' || (r >= 0x7f && r < 0xa0) {
					t.Errorf("%s in %s: a control character %U was saved", h.name, field, r)
				}
			}
		}
	}
	// What was saved is found by search without error, whatever it holds.
	for _, h := range hostile {
		if _, _, err := contacts.FindContacts(ctx, app.ContactFilter{Query: h.value}); err != nil && app.ErrorCode(err) == app.EINTERNAL {
			t.Errorf("searching for %s: %v", h.name, err)
		}
	}
	if live, _, err := contacts.CountContacts(ctx); err != nil || live == 0 {
		t.Fatalf("the contacts table did not survive the sweep: %d, %v", live, err)
	}
}

// Through card templates and printing: a template with hostile words is
// refused with a reason or prints; a name a font cannot draw is named as
// a problem, never printed blank.
func TestHostileCards(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	settings := data.NewSettingsService(db, app.DefaultSettings("US"))
	svc := data.NewCardService(db, settings)
	book := assets.CardFontBook()
	for _, h := range hostile {
		tpl := cards.Builtin[0]
		tpl.Name, tpl.Title, tpl.Builtin = "sweep", "Sweep", false
		tpl.Inside = "Dear {first}, " + h.value
		if err := svc.SaveTemplate(ctx, &tpl); err != nil {
			if app.ErrorCode(err) != app.EINVALID {
				t.Errorf("template with %s: an unclear error: %v", h.name, err)
			}
			continue
		}
		b := cards.Batch{Template: tpl, Layout: cards.Layouts[0], Hand: "Caveat", Today: today, Settings: app.DefaultSettings("US")}
		var pdf bytes.Buffer
		to := []cards.Addressee{{ContactID: 1, Name: "Zoë " + h.value, FirstName: "Zoë " + h.value,
			Address: []string{"Zoë " + h.value, "1 Main St", "Portland"}, HasAddress: true}}
		_, problems, err := b.Print(book, to, &pdf, fixedNow)
		if err != nil {
			if app.ErrorCode(err) != app.EINVALID {
				t.Errorf("printing with %s: an unclear error: %v", h.name, err)
			}
			continue
		}
		if pdf.Len() == 0 {
			t.Errorf("printing with %s: an empty PDF and no error", h.name)
		}
		if strings.ContainsAny(h.value, "👩🇵") {
			found := false
			for _, p := range problems {
				found = found || strings.Contains(p.Message, "👩") || strings.Contains(strings.ToLower(p.Message), "character")
			}
			if !found {
				t.Errorf("printing %s: no problem names the characters no font has: %+v", h.name, problems)
			}
		}
	}
}

// Through import: hostile values in a vCard and a CSV are imported as
// given or reported at their card, never crash or save half a file.
func TestHostileImport(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	svc := data.NewTransferService(db, nil)
	var vcf, csv strings.Builder
	csv.WriteString("Name,Email,Birthday,Notes\n")
	for _, h := range hostile {
		v := strings.ReplaceAll(strings.ReplaceAll(h.value, "\n", " "), "\r", " ")
		vcf.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë " + v + "\r\nN:" + v + ";Zoë;;;\r\nBDAY:" + v + "\r\nNOTE:" + v + "\r\nEND:VCARD\r\n")
		csv.WriteString("\"Zoë " + strings.ReplaceAll(v, `"`, `""`) + "\",a@example.com,\"" + v + "\",\"" + strings.ReplaceAll(v, `"`, `""`) + "\"\n")
	}
	for name, body := range map[string]string{"hostile.vcf": vcf.String(), "hostile.csv": csv.String()} {
		b, err := transfer.Read(name, []byte(body), today)
		if err != nil {
			if app.ErrorCode(err) != app.EINVALID {
				t.Errorf("%s: an unclear error: %v", name, err)
			}
			continue
		}
		for _, p := range b.Problems {
			if p.Where == "" && name == "hostile.vcf" {
				t.Errorf("%s: a problem without its place: %s", name, p)
			}
		}
		res, err := svc.Import(ctx, b, transfer.Options{})
		if err != nil {
			t.Errorf("%s: import failed after a clean preview: %v", name, err)
			continue
		}
		if res.Added != len(b.Records) {
			t.Errorf("%s: %d added of %d read", name, res.Added, len(b.Records))
		}
	}
}
