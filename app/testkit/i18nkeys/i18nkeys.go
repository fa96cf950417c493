// Package i18nkeys (a test kit) finds every text Referable translates,
// by reading its source: the English texts given to app.T, app.Tf,
// app.TN, app.Errorf and app.Plural. The translations test checks each
// is in every shipped language; scripts/i18nkeys lists what is missing.
package i18nkeys

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

// Key is a text to translate: One is set for a text that counts (its
// form for one; the key is the form for many).
type Key struct {
	ID    string
	One   string
	Text  string // the English, where it is not the ID (Tc)
	Where string // file:line of its first use
}

// Plural is the English plural of a noun as app.Plural makes it.
func Plural(word string) string {
	for _, end := range []string{"s", "x", "ch", "sh"} {
		if strings.HasSuffix(word, end) {
			return word + "es"
		}
	}
	return word + "s"
}

// Extract reads the Go files under the folders given (tests left out)
// and returns the keys they translate, by ID.
func Extract(dirs ...string) (map[string]Key, error) {
	keys := map[string]Key{}
	fset := token.NewFileSet()
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "testdata" || d.Name() == "testkit" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				return err
			}
			inApp := f.Name.Name == "app"
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				name := callName(call.Fun, inApp)
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "problem" {
					name = "problem" // an import's problem: (where, skipped, format, args...)
				}
				at := fset.Position(call.Pos()).String()
				lit := func(i int) (string, bool) {
					if i >= len(call.Args) {
						return "", false
					}
					return stringLit(call.Args[i])
				}
				add := func(k Key) {
					if _, seen := keys[k.ID]; !seen && k.ID != "" {
						k.Where = at
						keys[k.ID] = k
					}
				}
				switch name {
				case "T", "Tf", "N", "lang.L", "usagef":
					if s, ok := lit(0); ok {
						add(Key{ID: s})
					}
				case "Errorf":
					if s, ok := lit(1); ok {
						add(Key{ID: s})
					}
				case "Tc":
					ctx, ok1 := lit(0)
					text, ok2 := lit(1)
					if ok1 && ok2 {
						add(Key{ID: text + " (" + ctx + ")", Text: text})
					}
				case "problem":
					if s, ok := lit(2); ok {
						add(Key{ID: s})
					}
				case "TN", "TNf":
					one, ok1 := lit(0)
					other, ok2 := lit(1)
					if ok1 && ok2 {
						add(Key{ID: other, One: one})
					}
				case "Plural":
					if s, ok := lit(1); ok {
						add(Key{ID: "%d " + Plural(s), One: "%d " + s})
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// callName names a call as the translation functions are named: T, Tf,
// TN, Errorf and Plural of package app (bare inside it), and lang.L.
func callName(fun ast.Expr, inApp bool) string {
	switch f := fun.(type) {
	case *ast.Ident:
		if inApp || f.Name == "usagef" {
			return f.Name
		}
	case *ast.SelectorExpr:
		if pkg, ok := f.X.(*ast.Ident); ok {
			switch {
			case pkg.Name == "app":
				return f.Sel.Name
			case pkg.Name == "lang" && f.Sel.Name == "L":
				return "lang.L"
			}
		}
	}
	return ""
}

// stringLit is a string literal's value, or a constant's concatenation.
func stringLit(e ast.Expr) (string, bool) {
	switch v := e.(type) {
	case *ast.BasicLit:
		if v.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(v.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if v.Op != token.ADD {
			return "", false
		}
		a, ok1 := stringLit(v.X)
		b, ok2 := stringLit(v.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return stringLit(v.X)
	}
	return "", false
}

// Sorted lists keys by ID.
func Sorted(keys map[string]Key) []Key {
	out := make([]Key, 0, len(keys))
	for _, k := range keys {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// LanguageKey names, in each translation, the language it is in.
const LanguageKey = "referable.language"

// All is every key Referable translates: what Extract finds under the
// repository at root, and the texts it translates by value — the
// months' and weekdays' names, the built-in card templates, the nouns
// of the card layouts and the parts of a card.
func All(root string) (map[string]Key, error) {
	var dirs []string
	for _, d := range []string{"app", "ui", "data", "cmd"} {
		dirs = append(dirs, filepath.Join(root, d))
	}
	keys, err := Extract(dirs...)
	if err != nil {
		return nil, err
	}
	add := func(where string, ids ...string) {
		for _, id := range ids {
			if _, seen := keys[id]; !seen && id != "" {
				keys[id] = Key{ID: id, Where: where}
			}
		}
	}
	for m := time.January; m <= time.December; m++ {
		add("app.MonthName", m.String(), m.String()[:3])
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		add("app.WeekdayName", d.String(), d.String()[:3])
	}
	for _, t := range cards.Builtin {
		add("cards.Builtin "+t.Name, t.Title, t.Description, t.Front, t.Inside)
	}
	for _, l := range cards.Layouts {
		add("cards.Layout.Noun", l.Noun())
	}
	add("cards parts", cards.PartGreeting, cards.PartMessage)
	add("app.NothingDue", app.NothingDue)
	add("app.DefaultAskPS", app.DefaultAskPS)
	add("the language's own name", LanguageKey)
	return keys, nil
}
