package cards

// Helpers for the external tests, which need the assets' font book
// (assets imports this package).

type GlyphBox = glyphBox

func BoxOf(f *Face, id uint16) GlyphBox { return f.box(id) }

func TurnedSpan(b GlyphBox, s, deg float64) (float64, float64) { return turnedSpan(b, s, deg) }

// NaturalAdvance is a glyph's advance before the hand varied it.
func NaturalAdvance(g ShapedGlyph) float64 {
	if g.natural != 0 {
		return g.natural
	}
	return g.XAdvance
}

const PtToMM = ptToMM

// WordsOf are the stretches of a run's glyphs written as one rendition:
// [first, count] each.
func WordsOf(r Run) [][2]int {
	var out [][2]int
	for _, w := range r.words {
		out = append(out, [2]int{w.First, w.N})
	}
	return out
}
