// Command i18nkeys keeps Referable's translations whole: it lists the
// keys a language lacks (and those no code uses any more), writes the
// English file from the code, and gives a translator the missing keys
// as JSON to fill in.
//
//	go run ./scripts/i18nkeys                 list what each language lacks
//	go run ./scripts/i18nkeys -write-en       write assets/translations/en.json from the code
//	go run ./scripts/i18nkeys -missing de     the keys de.json lacks, as JSON with the English
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/referable/referable/app/testkit/i18nkeys"
)

func main() {
	writeEn := flag.Bool("write-en", false, "write assets/translations/en.json from the code")
	missing := flag.String("missing", "", "print the keys this language lacks, as JSON")
	root := flag.String("root", ".", "the repository")
	flag.Parse()
	if err := run(*root, *writeEn, *missing); err != nil {
		fmt.Fprintln(os.Stderr, "i18nkeys:", err)
		os.Exit(1)
	}
}

func run(root string, writeEn bool, missing string) error {
	keys, err := i18nkeys.All(root)
	if err != nil {
		return err
	}
	dir := filepath.Join(root, "assets", "translations")
	if writeEn {
		en := map[string]any{i18nkeys.LanguageKey: "en"}
		for id, k := range keys {
			if id == i18nkeys.LanguageKey {
				continue
			}
			if k.One != "" {
				en[id] = map[string]string{"one": k.One, "other": id}
			} else if k.Text != "" {
				en[id] = k.Text
			} else {
				en[id] = id
			}
		}
		return writeJSON(filepath.Join(dir, "en.json"), en)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	bad := false
	for _, f := range files {
		code := strings.TrimSuffix(filepath.Base(f), ".json")
		if missing != "" && code != missing {
			continue
		}
		have := map[string]json.RawMessage{}
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &have); err != nil {
			return fmt.Errorf("%s: %v", f, err)
		}
		var lacks, stale []string
		for id := range keys {
			if _, ok := have[id]; !ok {
				lacks = append(lacks, id)
			}
		}
		for id := range have {
			if _, ok := keys[id]; !ok {
				stale = append(stale, id)
			}
		}
		sort.Strings(lacks)
		sort.Strings(stale)
		if missing != "" {
			out := map[string]any{}
			for _, id := range lacks {
				if k := keys[id]; k.One != "" {
					out[id] = map[string]string{"one": k.One, "other": id}
				} else {
					out[id] = id
				}
			}
			return writeJSON("-", out)
		}
		fmt.Printf("%s: %d keys, %d missing, %d no longer used\n", code, len(have), len(lacks), len(stale))
		for _, id := range lacks {
			fmt.Printf("  missing %q (%s)\n", id, keys[id].Where)
		}
		for _, id := range stale {
			fmt.Printf("  unused  %q\n", id)
		}
		bad = bad || len(lacks) > 0 || len(stale) > 0
	}
	if bad {
		os.Exit(1)
	}
	return nil
}

// writeJSON writes v sorted and indented, as the translation files are
// kept ("-" is stdout).
func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if path == "-" {
		_, err := os.Stdout.Write(buf.Bytes())
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
