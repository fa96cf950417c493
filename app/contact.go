package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind says what a contact is to the business. A contact can be several
// kinds at once (a client who also refers), so kinds form a bit set.
type Kind uint8

const (
	KindClient Kind = 1 << iota
	KindReferrer
	KindProspect
	KindPartner
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindClient, KindReferrer, KindProspect, KindPartner}

// String is the kind's name as people read it, in the owner's language.
func (k Kind) String() string {
	if k.Key() == "" {
		return ""
	}
	return T(k.Key())
}

// Key is the kind's name in English, as files and the command line's
// JSON write it, whatever the owner's language.
func (k Kind) Key() string {
	switch k {
	case KindClient:
		return N("Client")
	case KindReferrer:
		return N("Referrer")
	case KindProspect:
		return N("Prospect")
	case KindPartner:
		return N("Partner")
	}
	return ""
}

// Has reports whether the set k holds every kind in other.
func (k Kind) Has(other Kind) bool { return k&other == other && other != 0 }

// Names lists the kinds in the set, in display order.
func (k Kind) Names() []string {
	var names []string
	for _, one := range Kinds {
		if k.Has(one) {
			names = append(names, one.String())
		}
	}
	return names
}

// Keys lists the kinds in the set by their English names (Key).
func (k Kind) Keys() []string {
	var keys []string
	for _, one := range Kinds {
		if k.Has(one) {
			keys = append(keys, one.Key())
		}
	}
	return keys
}

// ParseKind reads one kind name, in any case, in English or the
// owner's language.
func ParseKind(name string) (Kind, error) {
	name = strings.TrimSpace(name)
	for _, k := range Kinds {
		if strings.EqualFold(name, k.Key()) || strings.EqualFold(name, k.String()) {
			return k, nil
		}
	}
	return 0, Errorf(EINVALID, "%q is not a kind of contact (client, referrer, prospect or partner).", name)
}

// Labeled is a value with an optional label, as in "work: ada@example.com".
type Labeled struct {
	Label string
	Value string // as the person typed it, or as the file had it
	// Normal is a phone's number in E.164 ("+4930123456") where it reads
	// as one; set on saving (NormalizePhones), empty for emails.
	Normal string
}

// Address is a postal address, kept in parts so envelopes can be laid out.
type Address struct {
	Label      string // home, work, other, or the person's own word
	Street     string // may span lines
	Locality   string // city or town
	Region     string // state, county or province
	PostalCode string
	Country    string
}

// IsZero reports whether no part of the address is filled in (a label
// alone is not an address).
func (a Address) IsZero() bool {
	a.Label = ""
	return a == Address{}
}

// Same reports whether a and b are one address, whatever their labels.
func (a Address) Same(b Address) bool {
	a.Label, b.Label = "", ""
	return a == b
}

// trimmed has no spaces around any part, nor around any line of the
// street, and no empty street line: an envelope prints no blank line.
func (a Address) trimmed() Address {
	t := strings.TrimSpace
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(a.Street, "\r\n", "\n"), "\n") {
		if l = t(l); l != "" {
			lines = append(lines, l)
		}
	}
	return Address{oneLine(a.Label), strings.Join(lines, "\n"), oneLine(a.Locality), oneLine(a.Region), oneLine(a.PostalCode), oneLine(a.Country)}
}

// oneLine is a name or a label as one line: every run of spaces, tabs
// and line breaks one space, none around it.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Occasion is a labelled yearly date on a contact other than the birthday
// and client anniversary: a wedding, the day their company was founded.
type Occasion struct {
	Label string
	Date  Date
}

// Contact is anyone the business knows. ReferredByID links to the contact
// who sent them to us (0 when nobody did, or we do not know).
type Contact struct {
	ID          int64
	Prefix      string // Mr., Dr., Prof.
	GivenName   string
	MiddleName  string // every middle name, space-separated
	FamilyName  string
	Suffix      string // Jr., Sr., PhD
	Nickname    string // what friends call them: a card can greet them so
	DisplayName string // how to show them when it is not "Given Family"
	Company     string
	Kinds       Kind
	Tags        []string
	Emails      []Labeled
	Phones      []Labeled
	// Address is the one cards are mailed to; OtherAddresses are the
	// rest (work, a holiday home), kept so nothing an import brings is
	// lost, and any of them can become the mailing one.
	Address        Address
	OtherAddresses []Address

	Birthday     Date
	ClientSince  Date
	Occasions    []Occasion
	Notes        string
	Treasures    string // what they treasure: likes, hobbies, favourite things
	DoNotContact bool
	ReferredByID int64
	MailLeadDays int // days the post takes to reach them; 0: the setting
	CadenceDays  int // keep in touch at least this often; 0: by tag, or none

	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt time.Time // set while the contact is in the trash
}

// Name is how the contact is shown: the display name, else "Given Family",
// else the company.
func (c *Contact) Name() string {
	return ContactName(c.DisplayName, c.GivenName, c.FamilyName, c.Company)
}

// FullName is every part of the name, as an envelope names them: "Mr.
// John Richter James Doe Sr.". A name with no prefix, middle name or
// suffix is its Name (the display name, where there is one); a Chinese,
// Japanese or Korean name is family name first, unspaced: 山田花子.
func (c *Contact) FullName() string {
	if strings.TrimSpace(c.Prefix+c.MiddleName+c.Suffix) == "" || (c.GivenName == "" && c.FamilyName == "") {
		return c.Name()
	}
	if eastAsian(c.GivenName) && eastAsian(c.FamilyName) {
		return strings.TrimSpace(strings.Join(strings.Fields(c.Prefix+" "+c.FamilyName+c.GivenName+" "+c.Suffix), " "))
	}
	return strings.Join(strings.Fields(strings.Join([]string{c.Prefix, c.GivenName, c.MiddleName, c.FamilyName, c.Suffix}, " ")), " ")
}

// eastAsian reports a name written in Han, Hangul or kana, whose family
// name comes first.
func eastAsian(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) {
			return false
		}
		n++
	}
	return n > 0
}

// FormalName is how a formal letter names them: "Mr. Doe" when the name
// has a prefix and a family name, "Dr. Ada Lovelace" with a prefix and
// only a given name, else their name.
func (c *Contact) FormalName() string {
	prefix, family := strings.TrimSpace(c.Prefix), strings.TrimSpace(c.FamilyName)
	switch {
	case prefix != "" && family != "":
		return prefix + " " + family
	case prefix != "" && c.GivenName != "":
		return prefix + " " + strings.TrimSpace(c.GivenName)
	}
	return c.Name()
}

// CallName is what a friendly card calls them: the nickname, else the
// given name, else their name.
func (c *Contact) CallName() string {
	for _, s := range []string{c.Nickname, c.GivenName} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return c.Name()
}

// Addresses are every postal address of the contact, the mailing one
// first.
func (c *Contact) Addresses() []Address {
	if c.Address.IsZero() {
		return slices.Clone(c.OtherAddresses)
	}
	return append([]Address{c.Address}, c.OtherAddresses...)
}

// ContactName applies the Name rule to loose fields.
func ContactName(display, given, family, company string) string {
	if s := strings.TrimSpace(display); s != "" {
		return s
	}
	if s := strings.TrimSpace(strings.TrimSpace(given) + " " + strings.TrimSpace(family)); s != "" {
		return s
	}
	return strings.TrimSpace(company)
}

// Field size limits keep one pasted novel from bloating the database.
const (
	MaxNameLen = 200   // a name, a company, a label: one line
	MaxTextLen = 20000 // notes, what they treasure, a street
	MaxListLen = 50    // emails, phones, tags or dates of one contact
)

// Normalize trims spaces, drops empty list entries and duplicate tags, so
// what is saved is what the person meant.
func (c *Contact) Normalize() {
	trim := strings.TrimSpace
	c.GivenName, c.FamilyName, c.DisplayName, c.Company = oneLine(c.GivenName), oneLine(c.FamilyName), oneLine(c.DisplayName), oneLine(c.Company)
	c.Prefix, c.MiddleName, c.Suffix, c.Nickname = oneLine(c.Prefix), oneLine(c.MiddleName), oneLine(c.Suffix), oneLine(c.Nickname)
	c.Notes, c.Treasures = trim(c.Notes), trim(c.Treasures)
	c.Address = c.Address.trimmed()
	var others []Address
	for _, a := range c.OtherAddresses {
		a = a.trimmed()
		if a.IsZero() || a.Same(c.Address) || slices.ContainsFunc(others, a.Same) {
			continue
		}
		if c.Address.IsZero() { // the first address there is is the one to mail
			c.Address = a
			continue
		}
		others = append(others, a)
	}
	if c.Address.IsZero() {
		c.Address.Label = ""
	}
	c.OtherAddresses = others
	c.Tags = NormalizeTags(c.Tags)
	c.Emails = normalizeLabeled(c.Emails)
	c.Phones = normalizeLabeled(c.Phones)
	occ := c.Occasions[:0:0]
	for _, o := range c.Occasions {
		o.Label = trim(o.Label)
		if o.Label != "" || !o.Date.IsZero() {
			occ = append(occ, o)
		}
	}
	c.Occasions = occ
}

// NormalizeTags trims, lower-cases and de-duplicates tags, keeping order.
func NormalizeTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func normalizeLabeled(in []Labeled) []Labeled {
	var out []Labeled
	for _, l := range in {
		l.Label, l.Value = oneLine(l.Label), strings.TrimSpace(l.Value)
		if l.Value != "" {
			out = append(out, l)
		}
	}
	return out
}

// Field names a part of a contact a problem is in, so a form can mark
// it where it is.
type Field string

const (
	FieldName        Field = "name" // no name at all: given, family, display or company
	FieldGiven       Field = "given"
	FieldFamily      Field = "family"
	FieldDisplay     Field = "display"
	FieldCompany     Field = "company"
	FieldPrefix      Field = "prefix"
	FieldMiddle      Field = "middle"
	FieldSuffix      Field = "suffix"
	FieldNickname    Field = "nickname"
	FieldKinds       Field = "kinds"
	FieldTags        Field = "tags"
	FieldEmails      Field = "emails"
	FieldPhones      Field = "phones"
	FieldAddresses   Field = "addresses"
	FieldBirthday    Field = "birthday"
	FieldClientSince Field = "client_since"
	FieldOccasions   Field = "occasions"
	FieldMailLead    Field = "mail_lead"
	FieldCadence     Field = "cadence"
	FieldTreasures   Field = "treasures"
	FieldNotes       Field = "notes"
	FieldReferredBy  Field = "referred_by"
)

// FieldProblem is what is wrong with one field.
type FieldProblem struct {
	Field Field
	Err   error
}

// Problems lists what is wrong with the contact, every field that has a
// problem, in the order a form shows them: the first problem of each.
func (c *Contact) Problems(today Date) []FieldProblem {
	var out []FieldProblem
	seen := map[Field]bool{}
	add := func(f Field, err error) {
		if err != nil && !seen[f] {
			seen[f] = true
			out = append(out, FieldProblem{f, err})
		}
	}
	if c.Name() == "" {
		add(FieldName, Errorf(EINVALID, "A contact needs a name: fill in a given name, family name, display name or company."))
	}
	for _, t := range []struct {
		f     Field
		label string
		s     string
	}{{FieldPrefix, T("Prefix"), c.Prefix}, {FieldGiven, T("Given name"), c.GivenName}, {FieldMiddle, T("Middle name"), c.MiddleName},
		{FieldFamily, T("Family name"), c.FamilyName}, {FieldSuffix, T("Suffix"), c.Suffix}, {FieldNickname, T("Nickname"), c.Nickname},
		{FieldDisplay, T("Display name"), c.DisplayName}, {FieldCompany, T("Company"), c.Company}} {
		add(t.f, checkText(t.label, t.s, MaxNameLen))
	}
	if c.Kinds&^(KindClient|KindReferrer|KindProspect|KindPartner) != 0 {
		add(FieldKinds, Errorf(EINVALID, "Unknown kind of contact."))
	}
	for _, l := range []struct {
		f    Field
		what string
		n    int
	}{{FieldTags, T("tags"), len(c.Tags)}, {FieldEmails, T("email addresses"), len(c.Emails)}, {FieldPhones, T("phone numbers"), len(c.Phones)},
		{FieldAddresses, T("postal addresses"), len(c.Addresses())}, {FieldOccasions, T("dates"), len(c.Occasions)}} {
		if l.n > MaxListLen {
			add(l.f, Errorf(EINVALID, "A contact can have at most %d %s (this one has %d).", MaxListLen, l.what, l.n))
		}
	}
	for _, t := range c.Tags {
		add(FieldTags, checkText(T("A tag"), t, MaxNameLen))
	}
	for _, e := range c.Emails {
		add(FieldEmails, checkLabeled(e))
		if at := strings.Index(e.Value, "@"); at <= 0 || at == len(e.Value)-1 || strings.ContainsAny(e.Value, " \t\n") {
			add(FieldEmails, Errorf(EINVALID, "%q is not an email address.", e.Value))
		}
	}
	for _, p := range c.Phones {
		add(FieldPhones, checkLabeled(p))
		if !strings.ContainsAny(p.Value, "0123456789") {
			add(FieldPhones, Errorf(EINVALID, "%q is not a phone number: it has no digits.", p.Value))
		}
	}
	for _, a := range c.Addresses() {
		add(FieldAddresses, checkText(T("Street"), a.Street, MaxTextLen))
		for _, t := range [][2]string{{T("An address's label"), a.Label}, {T("Town"), a.Locality}, {T("Region"), a.Region}, {T("Postal code"), a.PostalCode}, {T("Country"), a.Country}} {
			add(FieldAddresses, checkText(t[0], t[1], MaxNameLen))
		}
	}
	add(FieldBirthday, validateDate(T("Birthday"), c.Birthday, today))
	add(FieldClientSince, validateDate(T("Client since"), c.ClientSince, today))
	if !c.ClientSince.IsZero() && !c.ClientSince.HasYear() {
		add(FieldClientSince, Errorf(EINVALID, "Client since needs a year, so anniversaries can be counted."))
	}
	for _, o := range c.Occasions {
		add(FieldOccasions, checkText(T("An occasion's label"), o.Label, MaxNameLen))
		switch {
		case o.Label == "":
			add(FieldOccasions, Errorf(EINVALID, "The occasion on %s needs a label, such as “wedding”.", o.Date.Long()))
		case o.Date.IsZero():
			add(FieldOccasions, Errorf(EINVALID, "The occasion %q needs a date.", o.Label))
		}
		if err := o.Date.Validate(); err != nil {
			add(FieldOccasions, Errorf(EINVALID, "%s: %s", o.Label, ErrorMessage(err)))
		}
	}
	if c.MailLeadDays < 0 || c.MailLeadDays > 60 {
		add(FieldMailLead, Errorf(EINVALID, "Post takes 0 to 60 days, not %d.", c.MailLeadDays))
	}
	if c.CadenceDays < 0 || c.CadenceDays > 3650 {
		add(FieldCadence, Errorf(EINVALID, "Keep in touch every 1 to 3650 days, not %d.", c.CadenceDays))
	}
	add(FieldTreasures, checkText(T("What they treasure"), c.Treasures, MaxTextLen))
	add(FieldNotes, checkText(T("Notes"), c.Notes, MaxTextLen))
	if c.ID != 0 && c.ReferredByID == c.ID {
		add(FieldReferredBy, Errorf(EINVALID, "A contact cannot be referred by themselves."))
	}
	return out
}

// Validate checks a contact before it is saved: its first problem.
func (c *Contact) Validate(today Date) error {
	if p := c.Problems(today); len(p) > 0 {
		return p[0].Err
	}
	return nil
}

// checkLabeled checks an email's or a phone's label and value.
func checkLabeled(l Labeled) error {
	if err := checkText(T("A label"), l.Label, MaxNameLen); err != nil {
		return err
	}
	return checkText(fmt.Sprintf("%q", Clip(l.Value, 40)), l.Value, MaxNameLen)
}

func validateDate(label string, d Date, today Date) error {
	if err := d.Validate(); err != nil {
		return Errorf(EINVALID, "%s: %s", label, ErrorMessage(err))
	}
	if d.After(today) {
		return Errorf(EINVALID, "%s %s is in the future.", label, d.Long())
	}
	return nil
}

func checkText(label, s string, max int) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s contains text that is not valid UTF-8.", label)
	}
	if utf8.RuneCountInString(s) > max {
		return Errorf(EINVALID, "%s is too long (at most %d characters).", label, max)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return Errorf(EINVALID, "%s contains a control character (%U), which would print as nothing or as garbage.", label, r)
		}
	}
	return nil
}

// ContactSummary is one row of a contact list: enough to show and sort,
// cheap to load by the hundred thousand.
type ContactSummary struct {
	ID        int64
	Name      string
	Company   string
	Kinds     Kind
	DeletedAt time.Time
}

// ContactFilter selects contacts. Zero fields do not filter.
type ContactFilter struct {
	Query        string // words, each matched as a prefix, diacritics ignored
	Kind         Kind
	Tag          string
	ReferredByID int64
	Trashed      bool // list the trash instead of live contacts
	Offset       int  // rows to skip, for paging
	Limit        int
}

// ContactIDs are the IDs of a list of contacts, in order.
func ContactIDs(cs []ContactSummary) []int64 {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// ContactPage is how many rows of the contact list are read at a time:
// several screens' worth, so scrolling rarely waits, yet a search's first
// page stops early.
const ContactPage = 100

// TrashRetention is how long a trashed contact can still be restored.
const TrashRetention = 30 * 24 * time.Hour

// ContactService stores contacts.
type ContactService interface {
	FindContactByID(ctx context.Context, id int64) (*Contact, error)
	// FindContacts lists a page of the contacts matching the filter, by
	// name, and how many match in all.
	FindContacts(ctx context.Context, filter ContactFilter) ([]ContactSummary, int, error)
	CountContacts(ctx context.Context) (live, trashed int, err error)
	CreateContact(ctx context.Context, c *Contact) error
	// CreateContacts saves many contacts in one transaction: all or none.
	CreateContacts(ctx context.Context, cs []*Contact) error
	UpdateContact(ctx context.Context, c *Contact) error
	TrashContact(ctx context.Context, id int64) error
	RestoreContact(ctx context.Context, id int64) error
	// PurgeTrash deletes for good what was trashed before the cut-off.
	PurgeTrash(ctx context.Context, before time.Time) (int, error)
	Tags(ctx context.Context) ([]string, error)
}

// Clip shortens text quoted in a message or a narrow column to n
// characters and an ellipsis.
func Clip(s string, n int) string {
	if p, cut := Prefix(s, n); cut {
		return p + "…"
	}
	return s
}

// Prefix is s cut to its first n characters, and whether it was cut. It
// reads no further than it keeps, so a 100 MB value costs nothing more.
func Prefix(s string, n int) (string, bool) {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos], true
		}
		i++
	}
	return s, false
}
