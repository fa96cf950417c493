package cards_test

import (
	"testing"

	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

// The handwriting fonts draw the Latin names the sample business has;
// Chinese is beyond them, so a card to 李明 takes it from the fallback
// font (TestPrintedTextReadsBack prints it).
func TestHandwritingFontCoverage(t *testing.T) {
	for _, f := range assets.HandwritingFonts {
		ttf, err := assets.CardFont(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		cov, err := cards.NewFace(f.Name, ttf)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if m := missing(cov, "Dear Zoë Müller, Łukasz Dvořák, François, Søren — thank you!\n"); len(m) != 0 {
			t.Errorf("%s lacks %q", f.Name, string(m))
		}
		if m := missing(cov, "李明 李"); string(m) != "李明" {
			t.Errorf("%s: missing(李明 李) = %q, want the two characters once each", f.Name, string(m))
		}
	}
}

// missing lists, once each, the characters of text a font cannot draw.
func missing(f *cards.Face, text string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range text {
		if _, ok := f.Advance(r); !ok && !seen[r] && r != '\n' {
			out = append(out, r)
		}
		seen[r] = true
	}
	return out
}
