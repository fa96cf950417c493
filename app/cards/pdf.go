package cards

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/jung-kurt/gofpdf"
)

// inks are the colours of each Ink, as RGB.
var inks = map[Ink][3]int{
	InkPen:   {0x1f, 0x2a, 0x52}, // blue-black, as a fountain pen's ink dries
	InkPrint: {0x1a, 0x1a, 0x1a},
	InkBlue:  {0x1b, 0x3f, 0x9c}, // a blue ballpoint
	InkBlack: {0x22, 0x22, 0x26}, // a black pen: not printer black
}

// foldGrey is the colour of fold marks: seen when looked for, not
// otherwise.
const foldGrey = 0xb0

// PDF writes pages to a PDF with gofpdf, the one place gofpdf is used.
// Each font is embedded once, as a subset of the characters printed,
// when a page first uses it.
type PDF struct {
	f        *gofpdf.Fpdf
	fonts    map[*Face]*pdfFont
	font     *Face   // the font and size last set, so they are set
	size     float64 // only when they change
	ink      Ink     // the text colour last set
	fill     Ink     // the fill colour last set
	forms    map[formKey]*glyphForm
	nwords   int     // word forms made
	height   float64 // the page's, mm
	buf      []byte  // the page's glyphs' content
	textFace *Face   // the font the page's unpainted text is set in, last
	// Feed turns, scales and moves each page onto the printer's paper.
	Feed Feed
}

// NewPDF starts a PDF. created is its creation date: fixed, the same
// cards make the same file.
func NewPDF(title string, created time.Time) *PDF {
	f := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: gofpdf.SizeType{Wd: 210, Ht: 297}})
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetCatalogSort(true)
	f.SetTitle(title, true)
	f.SetCreator("Referable", true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	return &PDF{f: f, fonts: map[*Face]*pdfFont{}, ink: -1, fill: -1, forms: map[formKey]*glyphForm{}}
}

// WritePage adds a page: on paper of the page's size, or of the size the
// feed turns it onto, with everything placed through the feed.
func (p *PDF) WritePage(pg *Page) error {
	paper := p.Feed.Paper(pg.Size)
	// "P" takes the size as given; "L" would swap width and height.
	p.f.AddPageFormat("P", gofpdf.SizeType{Wd: paper.W, Ht: paper.H})
	p.font, p.size, p.ink, p.fill = nil, 0, -1, -1 // a new page starts with no font set
	// Content is written as gofpdf places it on the paper (its y from
	// the paper's height), then taken through the feed.
	p.height = paper.H
	fed := !p.Feed.IsZero()
	if fed {
		p.f.RawWriteStr("q " + p.Feed.cm(pg.Size, paper))
	}
	if len(pg.Rules) > 0 {
		p.f.SetDrawColor(foldGrey, foldGrey, foldGrey)
		p.f.SetLineWidth(0.2)
		for _, r := range pg.Rules {
			p.f.Line(r.X1, r.Y1, r.X2, r.Y2)
		}
	}
	if len(pg.Marks) > 0 {
		p.f.SetDrawColor(0, 0, 0)
		p.f.SetLineWidth(0.15)
		for _, r := range pg.Marks {
			p.f.Line(r.X1, r.Y1, r.X2, r.Y2)
		}
	}
	p.buf, p.fill, p.textFace = p.buf[:0], -1, nil
	for _, r := range pg.Runs {
		if r.Glyphs != nil {
			if err := p.drawGlyphs(r); err != nil {
				return err
			}
			continue
		}
		if err := p.setFont(r.Face, r.Size); err != nil {
			return err
		}
		if r.Ink != p.ink {
			c := inks[r.Ink]
			p.f.SetTextColor(c[0], c[1], c[2])
			p.ink = r.Ink
		}
		if r.Angle == 0 {
			p.f.Text(r.X, r.Y, r.Text)
			continue
		}
		p.f.TransformBegin()
		p.f.TransformRotate(r.Angle, r.X, r.Y)
		p.f.Text(r.X, r.Y, r.Text)
		p.f.TransformEnd()
	}
	if len(p.buf) > 0 {
		p.f.RawWriteStr("q 3 Tr") // the text under the glyphs is not painted
		p.f.RawWriteStr(string(p.buf))
		p.f.RawWriteStr("Q")
	}
	if fed {
		p.f.RawWriteStr("Q")
	}
	return p.f.Error()
}

// pdfFont is a face as embedded in the PDF: gofpdf's family for it,
// the name its content streams give it, and the characters set through
// gofpdf so far (which its subset keeps).
type pdfFont struct {
	family, name string
	set          map[rune]bool
}

// register sets text in a font through gofpdf, in a form that is never
// used: gofpdf's subset of the font then keeps its characters (a form
// shares the document's fonts), and the form's content says what name
// gofpdf gives the font, which register returns.
func (p *PDF) register(font *pdfFont, text string) string {
	tpl := p.f.CreateTemplate(func(t *gofpdf.Tpl) {
		t.SetFont(font.family, "", 10)
		if text != "" {
			t.Text(0, 0, text)
		}
	})
	// The last font the form sets: a form starts with the document's
	// font of the moment.
	if m := tfName.FindAllSubmatch(tpl.Bytes(), -1); m != nil {
		return string(m[len(m)-1][1])
	}
	return ""
}

var tfName = regexp.MustCompile(`/(F\S+) [0-9.]+ Tf`)

// setFont sets the font gofpdf sets text in.
func (p *PDF) setFont(face *Face, size float64) error {
	if face == p.font && size == p.size {
		return nil
	}
	font, err := p.embed(face)
	if err != nil {
		return err
	}
	p.f.SetFont(font.family, "", size)
	p.font, p.size = face, size
	return p.f.Error()
}

// embed is the face as the PDF embeds it, added the first time.
func (p *PDF) embed(face *Face) (*pdfFont, error) {
	if font, ok := p.fonts[face]; ok {
		return font, nil
	}
	font := &pdfFont{family: fmt.Sprintf("F%d", len(p.fonts)), set: map[rune]bool{}}
	p.f.AddUTF8FontFromBytes(font.family, "", face.PDFBytes()) // a copy: gofpdf writes into it
	if err := p.f.Error(); err != nil {
		return nil, fmt.Errorf("embed font %s: %w", face.Name, err)
	}
	if font.name = p.register(font, ""); font.name == "" {
		return nil, fmt.Errorf("embed font %s: gofpdf does not name it", face.Name)
	}
	p.fonts[face] = font
	return font, nil
}

// drawGlyphs draws a shaped run's glyphs, each turned, scaled and
// moved as the layout varied it: each distinct glyph of the document is
// one form XObject (glyphForm) holding its outline, drawn wherever it
// is used with its own transform, and each rendition of a word the
// document draws more than once is one form that draws its glyphs. A joined Arabic letter, a Devanagari
// conjunct or one of Caveat's alternate forms of "l" is a glyph with no
// character of its own, which gofpdf's text cannot set. The run's words
// are set under the glyphs as text that is not painted (render mode 3,
// as a scanned page's recognised text is), so the PDF can be searched,
// copied and read aloud.
func (p *PDF) drawGlyphs(r Run) error {
	b := p.buf
	if r.Ink != p.fill {
		c := inks[r.Ink]
		b = appendNums(b, 3, float64(c[0])/255, float64(c[1])/255, float64(c[2])/255)
		b = append(b, "rg\n"...)
		p.fill = r.Ink
	}
	// The run's own space: its origin on the baseline, turned by its
	// angle, in thousandths of an em.
	k := 72 / 25.4
	s := r.Size / 1000
	sin, cos := math.Sincos(r.Angle * math.Pi / 180)
	b, err := p.appendWords(b, r)
	if err != nil {
		return err
	}
	b = append(b, 'q', ' ')
	// (To a hundred-thousandth: a line's length is kept to a fortieth
	// of a millimetre; placed to a hundredth of a point.)
	b = appendNums(b, 5, s*cos, s*sin, -s*sin, s*cos)
	b = appendNums(b, 2, r.X*k, (p.height-r.Y)*k)
	b = append(b, "cm\n"...)
	if r.words == nil {
		var err error
		if b, err = p.appendGlyphs(b, r.Face, r.Glyphs, 0, 0); err != nil {
			return err
		}
	}
	// Word by word: a rendition of a word the document has drawn before
	// is its form, placed by moving the origin to it (each word's place
	// relative to the last, to a thousandth of an em); the first time,
	// its glyphs.
	cx, cy := 0.0, 0.0
	for _, w := range r.words {
		if !w.r.ink {
			continue
		}
		form, err := p.wordForm(w.r)
		if err != nil {
			return err
		}
		if form == nil {
			if b, err = p.appendGlyphs(b, r.Face, r.Glyphs[w.First:w.First+w.N], w.X*1000-cx, w.Y*1000-cy); err != nil {
				return err
			}
			continue
		}
		tx, ty := math.Round(w.X*1000+form.dx), math.Round(w.Y*1000+form.dy)
		b = append(b, "1 0 0 1 "...)
		b = appendNums(b, 0, tx-cx, ty-cy)
		b = append(b, "cm/TPL"...)
		b = append(b, form.id...)
		b = append(b, " Do\n"...)
		cx, cy = tx, ty
	}
	b = append(b, 'Q', '\n')
	p.buf = b
	return p.f.Error()
}

// appendWords appends the run's words as text that is not painted,
// from the start of its baseline: what gofpdf's fonts can set, which leaves
// out an emoji beyond the Basic Multilingual Plane (it is drawn only).
// The text is written as gofpdf writes it (each character its UTF-16
// code, the font's CID), and each character is first set once through
// gofpdf, unseen, so that the font's subset has it.
func (p *PDF) appendWords(b []byte, r Run) ([]byte, error) {
	words := strings.Map(func(c rune) rune {
		if c > 0xffff {
			return -1
		}
		return c
	}, r.Text)
	if strings.TrimSpace(words) == "" {
		return b, nil
	}
	font, err := p.embed(r.Face)
	if err != nil {
		return nil, err
	}
	var unseen []rune
	for _, c := range words {
		if !font.set[c] {
			font.set[c] = true
			unseen = append(unseen, c)
		}
	}
	if len(unseen) > 0 {
		p.register(font, string(unseen))
	}
	if p.textFace != r.Face {
		b = append(b, "BT /"...)
		b = append(b, font.name...)
		b = append(b, " 1 Tf ET\n"...)
		p.textFace = r.Face
	}
	// Level along the baseline (a line the hand runs a little uphill or
	// down is searched and copied as well level, and text extractors
	// read level lines best), turned with a panel printed upside down.
	// Stretched or squeezed to span the glyphs drawn (a conjunct is
	// narrower than its letters, a varied hand wider or narrower than
	// the font), so that the words are found where they are drawn and
	// none runs into the next run's.
	drawn, natural := 0.0, 0.0
	for _, g := range r.Glyphs {
		drawn += g.XAdvance
	}
	for _, c := range words {
		natural += r.Face.charAdvance(c)
	}
	stretch := 1.0
	if drawn > 0 && natural > 0 {
		stretch = min(max(drawn/natural, 0.5), 2)
	}
	k := 72 / 25.4
	a, bb, c, d := r.Size*stretch, 0.0, 0.0, r.Size
	if math.Abs(math.Remainder(r.Angle, 360)) > 5 {
		sin, cos := math.Sincos(r.Angle * math.Pi / 180)
		a, bb, c, d = r.Size*stretch*cos, r.Size*stretch*sin, -r.Size*sin, r.Size*cos
	}
	b = append(b, "BT "...)
	b = appendNums(b, 3, a, bb, c, d)
	b = appendNums(b, 2, r.X*k, (p.height-r.Y)*k)
	b = append(b, "Tm ("...)
	for _, c := range words {
		hi, lo := byte(c>>8), byte(c)
		for _, x := range [2]byte{hi, lo} {
			switch x {
			case '\\', '(', ')':
				b = append(b, '\\', x)
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, x)
			}
		}
	}
	b = append(b, ") Tj ET\n"...)
	return b, nil
}

// appendGlyphs appends glyphs drawn one by one, each its glyph's form
// turned, scaled and moved, from the pen at (x, y) thousandths of an em.
func (p *PDF) appendGlyphs(b []byte, face *Face, gs []ShapedGlyph, x, y float64) ([]byte, error) {
	pen := 0.0
	for _, g := range gs {
		if !g.Blank {
			form, err := p.form(face, g.ID)
			if err != nil {
				return nil, err
			}
			if form != nil {
				sc := g.Scale
				if sc == 0 {
					sc = 1
				}
				gs, gc := math.Sincos(g.Turn * math.Pi / 180)
				ga, gb, gcc, gd := sc*gc, sc*gs, -sc*gs, sc*gc
				ox, oy := x+(pen+g.XOffset)*1000, y+g.YOffset*1000
				b = append(b, 'q', ' ')
				// Turned and scaled to a thousandth, placed to a thousandth
				// of an em (a hundredth of a millimetre at 26 pt).
				b = appendNums(b, 3, ga, gb, gcc, gd)
				b = appendNums(b, 0, ox+ga*form.dx+gcc*form.dy, oy+gb*form.dx+gd*form.dy)
				b = append(b, "cm/TPL"...)
				b = append(b, form.id...)
				b = append(b, " Do Q\n"...)
			}
		}
		pen += g.XAdvance
	}
	return b, nil
}

// wordForm is the form XObject that draws a rendition of a word, made
// the second time the document draws it (a word drawn once, a name say,
// is drawn as its glyphs: a form of its own would only add to the file);
// nil until then.
func (p *PDF) wordForm(r *rendition) (*glyphForm, error) {
	switch {
	case r.pdf != p:
		r.pdf, r.form = p, nil // drawn once
	case r.form == nil:
		f, err := p.newWordForm(r)
		if err != nil {
			return nil, err
		}
		r.form = f
		p.list(f)
	}
	return r.form, nil
}

// list puts a form among the document's resources, once it is made:
// gofpdf lists a template once it is used, here under a clip that
// shows nothing.
func (p *PDF) list(f *glyphForm) {
	p.f.RawWriteStr("q 0 0 0 0 re W n")
	p.f.UseTemplateScaled(f, gofpdf.PointType{}, gofpdf.SizeType{Wd: 1, Ht: 1})
	p.f.RawWriteStr("Q")
}

// newWordForm draws a rendition's glyphs into a form, moved by (dx, dy)
// thousandths of an em so that its ink lies in the positive quarter.
func (p *PDF) newWordForm(r *rendition) (*glyphForm, error) {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	pen := 0.0
	var children []gofpdf.Template
	for _, g := range r.glyphs {
		if box := r.face.box(g.ID); !g.Blank && !box.Empty {
			sc := g.Scale
			if sc == 0 {
				sc = 1
			}
			sin, cos := math.Sincos(g.Turn * math.Pi / 180)
			for _, c := range [4][2]float64{{box.X0, box.Y0}, {box.X0, box.Y1}, {box.X1, box.Y0}, {box.X1, box.Y1}} {
				x := pen + g.XOffset + sc*(c[0]*cos-c[1]*sin)
				y := g.YOffset + sc*(c[0]*sin+c[1]*cos)
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
			form, err := p.form(r.face, g.ID)
			if err != nil {
				return nil, err
			}
			if form != nil && !slices.Contains(children, gofpdf.Template(form)) {
				children = append(children, form)
			}
		}
		pen += g.XAdvance
	}
	dx, dy := math.Floor(x0*1000)-2, math.Floor(y0*1000)-2
	content, err := p.appendGlyphs(nil, r.face, r.glyphs, -dx, -dy)
	if err != nil {
		return nil, err
	}
	k := 72 / 25.4
	p.nwords++
	return &glyphForm{id: fmt.Sprintf("w%d", p.nwords), dx: dx, dy: dy,
		w: (math.Ceil(x1*1000) - dx + 2) / k, h: (math.Ceil(y1*1000) - dy + 2) / k,
		content: bytes.TrimSuffix(content, []byte("\n")), children: children}, nil
}

// appendNums appends numbers to a content stream, each followed by a
// space, to prec decimals (at most 6) and no more digits than they
// need: 0.5 is written .5, -0.25 -.25, 2.0 2.
func appendNums(b []byte, prec int, vs ...float64) []byte {
	scale := pow10[prec]
	for _, v := range vs {
		n := int64(math.Round(v * float64(scale)))
		if n < 0 {
			b = append(b, '-')
			n = -n
		}
		whole, frac := n/scale, n%scale
		if whole != 0 || frac == 0 {
			b = strconv.AppendInt(b, whole, 10)
		}
		if frac != 0 {
			digits := prec
			for frac%10 == 0 {
				frac /= 10
				digits--
			}
			b = append(b, '.')
			for d := pow10[digits-1]; d > frac; d /= 10 {
				b = append(b, '0') // the zeros after the point
			}
			b = strconv.AppendInt(b, frac, 10)
		}
		b = append(b, ' ')
	}
	return b
}

var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000}

type formKey struct {
	face *Face
	id   uint16
}

// form is the XObject that draws a glyph, made the first time the
// glyph is used; nil for a glyph with no outline.
func (p *PDF) form(face *Face, id uint16) (*glyphForm, error) {
	key := formKey{face, id}
	f, ok := p.forms[key]
	if !ok {
		var err error
		if f, err = newGlyphForm(face, id, fmt.Sprintf("g%d", len(p.forms))); err != nil {
			return nil, fmt.Errorf("glyph %d of %s: %w", id, face.Name, err)
		}
		p.forms[key] = f
		if f != nil {
			p.list(f)
		}
	}
	return f, nil
}

// glyphForm is one glyph's outline as a PDF form XObject, a gofpdf
// Template: drawn in thousandths of an em, moved by (dx, dy) so its ink
// lies in the positive quarter its bounding box must be in.
type glyphForm struct {
	id       string
	dx, dy   float64
	w, h     float64 // mm, as gofpdf wants a template's size
	content  []byte
	children []gofpdf.Template // the glyphs' forms a word's form draws
}

func newGlyphForm(face *Face, id uint16, name string) (*glyphForm, error) {
	box := face.box(id)
	if box.Empty {
		return nil, nil
	}
	segs, err := face.outlineGlyph(id, 1000)
	if err != nil {
		return nil, err
	}
	dx, dy := math.Floor(box.X0*1000)-1, math.Floor(box.Y0*1000)-1
	k := 72 / 25.4
	f := &glyphForm{id: name, dx: dx, dy: dy,
		w: (math.Ceil(box.X1*1000) - dx + 1) / k, h: (math.Ceil(box.Y1*1000) - dy + 1) / k}
	pt := func(b []byte, a fixed.Point26_6) []byte {
		return appendNums(b, 1, math.Round((float64(a.X)/64-dx)*10)/10, math.Round((-float64(a.Y)/64-dy)*10)/10)
	}
	var b []byte
	var cur fixed.Point26_6
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if len(b) > 0 {
				b = append(b, "h\n"...)
			}
			b = append(pt(b, s.Args[0]), "m\n"...)
			cur = s.Args[0]
		case sfnt.SegmentOpLineTo:
			b = append(pt(b, s.Args[0]), "l\n"...)
			cur = s.Args[0]
		case sfnt.SegmentOpQuadTo:
			// A quadratic curve as the cubic PDF draws.
			c1 := cur.Add(s.Args[0].Sub(cur).Mul(fixed.I(2)).Div(fixed.I(3)))
			c2 := s.Args[1].Add(s.Args[0].Sub(s.Args[1]).Mul(fixed.I(2)).Div(fixed.I(3)))
			b = append(pt(pt(pt(b, c1), c2), s.Args[1]), "c\n"...)
			cur = s.Args[1]
		case sfnt.SegmentOpCubeTo:
			b = append(pt(pt(pt(b, s.Args[0]), s.Args[1]), s.Args[2]), "c\n"...)
			cur = s.Args[2]
		}
	}
	f.content = append(b, "h f"...)
	return f, nil
}

func (g *glyphForm) ID() string { return g.id }
func (g *glyphForm) Size() (gofpdf.PointType, gofpdf.SizeType) {
	return gofpdf.PointType{}, gofpdf.SizeType{Wd: g.w, Ht: g.h}
}
func (g *glyphForm) Bytes() []byte                            { return g.content }
func (g *glyphForm) Images() map[string]*gofpdf.ImageInfoType { return nil }
func (g *glyphForm) Templates() []gofpdf.Template             { return g.children }
func (g *glyphForm) NumPages() int                            { return 1 }
func (g *glyphForm) FromPage(int) (gofpdf.Template, error)    { return g, nil }
func (g *glyphForm) FromPages() []gofpdf.Template             { return []gofpdf.Template{g} }
func (g *glyphForm) Serialize() ([]byte, error)               { return nil, errNoSerialize }
func (g *glyphForm) GobEncode() ([]byte, error)               { return nil, errNoSerialize }
func (g *glyphForm) GobDecode([]byte) error                   { return errNoSerialize }

var errNoSerialize = errors.New("a glyph form is not serialised")

// Output finishes the PDF into w.
func (p *PDF) Output(w io.Writer) error {
	if p.f.PageCount() == 0 {
		return fmt.Errorf("no pages to print")
	}
	// Written as it is, some 6 to 13 KB a page: gofpdf deflates each
	// stream with a deflater of its own (0.6 MB of garbage a page), which
	// at 10,000 cards takes five times as long as the rest of the print.
	p.f.SetCompression(false)
	return p.f.Output(w)
}
