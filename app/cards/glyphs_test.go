package cards_test

import (
	"testing"

	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

// The handwriting fonts draw the Latin names the sample business has;
// Chinese is beyond them, so a card to 李明 needs a fallback font (and
// until one is set, Missing says so rather than printing a blank).
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
		if m := cov.Missing("Dear Zoë Müller, Łukasz Dvořák, François, Søren — thank you!\n"); len(m) != 0 {
			t.Errorf("%s lacks %q", f.Name, string(m))
		}
		if m := cov.Missing("李明 李"); string(m) != "李明" {
			t.Errorf("%s: Missing(李明 李) = %q, want the two characters once each", f.Name, string(m))
		}
	}
}
