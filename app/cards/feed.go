package cards

import (
	"fmt"
	"math"
)

// Feed is how a sheet goes through one printer: turned onto the paper
// the printer takes (an envelope short edge first, a landscape sheet
// upright), then scaled and moved by the printer's calibration, so what
// prints lands where the stock is. The zero Feed writes the page as it
// is laid out.
type Feed struct {
	// Turn is a quarter turn of the layout onto the paper, clockwise, in
	// degrees: 0, 90, 180 or 270.
	Turn int
	// Scale makes up for a printer that shrinks or stretches: 1 (or 0)
	// for none; 0.985 when 100 mm prints as 98.5 mm (everything is then
	// drawn 1/0.985 as large, from the paper's top left corner).
	Scale float64
	// OffsetX and OffsetY move everything right and down on the paper,
	// in mm, after turning and scaling.
	OffsetX, OffsetY float64
}

// IsZero reports whether the feed writes pages as they are laid out.
func (f Feed) IsZero() bool {
	return f.Turn%360 == 0 && (f.Scale == 0 || f.Scale == 1) && f.OffsetX == 0 && f.OffsetY == 0
}

// Paper is the size of the paper a page of size s is printed on: its
// width and height swapped by a quarter turn.
func (f Feed) Paper(s Size) Size {
	if t := f.turn(); t == 90 || t == 270 {
		return Size{s.H, s.W}
	}
	return s
}

func (f Feed) turn() int { return ((f.Turn % 360) + 360) % 360 }

// Point is where a point of the layout (mm from the top left of a page
// of size s) lands on the paper, in mm from the paper's top left.
func (f Feed) Point(s Size, x, y float64) (float64, float64) {
	switch f.turn() {
	case 90:
		x, y = s.H-y, x
	case 180:
		x, y = s.W-x, s.H-y
	case 270:
		x, y = y, s.W-x
	}
	if k := f.Scale; k > 0 && k != 1 {
		x, y = x/k, y/k
	}
	return x + f.OffsetX, y + f.OffsetY
}

// pdfMatrix is the feed as a PDF transformation (a b c d e f of "cm"):
// content is written in PDF units (points, y up) as if the page of size
// s were drawn on the paper from its top left corner; the matrix takes
// it through the feed onto the paper.
func (f Feed) pdfMatrix(s, paper Size) [6]float64 {
	const k = 72 / 25.4
	at := func(px, py float64) (float64, float64) {
		x, y := f.Point(s, px/k, paper.H-py/k)
		return x * k, (paper.H - y) * k
	}
	ox, oy := at(0, 0)
	ax, ay := at(1, 0)
	bx, by := at(0, 1)
	return [6]float64{ax - ox, ay - oy, bx - ox, by - oy, ox, oy}
}

// cm writes the feed's transformation for a PDF content stream.
func (f Feed) cm(s, paper Size) string {
	m := f.pdfMatrix(s, paper)
	for i := range m {
		if math.Abs(m[i]) < 1e-9 {
			m[i] = 0
		}
	}
	return fmt.Sprintf("%.6f %.6f %.6f %.6f %.4f %.4f cm", m[0], m[1], m[2], m[3], m[4], m[5])
}
