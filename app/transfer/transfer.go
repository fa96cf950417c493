// Package transfer reads contacts from the files other address books
// export — vCard (2.1, 3.0, 4.0) and CSV (Google, Outlook, any other
// through a column mapping) — and writes them back out as vCard 4.0 and
// Google-compatible CSV. Reading never stops at the first bad record:
// every problem is kept with where it is in the file, and the caller
// decides whether to save the valid part.
package transfer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/referable/referable/app"
)

// Record is one contact read from a file.
type Record struct {
	Contact app.Contact
	Where   string // "card 3 (line 41)", "line 12": for messages
	// UID and ReferredBy link a referral within one file: our own vCard
	// export names the referrer's UID.
	UID, ReferredBy string
}

// Problem is something in the file that could not be taken as it was.
type Problem struct {
	Where   string
	Reason  string
	Skipped bool // the whole record is left out; otherwise one value was
}

func (p Problem) String() string {
	if p.Where == "" {
		return p.Reason
	}
	return p.Where + ": " + p.Reason
}

// Batch is what one file holds.
type Batch struct {
	File     string
	Format   string // "vCard", "Google Contacts CSV"...
	Encoding string // the text encoding read: EncUTF8, EncShiftJIS…
	Records  []Record
	Problems []Problem
	cards    int // vCards begun in the file
	// beyond counts the problems past MaxProblems, and skippedBeyond
	// the records among them left out: a file of a million bad lines
	// costs a count, not a million messages.
	beyond, skippedBeyond int
}

// MaxProblems is how many problems a batch keeps word for word.
const MaxProblems = 1000

// Skipped counts the records left out.
func (b *Batch) Skipped() int {
	n := b.skippedBeyond
	for _, p := range b.Problems {
		if p.Skipped {
			n++
		}
	}
	return n
}

func (b *Batch) problem(where string, skipped bool, format string, args ...any) {
	if len(b.Problems) >= MaxProblems {
		b.beyond++
		if skipped {
			b.skippedBeyond++
		}
		return
	}
	b.Problems = append(b.Problems, Problem{Where: where, Reason: app.Tf(format, args...), Skipped: skipped})
}

// closeProblems says how many problems were counted past MaxProblems.
func (b *Batch) closeProblems() {
	if b.beyond > 0 {
		b.Problems = append(b.Problems, Problem{Reason: app.Tf("… and %d more problems like these (%d records left out among them)", b.beyond, b.skippedBeyond)})
	}
}

// MaxFileSize is the largest file read: an address book of 100,000
// contacts with photos stays well under it.
const MaxFileSize = 512 << 20

// Kind says how to read a file.
type Kind int

const (
	KindUnknown Kind = iota
	KindVCard
	KindCSV
)

// Sniff tells a vCard from a CSV file by name and content, and refuses a
// file that is neither (a picture, a spreadsheet, an archive...).
func Sniff(name string, body []byte) (Kind, error) {
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	head, _ = decodeUnicode(head) // UTF-16 is text too
	if bytes.IndexByte(head, 0) >= 0 || (!utf8.Valid(trimPartialRune(head)) && looksBinary(head)) {
		return KindUnknown, app.Errorf(app.EINVALID, "%s is not a text file: Referable imports vCard (.vcf) and CSV (.csv) files.", filepath.Base(name))
	}
	trimmed := bytes.TrimSpace(head)
	switch {
	case len(bytes.TrimSpace(head)) == 0 && len(bytes.TrimSpace(body)) == 0:
		return KindUnknown, app.Errorf(app.EINVALID, "%s is empty.", filepath.Base(name))
	case len(trimmed) >= 11 && strings.EqualFold(string(trimmed[:11]), "BEGIN:VCARD"):
		return KindVCard, nil
	case strings.EqualFold(filepath.Ext(name), ".vcf") || strings.EqualFold(filepath.Ext(name), ".vcard"):
		return KindVCard, nil
	}
	return KindCSV, nil
}

// trimPartialRune drops a rune cut in two at the end of a sample.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return b
}

// looksBinary reports many control bytes: legacy 8-bit text has few.
func looksBinary(b []byte) bool {
	ctl := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			ctl++
		}
	}
	return ctl > len(b)/50
}

// Read reads a vCard or CSV file, a CSV with the mapping guessed from
// its header.
func Read(name string, body []byte, today app.Date) (*Batch, error) {
	kind, err := Sniff(name, body)
	if err != nil {
		return nil, err
	}
	if kind == KindVCard {
		return ReadVCardFile(name, body, today)
	}
	t, err := ReadTable(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(name), err)
	}
	b := t.Records(GuessMapping(t.Header), today)
	b.File = name
	return b, nil
}

// finish tidies a record and checks it against today, dropping each value
// that cannot be kept (with a problem saying so) so that one bad email
// does not lose a whole contact. A record that still fails is skipped.
func (b *Batch) finish(r Record, today app.Date) {
	c := &r.Contact
	c.Normalize()
	if c.Name() == "" && len(c.Emails) > 0 {
		c.DisplayName = strings.Join(strings.Fields(c.Emails[0].Value), " ") // some address books hold only an email
	}
	if c.Name() == "" {
		b.problem(r.Where, true, "no name, company or email to call this contact by; left out")
		return
	}
	c.Emails = capList(b, r.Where, app.T("email addresses"), c.Emails)
	c.Phones = capList(b, r.Where, app.T("phone numbers"), c.Phones)
	c.Tags = capList(b, r.Where, app.T("tags"), c.Tags)
	c.Occasions = capList(b, r.Where, app.T("dates"), c.Occasions)
	c.Emails = keepValid(b, r.Where, c.Emails, func(l app.Labeled) error {
		probe := app.Contact{GivenName: "x", Emails: []app.Labeled{l}}
		return probe.Validate(today)
	})
	c.Phones = keepValid(b, r.Where, c.Phones, func(l app.Labeled) error {
		probe := app.Contact{GivenName: "x", Phones: []app.Labeled{l}}
		return probe.Validate(today)
	})
	if !c.Birthday.IsZero() {
		if err := (&app.Contact{GivenName: "x", Birthday: c.Birthday}).Validate(today); err != nil {
			b.problem(r.Where, false, "birthday not kept: %s", app.ErrorMessage(err))
			c.Birthday = app.Date{}
		}
	}
	if !c.ClientSince.IsZero() {
		if err := (&app.Contact{GivenName: "x", ClientSince: c.ClientSince}).Validate(today); err != nil {
			b.problem(r.Where, false, "client since not kept: %s", app.ErrorMessage(err))
			c.ClientSince = app.Date{}
		}
	}
	var occ []app.Occasion
	for _, o := range c.Occasions {
		if o.Label == "" {
			o.Label = "Anniversary"
		}
		if err := (&app.Contact{GivenName: "x", Occasions: []app.Occasion{o}}).Validate(today); err != nil {
			b.problem(r.Where, false, "%s not kept: %s", o.Label, app.ErrorMessage(err))
			continue
		}
		occ = append(occ, o)
	}
	c.Occasions = occ
	type field struct {
		name string
		s    *string
		max  int
	}
	fields := []field{
		{app.T("given name"), &c.GivenName, 200}, {app.T("family name"), &c.FamilyName, 200}, {app.T("display name"), &c.DisplayName, 200},
		{app.T("prefix"), &c.Prefix, 200}, {app.T("middle name"), &c.MiddleName, 200}, {app.T("suffix"), &c.Suffix, 200}, {app.T("nickname"), &c.Nickname, 200},
		{app.T("company"), &c.Company, 200}, {app.T("notes"), &c.Notes, 20000}, {app.T("what they treasure"), &c.Treasures, 20000},
	}
	c.OtherAddresses = capList(b, r.Where, app.T("postal addresses"), c.OtherAddresses)
	for i := -1; i < len(c.OtherAddresses); i++ {
		a := &c.Address
		if i >= 0 {
			a = &c.OtherAddresses[i]
		}
		fields = append(fields, field{app.T("street"), &a.Street, 20000}, field{app.T("address label"), &a.Label, 200}, field{app.T("town"), &a.Locality, 200},
			field{app.T("region"), &a.Region, 200}, field{app.T("postal code"), &a.PostalCode, 200}, field{app.T("country"), &a.Country, 200})
	}
	for _, f := range fields {
		if !utf8.ValidString(*f.s) {
			*f.s = strings.ToValidUTF8(*f.s, "\uFFFD")
			b.problem(r.Where, false, "%s had bytes that are not text; they show as \uFFFD", f.name)
		}
		if cut, ok := app.Prefix(*f.s, f.max); ok {
			b.problem(r.Where, false, "%s cut to its first %d characters (it had %d)", f.name, f.max, utf8.RuneCountInString(*f.s))
			*f.s = strings.Clone(cut) // let the long value go
		}
	}
	if err := c.Validate(today); err != nil {
		b.problem(r.Where, true, "%s; left out", strings.TrimSuffix(app.ErrorMessage(err), "."))
		return
	}
	b.Records = append(b.Records, r)
}

// capList keeps the first app.MaxListLen entries of a contact's list: a
// card with 100,000 phone numbers is a broken export, not a person.
func capList[T any](b *Batch, where, what string, in []T) []T {
	if len(in) <= app.MaxListLen {
		return in
	}
	b.problem(where, false, "%d %s; the first %d kept", len(in), what, app.MaxListLen)
	return in[:app.MaxListLen:app.MaxListLen]
}

func keepValid(b *Batch, where string, in []app.Labeled, check func(app.Labeled) error) []app.Labeled {
	var out []app.Labeled
	for _, l := range in {
		if err := check(l); err != nil {
			b.problem(where, false, "%s; not kept", strings.TrimSuffix(app.ErrorMessage(err), "."))
			continue
		}
		out = append(out, l)
	}
	return out
}

// particles start a family name: "Anna de Vries", "Ludwig van Beethoven".
var particles = map[string]bool{"de": true, "da": true, "di": true, "del": true, "della": true, "der": true, "den": true,
	"van": true, "von": true, "ten": true, "ter": true, "le": true, "la": true, "du": true, "dos": true, "das": true, "bin": true, "al": true}

// SplitFullName splits "Given Family" when only a whole name is known:
// the last word is the family name, with any particle before it.
func SplitFullName(full string) (given, family string) {
	words := strings.Fields(full)
	switch len(words) {
	case 0:
		return "", ""
	case 1:
		return words[0], ""
	}
	cut := len(words) - 1
	for cut > 1 && particles[strings.ToLower(words[cut-1])] {
		cut--
	}
	return strings.Join(words[:cut], " "), strings.Join(words[cut:], " ")
}
