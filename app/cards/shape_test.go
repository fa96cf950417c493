package cards_test

import (
	"testing"

	"github.com/referable/referable/assets"
)

// Text is shaped with the font's own rules: Caveat's repeated letters
// take different forms, Arabic letters join and read right to left,
// Hebrew reads right to left, Devanagari forms its conjuncts.
func TestShaping(t *testing.T) {
	book := assets.CardFontBook()
	caveat, _ := book.Face("Caveat")
	s, err := caveat.Shape([]rune("Hello all, little llama"))
	if err != nil {
		t.Fatal(err)
	}
	forms := map[uint16]bool{}
	text := []rune("Hello all, little llama")
	for _, g := range s.Glyphs {
		if text[g.Cluster] == 'l' && g.Runes == 1 {
			forms[g.ID] = true
		}
	}
	if len(forms) < 2 {
		t.Errorf("every l in Caveat took the same glyph: %v", forms)
	}

	arabic, _ := book.Face("Aref Ruqaa")
	laila := []rune("ليلى")
	s, err = arabic.Shape(laila)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Glyphs) == 0 || s.Glyphs[0].Cluster != len(laila)-1 {
		t.Errorf("Arabic is not in visual order (the last letter leftmost): %+v", s.Glyphs)
	}
	isolated, _ := arabic.Shape([]rune("ل"))
	for _, g := range s.Glyphs {
		if g.Cluster == 0 && g.ID == isolated.Glyphs[0].ID {
			t.Errorf("the first lam of ليلى took its isolated form: the letters are not joined")
		}
	}

	hebrew, _ := book.Face("Playpen Sans Hebrew")
	s, _ = hebrew.Shape([]rune("דנה"))
	if len(s.Glyphs) != 3 || s.Glyphs[0].Cluster != 2 || s.Glyphs[2].Cluster != 0 {
		t.Errorf("Hebrew is not right to left: %+v", s.Glyphs)
	}

	kalam, _ := book.Face("Kalam")
	priya := []rune("प्रिया")
	s, _ = kalam.Shape(priya)
	if len(s.Glyphs) >= len(priya) {
		t.Errorf("प्रिया took %d glyphs for %d characters: no conjunct", len(s.Glyphs), len(priya))
	}
	if s.Advance <= 0 {
		t.Error("no advance")
	}
}
