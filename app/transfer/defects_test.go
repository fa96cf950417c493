package transfer

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/referable/referable/app"
)

// readDefect reads one fixture of testdata/defects, failing the test if
// the file cannot be read at all.
func readDefect(t *testing.T, file string) *Batch {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "defects", file))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(file, body, today)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return b
}

func oneContact(t *testing.T, b *Batch) *app.Contact {
	t.Helper()
	if len(b.Records) != 1 {
		t.Fatalf("%s: %d contacts read, want 1 (problems: %v)", b.File, len(b.Records), b.Problems)
	}
	return &b.Records[0].Contact
}

// N:Doe;John;Richter,James;Mr.;Sr. is five parts, the middle names a
// list: "Dear Mr. Doe" and "Dear Johnny" both possible.
func TestVCardNameParts(t *testing.T) {
	c := oneContact(t, readDefect(t, "name-parts.vcf"))
	if c.Prefix != "Mr." || c.GivenName != "John" || c.MiddleName != "Richter James" || c.FamilyName != "Doe" || c.Suffix != "Sr." || c.Nickname != "Johnny" {
		t.Errorf("name parts: %q %q %q %q %q, nickname %q", c.Prefix, c.GivenName, c.MiddleName, c.FamilyName, c.Suffix, c.Nickname)
	}
	if got := c.FormalName(); got != "Mr. Doe" {
		t.Errorf("formal name %q, want Mr. Doe", got)
	}
	if got := c.Name(); got != "Mr. John Richter James Doe Sr." {
		t.Errorf("the display name is not kept as the file had it: %q", got)
	}
}

// Every escape of RFC 6350 and 2426 is read back to its character, in
// text values and in the parts of N.
func TestVCardEscaping(t *testing.T) {
	c := oneContact(t, readDefect(t, "escaping.vcf"))
	if c.FamilyName != "O;Brien" || c.GivenName != "Seán" {
		t.Errorf("N: given %q family %q", c.GivenName, c.FamilyName)
	}
	if c.DisplayName != `Seán O;Brien "the Builder"` {
		t.Errorf("FN: %q", c.DisplayName)
	}
	if len(c.Emails) != 1 || c.Emails[0].Value != "sean;work@example.ie" {
		t.Errorf("EMAIL: %+v", c.Emails)
	}
	if want := "comma , colon : semicolon ; quote \" backslash \\ newline\nsecond line"; c.Notes != want {
		t.Errorf("NOTE:\n got %q\nwant %q", c.Notes, want)
	}
	// And written back escaped, so it reads the same again.
	var buf bytes.Buffer
	if err := NewVCardWriter(&buf).Write(c); err != nil {
		t.Fatal(err)
	}
	unfolded := strings.ReplaceAll(buf.String(), "\r\n ", "")
	for _, want := range []string{`NOTE:comma \, colon : semicolon \; quote " backslash \\ newline\nsecond line`, `N:O\;Brien;Seán;;;`} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("written card lacks %q:\n%s", want, buf.String())
		}
	}
	again := oneContact(t, ReadVCards(buf.Bytes(), today))
	if again.Notes != c.Notes || again.FamilyName != c.FamilyName || again.DisplayName != c.DisplayName || again.Emails[0].Value != c.Emails[0].Value {
		t.Errorf("read back: %+v", again)
	}
}

// A quoted TYPE list, and a quoted parameter holding ; and :, keep the
// value they belong to.
func TestVCardQuotedParameters(t *testing.T) {
	c := oneContact(t, readDefect(t, "quoted-params.vcf"))
	if len(c.Phones) != 2 || c.Phones[0].Value != "0301234567" || c.Phones[0].Label != "xy" || c.Phones[1].Label != "work" {
		t.Errorf("phones: %+v", c.Phones)
	}
	if c.Address.Street != "Hauptstr. 1" || c.Address.Locality != "Berlin" || c.Address.PostalCode != "10115" {
		t.Errorf("address after a quoted LABEL: %+v", c.Address)
	}
}

// Every address is kept with its label, the home one for mail; an
// EMAIL written as a mail header is reduced to its address; a bad date
// is reported at its own line.
func TestVCardSeveralAddresses(t *testing.T) {
	b := readDefect(t, "several-addresses.vcf")
	c := oneContact(t, b)
	if c.Address.Label != "home" || c.Address.Street != "742 Evergreen Terrace" {
		t.Errorf("mailing address: %+v", c.Address)
	}
	if len(c.OtherAddresses) != 2 || c.OtherAddresses[0].Label != "work" || c.OtherAddresses[1].Label != "holiday home" || c.OtherAddresses[1].Locality != "Konstanz" {
		t.Errorf("other addresses: %+v", c.OtherAddresses)
	}
	if len(c.Emails) != 2 || c.Emails[0].Value != "omega@example.com" || c.Emails[1].Value != "olga@omega.example" || c.Emails[1].Label != "work" {
		t.Errorf("emails: %+v", c.Emails)
	}
	if len(b.Problems) != 1 || !strings.HasPrefix(b.Problems[0].String(), "card 1, line 11: birthday not kept") {
		t.Errorf("problems: %v", b.Problems)
	}
}

// A .vcf with no card in it is refused with a message, not counted as a
// contact left out.
func TestVCardFileWithNoCard(t *testing.T) {
	body, _ := os.ReadFile(filepath.Join("testdata", "defects", "no-begin.vcf"))
	_, err := Read("no-begin.vcf", body, today)
	if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), "no vCard in it") {
		t.Fatalf("a .vcf with no BEGIN:VCARD: %v", err)
	}
}

// Export writes vCard 4.0 dates in the RFC's basic form.
func TestVCardDatesBasicForm(t *testing.T) {
	c := &app.Contact{GivenName: "Ada", Birthday: date(1993, 12, 26), ClientSince: date(2019, 3, 1),
		Occasions: []app.Occasion{{Label: "Anniversary", Date: date(0, 6, 12)}}}
	var buf bytes.Buffer
	NewVCardWriter(&buf).Write(c)
	for _, want := range []string{"BDAY:19931226\r\n", "ANNIVERSARY:--0612\r\n", "X-REFERABLE-CLIENT-SINCE:20190301\r\n"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("written card lacks %q:\n%s", want, buf.String())
		}
	}
	if strings.Contains(buf.String(), "1993-12-26") {
		t.Error("a dashed date in a vCard 4.0")
	}
}

// Thunderbird's layout: the birthday in three columns, Home and Work
// Address as streets, an empty work address leaving the home one whole.
func TestThunderbirdCSV(t *testing.T) {
	b := readDefect(t, "thunderbird.csv")
	if b.Format != dialectThunderbird {
		t.Errorf("read as %q", b.Format)
	}
	if len(b.Records) != 2 {
		t.Fatalf("%d contacts; problems %v", len(b.Records), b.Problems)
	}
	maja, lars := b.Records[0].Contact, b.Records[1].Contact
	if maja.Birthday != date(1970, 7, 14) || maja.Nickname != "Maj" || maja.Company != "Berg Design" {
		t.Errorf("Maja: %+v", maja)
	}
	if maja.Address.Street != "Storgatan 1" || maja.Address.PostalCode != "111 22" || len(maja.OtherAddresses) != 0 {
		t.Errorf("Maja's address: %+v, others %+v", maja.Address, maja.OtherAddresses)
	}
	if len(maja.Phones) != 2 || maja.Phones[1].Label != "mobile" || len(maja.Emails) != 1 {
		t.Errorf("Maja's phones and emails: %+v %+v", maja.Phones, maja.Emails)
	}
	if lars.Birthday != date(0, 3, 9) || lars.Address.Street != "Kungsgatan 5" || len(lars.OtherAddresses) != 1 || lars.OtherAddresses[0].Street != "Industrigatan 2" || lars.OtherAddresses[0].Label != "work" {
		t.Errorf("Lars: birthday %v, %+v, %+v", lars.Birthday, lars.Address, lars.OtherAddresses)
	}
	for _, p := range b.Problems {
		t.Errorf("problem: %v", p)
	}
}

// Every phone column Outlook writes comes in, with its label; Title and
// Suffix are the name's prefix and suffix.
func TestOutlookEveryPhone(t *testing.T) {
	c := oneContact(t, readDefect(t, "outlook-phones.csv"))
	var labels []string
	for _, p := range c.Phones {
		labels = append(labels, p.Label)
	}
	want := []string{"work fax", "home fax", "pager", "car", "assistant", "mobile", "fax", "callback", "isdn", "radio", "tty", "telex"}
	if !slices.Equal(labels, want) {
		t.Errorf("phone labels %v\nwant %v", labels, want)
	}
	if c.Prefix != "Dr." || c.Suffix != "Jr." || c.Nickname != "Ottl" {
		t.Errorf("name parts: %q %q %q", c.Prefix, c.Suffix, c.Nickname)
	}
}

// Referable's own Google CSV reads back whole: the display name from
// File As, and every phone and email with its own label.
func TestGoogleCSVReadsItsOwnExport(t *testing.T) {
	in := []*app.Contact{
		{DisplayName: "李明", Emails: []app.Labeled{{Label: "work", Value: "li@example.cn"}}},
		{GivenName: "Zoë", FamilyName: "Müller", DisplayName: "Zoë (the baker)",
			Phones: []app.Labeled{{Label: "mobile", Value: "+1 503 555 0101"}, {Label: "work", Value: "+1 503 555 0102"}, {Label: "home", Value: "+1 503 555 0103"}},
			Emails: []app.Labeled{{Label: "home", Value: "a@example.com"}, {Label: "work", Value: "b@example.com"}, {Label: "other", Value: "c@example.com"}}},
	}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	for _, c := range in {
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	b, err := Read("export.csv", buf.Bytes(), today)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Records) != 2 {
		t.Fatalf("%d read; %v", len(b.Records), b.Problems)
	}
	if got := b.Records[0].Contact.Name(); got != "李明" {
		t.Errorf("李明 reads back as %q", got)
	}
	zoe := b.Records[1].Contact
	if zoe.Name() != "Zoë (the baker)" || !slices.Equal(zoe.Phones, in[1].Phones) || !slices.Equal(zoe.Emails, in[1].Emails) {
		t.Errorf("Zoë reads back as %q, %+v, %+v", zoe.Name(), zoe.Phones, zoe.Emails)
	}
}

// Cards as iPhone, RFC 6350's own example, an old Android phone and
// Evolution write them: every name, email, phone, date and address
// read, with the labels they carry.
func TestVCardAsProgramsWriteThem(t *testing.T) {
	b := readDefect(t, "real-world.vcf")
	if len(b.Records) != 4 {
		t.Fatalf("%d contacts; problems %v", len(b.Records), b.Problems)
	}
	for _, p := range b.Problems {
		t.Errorf("problem: %v", p)
	}
	apple, public, android, evolution := b.Records[0].Contact, b.Records[1].Contact, b.Records[2].Contact, b.Records[3].Contact
	if apple.Company != "Orchard, Inc." || apple.Emails[0].Label != "other" || apple.Phones[0].Label != "barn" || apple.Phones[1].Label != "work fax" ||
		apple.Address.Locality != "Cupertino" || apple.Birthday != date(0, 3, 11) {
		t.Errorf("iPhone: %+v", apple)
	}
	if public.Prefix != "Mr." || public.MiddleName != "Quinlan" || public.Suffix != "Esq." || public.Name() != "Mr. John Q. Public, Esq." ||
		public.Address.Street != "123 Main Street" || public.Address.PostalCode != "91921-1234" || public.Phones[0].Value != "+1-555-555-5555;ext=5555" ||
		public.Phones[0].Label != "home" || len(public.Occasions) != 1 || public.Occasions[0].Date != date(1996, 4, 15) {
		t.Errorf("RFC 6350: %+v", public)
	}
	if android.Name() != "山田花子" || android.FamilyName != "山田" || android.Phones[0].Label != "mobile" || android.Address.Locality != "京都市" || android.Address.Country != "日本" {
		t.Errorf("Android 2.1: %+v", android)
	}
	if evolution.Notes != "Wohnt im 3. OG; Klingel defekt" || !slices.Equal(evolution.Tags, []string{"kunden", "empfehler"}) || evolution.Phones[0].Label != "home" {
		t.Errorf("Evolution: %+v", evolution)
	}
}

// An address a program wrote only whole (Google's Formatted column with
// no parts) is kept as written, not lost.
func TestCSVFormattedAddressOnly(t *testing.T) {
	body := "First Name,Last Name,Address 1 - Label,Address 1 - Formatted,Address 2 - Label,Address 2 - Street,Address 2 - City\n" +
		"Ada,Lovelace,Home,\"12 St James's Square\nLondon SW1Y 4JH\",Work,1 Analytical Row,London\n"
	b, err := Read("google.csv", []byte(body), today)
	if err != nil || len(b.Records) != 1 {
		t.Fatalf("%v %+v", err, b)
	}
	c := b.Records[0].Contact
	if c.Address.Street != "12 St James's Square\nLondon SW1Y 4JH" || c.Address.Label != "home" || len(c.OtherAddresses) != 1 || c.OtherAddresses[0].Label != "work" {
		t.Errorf("addresses: %+v %+v", c.Address, c.OtherAddresses)
	}
}

// Yahoo's CSV names its phone columns by their label alone (Home, Work,
// Mobile) and uses Title for the job: every phone comes in labelled,
// both addresses, the month-first birthday.
func TestYahooCSV(t *testing.T) {
	b := readDefect(t, "yahoo.csv")
	c := oneContact(t, b)
	if b.Format != dialectYahoo {
		t.Errorf("read as %q", b.Format)
	}
	var labels []string
	for _, p := range c.Phones {
		labels = append(labels, p.Label)
	}
	if !slices.Equal(labels, []string{"home", "work", "fax", "mobile"}) || c.Prefix != "" || c.Nickname != "AJ" || c.MiddleName != "J" {
		t.Errorf("phones %v, prefix %q, nickname %q, middle %q", labels, c.Prefix, c.Nickname, c.MiddleName)
	}
	if len(c.Emails) != 2 || c.Company != "Rivera Roofing" || c.Birthday != date(1985, 4, 12) || c.Notes != "Met at the fair" {
		t.Errorf("%+v", c)
	}
	if c.Address.Street != "9 Home Rd" || len(c.OtherAddresses) != 1 || c.OtherAddresses[0].Street != "1 Work Way" {
		t.Errorf("addresses %+v %+v", c.Address, c.OtherAddresses)
	}
}

// A vCard date written with a space before its time, or month first,
// still reads.
func TestVCardDateForms(t *testing.T) {
	body := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nBDAY:1985-04-12 00:00:00\r\nANNIVERSARY:6/20/2015\r\nEND:VCARD\r\n"
	c := oneContact(t, ReadVCards([]byte(body), today))
	if c.Birthday != date(1985, 4, 12) || len(c.Occasions) != 1 || c.Occasions[0].Date != date(2015, 6, 20) {
		t.Errorf("birthday %v, occasions %+v", c.Birthday, c.Occasions)
	}
}
