package cards

import (
	"slices"
	"strings"
	"testing"

	"github.com/referable/referable/app"
)

// Each country's envelope follows its post's rules; mail at home has no
// country line, mail abroad has it in capitals.
func TestPostalLines(t *testing.T) {
	for _, tc := range []struct {
		what string
		name string
		a    app.Address
		from string
		want []string
	}{
		{"German, from the US: postcode before the town", "Jürgen Schön",
			app.Address{Street: "Straße des 17. Juni 135", Locality: "Berlin", PostalCode: "10623", Country: "Deutschland"}, "US",
			[]string{"Jürgen Schön", "Straße des 17. Juni 135", "10623 Berlin", "GERMANY"}},
		{"German, at home: no country line", "Jürgen Schön",
			app.Address{Street: "Straße des 17. Juni 135", Locality: "Berlin", PostalCode: "10623", Country: "Germany"}, "DE",
			[]string{"Jürgen Schön", "Straße des 17. Juni 135", "10623 Berlin"}},
		{"Japanese, in Japanese: 〒 and the prefecture first, the name last", "山田花子",
			app.Address{Street: "下鴨泉川町12", Locality: "京都市左京区", Region: "京都府", PostalCode: "606-0807", Country: "日本"}, "JP",
			[]string{"〒606-0807", "京都府", "京都市左京区", "下鴨泉川町12", "山田花子 様"}},
		{"Japanese, in rōmaji, from Germany", "Hanako Yamada",
			app.Address{Street: "12 Shimogamo Izumigawa-cho", Locality: "Sakyo-ku", Region: "Kyoto", PostalCode: "606-0807", Country: "Japan"}, "DE",
			[]string{"Hanako Yamada", "12 Shimogamo Izumigawa-cho", "Sakyo-ku, Kyoto", "606-0807", "JAPAN"}},
		{"US: the state as the post abbreviates it", "Zoë Müller",
			app.Address{Street: "12 Alder Street\nApt 4", Locality: "Portland", Region: "Oregon", PostalCode: "97204", Country: "USA"}, "US",
			[]string{"Zoë Müller", "12 Alder Street", "Apt 4", "Portland, OR 97204"}},
		{"no country: domestic", "Zoë Müller",
			app.Address{Street: "12 Alder Street", Locality: "Portland", Region: "OR", PostalCode: "97204"}, "US",
			[]string{"Zoë Müller", "12 Alder Street", "Portland, OR 97204"}},
		{"does not validate (no postcode): as typed", "Jürgen Schön",
			app.Address{Street: "Straße des 17. Juni 135", Locality: "Berlin", Country: "Germany"}, "US",
			[]string{"Jürgen Schön", "Straße des 17. Juni 135", "Berlin", "Germany"}},
		{"a country not known: as typed", "Ana",
			app.Address{Street: "1 Main", Locality: "Town", Country: "Atlantis"}, "US",
			[]string{"Ana", "1 Main", "Town", "Atlantis"}},
	} {
		if got := PostalLines(tc.name, tc.a, tc.from); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.what, strings.Join(got, " | "), strings.Join(tc.want, " | "))
		}
	}
}

// A card can greet someone formally or by their nickname.
func TestFormalNameAndNicknameFields(t *testing.T) {
	tpl := Template{Name: "t", Title: "T", Purpose: PurposeThanks, Front: "Hello", Inside: "Dear {formal_name}, or {nickname} to friends"}
	if err := tpl.Check(); err != nil {
		t.Fatal(err)
	}
	v := Addressee{Name: "John Doe", FirstName: "John", FormalName: "Mr. Doe", Nickname: "Johnny"}.Values(app.Settings{}, app.Date{Year: 2026, Month: 12, Day: 2})
	if got, _ := Merge("Inside", tpl.Inside, v); got != "Dear Mr. Doe, or Johnny to friends" {
		t.Errorf("merged %q", got)
	}
	v = Addressee{Name: "Ada Lovelace", FirstName: "Ada"}.Values(app.Settings{}, app.Date{Year: 2026, Month: 12, Day: 2})
	if got, _ := Merge("Inside", tpl.Inside, v); got != "Dear Ada Lovelace, or Ada to friends" {
		t.Errorf("merged without the parts: %q", got)
	}
}

func BenchmarkPostalLines(b *testing.B) {
	a := app.Address{Street: "12 Alder Street", Locality: "Portland", Region: "OR", PostalCode: "97204", Country: "USA"}
	for i := 0; i < b.N; i++ {
		PostalLines("Zoë Müller", a, "US")
	}
}
