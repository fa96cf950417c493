package cards

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/referable/referable/app"

	gtfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Face is one TrueType font a card is set in, with what the layout needs
// to know of it: which characters it draws and how wide they are.
type Face struct {
	Name string
	TTF  []byte

	// only, when set, are the scripts the face is used for: a Japanese
	// hand's full-width Greek is no hand for a Greek name.
	only []*unicode.RangeTable
	// shapes: text in this face is shaped and drawn as glyphs (Arabic,
	// which joins; Devanagari, which forms conjuncts; Hebrew), where
	// setting characters one by one would print it wrong.
	shapes bool
	// joins: its letters join (see joins), so the hand is not varied
	// glyph by glyph; known once the face is read for shaping.
	joins bool
	// salt: its stylistic alternates, glyph to glyph, when they are that
	// simple (saltSimple); known once the face is read for shaping.
	salt       map[uint16]uint16
	saltSimple bool

	mu       sync.RWMutex // guards buf, adv and the shaper: the preview and a print may share a face
	gtFace   *gtfont.Face
	hb       *shaping.HarfbuzzShaper
	font     *sfnt.Font
	buf      sfnt.Buffer
	upem     fixed.Int26_6
	ascii    [128]float64     // advance widths in ems, -1 when missing
	adv      map[rune]float64 // the same beyond ASCII
	raw      map[rune]float64 // charAdvance's
	words    map[string]Shaped
	oldWords map[string]Shaped
	lines    map[string]Shaped // whole lines, as words (two generations)
	oldLines map[string]Shaped
	// alphabets: bit 0 set once known, bit 1+i when the face has all
	// of alphabets[i]
	alphabets uint8
	boxes     map[uint16]glyphBox
	xcap      [3]float64 // heights: -1 once read, the x-height, the cap height
}

// glyphBox is a glyph's ink, in ems from its origin, y up; empty for a
// glyph that draws nothing.
type glyphBox struct {
	X0, Y0, X1, Y1 float64
	Empty          bool
}

// box is a glyph's ink box, measured once.
func (f *Face) box(id uint16) glyphBox {
	f.mu.RLock()
	b, ok := f.boxes[id]
	f.mu.RUnlock()
	if ok {
		return b
	}
	b = glyphBox{Empty: true}
	if segs, err := f.outlineGlyph(id, 1000); err == nil {
		for _, s := range segs {
			n := 1
			switch s.Op {
			case sfnt.SegmentOpQuadTo:
				n = 2
			case sfnt.SegmentOpCubeTo:
				n = 3
			}
			for _, p := range s.Args[:n] {
				x, y := float64(p.X)/64/1000, -float64(p.Y)/64/1000
				if b.Empty {
					b = glyphBox{X0: x, Y0: y, X1: x, Y1: y}
					continue
				}
				b.X0, b.X1, b.Y0, b.Y1 = min(b.X0, x), max(b.X1, x), min(b.Y0, y), max(b.Y1, y)
			}
		}
	}
	f.mu.Lock()
	if f.boxes == nil {
		f.boxes = map[uint16]glyphBox{}
	}
	f.boxes[id] = b
	f.mu.Unlock()
	return b
}

// NewFace reads a TrueType font.
func NewFace(name string, ttf []byte) (*Face, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("read font %s: %w", name, err)
	}
	fc := &Face{Name: name, TTF: ttf, font: f, upem: fixed.Int26_6(f.UnitsPerEm()), adv: map[rune]float64{}}
	for r := range fc.ascii {
		fc.ascii[r] = fc.measure(rune(r))
	}
	return fc, nil
}

// newScriptFace is a face used for some scripts only, read from its file
// when a character of them is first asked for: a card in Latin letters
// never touches the Korean or Japanese hand's megabytes.
func newScriptFace(name string, ttf []byte, only []*unicode.RangeTable) *Face {
	return &Face{Name: name, TTF: ttf, only: only, adv: map[rune]float64{}}
}

// parse reads the font if it is not read yet; f.mu is held.
func (f *Face) parse() error {
	if f.font != nil {
		return nil
	}
	font, err := sfnt.Parse(f.TTF)
	if err != nil {
		return fmt.Errorf("read font %s: %w", f.Name, err)
	}
	f.font, f.upem = font, fixed.Int26_6(font.UnitsPerEm())
	return nil
}

// PDFBytes is a copy of the font for gofpdf, which writes into the bytes
// it is given while it cuts a subset (a table's padding, and a byte of
// Droid Sans Fallback's metrics): the font every card shares must stay
// as it is for the next card and the next print.
func (f *Face) PDFBytes() []byte { return bytes.Clone(f.TTF) }

// measure looks a character up in the font: its advance in ems, or -1.
func (f *Face) measure(r rune) float64 {
	if f.parse() != nil {
		return -1
	}
	i, err := f.font.GlyphIndex(&f.buf, r)
	if err != nil || i == 0 {
		if unicode.IsSpace(r) {
			return 0.25 // a space the font lacks is still a space
		}
		return -1
	}
	a, err := f.font.GlyphAdvance(&f.buf, i, f.upem, font.HintingNone)
	if err != nil {
		return -1
	}
	return float64(a) / float64(f.upem)
}

// charAdvance is how far the font's own glyph for r moves the pen, in
// ems, whatever scripts the face is used for (0 where it has none): the
// width a PDF reader gives r in text set in the face.
func (f *Face) charAdvance(r rune) float64 {
	if r >= 0 && r < 128 && f.only == nil {
		return max(f.ascii[r], 0)
	}
	f.mu.RLock()
	a, ok := f.raw[r]
	f.mu.RUnlock()
	if ok {
		return a
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	a = max(f.measure(r), 0)
	if f.raw == nil {
		f.raw = map[rune]float64{}
	}
	f.raw[r] = a
	return a
}

// heights are the face's x-height and cap height in ems (0 where the
// font does not say), read once.
func (f *Face) heights() (x, capital float64) {
	f.mu.RLock()
	h := f.xcap
	f.mu.RUnlock()
	if h[0] < 0 {
		return h[1], h[2]
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.xcap[0] == 0 {
		f.xcap[0] = -1
		if f.parse() == nil {
			if m, err := f.font.Metrics(&f.buf, fixed.I(1000), font.HintingNone); err == nil {
				f.xcap[1], f.xcap[2] = float64(m.XHeight)/64/1000, float64(m.CapHeight)/64/1000
			}
		}
	}
	return f.xcap[1], f.xcap[2]
}

// Advance is r's width in ems, and whether the font draws it at all
// (and is used for its script).
func (f *Face) Advance(r rune) (float64, bool) {
	if f.only != nil && !unicode.In(r, f.only...) {
		return 0, false
	}
	if r >= 0 && r < 128 {
		a := f.ascii[r]
		return a, a >= 0
	}
	f.mu.RLock()
	a, ok := f.adv[r]
	f.mu.RUnlock()
	if ok {
		return a, a >= 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok = f.adv[r]
	if !ok {
		a = f.measure(r)
		if a >= 0 && !f.hasAlphabetLocked(r) {
			a = -1
		}
		f.adv[r] = a
	}
	return a, a >= 0
}

// alphabets are letters a font must have all of to set a script's
// words: a hand with a micro sign and no other Greek letter would set
// "Δήμητρα" in two fonts, one letter of it in the hand.
var alphabets = []struct {
	script  *unicode.RangeTable
	letters string
}{
	{unicode.Greek, "αβγδεζηθικλμνξοπρστυφχψωΔΣΩ"},
	{unicode.Cyrillic, "абвгдежзийклмнопрстуфхцчшщыьэюяИЖ"},
}

// hasAlphabetLocked tells whether the face has the whole alphabet of r's
// script, for the scripts alphabets lists; f.mu is held.
func (f *Face) hasAlphabetLocked(r rune) bool {
	for i, a := range alphabets {
		if !unicode.Is(a.script, r) {
			continue
		}
		if f.alphabets == 0 {
			f.alphabets = 1 // known
			for j, b := range alphabets {
				all := true
				for _, l := range b.letters {
					if f.measure(l) < 0 {
						all = false
						break
					}
				}
				if all {
					f.alphabets |= 2 << j
				}
			}
		}
		return f.alphabets&(2<<i) != 0
	}
	return true
}

// outline is a glyph's path at ppem pixels to the em, y down, from the
// pen position.
func (f *Face) outline(r rune, ppem float64) (sfnt.Segments, error) {
	f.mu.Lock()
	if err := f.parse(); err != nil {
		f.mu.Unlock()
		return nil, err
	}
	i, err := f.font.GlyphIndex(&f.buf, r)
	f.mu.Unlock()
	if err != nil || i == 0 {
		return nil, err
	}
	return f.outlineGlyph(uint16(i), ppem)
}

// outlineGlyph is a glyph's path by its ID (a shaped glyph: an alternate
// form or a joined letter has no character of its own), at ppem units to
// the em, y down, from the pen position.
func (f *Face) outlineGlyph(id uint16, ppem float64) (sfnt.Segments, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.parse(); err != nil {
		return nil, err
	}
	segs, err := f.font.LoadGlyph(&f.buf, sfnt.GlyphIndex(id), fixed.Int26_6(ppem*64), nil)
	return append(sfnt.Segments(nil), segs...), err
}

// FontBook opens the card fonts by name, once each, and knows which font
// stands in for which: a character the chosen handwriting lacks is set in
// the other handwriting fonts, then the address font, then the fallback.
type FontBook struct {
	open     func(name string) ([]byte, error)
	hands    []string
	scripts  []ScriptFont // hands for other scripts, tried after the hands: Devanagari, Arabic, Hebrew, Korean, Japanese and Chinese
	address  string
	fallback string

	mu    sync.Mutex
	faces map[string]*Face
}

// NewFontBook makes a font book over open, which reads a font file by
// name; hands are the handwriting fonts in the order offered, scripts
// the hands for the scripts they lack, in the order tried.
func NewFontBook(open func(name string) ([]byte, error), hands []string, scripts []ScriptFont, address, fallback string) *FontBook {
	return &FontBook{open: open, hands: hands, scripts: scripts, address: address, fallback: fallback, faces: map[string]*Face{}}
}

// ScriptFont is a hand for the characters of some scripts only.
type ScriptFont struct {
	Name    string
	Scripts []*unicode.RangeTable
	Shape   bool // its script needs shaping to print right (Face.shapes)
}

// Emoji are the pictographs and symbols an emoji font draws; they lie
// beyond the Basic Multilingual Plane mostly, so they are drawn as glyphs.
var Emoji = &unicode.RangeTable{
	R16: []unicode.Range16{{Lo: 0x2600, Hi: 0x27bf, Stride: 1}, {Lo: 0x2b00, Hi: 0x2bff, Stride: 1}},
	R32: []unicode.Range32{{Lo: 0x1f000, Hi: 0x1faff, Stride: 1}},
}

// CJKPunctuation is the punctuation and full-width forms Chinese,
// Japanese and Korean text is written with, which belong to no one
// script: a CJK hand sets them too.
var CJKPunctuation = &unicode.RangeTable{R16: []unicode.Range16{{Lo: 0x3000, Hi: 0x303f, Stride: 1}, {Lo: 0xff00, Hi: 0xffef, Stride: 1}}}

// Hands are the handwriting fonts' names.
func (b *FontBook) Hands() []string { return b.hands }

// Face opens a font by name.
func (b *FontBook) Face(name string) (*Face, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if f, ok := b.faces[name]; ok {
		return f, nil
	}
	ttf, err := b.open(name)
	if err != nil {
		return nil, err
	}
	var f *Face
	for _, s := range b.scripts {
		if s.Name == name {
			f = newScriptFace(name, ttf, s.Scripts)
			f.shapes = s.Shape
		}
	}
	if f == nil {
		if f, err = NewFace(name, ttf); err != nil {
			return nil, err
		}
	}
	b.faces[name] = f
	return f, nil
}

// chain is the fonts tried in turn for each character: first the one
// asked for, then the rest.
func (b *FontBook) chain(first string) ([]*Face, error) {
	names := []string{first}
	if first != b.address {
		for _, h := range b.hands {
			if h != first {
				names = append(names, h)
			}
		}
		for _, s := range b.scripts {
			names = append(names, s.Name)
		}
		names = append(names, b.address)
	}
	names = append(names, b.fallback)
	out := make([]*Face, 0, len(names))
	for _, n := range names {
		f, err := b.Face(n)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// FindHand is the handwriting font a name means, however it is written:
// "caveat" and "patrick hand" are Caveat and Patrick Hand.
func (b *FontBook) FindHand(name string) (string, error) {
	squash := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }
	for _, h := range b.hands {
		if squash(h) == squash(name) {
			return h, nil
		}
	}
	return "", b.CheckHand(name)
}

// CheckHand tells whether name is a handwriting font of the book.
func (b *FontBook) CheckHand(name string) error {
	for _, h := range b.hands {
		if h == name {
			return nil
		}
	}
	return app.Errorf(app.ENOTFOUND, "There is no handwriting font %q; the fonts are %s.", name, strings.Join(b.hands, ", "))
}
