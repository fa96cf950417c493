package cards

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"github.com/go-text/typesetting/di"
	gtfont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// ShapedGlyph is one glyph of shaped text: which glyph of the font (not
// which character: an alternate form, a joined Arabic letter or a
// Devanagari conjunct has no character of its own), where it sits
// relative to the pen, and how far it moves the pen, in ems.
type ShapedGlyph struct {
	XOffset  float64 // ems right of the pen
	YOffset  float64 // ems above the baseline
	XAdvance float64 // ems
	// How the hand varies this one glyph (see varyRun): turned Turn degrees
	// anticlockwise about its origin and drawn Scale times its size
	// (0 is 1). A shift up or along is in YOffset and XAdvance.
	Turn  float64
	Scale float64
	// AltAdvance is the advance of Alt, another form of the same letter.
	AltAdvance float64
	natural    float64 // the advance before the hand varied it, in ems
	Cluster    int     // the first rune of the text it draws
	Runes      int     // how many runes it draws with its cluster's glyphs
	ID         uint16
	// Alt is another form of the same letter (the font's stylistic
	// alternate, "salt"), 0 when it has none.
	Alt   uint16
	Blank bool // a space: moves the pen, draws nothing
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

func (f *Face) shapeLocked(gf *gtfont.Face, text []rune, features []shaping.FontFeature) Shaped {
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

// ShapeLine shapes a line of text in the face; the glyphs it returns
// may be shared and are not to be changed. Text written left to
// right is shaped a word at a time, and each word is kept: a batch of
// cards repeats its template's words on every card, so each is shaped
// once. Each glyph carries its stylistic alternate, if the font has one,
// for the hand to use where a letter repeats. Right-to-left text is
// shaped whole, its words in visual order.
func (f *Face) ShapeLine(text string) (Shaped, error) {
	runes := []rune(text)
	if ideographic(runes) {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.plainLocked(runes)
	}
	gf, err := f.shaper()
	if err != nil {
		return Shaped{}, err
	}
	if _, dir := textScript(runes); dir == di.DirectionRTL {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.shapeLocked(gf, runes, nil), nil
	}
	// A line set before (a template's line, on card after card) is
	// kept whole; its glyphs are shared, and read only.
	f.mu.RLock()
	line, ok := f.lines[text]
	f.mu.RUnlock()
	if ok {
		return line, nil
	}
	// Words shaped before are read as other goroutines read them; a new
	// one is shaped alone (HarfBuzz's buffer is the face's).
	line = Shaped{Face: f, Glyphs: make([]ShapedGlyph, 0, len(runes))}
	for start := 0; start < len(runes); {
		if unicode.IsSpace(runes[start]) {
			a := f.space()
			line.Glyphs = append(line.Glyphs, ShapedGlyph{Cluster: start, Runes: 1, XAdvance: a, Blank: true})
			line.Advance += a
			start++
			continue
		}
		end := start + 1
		for end < len(runes) && !unicode.IsSpace(runes[end]) {
			end++
		}
		f.mu.RLock()
		w, ok := f.words[string(runes[start:end])]
		f.mu.RUnlock()
		if !ok {
			f.mu.Lock()
			w = f.wordLocked(gf, runes[start:end])
			f.mu.Unlock()
		}
		for _, g := range w.Glyphs {
			g.Cluster += start
			line.Glyphs = append(line.Glyphs, g)
		}
		line.Advance += w.Advance
		start = end
	}
	if len(line.Glyphs) > 0 && !strings.ContainsRune(text, ' ') {
		return line, nil // a word: kept as one already
	}
	f.mu.Lock()
	if f.lines == nil || len(f.lines) >= faceLinesMax {
		f.oldLines, f.lines = f.lines, make(map[string]Shaped, faceLinesMax)
	}
	if old, ok := f.oldLines[text]; ok {
		line = old
	}
	f.lines[text] = line
	f.mu.Unlock()
	return line, nil
}

// ideographic tells whether text is written in Chinese characters,
// kana or Hangul syllables (with spaces and their punctuation) only:
// one glyph a character, each the character's own, which needs no
// shaping (a CJK font's megabytes need not be read for it).
func ideographic(text []rune) bool {
	for _, r := range text {
		switch {
		case r == ' ', unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, CJKPunctuation):
		case r >= 0xac00 && r <= 0xd7a3: // a precomposed Hangul syllable
		default:
			return false
		}
	}
	return len(text) > 0
}

// plainLocked sets ideographic text a glyph a character, from the
// font's character map and advances; f.mu is held.
func (f *Face) plainLocked(text []rune) (Shaped, error) {
	if err := f.parse(); err != nil {
		return Shaped{}, err
	}
	line := Shaped{Face: f, Glyphs: make([]ShapedGlyph, 0, len(text))}
	for i, r := range text {
		id, err := f.font.GlyphIndex(&f.buf, r)
		if err != nil {
			return Shaped{}, fmt.Errorf("font %s: %w", f.Name, err)
		}
		g := ShapedGlyph{ID: uint16(id), Cluster: i, Runes: 1, Blank: unicode.IsSpace(r)}
		if g.Blank {
			g.XAdvance = f.space()
		} else if a, err := f.font.GlyphAdvance(&f.buf, id, f.upem, font.HintingNone); err == nil {
			g.XAdvance = float64(a) / float64(f.upem)
		}
		line.Glyphs = append(line.Glyphs, g)
		line.Advance += g.XAdvance
	}
	return line, nil
}

// faceWordsMax is how many shaped words a face keeps in each generation,
// faceLinesMax how many lines: a batch's lines with a name in them are
// each set once, and a line's glyphs take some 3 KB.
const (
	faceWordsMax = 2000
	faceLinesMax = 256
)

// wordLocked is a word shaped, from the face's store of words; f.mu is
// held.
func (f *Face) wordLocked(gf *gtfont.Face, word []rune) Shaped {
	key := string(word)
	if w, ok := f.words[key]; ok {
		return w
	}
	if w, ok := f.oldWords[key]; ok {
		f.words[key] = w
		return w
	}
	w := f.shapeLocked(gf, word, nil)
	switch {
	case f.salt != nil:
		for i, g := range w.Glyphs {
			if a, ok := f.salt[g.ID]; ok {
				w.Glyphs[i].Alt, w.Glyphs[i].AltAdvance = a, g.XAdvance+(float64(gf.HorizontalAdvance(gtfont.GID(a)))-float64(gf.HorizontalAdvance(gtfont.GID(g.ID))))/float64(gf.Upem())
			}
		}
	case !f.saltSimple:
		// Alternates that depend on their neighbours: the word shaped
		// again with them on.
		if alt := f.shapeLocked(gf, word, saltFeature); len(alt.Glyphs) == len(w.Glyphs) {
			for i := range w.Glyphs {
				if a := alt.Glyphs[i]; a.Cluster == w.Glyphs[i].Cluster && a.ID != w.Glyphs[i].ID {
					w.Glyphs[i].Alt, w.Glyphs[i].AltAdvance = a.ID, a.XAdvance
				}
			}
		}
	}
	if f.words == nil || len(f.words) >= faceWordsMax {
		// Bounded, in two generations (as wordStore): letters to
		// strangers add a name a card, the template's words stay.
		f.oldWords, f.words = f.words, make(map[string]Shaped, faceWordsMax)
	}
	f.words[key] = w
	return w
}

// space is a space's advance in ems (ascii is set once, when the face
// is read).
func (f *Face) space() float64 {
	if a := f.ascii[' ']; a > 0 {
		return a
	}
	return 0.25
}

func em(v fixed.Int26_6) float64 { return float64(v) / 64 / shapeUnits }

// shaper is the face as go-text reads it, read once.
func (f *Face) shaper() (*gtfont.Face, error) {
	f.mu.RLock()
	gf := f.gtFace
	f.mu.RUnlock()
	if gf != nil {
		return gf, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gtFace == nil {
		ff, err := gtfont.ParseTTF(bytes.NewReader(f.TTF))
		if err != nil {
			return nil, fmt.Errorf("read font %s for shaping: %w", f.Name, err)
		}
		f.gtFace, f.hb = ff, &shaping.HarfbuzzShaper{}
		// The shaper's cache of HarfBuzz's view of the font holds none
		// unless told: without it, every word shaped builds it again
		// (a twentieth of a millisecond, a quarter of a batch's time).
		f.hb.SetFontCacheSize(1)
		f.joins = joins(ff)
		f.salt, f.saltSimple = alternates(ff)
	}
	return f.gtFace, nil
}

// alternates are a font's stylistic alternates ("salt"), glyph to
// glyph, when the feature is single substitutions (or a choice of
// alternates, of which the first is taken) as it mostly is: a word then
// need not be shaped a second time with the feature on to find them.
// simple is false when the feature is anything else (nil, true: the
// font has none).
func alternates(f *gtfont.Face) (alt map[uint16]uint16, simple bool) {
	for _, fe := range f.Font.GSUB.Features {
		if fe.Tag.String() != "salt" {
			continue
		}
		for _, li := range fe.LookupListIndices {
			if int(li) >= len(f.Font.GSUB.Lookups) {
				continue
			}
			for _, sub := range f.Font.GSUB.Lookups[li].Subtables {
				switch t := sub.(type) {
				case tables.SingleSubs:
					eachCovered(t.Data.Cov(), func(g tables.GlyphID, i int) {
						switch d := t.Data.(type) {
						case tables.SingleSubstData1:
							alt = addAlt(alt, g, tables.GlyphID(int(g)+int(d.DeltaGlyphID)))
						case tables.SingleSubstData2:
							if i < len(d.SubstituteGlyphIDs) {
								alt = addAlt(alt, g, d.SubstituteGlyphIDs[i])
							}
						}
					})
				case tables.AlternateSubs:
					eachCovered(t.Coverage, func(g tables.GlyphID, i int) {
						if i < len(t.AlternateSets) && len(t.AlternateSets[i].AlternateGlyphIDs) > 0 {
							alt = addAlt(alt, g, t.AlternateSets[i].AlternateGlyphIDs[0])
						}
					})
				default:
					return nil, false
				}
			}
		}
	}
	return alt, true
}

func addAlt(m map[uint16]uint16, g, a tables.GlyphID) map[uint16]uint16 {
	if m == nil {
		m = map[uint16]uint16{}
	}
	if _, ok := m[uint16(g)]; !ok && a != g {
		m[uint16(g)] = uint16(a)
	}
	return m
}

// eachCovered calls fn with each glyph a coverage table covers and its
// index in it.
func eachCovered(c tables.Coverage, fn func(g tables.GlyphID, i int)) {
	switch c := c.(type) {
	case tables.Coverage1:
		for i, g := range c.Glyphs {
			fn(g, i)
		}
	case tables.Coverage2:
		for _, r := range c.Ranges {
			for g := int(r.StartGlyphID); g <= int(r.EndGlyphID); g++ {
				fn(tables.GlyphID(g), int(r.StartCoverageIndex)+g-int(r.StartGlyphID))
			}
		}
	}
}

// joins tells whether a font's letters join one to the next (a
// connected script hand, Arabic, Devanagari's headline): its forms
// depend on their place in a word, or its glyphs attach cursively. Such
// a hand is not varied glyph by glyph, which would break the strokes
// between letters.
func joins(f *gtfont.Face) bool {
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
