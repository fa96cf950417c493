package transfer

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
)

var today = app.Date{Year: 2026, Month: time.November, Day: 22}

func read(t *testing.T, name string) *Batch {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(name, body, today)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b
}

func date(y int, m time.Month, d int) app.Date { return app.Date{Year: y, Month: m, Day: d} }

// Each exporter's file, read: what each contact must come out as, and
// the problems reported with their place in the file.
func TestReadDialects(t *testing.T) {
	for _, tc := range []struct {
		file     string
		format   string
		want     []app.Contact // only the fields set here are compared
		problems []string      // substrings, in order
	}{
		{"apple-3.0.vcf", "vCard", []app.Contact{{
			GivenName: "Zoë", FamilyName: "Müller", Company: "Müller Bakery", Tags: []string{"clients", "vip"},
			Emails:    []app.Labeled{{Label: "home", Value: "zoe@example.com"}, {Label: "work", Value: "orders@mueller-bakery.example"}},
			Phones:    []app.Labeled{{Label: "mobile", Value: "+1 503 555 0101"}, {Label: "work", Value: "(503) 555-0199"}},
			Address:   app.Address{Label: "home", Street: "12 Alder Street\nApt 4", Locality: "Portland", Region: "OR", PostalCode: "97204", Country: "United States"},
			Birthday:  date(1984, 4, 15),
			Occasions: []app.Occasion{{Label: "Anniversary", Date: date(2010, 6, 12)}, {Label: "Opened the bakery", Date: date(2015, 9, 1)}},
			Notes:     "Met at the farmers' market. Loves sourdough, rye and long walks on the coast.",
		}, {Company: "Dvořák & Sons Plumbing", Phones: []app.Labeled{{Label: "work", Value: "+420 555 123 456"}}, Birthday: date(0, 11, 2)}}, nil},
		{"rfc6350-4.0.vcf", "vCard", []app.Contact{{
			GivenName: "Łukasz", FamilyName: "Nowak", DisplayName: "Dr. Łukasz Nowak", Tags: []string{"referrer", "partner"},
			Emails:    []app.Labeled{{Label: "work", Value: "lukasz@nowak.example"}},
			Phones:    []app.Labeled{{Label: "mobile", Value: "+48-22-555-0100"}},
			Address:   app.Address{Label: "home", Street: "ul. Długa 5", Locality: "Kraków", PostalCode: "31-147", Country: "Poland"},
			Birthday:  date(0, 4, 15),
			Occasions: []app.Occasion{{Label: "Anniversary", Date: date(2009, 7, 4)}},
			Notes:     "Sends us two referrals a year.\nPrefers email.",
		}, {GivenName: "明", FamilyName: "李", DisplayName: "李明", Birthday: date(0, 4, 15)}}, nil},
		{"outlook-2.1.vcf", "vCard", []app.Contact{{
			GivenName: "Jürgen", FamilyName: "Schön", Emails: []app.Labeled{{Value: "juergen@example.de"}},
			Phones:   []app.Labeled{{Label: "mobile", Value: "+49 30 5550100"}, {Label: "work", Value: "+49 30 5550199"}},
			Address:  app.Address{Label: "home", Street: "Straße des 17. Juni 135", Locality: "Berlin", PostalCode: "10623", Country: "Deutschland"},
			Birthday: date(1975, 12, 24), Notes: "First line\nSecond line, with a comma and more",
		}, {GivenName: "Renée", FamilyName: "François", Company: "Café de la Gare", Occasions: []app.Occasion{{Label: "Anniversary", Date: date(1999, 5, 20)}}}}, nil},
		{"bad.vcf", "vCard", []app.Contact{
			{GivenName: "Good", FamilyName: "Person", Emails: []app.Labeled{{Value: "good@example.com"}}},
			{FamilyName: "Worf"}, {GivenName: "Broken", FamilyName: "Line"},
		}, []string{
			"line 1: text before the first BEGIN:VCARD",
			"card 1, line 6: birthday not kept: February 30, 1984 does not exist",
			`card 1 (line 2): "not-an-email" is not an email address`,
			"card 2 (line 10): no name",
			`card 3, line 16: N: unknown character set "KLINGON-8"`,
			`card 3, line 17: FN: unknown character set`,
			"card 3 (line 14): birthday not kept: Birthday 1 January 2999 is in the future",
			`line 22: "this line has no colon" is not a vCard property`,
			"card 5 (line 25): the file ends inside this card",
		}},
		{"google.csv", "Google Contacts CSV", []app.Contact{{
			GivenName: "Zoë", FamilyName: "Müller", Company: "Müller Bakery", Tags: []string{"clients", "vip"},
			Emails:    []app.Labeled{{Label: "home", Value: "zoe@example.com"}, {Label: "home", Value: "zoe.mueller@example.org"}, {Label: "work", Value: "orders@mueller-bakery.example"}},
			Phones:    []app.Labeled{{Label: "mobile", Value: "+1 503 555 0101"}, {Label: "mobile", Value: "+1 503 555 0102"}},
			Address:   app.Address{Label: "home", Street: "12 Alder Street\nApt 4", Locality: "Portland", Region: "OR", PostalCode: "97204", Country: "United States"},
			Birthday:  date(1984, 4, 15),
			Occasions: []app.Occasion{{Label: "Anniversary", Date: date(2010, 6, 12)}, {Label: "Opened the bakery", Date: date(2015, 9, 1)}},
			Notes:     "Met at the market.\nLoves sourdough.",
		}, {GivenName: "Ada", FamilyName: "Lovelace", Birthday: date(0, 12, 10)}}, []string{"line 6: no name"}},
		{"google-old.csv", "Google Contacts CSV (older layout)", []app.Contact{{
			GivenName: "Łukasz", FamilyName: "Nowak", Company: "Nowak Accounting", Tags: []string{"partners"},
			Emails:   []app.Labeled{{Label: "work", Value: "lukasz@nowak.example"}},
			Phones:   []app.Labeled{{Label: "mobile", Value: "+48 22 555 0100"}, {Label: "work", Value: "+48 22 555 0199"}},
			Address:  app.Address{Label: "work", Street: "ul. Marszałkowska 1", Locality: "Warszawa", PostalCode: "00-001", Country: "Poland"},
			Birthday: date(1979, 3, 2), Occasions: []app.Occasion{{Label: "Anniversary", Date: date(2009, 7, 4)}}, Notes: "Partner accountant",
		}}, nil},
		{"outlook.csv", "Outlook CSV", []app.Contact{{
			GivenName: "Jürgen", FamilyName: "Schön", Company: "Schön GmbH", Tags: []string{"clients", "referrers"},
			Phones:   []app.Labeled{{Label: "mobile", Value: "+49 30 5550100"}, {Label: "work", Value: "+49 30 5550199"}},
			Address:  app.Address{Label: "home", Street: "Straße des 17. Juni 135", Locality: "Berlin", PostalCode: "10623", Country: "Germany"},
			Birthday: date(1975, 12, 24), Occasions: []app.Occasion{{Label: "Anniversary", Date: date(1999, 5, 20)}},
			Notes: "Plays cello", Treasures: "Cello, old maps",
		}, { // no home address: the business one is used
			GivenName: "Renée", FamilyName: "François", Company: "Café de la Gare",
			Address: app.Address{Label: "work", Street: "Rue de Rivoli 1", Locality: "Paris", PostalCode: "75001", Country: "France"},
		}}, nil},
		{"generic-semicolon.csv", "CSV", []app.Contact{{
			GivenName: "Anna", FamilyName: "de Vries", Emails: []app.Labeled{{Value: "anna@example.nl"}},
			Address:  app.Address{Street: "Keizersgracht 1\n2e verdieping", Locality: "Amsterdam", PostalCode: "1015 CJ"},
			Birthday: date(1984, 4, 15), ClientSince: date(2019, 3, 1), Notes: `Likes tulips; hates "cold calls"`,
		}, {GivenName: "Bram", FamilyName: "Jansen", Company: "Jansen Bouw"}}, []string{"line 4: birthday not kept: February 31, 1990"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b := read(t, tc.file)
			if b.Format != tc.format {
				t.Errorf("format %q, want %q", b.Format, tc.format)
			}
			if len(b.Records) != len(tc.want) {
				t.Fatalf("%d records, want %d; problems: %v", len(b.Records), len(tc.want), b.Problems)
			}
			for i, want := range tc.want {
				compareSet(t, b.Records[i].Where, want, b.Records[i].Contact)
			}
			if len(b.Problems) != len(tc.problems) {
				t.Errorf("problems:\n%v\nwant %d", b.Problems, len(tc.problems))
			}
			for i := 0; i < len(tc.problems) && i < len(b.Problems); i++ {
				if !strings.Contains(b.Problems[i].String(), tc.problems[i]) {
					t.Errorf("problem %d = %q, want it to say %q", i, b.Problems[i], tc.problems[i])
				}
			}
		})
	}
}

// compareSet compares the fields want sets.
func compareSet(t *testing.T, where string, want, got app.Contact) {
	t.Helper()
	wv, gv := reflect.ValueOf(want), reflect.ValueOf(got)
	for i := 0; i < wv.NumField(); i++ {
		if wv.Field(i).IsZero() {
			continue
		}
		if !reflect.DeepEqual(wv.Field(i).Interface(), gv.Field(i).Interface()) {
			t.Errorf("%s: %s = %#v, want %#v", where, wv.Type().Field(i).Name, gv.Field(i).Interface(), wv.Field(i).Interface())
		}
	}
}

// A CSV whose columns are in another language is read through a mapping
// the person sets; unmapped columns are left alone.
func TestReadWithMapping(t *testing.T) {
	body, _ := os.ReadFile("testdata/dutch-tabs.csv")
	table, err := ReadTable(body)
	if err != nil {
		t.Fatal(err)
	}
	if table.Comma != '\t' || len(table.Header) != 6 {
		t.Fatalf("separator %q, header %q", table.Comma, table.Header)
	}
	m := GuessMapping(table.Header)
	m.Columns[0] = Column{Field: FullName, LabelFrom: -1}
	m.Columns[1] = Column{Field: Company, LabelFrom: -1}
	m.Columns[4] = Column{Field: City, LabelFrom: -1}
	m.Columns[5] = Column{Field: Birthday, LabelFrom: -1}
	b := table.Records(m, today)
	if len(b.Records) != 1 {
		t.Fatalf("records: %+v, problems %v", b.Records, b.Problems)
	}
	compareSet(t, "line 2", app.Contact{GivenName: "Anna", FamilyName: "de Vries", Address: app.Address{Locality: "Amsterdam"},
		Birthday: date(1984, 4, 15), Phones: []app.Labeled{{Value: "+31 20 555 0100"}}}, b.Records[0].Contact)
}

// Files that are not contacts at all are refused with a reason; broken
// ones are read as far as they go.
func TestReadBadFiles(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 3}, 100)...)
	for name, body := range map[string][]byte{
		"photo.png":  png,
		"empty.vcf":  []byte("  \n\n"),
		"header.csv": []byte("\n\n"),
	} {
		if _, err := Read(name, body, today); err == nil || app.ErrorCode(err) != app.EINVALID {
			t.Errorf("%s: %v; want a clear refusal", name, err)
		}
	}
	// A vCard with a 50 MB photo: the photo is skipped, the contact kept.
	var big bytes.Buffer
	big.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nPHOTO;ENCODING=b;TYPE=JPEG:")
	line := bytes.Repeat([]byte("QUJD"), 18)
	for big.Len() < 50<<20 {
		big.WriteString("\r\n ")
		big.Write(line)
	}
	big.WriteString("\r\nEMAIL:big@example.com\r\nEND:VCARD\r\n")
	b, err := Read("big.vcf", big.Bytes(), today)
	if err != nil || len(b.Records) != 1 || b.Records[0].Contact.Emails[0].Value != "big@example.com" {
		t.Fatalf("50 MB photo: %v, %+v", err, b)
	}
	// A file cut short in the middle of a card keeps the whole cards.
	apple, _ := os.ReadFile("testdata/apple-3.0.vcf")
	b, err = Read("cut.vcf", apple[:bytes.Index(apple, []byte("BDAY:1604"))], today)
	if err != nil || len(b.Records) != 1 || b.Skipped() != 1 {
		t.Fatalf("truncated: %v, %d records, problems %v", err, len(b.Records), b.Problems)
	}
	// Windows-1252 CSV (old Outlook) reads as such, and says so.
	b, err = Read("latin.csv", []byte("First Name,Last Name\nRen\xe9e,Fran\xe7ois\n"), today)
	if err != nil || len(b.Records) != 1 || b.Records[0].Contact.GivenName != "Renée" || len(b.Problems) != 1 {
		t.Fatalf("Windows-1252 CSV: %v, %+v", err, b)
	}
}

// vCard → contact → vCard: what our export writes reads back the same,
// our own fields and referral links included.
func TestVCardRoundTrip(t *testing.T) {
	contacts := []app.Contact{{
		ID: 7, GivenName: "Zoë", FamilyName: "Müller", DisplayName: "Zoë M. (bakery)", Company: "Müller Bakery, Ltd.",
		Kinds: app.KindClient | app.KindReferrer, Tags: []string{"clients", "vip; gold"},
		Emails:      []app.Labeled{{Label: "home", Value: "zoe@example.com"}, {Value: "z@example.org"}},
		Phones:      []app.Labeled{{Label: "mobile", Value: "+1 503 555 0101"}},
		Address:     app.Address{Street: "12 Alder Street\nApt 4", Locality: "Portland", Region: "OR", PostalCode: "97204", Country: "United States"},
		Birthday:    date(0, 2, 29),
		ClientSince: date(2019, 3, 1),
		Occasions:   []app.Occasion{{Label: "Anniversary", Date: date(2010, 6, 12)}, {Label: "Opened the bakery", Date: date(2015, 9, 1)}},
		Notes:       strings.Repeat("Loves sourdough, rye; and long walks.\n", 5) + "Back\\slash",
		Treasures:   "Her dog Biscuit — 李明's tea", DoNotContact: true, MailLeadDays: 9, CadenceDays: 60,
	}, {ID: 8, GivenName: "Łukasz", ReferredByID: 7}}
	var buf bytes.Buffer
	w := NewVCardWriter(&buf)
	for i := range contacts {
		if err := w.Write(&contacts[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i, line := range strings.Split(buf.String(), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets long, not folded", i+1, len(line))
		}
	}
	b := ReadVCards(buf.Bytes(), today)
	if len(b.Problems) > 0 || len(b.Records) != 2 {
		t.Fatalf("read back: %v\n%s", b.Problems, buf.String())
	}
	for i, r := range b.Records {
		want := contacts[i]
		want.ID, want.ReferredByID = 0, 0
		if !reflect.DeepEqual(r.Contact, want) {
			t.Errorf("round trip changed the contact:\n got %+v\nwant %+v", r.Contact, want)
		}
	}
	if b.Records[0].UID != UID(7) || b.Records[1].ReferredBy != UID(7) {
		t.Errorf("referral link lost: %q, %q", b.Records[0].UID, b.Records[1].ReferredBy)
	}
}

func FuzzReadVCards(f *testing.F) {
	for _, name := range []string{"apple-3.0.vcf", "rfc6350-4.0.vcf", "outlook-2.1.vcf", "bad.vcf",
		"defects/real-world.vcf", "defects/escaping.vcf", "defects/quoted-params.vcf", "defects/several-addresses.vcf"} {
		body, _ := os.ReadFile(filepath.Join("testdata", name))
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		b := ReadVCards(body, today)
		for _, r := range b.Records {
			if r.Contact.Name() == "" {
				t.Fatalf("a contact without a name was read from %q", body)
			}
			// Whatever was read is written and read back the same.
			var buf bytes.Buffer
			NewVCardWriter(&buf).Write(&r.Contact)
			again := ReadVCards(buf.Bytes(), today)
			if len(again.Records) != 1 {
				t.Fatalf("%q was read, but its card did not read back: %v\n%s", r.Contact.Name(), again.Problems, buf.String())
			}
			want, got := r.Contact, again.Records[0].Contact
			want.ID, got.ID = 0, 0
			if !reflect.DeepEqual(comparable(&got), comparable(&want)) {
				t.Fatalf("changed on the way through a vCard:\n got %+v\nwant %+v\n%s", comparable(&got), comparable(&want), buf.String())
			}
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	for _, name := range []string{"google.csv", "google-old.csv", "outlook.csv", "generic-semicolon.csv", "dutch-tabs.csv"} {
		body, _ := os.ReadFile(filepath.Join("testdata", name))
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		table, err := ReadTable(body)
		if err != nil {
			return
		}
		b := table.Records(GuessMapping(table.Header), today)
		for _, r := range b.Records {
			if r.Contact.Name() == "" {
				t.Fatalf("a contact without a name was read from %q", body)
			}
			// Whatever was read is written as Google CSV and read back
			// the same, in every field the CSV has a column for.
			c := r.Contact
			if len(c.Emails) > csvEmails || len(c.Phones) > csvPhones || len(c.Addresses()) > csvAddresses || len(c.Occasions) > csvEvents {
				continue // more than the layout's columns: joined, as Google does
			}
			var buf bytes.Buffer
			w := NewCSVWriter(&buf)
			w.Write(&c)
			w.Flush()
			again, err := Read("again.csv", buf.Bytes(), today)
			if err != nil || len(again.Records) != 1 {
				t.Fatalf("%q was read, but did not read back: %v %v\n%s", c.Name(), err, again, buf.String())
			}
			if got, want := comparable(csvFields(&again.Records[0].Contact)), comparable(csvFields(&c)); !reflect.DeepEqual(got, want) {
				t.Fatalf("changed on the way through a CSV:\n got %+v\nwant %+v\n%s", got, want, buf.String())
			}
		}
	})
}

// An encrypted export opens with its passphrase only.
func TestEncryptedExport(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Encrypt(&buf, "short"); err == nil {
		t.Error("a short passphrase was accepted")
	}
	w, err := Encrypt(&buf, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`{"header": "Zoë"}`))
	w.Close()
	if !IsEncrypted(buf.Bytes()) || bytes.Contains(buf.Bytes(), []byte("Zoë")) {
		t.Fatal("the export is not encrypted")
	}
	if _, err := Decrypt(bytes.NewReader(buf.Bytes()), ""); err != ErrPassphraseNeeded {
		t.Errorf("no passphrase: %v", err)
	}
	if _, err := Decrypt(bytes.NewReader(buf.Bytes()), "wrong horse battery"); err == nil || !strings.Contains(app.ErrorMessage(err), "does not open") {
		t.Errorf("wrong passphrase: %v", err)
	}
	r, err := Decrypt(bytes.NewReader(buf.Bytes()), "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(r); string(got) != `{"header": "Zoë"}` {
		t.Errorf("decrypted %q", got)
	}
}
