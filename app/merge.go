package app

import (
	"slices"
	"strings"
	"time"
)

// MergeContacts is what two records of one person become: primary's
// values where both have one, the other's where primary has none, and
// every email, phone, tag and yearly date of both.
func MergeContacts(primary, other *Contact) Contact {
	m := *primary
	m.Tags = slices.Clone(primary.Tags)
	m.Emails = slices.Clone(primary.Emails)
	m.Phones = slices.Clone(primary.Phones)
	m.Occasions = slices.Clone(primary.Occasions)
	fill := func(dst *string, src string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = src
		}
	}
	fill(&m.GivenName, other.GivenName)
	fill(&m.FamilyName, other.FamilyName)
	fill(&m.DisplayName, other.DisplayName)
	fill(&m.Company, other.Company)
	fill(&m.Prefix, other.Prefix)
	fill(&m.MiddleName, other.MiddleName)
	fill(&m.Suffix, other.Suffix)
	fill(&m.Nickname, other.Nickname)
	// Every address of both: primary's mailing one stays the one to mail
	// (Normalize drops the same address twice).
	m.OtherAddresses = append(slices.Clone(primary.OtherAddresses), other.Addresses()...)
	if m.Birthday.IsZero() || (!m.Birthday.HasYear() && other.Birthday.HasYear() && other.Birthday.Month == m.Birthday.Month && other.Birthday.Day == m.Birthday.Day) {
		if !other.Birthday.IsZero() {
			m.Birthday = other.Birthday
		}
	}
	if m.ClientSince.IsZero() || (!other.ClientSince.IsZero() && other.ClientSince.Before(m.ClientSince)) {
		if !other.ClientSince.IsZero() {
			m.ClientSince = other.ClientSince // a client since the earlier date
		}
	}
	m.Notes = joinDistinct(m.Notes, other.Notes)
	m.Treasures = joinDistinct(m.Treasures, other.Treasures)
	m.Kinds |= other.Kinds
	m.DoNotContact = m.DoNotContact || other.DoNotContact // never contact someone who asked not to be
	if m.ReferredByID == 0 {
		m.ReferredByID = other.ReferredByID
	}
	if m.MailLeadDays == 0 {
		m.MailLeadDays = other.MailLeadDays
	}
	if m.CadenceDays == 0 {
		m.CadenceDays = other.CadenceDays
	}
	m.Tags = NormalizeTags(append(m.Tags, other.Tags...))
	m.Emails = unionLabeled(m.Emails, other.Emails, func(s string) string { return strings.ToLower(strings.TrimSpace(s)) })
	m.Phones = unionLabeled(m.Phones, other.Phones, func(s string) string {
		if k := PhoneKey(s, RegionOf(primary.Address.Country)); k != "" {
			return k
		}
		return s
	})
	m.Normalize()
	for _, o := range other.Occasions {
		if !slices.ContainsFunc(m.Occasions, func(x Occasion) bool { return strings.EqualFold(x.Label, o.Label) && x.Date == o.Date }) {
			m.Occasions = append(m.Occasions, o)
		}
	}
	return m
}

func joinDistinct(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	switch {
	case b == "" || strings.Contains(a, b):
		return a
	case a == "" || strings.Contains(b, a):
		return b
	}
	return a + "\n\n" + b
}

func unionLabeled(a, b []Labeled, key func(string) string) []Labeled {
	seen := make(map[string]bool)
	for _, l := range a {
		seen[key(l.Value)] = true
	}
	for _, l := range b {
		if k := key(l.Value); !seen[k] {
			seen[k] = true
			a = append(a, l)
		}
	}
	return a
}

// Merge is two contacts made one, which can be undone.
type Merge struct {
	ID               int64
	KeptID, MergedID int64
	KeptName         string
	MergedName       string
	MergedAt         time.Time
}
