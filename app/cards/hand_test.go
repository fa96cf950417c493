package cards_test

import (
	"math"
	"strings"
	"testing"
	"unicode"

	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

// handCard lays out one flat card in Caveat at the natural variation.
func handCard(t *testing.T, variation float64, inside string) []cards.Run {
	t.Helper()
	l, _ := cards.FindLayout("flat-letter-4up")
	opt := cards.Options{Layout: l, Hand: "Caveat", Jitter: variation > 0, Variation: variation, Seed: "thanks"}
	pages, _, err := cards.LayOut(assets.CardFontBook(), opt, cards.Recipient{ContactID: 42, Name: "x", Card: cards.Card{Front: "Hello all!", Inside: inside}})
	if err != nil {
		t.Fatal(err)
	}
	return pages[0].Runs
}

const repeats = "Dear Bella,\n\nHello all: a little llama, a balloon, coffee and a bookkeeper's committee. Still all well?\n\nWith thanks,\nSam"

// Letters vary like a hand: a letter repeated takes the font's other
// forms (Caveat's contextual alternates, then its stylistic ones), and
// every glyph is a little turned, scaled and moved, differently each
// time; with variation off, none is.
func TestLettersVaryLikeAHand(t *testing.T) {
	runs := handCard(t, 2, repeats)
	ls := map[uint16]bool{}
	var turns, scales []float64
	for _, r := range runs {
		text := []rune(r.Text)
		for i, g := range r.Glyphs {
			if g.Blank || g.Cluster >= len(text) {
				continue
			}
			if text[g.Cluster] == 'l' {
				ls[g.ID] = true
			}
			turns, scales = append(turns, g.Turn), append(scales, g.Scale)
			if i == 0 || r.Glyphs[i-1].Blank || g.Cluster == r.Glyphs[i-1].Cluster {
				continue
			}
			prev := r.Glyphs[i-1]
			if text[prev.Cluster] == text[g.Cluster] && prev.ID == g.ID && unicode.IsLetter(text[g.Cluster]) {
				// Allowed only where the font has no other form of it.
				word, _ := r.Face.ShapeLine(string(text[g.Cluster]) + string(text[g.Cluster]))
				if word.Glyphs[1].Alt != 0 || word.Glyphs[0].ID != word.Glyphs[1].ID {
					t.Errorf("%q twice running in %q is the same glyph %d though the font has another", text[g.Cluster], r.Text, g.ID)
				}
			}
		}
	}
	if len(ls) < 3 {
		t.Errorf("the card's l's are drawn with %d glyphs, want Caveat's three forms", len(ls))
	}
	if spread(turns) < 0.5 || spread(scales) < 0.01 {
		t.Errorf("glyphs hardly vary: turns spread %.2f°, scales %.3f", spread(turns), spread(scales))
	}
	for _, r := range handCard(t, 0, repeats) {
		for _, g := range r.Glyphs {
			if g.Turn != 0 || (g.Scale != 0 && g.Scale != 1) {
				t.Fatalf("variation off, yet a glyph of %q is turned %.2f° and scaled %.3f", r.Text, g.Turn, g.Scale)
			}
		}
	}
}

func spread(vs []float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		lo, hi = min(lo, v), max(hi, v)
	}
	return hi - lo
}

// The variation stays legible: no glyph's ink comes closer to the one
// before than the font itself sets them (its kerning), and none leaves
// its panel, for many cards at the natural setting.
func TestVariedGlyphsNeitherCollideNorLeave(t *testing.T) {
	l, _ := cards.FindLayout("flat-letter-4up")
	book := assets.CardFontBook()
	panel := l.Slot(0)
	for id := int64(1); id <= 60; id++ {
		opt := cards.Options{Layout: l, Hand: "Caveat", Jitter: true, Variation: 2, Seed: "legible"}
		pages, _, err := cards.LayOut(book, opt, cards.Recipient{ContactID: id, Name: "x", Card: cards.Card{Front: "Thank you, Wilhelmina!", Inside: repeats}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range pages[0].Runs {
			em := r.Size * cards.PtToMM
			sin, cos := math.Sincos(r.Angle * math.Pi / 180)
			pen, natural := 0.0, 0.0
			last := -1
			var lastRight, lastOwn float64
			for i, g := range r.Glyphs {
				box := cards.BoxOf(r.Face, g.ID)
				if !g.Blank && !box.Empty {
					left, right := cards.TurnedSpan(box, g.Scale, g.Turn)
					if last >= 0 {
						own := max(lastOwn-(natural+g.XOffset+box.X0), 0)
						if over := lastRight - (pen + g.XOffset + left); over > own+1e-9 {
							t.Errorf("card %d, %q: glyph %d overlaps the one before by %.3f em, the font's own %.3f", id, r.Text, i, over, own)
						}
					}
					lastRight, lastOwn, last = pen+g.XOffset+right, natural+g.XOffset+box.X1, i
					// The ink's corners on the page.
					gs, gc := math.Sincos(g.Turn * math.Pi / 180)
					for _, c := range [4][2]float64{{box.X0, box.Y0}, {box.X0, box.Y1}, {box.X1, box.Y0}, {box.X1, box.Y1}} {
						x := pen + g.XOffset + g.Scale*(c[0]*gc-c[1]*gs)
						y := g.YOffset + g.Scale*(c[0]*gs+c[1]*gc)
						px, py := r.X+(x*cos-y*sin)*em, r.Y-(x*sin+y*cos)*em
						if px < panel.X || px > panel.X+panel.W || py < panel.Y || py > panel.Y+panel.H {
							t.Errorf("card %d, %q: glyph %d leaves the card at (%.1f, %.1f) mm", id, r.Text, i, px, py)
						}
					}
				}
				pen += g.XAdvance
				natural += cards.NaturalAdvance(g)
			}
		}
	}
}

// Lines that drift stay clear of each other: no glyph of one line
// touches a glyph of another, for many cards at the natural setting, on
// a wide panel (a postcard's) and a narrow one.
func TestDriftingLinesKeepClear(t *testing.T) {
	book := assets.CardFontBook()
	for _, layout := range []string{"postcard-4x6", "flat-letter-4up", "half-fold-letter"} {
		l, _ := cards.FindLayout(layout)
		for id := int64(1); id <= 40; id++ {
			opt := cards.Options{Layout: l, Hand: "Caveat", Jitter: true, Variation: 2, Seed: "clear", Signer: "Sam"}
			r := everyScript
			r.ContactID = id
			pages, _, err := cards.LayOut(book, opt, r)
			if err != nil {
				t.Fatal(err)
			}
			for _, pg := range pages {
				type ink struct {
					x0, y0, x1, y1, base float64 // mm, y down; the run's baseline
					size                 float64
				}
				var boxes []ink
				for _, r := range pg.Runs {
					em := r.Size * cards.PtToMM
					sin, cos := math.Sincos(r.Angle * math.Pi / 180)
					pen := 0.0
					for _, g := range r.Glyphs {
						box := cards.BoxOf(r.Face, g.ID)
						if !g.Blank && !box.Empty {
							sc := g.Scale
							if sc == 0 {
								sc = 1
							}
							gs, gc := math.Sincos(g.Turn * math.Pi / 180)
							b := ink{x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1), base: r.Y, size: em}
							for _, c := range [4][2]float64{{box.X0, box.Y0}, {box.X0, box.Y1}, {box.X1, box.Y0}, {box.X1, box.Y1}} {
								x := pen + g.XOffset + sc*(c[0]*gc-c[1]*gs)
								y := g.YOffset + sc*(c[0]*gs+c[1]*gc)
								px, py := r.X+(x*cos-y*sin)*em, r.Y-(x*sin+y*cos)*em
								b.x0, b.y0, b.x1, b.y1 = min(b.x0, px), min(b.y0, py), max(b.x1, px), max(b.y1, py)
							}
							boxes = append(boxes, b)
						}
						pen += g.XAdvance
					}
				}
				for i, a := range boxes {
					for _, b := range boxes[i+1:] {
						if math.Abs(a.base-b.base) < 0.6*min(a.size, b.size) {
							continue // the same line
						}
						if a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 {
							t.Fatalf("%s, card %d: a glyph on the line at %.1f mm touches one on the line at %.1f mm", layout, id, a.base, b.base)
						}
					}
				}
			}
		}
	}
}

// A template's words are written a few together, as one rendition; a
// word the card's fields filled in (a name) is written alone, so the
// phrases about it are the ones every card shares.
func TestNamesAreWrittenAlone(t *testing.T) {
	l, _ := cards.FindLayout("flat-letter-4up")
	opt := cards.Options{Layout: l, Hand: "Caveat", Jitter: true, Variation: 2, Seed: "names"}
	pages, _, err := cards.LayOut(assets.CardFontBook(), opt, cards.Recipient{ContactID: 7, Name: "x", Merged: []string{"Wilhelmina"},
		Card: cards.Card{Front: "Thank you so much, Wilhelmina!", Inside: "Hi"}})
	if err != nil {
		t.Fatal(err)
	}
	var name, phrase bool
	for _, r := range pages[0].Runs {
		text := []rune(r.Text)
		for _, w := range cards.WordsOf(r) {
			gs := r.Glyphs[w[0] : w[0]+w[1]]
			var s []rune
			blank := false
			for _, g := range gs {
				blank = blank || g.Blank
				if !g.Blank && g.Cluster < len(text) {
					s = append(s, text[g.Cluster])
				}
			}
			if strings.Contains(string(s), "Wilhelmina") {
				name = true
				if blank {
					t.Errorf("the name is written together with other words: %q", string(s))
				}
			} else if blank {
				phrase = true
			}
		}
	}
	if !name || !phrase {
		t.Errorf("the name alone %v, a phrase of several words %v; want both", name, phrase)
	}
}
