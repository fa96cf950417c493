package assets_test

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/app/testkit/i18nkeys"
	"github.com/referable/referable/assets"
)

// shipped are the languages Referable ships, each complete.
var shipped = []string{"de", "en", "es", "fr"}

// TestTranslationsAreComplete fails when any text the code translates
// is missing from any shipped language, when a file keeps a text no
// code uses, when a translation's verbs (%s, %d, %[2]s) do not match its
// English, when a text that counts lacks its forms, or when a card
// template's translation names other merge fields than the English.
// `go run ./scripts/i18nkeys` lists what is missing.
func TestTranslationsAreComplete(t *testing.T) {
	keys, err := i18nkeys.All("..")
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 500 {
		t.Fatalf("found only %d texts to translate: is the extractor reading the code?", len(keys))
	}
	entries, err := assets.Translations.ReadDir("translations")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, strings.TrimSuffix(e.Name(), ".json"))
	}
	sort.Strings(files)
	if !slices.Equal(files, shipped) {
		t.Fatalf("translations are %v, want %v", files, shipped)
	}
	for _, code := range shipped {
		t.Run(code, func(t *testing.T) {
			words := load(t, code)
			if got := words[i18nkeys.LanguageKey].Other; got != code {
				t.Errorf("%s names itself %q", i18nkeys.LanguageKey, got)
			}
			var missing []string
			for id, k := range keys {
				w, ok := words[id]
				if !ok {
					missing = append(missing, fmt.Sprintf("%q (%s)", id, k.Where))
					continue
				}
				if k.One != "" {
					if w.One == "" || w.Other == "" {
						t.Errorf("%q counts: it needs a \"one\" and an \"other\" form", id)
						continue
					}
					checkVerbs(t, id, w.Other, false)
					checkVerbs(t, id, w.One, true)
					continue
				}
				if w.Plural {
					t.Errorf("%q does not count, but is given forms", id)
					continue
				}
				checkVerbs(t, id, w.Other, false)
				if strings.HasPrefix(k.Where, "cards.Builtin") {
					if a, b := fields(id), fields(w.Other); !slices.Equal(a, b) {
						t.Errorf("%q: merge fields %v, translated %v", id, a, b)
					}
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%s.json lacks %d texts (go run ./scripts/i18nkeys):\n  %s", code, len(missing), strings.Join(missing, "\n  "))
			}
			for id := range words {
				if _, ok := keys[id]; !ok {
					t.Errorf("%s.json keeps %q, which no code uses", code, id)
				}
			}
		})
	}
}

// TestBuiltinTemplatesMergeInEveryLanguage merges each built-in card
// template's translation: what it names must be merge fields the cards
// know, and the braces must parse.
func TestBuiltinTemplatesMergeInEveryLanguage(t *testing.T) {
	for _, code := range shipped {
		words := load(t, code)
		for _, tpl := range cards.Builtin {
			tr := tpl
			tr.Front, tr.Inside = words[tpl.Front].Other, words[tpl.Inside].Other
			if err := tr.Check(); err != nil {
				t.Errorf("%s: %s: %v", code, tpl.Name, err)
			}
		}
	}
}

type word struct {
	One, Other string
	Plural     bool
}

func load(t *testing.T, code string) map[string]word {
	t.Helper()
	b, err := assets.Translations.ReadFile(path.Join("translations", code+".json"))
	if err != nil {
		t.Fatal(err)
	}
	raw := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	out := map[string]word{}
	for id, r := range raw {
		var s string
		if json.Unmarshal(r, &s) == nil {
			out[id] = word{Other: s}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(r, &forms); err != nil {
			t.Errorf("%s.json: %q is neither a text nor its forms", code, id)
			continue
		}
		out[id] = word{One: forms["one"], Other: forms["other"], Plural: true}
	}
	return out
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*[0-9.]*[a-zA-Z%]`)

// verbs reads a format's verbs, each by the argument it takes: "%s %d"
// is {1: s, 2: d}; "%[2]d %[1]s" is {1: s, 2: d}.
func verbs(format string) map[int]string {
	out := map[int]string{}
	next := 1
	for _, v := range verb.FindAllString(format, -1) {
		if strings.HasSuffix(v, "%") {
			continue
		}
		if i := strings.Index(v, "["); i >= 0 {
			fmt.Sscanf(v[i:], "[%d]", &next)
		}
		out[next] = v[len(v)-1:]
		next++
	}
	return out
}

// checkVerbs: a translation takes the arguments its English does, each
// as the same kind of verb; the form for one may leave the count out.
func checkVerbs(t *testing.T, id, tr string, one bool) {
	t.Helper()
	want, got := verbs(id), verbs(tr)
	for i, v := range got {
		if want[i] != v {
			t.Errorf("%q: translated %q takes argument %d as %%%s, the English as %%%s", id, tr, i, v, want[i])
		}
	}
	for i, v := range want {
		if _, ok := got[i]; !ok && !(one && i == 1 && v == "d") {
			t.Errorf("%q: translated %q leaves out argument %d (%%%s)", id, tr, i, v)
		}
	}
}

var field = regexp.MustCompile(`\{([a-z_]+)`)

// fields are the merge fields a template names, sorted.
func fields(s string) []string {
	var out []string
	for _, m := range field.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return out
}

// TestNoKeyIsReserved: go-i18n reads a file whose top level has a key
// named as one of its own fields ("other", "id", …, in any case) as a
// single message, and loads none of it.
func TestNoKeyIsReserved(t *testing.T) {
	keys, err := i18nkeys.All("..")
	if err != nil {
		t.Fatal(err)
	}
	for id := range keys {
		switch strings.ToLower(id) {
		case "id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other":
			t.Errorf("%q is a word go-i18n keeps for itself: say it otherwise", id)
		}
	}
}
