package cards

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math"
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
	f         *gofpdf.Fpdf
	families  map[*Face]string
	font      *Face   // the font and size last set, so they are set
	size      float64 // only when they change
	ink       Ink     // the text colour last set
	fill      Ink     // the fill colour last set
	forms     map[formKey]*glyphForm
	onPage    map[formKey]int   // the page each glyph was last used on
	used      []gofpdf.Template // the glyphs used on this page
	height    float64           // the page's, mm
	buf       []byte            // the page's glyphs' content
	deflating bool              // pages put their glyphs into deflated forms
	held      int               // bytes of glyphs' content written into pages as they are
	zw        *flate.Writer
	zbuf      bytes.Buffer
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
	return &PDF{f: f, families: map[*Face]string{}, ink: -1, fill: -1, forms: map[formKey]*glyphForm{}, onPage: map[formKey]int{}}
}

// WritePage adds a page.
func (p *PDF) WritePage(pg *Page) error {
	// "P" takes the size as given; "L" would swap width and height.
	p.f.AddPageFormat("P", gofpdf.SizeType{Wd: pg.Size.W, Ht: pg.Size.H})
	p.font, p.size, p.ink, p.fill = nil, 0, -1, -1 // a new page starts with no font set
	p.height = pg.Size.H
	if len(pg.Rules) > 0 {
		p.f.SetDrawColor(foldGrey, foldGrey, foldGrey)
		p.f.SetLineWidth(0.2)
		for _, r := range pg.Rules {
			p.f.Line(r.X1, r.Y1, r.X2, r.Y2)
		}
	}
	p.buf, p.used, p.fill = p.buf[:0], nil, -1
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
	switch {
	case len(p.buf) == 0:
	case p.held+len(p.buf) <= heldGlyphs:
		// Into the page as it is, each glyph's form listed among the
		// document's resources when first used (gofpdf lists a template
		// once it is used: here under a clip that shows nothing).
		for _, g := range p.used {
			if form := g.(*glyphForm); !form.listed {
				form.listed = true
				p.f.RawWriteStr("q 0 0 0 0 re W n")
				p.f.UseTemplateScaled(form, gofpdf.PointType{}, gofpdf.SizeType{Wd: 1, Ht: 1})
				p.f.RawWriteStr("Q")
			}
		}
		p.held += len(p.buf)
		p.f.RawWriteStr("q")
		p.f.RawWriteStr(string(p.buf))
		p.f.RawWriteStr("Q")
	default:
		p.deflating = true
		form, err := p.newPageForm(fmt.Sprintf("p%d", p.f.PageNo()), pg.Size)
		if err != nil {
			return err
		}
		p.f.UseTemplateScaled(form, gofpdf.PointType{}, gofpdf.SizeType{Wd: pg.Size.W, Ht: pg.Size.H})
	}
	return p.f.Error()
}

// heldGlyphs is how many bytes of glyph placements the pages may hold
// as they are (gofpdf keeps every page whole, uncompressed, until the
// file is written): a batch of a few thousand cards. Later pages put
// theirs into a deflated form of their own (pageForm), which costs
// deflating and inflating them once more.
const heldGlyphs = 24 << 20

// pageForm is a page's handwriting: every glyph drawn on it, as one
// form XObject whose content is kept deflated until the PDF is written.
// A glyph's transform takes some 45 bytes, and gofpdf keeps every page
// whole until the end: 10,000 cards' glyphs would hold 85 MB.
type pageForm struct {
	id       string
	size     Size
	deflated []byte
	n        int // the content's length inflated
	glyphs   []gofpdf.Template
}

func (p *PDF) newPageForm(id string, size Size) (*pageForm, error) {
	p.zbuf.Reset()
	if p.zw == nil {
		w, err := flate.NewWriter(&p.zbuf, flate.BestSpeed)
		if err != nil {
			return nil, err
		}
		p.zw = w
	} else {
		p.zw.Reset(&p.zbuf)
	}
	p.zw.Write(p.buf)
	if err := p.zw.Close(); err != nil {
		return nil, err
	}
	return &pageForm{id: id, size: size, deflated: bytes.Clone(p.zbuf.Bytes()), n: len(p.buf), glyphs: p.used}, nil
}

func (g *pageForm) ID() string { return g.id }
func (g *pageForm) Size() (gofpdf.PointType, gofpdf.SizeType) {
	return gofpdf.PointType{}, gofpdf.SizeType{Wd: g.size.W, Ht: g.size.H}
}

// Bytes inflates the content when gofpdf writes it (deflating it again
// for the file).
func (g *pageForm) Bytes() []byte {
	b := make([]byte, g.n)
	if _, err := io.ReadFull(flate.NewReader(bytes.NewReader(g.deflated)), b); err != nil {
		panic(fmt.Sprintf("a page's own deflated glyphs do not inflate: %v", err)) // cannot happen: written above
	}
	return b
}
func (g *pageForm) Images() map[string]*gofpdf.ImageInfoType { return nil }
func (g *pageForm) Templates() []gofpdf.Template             { return g.glyphs }
func (g *pageForm) NumPages() int                            { return 1 }
func (g *pageForm) FromPage(int) (gofpdf.Template, error)    { return g, nil }
func (g *pageForm) FromPages() []gofpdf.Template             { return []gofpdf.Template{g} }
func (g *pageForm) Serialize() ([]byte, error)               { return nil, errNoSerialize }
func (g *pageForm) GobEncode() ([]byte, error)               { return nil, errNoSerialize }
func (g *pageForm) GobDecode([]byte) error                   { return errNoSerialize }

func (p *PDF) setFont(face *Face, size float64) error {
	if face == p.font && size == p.size {
		return nil
	}
	family, ok := p.families[face]
	if !ok {
		family = fmt.Sprintf("F%d", len(p.families))
		p.f.AddUTF8FontFromBytes(family, "", face.PDFBytes()) // a copy: gofpdf writes into it
		if err := p.f.Error(); err != nil {
			return fmt.Errorf("embed font %s: %w", face.Name, err)
		}
		p.families[face] = family
	}
	p.f.SetFont(family, "", size)
	p.font, p.size = face, size
	return p.f.Error()
}

// drawGlyphs draws a shaped run's glyphs, each turned, scaled and
// moved as the layout varied it: each distinct glyph of the document is
// one form XObject (glyphForm) holding its outline, drawn wherever it
// is used with its own transform. A joined Arabic letter, a Devanagari
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
	b = append(b, 'q', ' ')
	b = appendNums(b, 6, s*cos, s*sin, -s*sin, s*cos, r.X*k, (p.height-r.Y)*k)
	b = append(b, "cm\n"...)
	pen := 0.0
	for _, g := range r.Glyphs {
		if !g.Blank {
			form, err := p.form(r.Face, g.ID)
			if err != nil {
				return err
			}
			if form != nil {
				sc := g.Scale
				if sc == 0 {
					sc = 1
				}
				gs, gc := math.Sincos(g.Turn * math.Pi / 180)
				ga, gb, gcc, gd := sc*gc, sc*gs, -sc*gs, sc*gc
				ox, oy := (pen+g.XOffset)*1000, g.YOffset*1000
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
	b = append(b, 'Q', '\n')
	p.buf = b
	// The words, unpainted, along the run (what gofpdf can set: an
	// emoji beyond the Basic Multilingual Plane is drawn only).
	words := strings.Map(func(c rune) rune {
		if c > 0xffff {
			return -1
		}
		return c
	}, r.Text)
	if strings.TrimSpace(words) == "" {
		return p.f.Error()
	}
	if err := p.setFont(r.Face, r.Size); err != nil {
		return err
	}
	p.f.RawWriteStr("3 Tr")
	if r.Angle != 0 {
		p.f.TransformBegin()
		p.f.TransformRotate(r.Angle, r.X, r.Y)
		p.f.Text(r.X, r.Y, words)
		p.f.TransformEnd()
	} else {
		p.f.Text(r.X, r.Y, words)
	}
	p.f.RawWriteStr("0 Tr")
	return p.f.Error()
}

// appendNums appends numbers to a content stream, each followed by a
// space, to prec decimals and no more digits than they need.
func appendNums(b []byte, prec int, vs ...float64) []byte {
	scale := math.Pow10(prec)
	for _, v := range vs {
		v = math.Round(v*scale) / scale
		if v == 0 {
			v = 0 // no "-0"
		}
		n := len(b)
		b = strconv.AppendFloat(b, v, 'f', -1, 64)
		if len(b) > n+1 && b[n] == '0' && b[n+1] == '.' {
			b = append(b[:n], b[n+1:]...) // 0.5 is .5
		} else if len(b) > n+2 && b[n] == '-' && b[n+1] == '0' && b[n+2] == '.' {
			b = append(b[:n+1], b[n+2:]...)
		}
		b = append(b, ' ')
	}
	return b
}

type formKey struct {
	face *Face
	id   uint16
}

// form is the XObject that draws a glyph, made the first time the
// glyph is used and named by each page's form that uses it; nil for a
// glyph with no outline.
func (p *PDF) form(face *Face, id uint16) (*glyphForm, error) {
	key := formKey{face, id}
	f, ok := p.forms[key]
	if !ok {
		var err error
		if f, err = newGlyphForm(face, id, fmt.Sprintf("g%d", len(p.forms))); err != nil {
			return nil, fmt.Errorf("glyph %d of %s: %w", id, face.Name, err)
		}
		p.forms[key] = f
	}
	if f != nil && p.onPage[key] != p.f.PageNo() {
		p.onPage[key] = p.f.PageNo()
		p.used = append(p.used, f) // the page's form names it among its resources
	}
	return f, nil
}

// glyphForm is one glyph's outline as a PDF form XObject, a gofpdf
// Template: drawn in thousandths of an em, moved by (dx, dy) so its ink
// lies in the positive quarter its bounding box must be in.
type glyphForm struct {
	id      string
	listed  bool // among the document's resources
	dx, dy  float64
	w, h    float64 // mm, as gofpdf wants a template's size
	content []byte
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
func (g *glyphForm) Templates() []gofpdf.Template             { return nil }
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
	// A batch whose pages held their glyphs as they are is written as it
	// is: deflating it would take longer than the rest of the printing
	// and leaves it within its size (some 30 KB a page). A larger one,
	// which put its glyphs into deflated forms, is deflated throughout.
	p.f.SetCompression(p.deflating)
	return p.f.Output(w)
}
