package davsync

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/referable/referable/app"
)

// Fields are a contact as sync compares it: each field a string, a list
// as JSON. Two sides agree on a field when its strings are equal.
type Fields map[string]string

// The fields, by their keys (stable: they are stored in links and
// conflicts).
const (
	fGiven       = "given"
	fFamily      = "family"
	fMiddle      = "middle"
	fPrefix      = "prefix"
	fSuffix      = "suffix"
	fNickname    = "nickname"
	fDisplay     = "display"
	fCompany     = "company"
	fEmails      = "emails"
	fPhones      = "phones"
	fAddresses   = "addresses"
	fBirthday    = "birthday"
	fOccasions   = "occasions"
	fTags        = "tags"
	fNotes       = "notes"
	fTreasures   = "treasures"
	fKinds       = "kinds"
	fClientSince = "client_since"
	fDoNotCont   = "do_not_contact"
	fPostDays    = "post_days"
	fCadence     = "cadence_days"
	fReferredBy  = "referred_by" // the referrer's UID
)

// fieldOrder lists every field, in the contact form's order.
var fieldOrder = []string{fPrefix, fGiven, fMiddle, fFamily, fSuffix, fNickname, fDisplay, fCompany, fKinds, fTags,
	fEmails, fPhones, fAddresses, fBirthday, fClientSince, fOccasions, fPostDays, fCadence, fTreasures, fNotes, fDoNotCont, fReferredBy}

// listFields are merged item by item: what either side added is added,
// what either removed is removed; they never conflict.
var listFields = map[string]bool{fEmails: true, fPhones: true, fAddresses: true, fOccasions: true, fTags: true, fKinds: true}

// FieldsOf is c's fields; referrer is the UID of who referred them.
func FieldsOf(c *app.Contact, referrer string) Fields {
	f := Fields{
		fGiven: c.GivenName, fFamily: c.FamilyName, fMiddle: c.MiddleName, fPrefix: c.Prefix, fSuffix: c.Suffix,
		fNickname: c.Nickname, fDisplay: c.DisplayName, fCompany: c.Company,
		fEmails: list(c.Emails), fPhones: list(c.Phones), fAddresses: list(c.Addresses()),
		fBirthday: dateString(c.Birthday), fOccasions: list(c.Occasions), fTags: list(c.Tags),
		fNotes: c.Notes, fTreasures: c.Treasures, fKinds: list(c.Kinds.Keys()), fClientSince: dateString(c.ClientSince),
		fReferredBy: referrer,
	}
	if c.DoNotContact {
		f[fDoNotCont] = "true"
	}
	if c.MailLeadDays != 0 {
		f[fPostDays] = strconv.Itoa(c.MailLeadDays)
	}
	if c.CadenceDays != 0 {
		f[fCadence] = strconv.Itoa(c.CadenceDays)
	}
	return f.canonical()
}

// canonical is f as sides compare it: a phone's or email's derived form
// (Normal, worked out on saving) is left out, as a card read from a
// server has none yet; labels are in lower case, as vCard's types are
// and a card's labels read back; tags are in order of name, as the book
// keeps them; an empty field and a missing one are the same.
func (f Fields) canonical() Fields {
	for _, k := range []string{fEmails, fPhones} {
		if f[k] == "" {
			continue
		}
		ls := unlist[app.Labeled](f[k])
		for i := range ls {
			ls[i].Normal, ls[i].Label = "", strings.ToLower(ls[i].Label)
		}
		f[k] = list(ls)
	}
	if f[fAddresses] != "" {
		as := unlist[app.Address](f[fAddresses])
		for i := range as {
			as[i].Label = strings.ToLower(as[i].Label)
		}
		f[fAddresses] = list(as)
	}
	if f[fTags] != "" {
		tags := unlist[string](f[fTags])
		slices.SortStableFunc(tags, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
		f[fTags] = list(tags)
	}
	for k, v := range f {
		if v == "" {
			delete(f, k)
		}
	}
	return f
}

// Apply sets c's fields to f; the referrer's UID is returned, for the
// caller to find.
func (f Fields) Apply(c *app.Contact) (referrer string) {
	c.GivenName, c.FamilyName, c.MiddleName, c.Prefix, c.Suffix = f[fGiven], f[fFamily], f[fMiddle], f[fPrefix], f[fSuffix]
	c.Nickname, c.DisplayName, c.Company = f[fNickname], f[fDisplay], f[fCompany]
	c.Emails, c.Phones = unlist[app.Labeled](f[fEmails]), unlist[app.Labeled](f[fPhones])
	c.Address, c.OtherAddresses = app.Address{}, nil
	if as := unlist[app.Address](f[fAddresses]); len(as) > 0 {
		c.Address, c.OtherAddresses = as[0], as[1:]
	}
	c.Birthday, c.ClientSince = parseDate(f[fBirthday]), parseDate(f[fClientSince])
	c.Occasions, c.Tags = unlist[app.Occasion](f[fOccasions]), unlist[string](f[fTags])
	c.Notes, c.Treasures = f[fNotes], f[fTreasures]
	c.Kinds = 0
	for _, k := range unlist[string](f[fKinds]) {
		if kind, err := app.ParseKind(k); err == nil {
			c.Kinds |= kind
		}
	}
	c.DoNotContact = f[fDoNotCont] == "true"
	c.MailLeadDays, _ = strconv.Atoi(f[fPostDays])
	c.CadenceDays, _ = strconv.Atoi(f[fCadence])
	return f[fReferredBy]
}

// Equal reports whether two sides agree on every field.
func (f Fields) Equal(g Fields) bool {
	if len(f) != len(g) {
		return false
	}
	for k, v := range f {
		if g[k] != v {
			return false
		}
	}
	return true
}

// JSON is f as a link keeps it.
func (f Fields) JSON() string {
	b, _ := json.Marshal(f)
	return string(b)
}

// ParseFields reads what JSON wrote; "" (no base yet) is no fields.
func ParseFields(s string) Fields {
	f := Fields{}
	if s != "" {
		_ = json.Unmarshal([]byte(s), &f)
	}
	return f.canonical() // a base kept by an older Referable compares alike
}

// FieldConflict is a field both sides changed differently.
type FieldConflict struct{ Field, Mine, Theirs string }

// Merge joins the two sides' changes since base (empty on a first sync):
// a field one side changed takes that side's value; a list takes what
// either side added and loses what either removed; a field both changed
// differently keeps mine, and is returned as a conflict with theirs.
func Merge(base, mine, theirs Fields) (Fields, []FieldConflict) {
	out := Fields{}
	var conflicts []FieldConflict
	for _, k := range fieldOrder {
		b, m, t := base[k], mine[k], theirs[k]
		v := m
		switch {
		case m == t, t == b:
		case m == b:
			v = t
		case listFields[k]:
			v = mergeLists(k, b, m, t)
		default:
			conflicts = append(conflicts, FieldConflict{k, m, t})
		}
		if v != "" {
			out[k] = v
		}
	}
	return out, conflicts
}

// mergeLists merges a list field item by item.
func mergeLists(field, base, mine, theirs string) string {
	b, m, t := items(base), items(mine), items(theirs)
	key := func(s string) string {
		if field == fTags || field == fKinds {
			return strings.ToLower(s)
		}
		return s
	}
	in := func(list []string, s string) bool {
		return slices.ContainsFunc(list, func(x string) bool { return key(x) == key(s) })
	}
	var out []string
	for _, s := range m {
		if in(b, s) && !in(t, s) {
			continue // they removed it
		}
		out = append(out, s)
	}
	for _, s := range t {
		if !in(b, s) && !in(out, s) {
			out = append(out, s) // they added it
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "[" + strings.Join(out, ",") + "]"
}

// items splits a list field into its items, each as JSON.
func items(s string) []string {
	var raw []json.RawMessage
	if s != "" {
		_ = json.Unmarshal([]byte(s), &raw)
	}
	out := make([]string, len(raw))
	for i, r := range raw {
		out[i] = string(r)
	}
	return out
}

func list[T any](xs []T) string {
	if len(xs) == 0 {
		return ""
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

func unlist[T any](s string) []T {
	var out []T
	if s != "" {
		_ = json.Unmarshal([]byte(s), &out)
	}
	return out
}

func dateString(d app.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func parseDate(s string) app.Date {
	d, _ := app.ParseDate(s)
	return d
}

// ShowField says a field's value as the owner reads it, for the
// conflict list.
func ShowField(field, value string) string {
	switch field {
	case fEmails, fPhones:
		var out []string
		for _, l := range unlist[app.Labeled](value) {
			if l.Label != "" {
				out = append(out, l.Label+": "+l.Value)
			} else {
				out = append(out, l.Value)
			}
		}
		return strings.Join(out, ", ")
	case fAddresses:
		var out []string
		for _, a := range unlist[app.Address](value) {
			out = append(out, strings.Join(nonEmpty(a.Street, a.PostalCode+" "+a.Locality, a.Region, a.Country), ", "))
		}
		return strings.Join(out, "; ")
	case fOccasions:
		var out []string
		for _, o := range unlist[app.Occasion](value) {
			out = append(out, o.Label+": "+o.Date.Long())
		}
		return strings.Join(out, ", ")
	case fTags, fKinds:
		return strings.Join(unlist[string](value), ", ")
	case fBirthday, fClientSince:
		return parseDate(value).Long()
	case fDoNotCont:
		if value == "true" {
			return app.T("Yes")
		}
		return ""
	}
	return value
}

// FieldName is a field's name as the contact form says it.
func FieldName(field string) string {
	switch field {
	case fGiven:
		return app.T("Given name")
	case fFamily:
		return app.T("Family name")
	case fMiddle:
		return app.T("Middle name")
	case fPrefix:
		return app.T("Prefix")
	case fSuffix:
		return app.T("Suffix")
	case fNickname:
		return app.T("Nickname")
	case fDisplay:
		return app.T("Display name")
	case fCompany:
		return app.T("Company")
	case fEmails:
		return app.T("Emails")
	case fPhones:
		return app.T("Phones")
	case fAddresses:
		return app.T("Addresses")
	case fBirthday:
		return app.T("Birthday")
	case fOccasions:
		return app.T("Other dates")
	case fTags:
		return app.T("Tags")
	case fNotes:
		return app.T("Notes")
	case fTreasures:
		return app.T("What they treasure")
	case fKinds:
		return app.T("Kind")
	case fClientSince:
		return app.T("Client since")
	case fDoNotCont:
		return app.T("Do not contact")
	case fPostDays:
		return app.T("Post takes")
	case fCadence:
		return app.T("Keep in touch")
	case fReferredBy:
		return app.T("Referred by")
	}
	return field
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
