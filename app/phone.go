package app

import (
	"slices"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// PhoneE164 is a phone number in E.164 form ("+4930123456"), read as
// written with a country code ("+44 …", "0044 …"), else as a number of
// region (an ISO 3166 code: "US", "DE"); "" when it is not a possible
// number there.
func PhoneE164(raw, region string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if strings.HasPrefix(raw, "00") {
		raw = "+" + raw[2:]
	}
	if !strings.HasPrefix(raw, "+") && region == "" {
		return ""
	}
	n, err := phonenumbers.Parse(raw, strings.ToUpper(region))
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

// PhoneKey is what a phone number is compared by: its E.164 form where
// it can be read as a number (in region, when it has no country code),
// else all its digits, so "+1 (503) 555-0101" and "503.555.0101" in the
// US match, and +44 7700 900123 and +49 7700 900123 do not. Numbers of
// fewer than seven digits have none.
func PhoneKey(s, region string) string {
	digits := digitsOf(s)
	if len(digits) < 7 {
		return ""
	}
	if e := PhoneE164(s, region); e != "" {
		return e
	}
	return digits
}

// PhoneRegion is the region a contact's numbers without a country code
// are read in: their postal country where it is known, else the owner's.
func PhoneRegion(c *Contact, owner string) string {
	if r := RegionOf(c.Address.Country); r != "" {
		return r
	}
	return strings.ToUpper(owner)
}

// RegionOf reads a country as people write it in an address ("Germany",
// "Deutschland", "DE", "U.S.A.") as its ISO 3166 code, or "" when it is
// not one it knows.
func RegionOf(country string) string {
	k := NameKey(country)
	if k == "" {
		return ""
	}
	if r, ok := countryNames[k]; ok {
		return r
	}
	if up := strings.ToUpper(strings.ReplaceAll(k, " ", "")); len(up) == 2 && phonenumbers.GetCountryCodeForRegion(up) != 0 {
		return up
	}
	return ""
}

// countryNames are countries' names in English and their own languages,
// folded as NameKey folds them.
var countryNames = func() map[string]string {
	m := map[string]string{}
	for region, names := range map[string][]string{
		"US": {"United States", "United States of America", "USA", "U S A", "U S", "America"},
		"GB": {"United Kingdom", "UK", "U K", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"},
		"IE": {"Ireland", "Éire", "Eire"}, "CA": {"Canada"}, "AU": {"Australia"}, "NZ": {"New Zealand", "Aotearoa"},
		"DE": {"Germany", "Deutschland"}, "AT": {"Austria", "Österreich"}, "CH": {"Switzerland", "Schweiz", "Suisse", "Svizzera"},
		"FR": {"France"}, "BE": {"Belgium", "Belgique", "België"}, "NL": {"Netherlands", "The Netherlands", "Nederland", "Holland"},
		"LU": {"Luxembourg"}, "IT": {"Italy", "Italia"}, "ES": {"Spain", "España"}, "PT": {"Portugal"},
		"DK": {"Denmark", "Danmark"}, "SE": {"Sweden", "Sverige"}, "NO": {"Norway", "Norge"}, "FI": {"Finland", "Suomi"},
		"IS": {"Iceland", "Ísland"}, "PL": {"Poland", "Polska"}, "CZ": {"Czech Republic", "Czechia", "Česko"},
		"SK": {"Slovakia", "Slovensko"}, "HU": {"Hungary", "Magyarország"}, "RO": {"Romania", "România"},
		"GR": {"Greece", "Ελλάδα"}, "TR": {"Turkey", "Türkiye"}, "RU": {"Russia", "Россия"}, "UA": {"Ukraine", "Україна"},
		"HR": {"Croatia", "Hrvatska"}, "SI": {"Slovenia", "Slovenija"}, "BG": {"Bulgaria", "България"},
		"EE": {"Estonia", "Eesti"}, "LV": {"Latvia", "Latvija"}, "LT": {"Lithuania", "Lietuva"},
		"JP": {"Japan", "日本", "Nippon"}, "CN": {"China", "中国"}, "TW": {"Taiwan", "台灣"}, "HK": {"Hong Kong", "香港"},
		"KR": {"South Korea", "Korea", "대한민국", "한국"}, "IN": {"India", "भारत"}, "SG": {"Singapore"},
		"MX": {"Mexico", "México"}, "BR": {"Brazil", "Brasil"}, "AR": {"Argentina"}, "CL": {"Chile"}, "CO": {"Colombia"},
		"ZA": {"South Africa"}, "NG": {"Nigeria"}, "KE": {"Kenya"}, "EG": {"Egypt", "مصر"}, "IL": {"Israel", "ישראל"},
		"AE": {"United Arab Emirates", "UAE"}, "SA": {"Saudi Arabia"},
	} {
		for _, n := range names {
			m[NameKey(n)] = region
		}
	}
	return m
}()

// NormalizePhones sets each phone's Normal to its E.164 form, reading
// numbers without a country code in the contact's country, else in the
// owner's region; a number that does not read keeps Normal empty (and
// is kept as typed all the same).
func NormalizePhones(c *Contact, owner string) { NormalizePhonesWith(c, owner, PhoneE164) }

// NormalizePhonesWith is NormalizePhones reading each number with e164
// (PhoneE164, or a cache of it filled ahead for a bulk import).
func NormalizePhonesWith(c *Contact, owner string, e164 func(raw, region string) string) {
	region := PhoneRegion(c, owner)
	for i := range c.Phones {
		c.Phones[i].Normal = e164(c.Phones[i].Value, region)
	}
}

// FormatPhone shows a phone in the owner's convention: a number of the
// owner's own region in its national form ("030 1234567"), any other in
// international form ("+44 7700 900123"); one that does not read as a
// number as it was typed.
func FormatPhone(p Labeled, owner string) string {
	if p.Normal == "" {
		return p.Value
	}
	n, err := phonenumbers.Parse(p.Normal, "")
	if err != nil {
		return p.Value
	}
	if phonenumbers.GetRegionCodeForNumber(n) == strings.ToUpper(owner) {
		return phonenumbers.Format(n, phonenumbers.NATIONAL)
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}

// phoneForms are the digit strings a phone is found by: as typed, in
// E.164 without the +, its national number, and as dialled at home
// (with the trunk prefix), so any way of writing it finds it.
func phoneForms(p Labeled) []string {
	forms := []string{digitsOf(p.Value)}
	if p.Normal == "" {
		return forms
	}
	// Read off the E.164 form without parsing it again (a book of
	// 100,000 is indexed at once): country codes are prefix-free, and the
	// national form is the trunk prefix (0 in most of the world, none in
	// North America or Italy) before the national number.
	e164 := strings.TrimPrefix(p.Normal, "+")
	forms = append(forms, e164)
	for n := 1; n <= 3 && n < len(e164); n++ {
		cc, _ := strconv.Atoi(e164[:n])
		if region := phonenumbers.GetRegionCodeForCountryCode(cc); region != "ZZ" && region != "" {
			national := e164[n:]
			forms = append(forms, national)
			if trunk := phonenumbers.GetNddPrefixForRegion(region, true); trunk != "" && !strings.HasPrefix(national, trunk) {
				forms = append(forms, trunk+national)
			}
			break
		}
	}
	var out []string
	for _, f := range forms {
		if f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// phoneQuery reads a query that is a phone number as written ("+49 30
// 123", "(503) 555-01") as one run of digits, a leading 00 or + dropped,
// so it matches the start of any of a phone's forms; ok is false for
// any other query.
func phoneQuery(q string) (string, bool) {
	q = strings.TrimSpace(q)
	digits := 0
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +()-./", r):
		default:
			return "", false
		}
	}
	if digits < 3 {
		return "", false
	}
	d := digitsOf(q)
	if strings.HasPrefix(strings.TrimSpace(q), "+") {
		return d, true
	}
	return strings.TrimPrefix(d, "00"), true
}
