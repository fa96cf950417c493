package cards

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/referable/referable/app"
)

// Calibration is how one printer is corrected for one stock: where its
// print lands against where it should, measured on a calibration sheet.
type Calibration struct {
	Printer, Layout string
	// OffsetX and OffsetY move everything right and down on the paper,
	// in mm.
	OffsetX, OffsetY float64
	// Scale is how large the printer prints: 0.985 when 100 mm comes
	// out as 98.5 mm; 1 (or 0, never calibrated) for true size.
	Scale float64
	On    app.Date // when it was measured; zero when never
}

// PrinterSetup is how a printer takes stock.
type PrinterSetup struct {
	Printer string
	// Turn is the quarter turn, clockwise in degrees (90 or 270), that
	// puts a wide stock (an envelope, a half-fold sheet) onto the paper
	// the way the printer feeds it: short edge first.
	Turn int
	// ManualDuplex: the printer prints one side, so the owner turns the
	// sheets over for the second.
	ManualDuplex bool
}

// DefaultTurn is how wide stock goes in when the owner has not said.
const DefaultTurn = 90

// PrinterStore keeps each printer's setup and calibrations.
type PrinterStore interface {
	// PrinterSetup is the printer's setup, or the defaults when it has
	// none saved.
	PrinterSetup(ctx context.Context, printer string) (PrinterSetup, error)
	SavePrinterSetup(ctx context.Context, s PrinterSetup) error
	// Calibration is the printer's for the layout; zero offsets and a
	// scale of 1 when it was never calibrated.
	Calibration(ctx context.Context, printer, layout string) (Calibration, error)
	SaveCalibration(ctx context.Context, c Calibration) error
}

// FeedFor is how a layout goes through a printer: turned onto the paper
// if it is wide, then corrected by the calibration.
func FeedFor(l Layout, setup PrinterSetup, c Calibration) Feed {
	f := Feed{Scale: c.Scale, OffsetX: c.OffsetX, OffsetY: c.OffsetY}
	if l.Landscape() {
		f.Turn = setup.Turn
		if f.Turn != 90 && f.Turn != 270 {
			f.Turn = DefaultTurn
		}
	}
	return f
}

// Where cross A of a calibration sheet is drawn: this far from the left
// and top edges of the stock as it reads, in mm.
const crossA = 20

// RulerLength is how long the calibration sheet's ruler along the top of
// a layout is, in mm: 100, or what the stock has room for.
func RulerLength(l Layout) float64 {
	return math.Min(100, math.Floor((l.Paper.W-2*crossA-10)/10)*10)
}

// Measured is what the owner reads off a calibration sheet: where cross A
// is (mm from the left and top edges of the stock as it reads) and how
// long the ruler came out.
type Measured struct {
	Left, Top float64
	Ruler     float64 // 0: not measured, the scale is kept
}

// Check refuses readings that cannot be right.
func (m Measured) Check(l Layout) error {
	if m.Left <= 0 || m.Top <= 0 || m.Left > 60 || m.Top > 60 {
		return app.Errorf(app.EINVALID, "Cross A should be about %d mm from the left and the top edges; %.1f and %.1f mm are too far off to be a printer's error. Measure to the centre of the cross marked A.", crossA, m.Left, m.Top)
	}
	if r := RulerLength(l); m.Ruler != 0 && (m.Ruler < r*0.9 || m.Ruler > r*1.1) {
		return app.Errorf(app.EINVALID, "The ruler should be about %.0f mm; %.1f mm is more than a tenth off. Measure from its 0 to its %.0f.", r, m.Ruler, r)
	}
	return nil
}

// Calibrate is the calibration corrected by what was measured on a
// sheet printed with it: the printer's own shift and scale worked out
// from where cross A landed and how long the ruler came out, and undone.
func (c Calibration) Calibrate(l Layout, setup PrinterSetup, m Measured) Calibration {
	f := FeedFor(l, setup, c)
	k := c.Scale
	if k <= 0 {
		k = 1
	}
	// The printer's scale p: the ruler, drawn 1/k as long, came out p/k.
	p := k
	if m.Ruler > 0 {
		p = k * m.Ruler / RulerLength(l)
	}
	turn := Feed{Turn: f.Turn}
	ax, ay := turn.Point(l.Paper, crossA, crossA) // where cross A should be on the paper
	mx, my := turn.Point(l.Paper, m.Left, m.Top)  // where it is
	// The paper point q of a drawn point comes out at p·q + shift; with
	// the new scale p and offset o', p·o' + shift = 0 puts it in place.
	out := c
	out.Scale = p
	out.OffsetX = c.OffsetX + ax/k - mx/p
	out.OffsetY = c.OffsetY + ay/k - my/p
	return out
}

// Describe says the calibration in a line: "0.8 mm right, 1.2 mm up,
// 98.5 % size", or that there is none.
func (c Calibration) Describe() string {
	if c.OffsetX == 0 && c.OffsetY == 0 && (c.Scale == 0 || c.Scale == 1) {
		return app.T("not calibrated: printed as laid out")
	}
	var parts []string
	if c.OffsetX != 0 {
		parts = append(parts, app.Tf("%.1f mm %s", math.Abs(c.OffsetX), map[bool]string{true: app.T("right"), false: app.T("left")}[c.OffsetX > 0]))
	}
	if c.OffsetY != 0 {
		parts = append(parts, app.Tf("%.1f mm %s", math.Abs(c.OffsetY), map[bool]string{true: app.T("down"), false: app.T("up")}[c.OffsetY > 0]))
	}
	if c.Scale != 0 && c.Scale != 1 {
		parts = append(parts, app.Tf("drawn at %.1f %% for a printer that prints at %.1f %%", 100/c.Scale, 100*c.Scale))
	}
	if c.On.HasYear() {
		return app.Tf("moved %s (measured %s)", app.NameList(parts, 3), c.On.Format())
	}
	return app.Tf("moved %s", app.NameList(parts, 3))
}

// CalibrationSheet is the page (or pages, one a side) to measure a
// printer by for a layout: cross A at 20 mm from the left and top edges,
// a ruler along the top, crosses at every card's corners, and what to
// do, in the print font.
func (b *FontBook) CalibrationSheet(l Layout, printer string) ([]Page, error) {
	faces, err := b.chain(b.address)
	if err != nil {
		return nil, err
	}
	face := faces[0]
	pg := Page{Size: l.Paper}
	cross := func(x, y, arm float64) {
		pg.Marks = append(pg.Marks, Rule{x - arm, y, x + arm, y}, Rule{x, y - arm, x, y + arm})
	}
	text := func(x, y, size float64, s string) {
		pg.Runs = append(pg.Runs, Run{Face: face, Size: size, X: x, Y: y, Ink: InkPrint, Text: s})
	}
	cross(crossA, crossA, 6)
	text(crossA+1.5, crossA-1.5, 9, "A")
	// The ruler along the top, from cross A's column.
	length := RulerLength(l)
	x0, y0 := float64(crossA+10), 8.0
	pg.Marks = append(pg.Marks, Rule{x0, y0, x0 + length, y0})
	for mm := 0.0; mm <= length; mm++ {
		tick := 1.5
		switch {
		case math.Mod(mm, 10) == 0:
			tick = 4
			text(x0+mm-0.8, y0+7, 6, fmt.Sprintf("%.0f", mm))
		case math.Mod(mm, 5) == 0:
			tick = 2.5
		}
		pg.Marks = append(pg.Marks, Rule{x0 + mm, y0, x0 + mm, y0 + tick})
	}
	// Where each card's corners are: on pre-cut stock they should meet
	// the cuts.
	for slot := 0; slot < l.PerSheet(); slot++ {
		r := l.Slot(slot)
		for _, c := range [][2]float64{{r.X, r.Y}, {r.X + r.W, r.Y}, {r.X, r.Y + r.H}, {r.X + r.W, r.Y + r.H}} {
			cross(c[0], c[1], 3)
		}
	}
	lines := []string{
		app.Tf("Calibration sheet: %s", l.Name),
		app.Tf("Printer: %s", printer),
		app.Tf("1. Cross A should be %d mm from the left edge", crossA),
		app.Tf("   and %d mm from the top edge.", crossA),
		app.Tf("2. The ruler should be %.0f mm long.", length),
		app.T("3. Type what you measure in Referable:"),
		app.T("   it moves every print to match."),
	}
	size := 8.0
	if l.Paper.W < 150 || l.Paper.H < 120 {
		size = 6.5
	}
	y := float64(crossA + 12)
	for _, line := range lines {
		text(crossA, y, size, line)
		y += size * 0.5
	}
	pages := []Page{pg}
	for side := 1; side < l.Sides; side++ {
		back := Page{Size: l.Paper, Side: side}
		back.Runs = append(back.Runs, Run{Face: face, Size: 8, X: crossA, Y: crossA + 12, Ink: InkPrint,
			Text: map[bool]string{true: app.T("Side 2: the sheet was turned over on its short edge."), false: app.T("Side 2: the sheet was turned over on its long edge.")}[l.ShortEdge]})
		for slot := 0; slot < l.PerSheet(); slot++ {
			r := l.Slot(slot)
			for _, c := range [][2]float64{{r.X, r.Y}, {r.X + r.W, r.Y}, {r.X, r.Y + r.H}, {r.X + r.W, r.Y + r.H}} {
				back.Marks = append(back.Marks, Rule{c[0] - 3, c[1], c[0] + 3, c[1]}, Rule{c[0], c[1] - 3, c[0], c[1] + 3})
			}
		}
		pages = append(pages, back)
	}
	return pages, nil
}

// WriteCalibrationSheet writes the calibration sheet as a PDF through
// the printer's feed.
func (b *FontBook) WriteCalibrationSheet(l Layout, printer string, feed Feed, out io.Writer, created time.Time) error {
	pages, err := b.CalibrationSheet(l, printer)
	if err != nil {
		return err
	}
	pdf := NewPDF(app.T("Calibration sheet"), created)
	pdf.Feed = feed
	for i := range pages {
		if err := pdf.WritePage(&pages[i]); err != nil {
			return err
		}
	}
	return pdf.Output(out)
}
