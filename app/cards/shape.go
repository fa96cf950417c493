package cards

import (
	"bytes"
	"fmt"
	"unicode"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
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
	// How the hand varies this one glyph (see varyRun): turned Turn degrees
	// anticlockwise about its origin and drawn Scale times its size
	// (0 is 1). A shift up or along is in YOffset and XAdvance.
	Turn  float64
	Scale float64
	// Alt is another form of the same letter (the font's stylistic
	// alternate, "salt"), 0 when it has none; AltAdvance its advance.
	Alt        uint16
	AltAdvance float64
	Blank      bool    // a space: moves the pen, draws nothing
	natural    float64 // the advance before the hand varied it, in ems
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

var saltFeature = []shaping.FontFeature{{Tag: ot.MustNewTag("salt"), Value: 1}}

// Shape shapes text (one script, one direction) in the face, as one run.
func (f *Face) Shape(text []rune) (Shaped, error) {
	gf, err := f.shaper()
	if err != nil {
		return Shaped{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.shapeLocked(gf, text, nil), nil
}

func (f *Face) shapeLocked(gf *font.Face, text []rune, features []shaping.FontFeature) Shaped {
	script, dir := textScript(text)
	out := f.hb.Shape(shaping.Input{
		Text: text, RunStart: 0, RunEnd: len(text),
		Direction: dir, Face: gf, Size: fixed.I(shapeUnits), Script: script,
		Language: language.DefaultLanguage(), FontFeatures: features,
	})
	s := Shaped{Face: f, Advance: em(out.Advance)}
	s.Glyphs = make([]ShapedGlyph, 0, len(out.Glyphs))
	for _, g := range out.Glyphs {
		s.Glyphs = append(s.Glyphs, ShapedGlyph{ID: uint16(g.GlyphID), Cluster: g.ClusterIndex, Runes: g.RuneCount,
			XOffset: em(g.XOffset), YOffset: em(g.YOffset), XAdvance: em(g.XAdvance)})
	}
	return s
}

// ShapeLine shapes a line of text in the face. Text written left to
// right is shaped a word at a time, and each word is kept: a batch of
// cards repeats its template's words on every card, so each is shaped
// once. Each glyph carries its stylistic alternate, if the font has one,
// for the hand to use where a letter repeats. Right-to-left text is
// shaped whole, its words in visual order.
func (f *Face) ShapeLine(text string) (Shaped, error) {
	gf, err := f.shaper()
	if err != nil {
		return Shaped{}, err
	}
	runes := []rune(text)
	if _, dir := textScript(runes); dir == di.DirectionRTL {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.shapeLocked(gf, runes, nil), nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	line := Shaped{Face: f, Glyphs: make([]ShapedGlyph, 0, len(runes))}
	for start := 0; start < len(runes); {
		if unicode.IsSpace(runes[start]) {
			a := f.spaceLocked()
			line.Glyphs = append(line.Glyphs, ShapedGlyph{Cluster: start, Runes: 1, XAdvance: a, Blank: true})
			line.Advance += a
			start++
			continue
		}
		end := start + 1
		for end < len(runes) && !unicode.IsSpace(runes[end]) {
			end++
		}
		w := f.wordLocked(gf, runes[start:end])
		for _, g := range w.Glyphs {
			g.Cluster += start
			line.Glyphs = append(line.Glyphs, g)
		}
		line.Advance += w.Advance
		start = end
	}
	return line, nil
}

// wordLocked is a word shaped, from the face's store of words; f.mu is
// held.
func (f *Face) wordLocked(gf *font.Face, word []rune) Shaped {
	key := string(word)
	if w, ok := f.words[key]; ok {
		return w
	}
	w := f.shapeLocked(gf, word, nil)
	if alt := f.shapeLocked(gf, word, saltFeature); len(alt.Glyphs) == len(w.Glyphs) {
		for i := range w.Glyphs {
			if a := alt.Glyphs[i]; a.Cluster == w.Glyphs[i].Cluster && a.ID != w.Glyphs[i].ID {
				w.Glyphs[i].Alt, w.Glyphs[i].AltAdvance = a.ID, a.XAdvance
			}
		}
	}
	if f.words == nil || len(f.words) > 50000 {
		f.words = map[string]Shaped{} // bounded: letters to strangers add a name a card
	}
	f.words[key] = w
	return w
}

// spaceLocked is a space's advance in ems; f.mu is held.
func (f *Face) spaceLocked() float64 {
	if a := f.ascii[' ']; a > 0 {
		return a
	}
	return 0.25
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
		f.joins = joins(ff)
	}
	return f.gtFace, nil
}

// joins tells whether a font's letters join one to the next (a
// connected script hand, Arabic, Devanagari's headline): its forms
// depend on their place in a word, or its glyphs attach cursively. Such
// a hand is not varied glyph by glyph, which would break the strokes
// between letters.
func joins(f *font.Face) bool {
	for _, fe := range f.Font.GSUB.Features {
		switch fe.Tag.String() {
		case "init", "medi", "fina", "half", "pres", "rphf", "blws", "abvs":
			return true
		}
	}
	for _, fe := range f.Font.GPOS.Features {
		if fe.Tag.String() == "curs" {
			return true
		}
	}
	return false
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
