package app

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// letters that do not decompose into a base letter and a mark, so
// dropping marks alone would not fold them.
var foldSpecial = map[rune]string{
	'ß': "ss", 'ł': "l", 'Ł': "l", 'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th",
	'Þ': "th", 'ı': "i", 'ħ': "h", 'Ħ': "h",
	'ς': "σ", // Greek final sigma, so a typed σ finds it
}

// Fold lower-cases s and strips diacritics so "Müller" and "muller",
// "Łukasz" and "lukasz" compare equal. Letters of other scripts are kept.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if rep, ok := foldSpecial[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// maxSearchWords bounds a query: nobody types more, and a pasted page of
// text must not make every keystroke slow.
const maxSearchWords = 16

// SearchWords splits a query into folded words (at most 16); each is
// matched as the start of a word in the contact's searchable text.
func SearchWords(query string) []string {
	if len(query) > 1000 {
		query = query[:1000]
	}
	if digits, ok := phoneQuery(query); ok {
		return []string{digits}
	}
	words := strings.FieldsFunc(Fold(query), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
	return words[:min(len(words), maxSearchWords)]
}

// SearchText is what a contact is found by: names, company, emails,
// phones, tags and town.
func (c *Contact) SearchText() string {
	parts := []string{c.GivenName, c.MiddleName, c.FamilyName, c.Nickname, c.DisplayName, c.Company}
	for _, a := range c.Addresses() {
		parts = append(parts, a.Locality)
	}
	parts = append(parts, c.Tags...)
	for _, e := range c.Emails {
		parts = append(parts, e.Value)
	}
	for _, p := range c.Phones {
		parts = append(parts, phoneForms(p)...)
	}
	return Fold(strings.Join(parts, " "))
}
