package cards

import (
	"slices"
	"strings"
	"unicode"

	"github.com/Boostport/address"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/referable/referable/app"
)

// PostalLines sets out an address for an envelope by the rules of the
// country it goes to, from Google's address data (through
// github.com/Boostport/address): a German postcode before the town, a
// Japanese address from the prefecture down with 〒 before the postcode
// and the name last, a US town, state and ZIP on one line. The country
// line is left off mail within the owner's own country (from, an ISO
// 3166 code) and written in capitals, in English, on mail abroad, as the
// Universal Postal Union asks. Where the address does not validate for
// its country (no postcode where one is needed, a country not known) it
// is set out as typed (AddressLines), so nothing the owner wrote is lost.
func PostalLines(name string, a app.Address, from string) []string {
	from = strings.ToUpper(strings.TrimSpace(from))
	code := app.RegionOf(a.Country)
	if code == "" && strings.TrimSpace(a.Country) == "" {
		code = from // no country: a domestic address
	}
	if code == "" {
		return AddressLines(name, a)
	}
	country := address.GetCountry(code)
	latin := isLatin(a.Street + a.Locality + a.Region)
	format := country.Format
	local := true
	if latin && country.LatinizedFormat != "" {
		format, local = country.LatinizedFormat, false
	}
	if format == "" {
		return AddressLines(name, a)
	}
	region := strings.TrimSpace(a.Region)
	areaID := ""
	if id, shown, ok := findArea(country, region, latin); ok {
		areaID, region = id, shown
	}
	var street []string
	for _, l := range strings.Split(a.Street, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			street = append(street, l)
		}
	}
	locality := strings.TrimSpace(a.Locality)
	if locality != "" && !slices.Contains(country.Allowed, address.Locality) {
		// The town is part of the street lines here (Japan): above them
		// in the big-to-small order, below them in the Latin one.
		if local {
			street = append([]string{locality}, street...)
		} else {
			street = append(street, locality)
		}
		locality = ""
	}
	check := address.New(address.WithCountry(code), address.WithName(name), address.WithStreetAddress(street),
		address.WithLocality(locality), address.WithAdministrativeArea(areaID), address.WithPostCode(strings.TrimSpace(a.PostalCode)))
	if len(country.AdministrativeAreas) == 0 && region != "" {
		check.AdministrativeArea = "" // a county typed where the post has none: printed, not checked
	}
	if err := address.Validate(check); err != nil {
		return AddressLines(name, a)
	}
	if local && code == "JP" && !strings.HasSuffix(name, "様") && !isLatin(name) {
		name += " 様" // the honorific every Japanese envelope carries
	}
	var lines []string
	for _, part := range strings.Split(format, "%n") {
		if strings.Contains(part, "%A") && len(street) > 0 {
			// Every street line but the last on its own; the last keeps
			// what the format puts beside it ("%A, %S").
			lines = append(lines, street[:len(street)-1]...)
		}
		last := ""
		if len(street) > 0 {
			last = street[len(street)-1]
		}
		line := strings.NewReplacer("%N", name, "%O", "", "%A", last, "%D", "", "%C", locality,
			"%S", region, "%Z", strings.TrimSpace(a.PostalCode), "%X", "").Replace(part)
		if line = tidyLine(line); line != "" {
			lines = append(lines, line)
		}
	}
	if code != from {
		abroad := strings.ToUpper(display.English.Regions().Name(language.MustParseRegion(code)))
		if local && !latin {
			lines = append([]string{abroad}, lines...) // big to small: the country first
		} else {
			lines = append(lines, abroad)
		}
	}
	return lines
}

// findArea finds a typed state or prefecture ("Oregon", "OR", "東京都",
// "Tokyo") among the country's, returning its ID and how to print it:
// the postal abbreviation where it is one (OR), else its name in the
// address's script.
func findArea(country address.CountryData, typed string, latin bool) (id, shown string, ok bool) {
	if typed == "" {
		return "", "", false
	}
	key := app.NameKey(typed)
	for _, areas := range country.AdministrativeAreas {
		for _, area := range areas {
			if app.NameKey(area.ID) != key && app.NameKey(area.Name) != key && app.NameKey(strings.TrimSuffix(area.Name, "都")) != key {
				continue
			}
			if isLetters(area.ID) {
				return area.ID, area.ID, true
			}
			// A numbered area (Japan's prefectures): its name in the
			// address's own script.
			for lang, list := range country.AdministrativeAreas {
				for _, other := range list {
					if other.ID == area.ID && isLatin(other.Name) == latin && (latin || lang != "en") {
						return area.ID, other.Name, true
					}
				}
			}
			return area.ID, typed, true
		}
	}
	return "", typed, false
}

// tidyLine collapses spaces and drops the separators a format leaves
// when a part is empty ("-Portland", "〒", "Kyoto, ").
func tidyLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Trim(s, " ,-")
	if s == "〒" {
		return ""
	}
	return s
}

// isLatin reports whether the letters of s are (mostly) Latin, so a
// Japanese address typed in rōmaji takes the Latin layout.
func isLatin(s string) bool {
	latin, other := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	return latin >= other
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return s != ""
}
