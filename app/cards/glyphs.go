package cards

import (
	"fmt"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// Coverage tells which characters a font can draw. PDF writers drop a
// glyph a font lacks without a word, so every character of a card is
// checked before it is set: none may print blank silently.
type Coverage struct {
	font *sfnt.Font
	buf  sfnt.Buffer
}

// NewCoverage reads a TrueType font.
func NewCoverage(ttf []byte) (*Coverage, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("read font: %w", err)
	}
	return &Coverage{font: f}, nil
}

// Has reports whether the font draws r. Spaces and line breaks need no
// glyph.
func (c *Coverage) Has(r rune) bool {
	if r == '\n' || r == '\r' || r == '\t' || unicode.IsSpace(r) {
		return true
	}
	i, err := c.font.GlyphIndex(&c.buf, r)
	return err == nil && i != 0
}

// Missing lists, once each and in order, the characters of text the font
// cannot draw.
func (c *Coverage) Missing(text string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range text {
		if !seen[r] && !c.Has(r) {
			out = append(out, r)
		}
		seen[r] = true
	}
	return out
}
