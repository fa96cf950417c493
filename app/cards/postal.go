package cards

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/referable/referable/app"
)

// PostalLines sets out an address for an envelope by the rules of the
// country it goes to, from Google's address data (postal.json, made from
// github.com/Boostport/address by scripts/genpostal): a German postcode
// before the town, a Japanese address from the prefecture down with 〒
// before the postcode and the name last, a US town, state and ZIP on one
// line. The country line is left off mail within the owner's own country
// (from, an ISO 3166 code) and written in capitals, in English, on mail
// abroad, as the Universal Postal Union asks. Where the address does not
// validate for its country (a part the post needs is missing, a postcode
// of the wrong shape, a country not known) it is set out as typed
// (AddressLines), so nothing the owner wrote is lost.
func PostalLines(name string, a app.Address, from string) []string {
	from = strings.ToUpper(strings.TrimSpace(from))
	code := app.RegionOf(a.Country)
	if code == "" && strings.TrimSpace(a.Country) == "" {
		code = from // no country: a domestic address
	}
	country := countryOf(code)
	if country == nil {
		return AddressLines(name, a)
	}
	latin := isLatin(a.Street + a.Locality + a.Region)
	format := country.Format
	local := true
	if latin && country.Latin != "" {
		format, local = country.Latin, false
	}
	region := strings.TrimSpace(a.Region)
	areaID := ""
	if id, shown, ok := country.findArea(region, latin); ok {
		areaID, region = id, shown
	}
	var street []string
	for _, l := range strings.Split(a.Street, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			street = append(street, l)
		}
	}
	locality := strings.TrimSpace(a.Locality)
	if locality != "" && !strings.Contains(country.Allowed, "C") {
		// The town is part of the street lines here (Japan): above them
		// in the big-to-small order, below them in the Latin one.
		if local {
			street = append([]string{locality}, street...)
		} else {
			street = append(street, locality)
		}
		locality = ""
	}
	postcode := strings.TrimSpace(a.PostalCode)
	if !country.valid(len(street) > 0, locality != "", region != "", areaID != "", postcode) {
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
		line := expand(part, map[byte]string{'N': name, 'A': last, 'C': locality, 'S': region, 'Z': postcode})
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

// expand fills a line of a Google address format: %N name, %A street,
// %C town, %S state, %Z postcode; the parts Referable does not keep
// (%O organisation, %D district, %X sorting code) are left out.
func expand(format string, parts map[byte]string) string {
	var sb strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] == '%' && i+1 < len(format) {
			sb.WriteString(parts[format[i+1]])
			i++
			continue
		}
		sb.WriteByte(format[i])
	}
	return sb.String()
}

// postalCountry is one country's entry of postal.json: its formats in
// Google's letters (%N name, %A street, %C town, %S state, %Z postcode,
// %n a new line), the parts its post requires and allows, its postcode
// pattern, and its states or prefectures by ID with their names in each
// language.
type postalCountry struct {
	Format   string `json:"format"`
	Latin    string `json:"latin"`    // the format for an address written in Latin letters, where it differs
	Required string `json:"required"` // letters, as in the format
	Allowed  string `json:"allowed"`
	Zip      string `json:"zip"`
	Areas    []struct {
		ID    string            `json:"id"`
		Names map[string]string `json:"names"`
	} `json:"areas"`

	once  sync.Once // index
	zip   *regexp.Regexp
	areas map[string]int             // NameKey of an ID or a name → index in Areas
	names map[string]map[bool]string // ID → its name in Latin (true) and in the country's script (false)
}

//go:embed postal.json
var postalJSON []byte

var (
	postalOnce      sync.Once
	postalCountries map[string]*postalCountry
)

// countryOf is a country's postal rules, read from postal.json on first
// use; nil for a code it does not know.
func countryOf(code string) *postalCountry {
	postalOnce.Do(func() {
		if err := json.Unmarshal(postalJSON, &postalCountries); err != nil {
			panic("cards: postal.json: " + err.Error()) // embedded and tested: cannot happen
		}
		zz := postalCountries["ZZ"]
		for _, c := range postalCountries {
			if c.Format == "" && zz != nil {
				c.Format = zz.Format // the default layout, as the data says
			}
		}
	})
	if code == "" || code == "ZZ" {
		return nil
	}
	c := postalCountries[strings.ToUpper(code)]
	if c != nil {
		c.once.Do(c.index) // a country's names are looked up once it is written to
	}
	return c
}

// index makes a country's postcode pattern and the index of its areas'
// names.
func (c *postalCountry) index() {
	if c.Zip != "" {
		c.zip = regexp.MustCompile(c.Zip)
	}
	c.areas, c.names = map[string]int{}, map[string]map[bool]string{}
	for i, a := range c.Areas {
		c.names[a.ID] = map[bool]string{}
		if key := app.NameKey(a.ID); key != "" {
			c.areas[key] = i
		}
		for lang, n := range a.Names {
			for _, k := range []string{n, strings.TrimSuffix(n, "都")} {
				if key := app.NameKey(k); key != "" {
					if _, dup := c.areas[key]; !dup {
						c.areas[key] = i
					}
				}
			}
			if latin := isLatin(n); latin || lang != "en" {
				c.names[a.ID][latin] = n
			}
		}
	}
}

// valid reports whether an address has what the country's post needs:
// every required part (a state only counts when it is one the country
// has, where it has a list of them), and a postcode of its shape.
func (c *postalCountry) valid(street, town, region, knownArea bool, postcode string) bool {
	have := map[byte]bool{'A': street, 'C': town, 'S': region && (knownArea || len(c.Areas) == 0), 'Z': postcode != "", 'N': true}
	for i := 0; i < len(c.Required); i++ {
		if !have[c.Required[i]] {
			return false
		}
	}
	return postcode == "" || c.zip == nil || c.zip.MatchString(postcode)
}

// findArea finds a typed state or prefecture ("Oregon", "OR", "東京都",
// "Tokyo") among the country's, returning its ID and how to print it:
// the postal abbreviation where it is one (OR), else its name in the
// address's script.
func (c *postalCountry) findArea(typed string, latin bool) (id, shown string, ok bool) {
	if typed == "" {
		return "", "", false
	}
	i, ok := c.areas[app.NameKey(typed)]
	if !ok {
		return "", typed, false
	}
	area := c.Areas[i]
	if isLetters(area.ID) {
		return area.ID, area.ID, true
	}
	if name, ok := c.names[area.ID][latin]; ok {
		return area.ID, name, true // a numbered area (Japan's prefectures): its name in the address's script
	}
	return area.ID, typed, true
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
