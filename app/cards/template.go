// Package cards makes personal cards. This file holds the templates: a
// front (a short greeting) and an inside message, in plain text with
// merge fields in braces, such as "Dear {first_name},". Layouts, fonts and
// PDF output build on it.
package cards

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/referable/referable/app"
)

// Field is a merge field a template may use.
type Field struct {
	Name string
	Help string
}

// Fields lists every merge field, for the editor's help and for checking.
var Fields = []Field{
	{"first_name", app.N("the recipient's first name (or display name)")},
	{"full_name", app.N("the recipient's full name, as shown")},
	{"formal_name", app.N("how a formal letter names them: Mr. Doe, Dr. Lovelace")},
	{"nickname", app.N("what friends call them (else their first name)")},
	{"referral_name", app.N("the person they referred to you")},
	{"gift", app.N("the gift the card goes with")},
	{"extra", app.N("what you did beyond what was asked on their last job, as you wrote it on the referral")},
	{"ask_ps", app.N("the gentle referral P.S. (Settings), only when it is fine to ask them again; such a card counts as an ask")},
	{"years_as_client", app.N("how many years they have been a client")},
	{"age", app.N("the age they turn, on a birthday card")},
	{"my_name", app.N("how you sign (Settings)")},
	{"business_name", app.N("your business name (Settings)")},
}

func knownField(name string) bool {
	for _, f := range Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// The parts of a card's words, as the editor and its errors name them.
const (
	PartGreeting = "Greeting" // the front
	PartMessage  = "Message"  // the inside
)

// Template is a card's words.
type Template struct {
	Name        string // stable and descriptive, e.g. thank-you-referral
	Title       string
	Description string
	Purpose     Purpose
	Front       string
	Inside      string
	Builtin     bool // shipped with Referable: it can be reset, not deleted
	Edited      bool // a built-in template whose words were changed
}

// segment is literal text or a merge field: {field}, {field|what to
// write when it is empty}, or {field?}, whose whole line is left out
// when it is empty.
type segment struct {
	text     string
	field    string
	fallback string // written when the field is empty
	optional bool   // the line goes when the field is empty
}

// filled tells whether the segment's field never leaves a hole: it has
// words to stand in for it, or its line goes.
func (s segment) filled() bool { return s.fallback != "" || s.optional }

// parse reads one part of a template. "{{" and "}}" stand for braces.
// Mistakes name the part, line and column, and suggest the field meant.
func parse(part, text string) ([]segment, error) {
	var out []segment
	var lit strings.Builder
	line, col := 1, 1
	at := func() string { return fmt.Sprintf("%s, line %d, column %d", part, line, col) }
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case strings.HasPrefix(text[i:], "{{"):
			lit.WriteByte('{')
			i, col = i+2, col+2
			continue
		case strings.HasPrefix(text[i:], "}}"):
			lit.WriteByte('}')
			i, col = i+2, col+2
			continue
		case r == '{':
			end := strings.IndexAny(text[i+1:], "}{\n")
			if end < 0 || text[i+1+end] != '}' {
				return nil, app.Errorf(app.EINVALID, "%s: this { has no closing }. Write two opening braces for a brace itself.", at())
			}
			inner := text[i+1 : i+1+end]
			seg := segment{}
			if bar := strings.IndexByte(inner, '|'); bar >= 0 {
				inner, seg.fallback = inner[:bar], strings.TrimSpace(inner[bar+1:])
				if seg.fallback == "" {
					return nil, app.Errorf(app.EINVALID, "%s: {%s|} says nothing to write when %s is empty: put the words after the |, or write {%s?} to leave the line out.", at(), strings.TrimSpace(inner), strings.TrimSpace(inner), strings.TrimSpace(inner))
				}
			}
			name := strings.TrimSpace(inner)
			if n, ok := strings.CutSuffix(name, "?"); ok && seg.fallback == "" {
				name, seg.optional = strings.TrimSpace(n), true
			}
			if !knownField(name) {
				return nil, app.Errorf(app.EINVALID, "%s: {%s} is not a merge field.%s", at(), name, suggest(name))
			}
			if lit.Len() > 0 {
				out = append(out, segment{text: lit.String()})
				lit.Reset()
			}
			seg.field = name
			out = append(out, seg)
			width := utf8.RuneCountInString(text[i : i+2+end])
			i, col = i+2+end, col+width
			continue
		case r == '}':
			return nil, app.Errorf(app.EINVALID, "%s: this } closes nothing. Write two closing braces for a brace itself.", at())
		case r == '\n':
			line, col = line+1, 0
		}
		lit.WriteRune(r)
		i += size
		col++
	}
	if lit.Len() > 0 {
		out = append(out, segment{text: lit.String()})
	}
	return out, nil
}

// suggest names the known field closest to a mistyped one.
func suggest(name string) string {
	best, bestDist := "", 4
	for _, f := range Fields {
		if d := distance(strings.ToLower(name), f.Name); d < bestDist {
			best, bestDist = f.Name, d
		}
	}
	if best == "" {
		names := make([]string, len(Fields))
		for i, f := range Fields {
			names[i] = "{" + f.Name + "}"
		}
		sort.Strings(names)
		return " The fields are " + strings.Join(names, ", ") + "."
	}
	return " Did you mean {" + best + "}?"
}

// distance is the Levenshtein edit distance.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// Check reports the first mistake in either part of the template.
func (t Template) Check() error {
	if !validName(t.Name) {
		return app.Errorf(app.EINVALID, "A template's name is lower-case letters, digits and dashes, such as thank-you-gift; %q is not.", t.Name)
	}
	if strings.TrimSpace(t.Title) == "" {
		return app.Errorf(app.EINVALID, "A template needs a title.")
	}
	if utf8.RuneCountInString(t.Front) > 200 || utf8.RuneCountInString(t.Inside) > 2000 || utf8.RuneCountInString(t.Title) > 200 {
		return app.Errorf(app.EINVALID, "A card holds a greeting of at most 200 characters and a message of at most 2,000.")
	}
	ok := false
	for _, p := range Purposes {
		ok = ok || p == t.Purpose
	}
	if !ok {
		return app.Errorf(app.EINVALID, "%q is not a purpose a card can have.", t.Purpose)
	}
	if _, err := parse(app.T(PartGreeting), t.Front); err != nil {
		return err
	}
	_, err := parse(app.T(PartMessage), t.Inside)
	return err
}

// Merge fills a part's fields from values. A field without a value is
// written as its stand-in words ({referral_name|the friend you sent}), or
// its whole line is left out ({extra?}), or else it is left out together
// with a space before it, so "Dear {first_name}," never prints as
// "Dear ," with a stray space.
func Merge(part, text string, values map[string]string) (string, error) {
	segs, err := parse(part, text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	var drop map[int]bool // the lines (by number) to leave out
	line := 0
	for _, s := range segs {
		if s.field == "" {
			b.WriteString(s.text)
			line += strings.Count(s.text, "\n")
			continue
		}
		v := values[s.field]
		if v == "" {
			v = s.fallback
		}
		if v == "" && s.optional {
			if drop == nil {
				drop = map[int]bool{}
			}
			drop[line] = true
			continue
		}
		if v == "" {
			out := strings.TrimRight(b.String(), " ")
			b.Reset()
			b.WriteString(out)
		}
		b.WriteString(v)
		line += strings.Count(v, "\n")
	}
	if drop == nil {
		return b.String(), nil
	}
	lines := strings.Split(b.String(), "\n")
	kept := lines[:0]
	for i, l := range lines {
		if drop[i] {
			continue
		}
		// A paragraph left out takes one of the blank lines around it
		// with it: the paragraphs either side stay one blank line apart.
		if strings.TrimSpace(l) == "" && i > 0 && drop[i-1] && (len(kept) == 0 || strings.TrimSpace(kept[len(kept)-1]) == "") {
			continue
		}
		kept = append(kept, l)
	}
	return strings.Join(kept, "\n"), nil
}

// FieldsNeeded lists the fields the template uses with nothing to stand
// in for them when empty (no {field|words}, no {field?}): a card whose
// value for one is empty has a hole in it.
func (t Template) FieldsNeeded() []string {
	return t.fields(func(s segment) bool { return !s.filled() })
}

// FieldsUsed lists the merge fields the template uses, once each.
func (t Template) FieldsUsed() []string {
	return t.fields(func(segment) bool { return true })
}

// fields lists the fields of the segments keep takes, once each, in the
// order they first come.
func (t Template) fields(keep func(segment) bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, part := range []string{t.Front, t.Inside} {
		segs, _ := parse("", part)
		for _, s := range segs {
			if s.field != "" && keep(s) && !seen[s.field] {
				seen[s.field] = true
				out = append(out, s.field)
			}
		}
	}
	return out
}

// validName: names are used on the command line, so they stay plain.
func validName(s string) bool {
	if s == "" || len(s) > 60 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// NameFromTitle makes a template name from a title: "Thanks, gift!" →
// thanks-gift.
func NameFromTitle(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(app.Fold(title)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
		if b.Len() >= 50 {
			break
		}
	}
	return b.String()
}

// Card is a template merged for one recipient.
type Card struct {
	Front, Inside string
}

// Fill merges both parts of a template for one recipient.
func (t Template) Fill(values map[string]string) (Card, error) {
	front, err := Merge(app.T(PartGreeting), t.Front, values)
	if err != nil {
		return Card{}, err
	}
	inside, err := Merge(app.T(PartMessage), t.Inside, values)
	return Card{Front: front, Inside: inside}, err
}

// Builtin are the templates Referable ships, one for each moment in
// DOMAIN.md where a handwritten card keeps word of mouth working, in
// English: Builtins has them in the owner's language.
var Builtin = []Template{
	{Name: "thank-you-referral", Purpose: PurposeThanks, Builtin: true, Title: "Thank you for a referral", Description: "Thank the referrer, every time, whatever comes of it",
		Front:  "Thank you, {first_name}!",
		Inside: "Dear {first_name},\n\nThank you for sending {referral_name} my way. Your trust means a great deal, and I will take good care of them.\n\nWith gratitude,\n{my_name}"},
	{Name: "thank-you-business", Purpose: PurposeThanksWon, Builtin: true, Title: "Thank you for the business", Description: "When the referral became a job",
		Front:  "You made my week",
		Inside: "Dear {first_name},\n\nThanks to you, {referral_name} is now a client. Referrals like yours are how {business_name} grows, and I don't take them for granted.\n\nWarmly,\n{my_name}"},
	{Name: "keeping-posted", Purpose: PurposeKeepPosted, Builtin: true, Title: "Keeping you posted", Description: "Tell the referrer how things go, without the confidential details",
		Front:  "A quick update",
		Inside: "Dear {first_name},\n\nI wanted you to know that {referral_name} and I have been in touch, and things are going well. Thank you again for the introduction.\n\nBest,\n{my_name}"},
	{Name: "birthday", Purpose: PurposeBirthday, Builtin: true, Title: "Birthday", Description: "A birthday card with a short line at the bottom",
		Front:  "Happy birthday, {first_name}!",
		Inside: "Dear {first_name},\n\nWishing you a wonderful birthday and a year full of good things.\n\n{ask_ps?}\n\n{my_name}"},
	{Name: "client-anniversary", Purpose: PurposeAnniversary, Builtin: true, Title: "Client anniversary", Description: "Years as a client, remembered",
		Front:  "{years_as_client} years together",
		Inside: "Dear {first_name},\n\nIt has been {years_as_client} years since you first trusted {business_name}. Thank you for every one of them.\n\n{ask_ps?}\n\nWith thanks,\n{my_name}"},
	{Name: "welcome", Purpose: PurposeWelcome, Builtin: true, Title: "Welcome", Description: "A welcome card for a new client",
		Front:  "Welcome, {first_name}",
		Inside: "Dear {first_name},\n\nWelcome to {business_name}. I look forward to working with you; call me any time you need me.\n\n{my_name}"},
	{Name: "end-of-project", Purpose: PurposeEndOfProject, Builtin: true, Title: "End-of-project appreciation", Description: "When the job is done and satisfaction is at its peak",
		Front:  "Thank you, {first_name}",
		Inside: "Dear {first_name},\n\nIt was a pleasure working with you. I hope you enjoy the result for years to come.\n\n{extra?}\n\nIf you know someone in a similar situation, would you mind introducing us?\n\n{my_name}"},
	{Name: "referral-request", Purpose: PurposeRequest, Builtin: true, Title: "A gentle referral request", Description: "Ask for an introduction, kindly, after asking how you can help",
		Front:  "How can I help?",
		Inside: "Dear {first_name},\n\nIs there anything I can do for you this year? I'd be glad to help.\n\nAnd if you know others who could use {business_name}, I would be grateful for an introduction.\n\n{my_name}"},
}

// Builtins are the built-in templates in the owner's language: their
// title, description and words translated (T), their merge fields the
// same.
func Builtins() []Template {
	out := make([]Template, len(Builtin))
	for i, t := range Builtin {
		out[i] = t.translated()
	}
	return out
}

func (t Template) translated() Template {
	t.Title, t.Description = app.T(t.Title), app.T(t.Description)
	t.Front, t.Inside = app.T(t.Front), app.T(t.Inside)
	return t
}

// FindBuiltin finds a built-in template by name, in the owner's
// language.
func FindBuiltin(name string) (Template, error) {
	for _, t := range Builtin {
		if t.Name == name {
			return t.translated(), nil
		}
	}
	return Template{}, app.Errorf(app.ENOTFOUND, "There is no template %q.", name)
}
