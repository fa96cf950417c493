// Command genpostal writes app/cards/postal.json: each country's address
// format, required parts, postcode pattern and states or prefectures,
// from Google's address data as github.com/Boostport/address v0.13.0
// carries it. Referable reads this small file instead of linking the
// library, whose data is a Go literal built at every start (5 MB of
// memory before a window opens).
//
//	go run ./scripts/genpostal > app/cards/postal.json
package main

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"

	"github.com/Boostport/address"
)

// country is one country's entry; field letters are Google's (A street,
// C town, S state, Z postcode…).
type country struct {
	Format   string `json:"format,omitempty"`
	Latin    string `json:"latin,omitempty"`
	Required string `json:"required,omitempty"`
	Allowed  string `json:"allowed,omitempty"`
	Zip      string `json:"zip,omitempty"`
	Areas    []area `json:"areas,omitempty"`
}

type area struct {
	ID    string            `json:"id"`
	Names map[string]string `json:"names"` // by language
}

func letters(fields []address.Field) string {
	s := ""
	for _, f := range fields {
		s += f.Key()
	}
	return s
}

func main() {
	body, err := generate()
	if err != nil {
		os.Exit(1)
	}
	os.Stdout.Write(body)
}

// generate is postal.json as the library's data makes it.
func generate() ([]byte, error) {
	out := map[string]country{}
	for _, c := range address.ListCountries("en") {
		d := address.GetCountry(c.Code)
		e := country{Format: d.Format, Latin: d.LatinizedFormat, Required: letters(d.Required), Allowed: letters(d.Allowed), Zip: d.PostCodeRegex.Regex}
		byID := map[string]*area{}
		var ids []string
		for lang, list := range d.AdministrativeAreas {
			for _, a := range list {
				if byID[a.ID] == nil {
					byID[a.ID] = &area{ID: a.ID, Names: map[string]string{}}
					ids = append(ids, a.ID)
				}
				byID[a.ID].Names[lang] = a.Name
			}
		}
		sort.Strings(ids)
		for _, id := range ids {
			e.Areas = append(e.Areas, *byID[id])
		}
		out[c.Code] = e
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(out)
	return buf.Bytes(), err
}
