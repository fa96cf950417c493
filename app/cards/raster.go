package cards

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Rasterize draws the part clip of a page as an image at pxPerMM pixels
// to the millimetre, from the same runs the PDF is written from: the
// on-screen preview is what prints.
func Rasterize(pg *Page, clip Rect, pxPerMM float64) *image.RGBA {
	w, h := int(math.Ceil(clip.W*pxPerMM)), int(math.Ceil(clip.H*pxPerMM))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	at := func(x, y float64) (float32, float32) {
		return float32((x - clip.X) * pxPerMM), float32((y - clip.Y) * pxPerMM)
	}
	grey := color.RGBA{foldGrey, foldGrey, foldGrey, 0xff}
	for _, r := range pg.Rules {
		x1, y1 := at(r.X1, r.Y1)
		x2, y2 := at(r.X2, r.Y2)
		draw.Draw(img, image.Rect(int(x1), int(y1), int(x2)+1, int(y2)+1), image.NewUniform(grey), image.Point{}, draw.Src)
	}
	z := vector.NewRasterizer(w, h)
	for _, ink := range []Ink{InkPen, InkPrint, InkBlue, InkBlack} {
		z.Reset(w, h)
		drawn := false
		for _, r := range pg.Runs {
			if r.Ink == ink {
				drawn = rasterizeRun(z, r, at, pxPerMM) || drawn
			}
		}
		if drawn {
			c := inks[ink]
			z.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{uint8(c[0]), uint8(c[1]), uint8(c[2]), 0xff}), image.Point{})
		}
	}
	return img
}

// addSegments adds a glyph's path to z through at, which turns the
// glyph's own coordinates (pixels, y down) into the image's.
func addSegments(z *vector.Rasterizer, segs sfnt.Segments, at func(x, y float64) (float32, float32)) {
	p := func(a fixed.Point26_6) (float32, float32) { return at(float64(a.X)/64, float64(a.Y)/64) }
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			z.MoveTo(p(s.Args[0]))
		case sfnt.SegmentOpLineTo:
			z.LineTo(p(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			bx, by := p(s.Args[0])
			cx, cy := p(s.Args[1])
			z.QuadTo(bx, by, cx, cy)
		case sfnt.SegmentOpCubeTo:
			bx, by := p(s.Args[0])
			cx, cy := p(s.Args[1])
			dx, dy := p(s.Args[2])
			z.CubeTo(bx, by, cx, cy, dx, dy)
		}
	}
	z.ClosePath()
}

// rasterizeRun adds a run's glyph outlines to z, turned by the run's
// angle about its start; it reports whether it added any.
func rasterizeRun(z *vector.Rasterizer, r Run, at func(x, y float64) (float32, float32), pxPerMM float64) bool {
	ppem := r.Size * ptToMM * pxPerMM
	rad := r.Angle * math.Pi / 180
	cos, sin := math.Cos(rad), math.Sin(rad)
	ox, oy := at(r.X, r.Y)
	// A point dx along the baseline and dy below it, turned anticlockwise
	// on the page (whose y runs down).
	pt := func(dx, dy float64) (float32, float32) {
		return ox + float32(dx*cos+dy*sin), oy + float32(-dx*sin+dy*cos)
	}
	pen, added := 0.0, false
	if r.Glyphs != nil { // shaped: its glyphs, each varied, as the PDF draws them
		for _, g := range r.Glyphs {
			if !g.Blank {
				sc := g.Scale
				if sc == 0 {
					sc = 1
				}
				gs, gc := math.Sincos(g.Turn * math.Pi / 180)
				gx, gy := pen+g.XOffset*ppem, -g.YOffset*ppem
				if segs, err := r.Face.outlineGlyph(g.ID, ppem); err == nil {
					addSegments(z, segs, func(x, y float64) (float32, float32) {
						return pt(gx+sc*(x*gc+y*gs), gy+sc*(-x*gs+y*gc))
					})
					added = added || len(segs) > 0
				}
			}
			pen += g.XAdvance * ppem
		}
		return added
	}
	for _, ch := range r.Text {
		if segs, err := r.Face.outline(ch, ppem); err == nil && len(segs) > 0 {
			addSegments(z, segs, func(x, y float64) (float32, float32) { return pt(pen+x, y) })
			added = true
		}
		a, _ := r.Face.Advance(ch)
		pen += a * ppem
	}
	return added
}
