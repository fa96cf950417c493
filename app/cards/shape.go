package cards

import (
	"bytes"
	"fmt"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// ShapedGlyph is one glyph of shaped text: which glyph of the font (not
// which character: an alternate form, a joined Arabic letter or a
// Devanagari conjunct has no character of its own), where it sits
// relative to the pen, and how far it moves the pen, in ems.
type ShapedGlyph struct {
	ID       uint16
	Cluster  int     // the first rune of the text it draws
	Runes    int     // how many runes it draws with its cluster's glyphs
	XOffset  float64 // ems right of the pen
	YOffset  float64 // ems above the baseline
	XAdvance float64 // ems
}

// Shaped is a run of text in one face, shaped by HarfBuzz (through
// github.com/go-text/typesetting) with the font's own features on:
// contextual alternates, ligatures, kerning, Arabic joining, Indic
// reordering and conjuncts. Glyphs are in visual order, left to right,
// whatever the text's direction.
type Shaped struct {
	Face    *Face
	Glyphs  []ShapedGlyph
	Advance float64 // ems
}

// shapeUnits is the size text is shaped at: a thousand units to the em,
// in 26.6 fixed point, so advances keep their precision.
const shapeUnits = 1000

// Shape shapes text (one script, one direction) in the face.
func (f *Face) Shape(text []rune) (Shaped, error) {
	gf, err := f.shaper()
	if err != nil {
		return Shaped{}, err
	}
	script, dir := textScript(text)
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.hb.Shape(shaping.Input{
		Text: text, RunStart: 0, RunEnd: len(text),
		Direction: dir, Face: gf, Size: fixed.I(shapeUnits), Script: script,
		Language: language.DefaultLanguage(),
	})
	s := Shaped{Face: f, Advance: em(out.Advance)}
	for _, g := range out.Glyphs {
		s.Glyphs = append(s.Glyphs, ShapedGlyph{ID: uint16(g.GlyphID), Cluster: g.ClusterIndex, Runes: g.RuneCount,
			XOffset: em(g.XOffset), YOffset: em(g.YOffset), XAdvance: em(g.XAdvance)})
	}
	return s, nil
}

func em(v fixed.Int26_6) float64 { return float64(v) / 64 / shapeUnits }

// shaper is the face as go-text reads it, read once.
func (f *Face) shaper() (*font.Face, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gtFace == nil {
		ff, err := font.ParseTTF(bytes.NewReader(f.TTF))
		if err != nil {
			return nil, fmt.Errorf("read font %s for shaping: %w", f.Name, err)
		}
		f.gtFace, f.hb = ff, &shaping.HarfbuzzShaper{}
	}
	return f.gtFace, nil
}

// textScript is the script of the first letter of text that has one,
// and the direction it is written in.
func textScript(text []rune) (language.Script, di.Direction) {
	for _, r := range text {
		s := language.LookupScript(r)
		if s == language.Common || s == language.Inherited || s == language.Unknown {
			continue
		}
		switch s {
		case language.Arabic, language.Hebrew, language.Syriac, language.Thaana, language.Nko:
			return s, di.DirectionRTL
		}
		return s, di.DirectionLTR
	}
	return language.Latin, di.DirectionLTR
}
