package cards

import (
	"fmt"
	"io"
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
	families map[*Face]string
	font     *Face   // the font and size last set, so they are set
	size     float64 // only when they change
	ink      Ink
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
	f.SetCompression(false)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	return &PDF{f: f, families: map[*Face]string{}, ink: -1}
}

// WritePage adds a page.
func (p *PDF) WritePage(pg *Page) error {
	// "P" takes the size as given; "L" would swap width and height.
	p.f.AddPageFormat("P", gofpdf.SizeType{Wd: pg.Size.W, Ht: pg.Size.H})
	p.font, p.size, p.ink = nil, 0, -1 // a new page starts with no font set
	if len(pg.Rules) > 0 {
		p.f.SetDrawColor(foldGrey, foldGrey, foldGrey)
		p.f.SetLineWidth(0.2)
		for _, r := range pg.Rules {
			p.f.Line(r.X1, r.Y1, r.X2, r.Y2)
		}
	}
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
	return p.f.Error()
}

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

// drawGlyphs draws a shaped run's glyphs as filled outlines (a joined
// Arabic letter or a Devanagari conjunct is a glyph with no character of
// its own, which gofpdf cannot set), and its words under them as text
// that is not painted, so the PDF can be searched, copied and read
// aloud.
func (p *PDF) drawGlyphs(r Run) error {
	c := inks[r.Ink]
	p.f.SetFillColor(c[0], c[1], c[2])
	if r.Angle != 0 {
		p.f.TransformBegin()
		p.f.TransformRotate(r.Angle, r.X, r.Y)
		defer p.f.TransformEnd()
	}
	scale := r.Size * ptToMM // mm to the em
	pen := 0.0
	for _, g := range r.Glyphs {
		segs, err := r.Face.outlineGlyph(g.ID, scale)
		if err != nil {
			return fmt.Errorf("glyph %d of %s: %w", g.ID, r.Face.Name, err)
		}
		ox, oy := r.X+(pen+g.XOffset)*scale, r.Y-g.YOffset*scale
		pt := func(a fixed.Point26_6) (float64, float64) { return ox + float64(a.X)/64, oy + float64(a.Y)/64 }
		drew := false
		for _, s := range segs {
			switch s.Op {
			case sfnt.SegmentOpMoveTo:
				if drew {
					p.f.ClosePath()
				}
				x, y := pt(s.Args[0])
				p.f.MoveTo(x, y)
				drew = true
			case sfnt.SegmentOpLineTo:
				x, y := pt(s.Args[0])
				p.f.LineTo(x, y)
			case sfnt.SegmentOpQuadTo:
				cx, cy := pt(s.Args[0])
				x, y := pt(s.Args[1])
				p.f.CurveTo(cx, cy, x, y)
			case sfnt.SegmentOpCubeTo:
				c1x, c1y := pt(s.Args[0])
				c2x, c2y := pt(s.Args[1])
				x, y := pt(s.Args[2])
				p.f.CurveBezierCubicTo(c1x, c1y, c2x, c2y, x, y)
			}
		}
		if drew {
			p.f.ClosePath()
			p.f.DrawPath("f")
		}
		pen += g.XAdvance
	}
	// The words, unpainted, where the glyphs are (what gofpdf can set:
	// an emoji beyond the Basic Multilingual Plane is drawn only).
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
	p.f.SetAlpha(0, "Normal")
	p.f.Text(r.X, r.Y, words)
	p.f.SetAlpha(1, "Normal")
	return p.f.Error()
}

// Output finishes the PDF into w.
func (p *PDF) Output(w io.Writer) error {
	if p.f.PageCount() == 0 {
		return fmt.Errorf("no pages to print")
	}
	return p.f.Output(w)
}
