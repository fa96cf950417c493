package cards_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/app/testkit/pdfcheck"
	"github.com/referable/referable/assets"
)

func TestFeedPoint(t *testing.T) {
	env := cards.Size{W: 162, H: 114} // a C6 envelope, laid out wide
	for _, c := range []struct {
		feed       cards.Feed
		x, y       float64
		wantX, wnY float64
	}{
		{cards.Feed{}, 10, 20, 10, 20},
		{cards.Feed{Turn: 90}, 0, 0, 114, 0},     // the top left goes top right
		{cards.Feed{Turn: 90}, 162, 114, 0, 162}, // the bottom right goes bottom left
		{cards.Feed{Turn: 270}, 0, 0, 0, 162},
		{cards.Feed{Turn: 180}, 10, 20, 152, 94},
		{cards.Feed{Scale: 0.98, OffsetX: 1.5, OffsetY: -2}, 49, 98, 51.5, 98},
	} {
		x, y := c.feed.Point(env, c.x, c.y)
		if math.Abs(x-c.wantX) > 1e-9 || math.Abs(y-c.wnY) > 1e-9 {
			t.Errorf("%+v: (%g, %g) lands at (%g, %g), want (%g, %g)", c.feed, c.x, c.y, x, y, c.wantX, c.wnY)
		}
	}
	if p := (cards.Feed{Turn: 270}).Paper(env); p != (cards.Size{W: 114, H: 162}) {
		t.Errorf("a quarter turn prints on %+v", p)
	}
}

// zoeBatch is a thank-you on layout for Zoë alone.
func zoeBatch(t *testing.T, layout string) (cards.Batch, []cards.Addressee) {
	t.Helper()
	l, err := cards.FindLayout(layout)
	if err != nil {
		t.Fatal(err)
	}
	tpl, _ := cards.FindBuiltin("thank-you-referral")
	b := cards.Batch{Template: tpl, Layout: l, Hand: "Caveat", Settings: settings(), Today: app.DateOf(created)}
	return b, []cards.Addressee{{ContactID: 1, Name: "Zoë Müller", FirstName: "Zoë", ReferralName: "Ana Lima", HasAddress: true,
		Address: []string{"Zoë Müller", "12 Alder Street", "Portland OR 97204"}}}
}

// writePDF prints the batch for to into a file of the test's own.
func writePDF(t *testing.T, b cards.Batch, to []cards.Addressee, name string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if _, _, err := b.Print(assets.CardFontBook(), to, &buf, created); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, buf.Bytes()
}

// printOne prints one card for Zoë on layout through feed, starting at
// slot start, and returns the PDF's path.
func printOne(t *testing.T, layout string, feed *cards.Feed, start int) string {
	t.Helper()
	b, to := zoeBatch(t, layout)
	b.Feed, b.Start = feed, start
	path, _ := writePDF(t, b, to, layout+".pdf")
	return path
}

// fedBox is where a box of the layout's page lands on the paper.
func fedBox(f cards.Feed, s cards.Size, b pdfcheck.Box) pdfcheck.Box {
	x0, y0 := f.Point(s, b.X0, b.Y0)
	x1, y1 := f.Point(s, b.X1, b.Y1)
	return pdfcheck.Box{X0: min(x0, x1), Y0: min(y0, y1), X1: max(x0, x1), Y1: max(y0, y1)}
}

// A feed turns, scales and moves every page of every layout as it says,
// in the PDF itself: the paper is the turned size, the ink where the
// feed puts it, to a fifth of a millimetre.
func TestFeedPlacesThePDF(t *testing.T) {
	if why := pdfcheck.Available(); why != "" {
		t.Skip(why)
	}
	for _, l := range cards.Layouts {
		t.Run(l.Name, func(t *testing.T) {
			// A printer that stretches a little and prints off to the right
			// and down: what the layout prints at its edges (fold marks)
			// stays on the paper.
			feed := cards.Feed{Scale: 1.012, OffsetX: 1.5, OffsetY: 1}
			if l.Paper.W > l.Paper.H {
				feed.Turn = 90
			}
			plain, fed := printOne(t, l.Name, nil, 0), printOne(t, l.Name, &feed, 0)
			sizes, err := pdfcheck.PageSizes(fed)
			if err != nil {
				t.Fatal(err)
			}
			paper := feed.Paper(l.Paper)
			for i, s := range sizes {
				if math.Abs(s[0]-paper.W) > 0.2 || math.Abs(s[1]-paper.H) > 0.2 {
					t.Errorf("page %d is %.1f×%.1f mm, want %.1f×%.1f", i+1, s[0], s[1], paper.W, paper.H)
				}
			}
			for page := 1; page <= len(sizes); page++ {
				want, ok, err := pdfcheck.InkBox(plain, page, 150)
				if err != nil || !ok {
					t.Fatalf("page %d of the plain PDF: ink %v, %v", page, ok, err)
				}
				got, _, err := pdfcheck.InkBox(fed, page, 150)
				if err != nil {
					t.Fatal(err)
				}
				if w := fedBox(feed, l.Paper, want); !got.Within(w, 0.35) {
					t.Errorf("page %d: the ink fills %v, want %v", page, got, w)
				}
			}
		})
	}
}

// A sheet already partly used starts at the slot given: nothing prints
// on the slots before it.
func TestStartSlot(t *testing.T) {
	if why := pdfcheck.Available(); why != "" {
		t.Skip(why)
	}
	l, _ := cards.FindLayout("flat-letter-4up")
	box, ok, err := pdfcheck.InkBox(printOne(t, l.Name, nil, 3), 1, 100)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	slot := l.Slot(3)
	if box.X0 < slot.X || box.Y0 < slot.Y || box.X1 > slot.X+slot.W+0.3 || box.Y1 > slot.Y+slot.H+0.3 {
		t.Errorf("the card starting at slot 4 fills %v, outside its slot %+v", box, slot)
	}
}

// A calibration sheet measured on a printer that shifts and shrinks its
// print gives a calibration under which cross A lands where it should.
func TestCalibrate(t *testing.T) {
	for _, c := range []struct {
		layout         string
		turn           int
		shrink         float64 // the printer's own scale
		shiftX, shiftY float64 // and shift, on its paper
	}{
		{"flat-letter-4up", 90, 0.985, 1.2, -0.8},
		{"envelope-c6", 90, 1, -2.5, 3},
		{"envelope-dl", 270, 1.01, 0.7, 1.9},
		{"half-fold-a4", 90, 0.99, 0, 0},
	} {
		l, _ := cards.FindLayout(c.layout)
		setup := cards.PrinterSetup{Printer: "P", Turn: c.turn}
		// What the printer does to a point of its paper.
		printer := func(x, y float64) (float64, float64) { return c.shrink*x + c.shiftX, c.shrink*y + c.shiftY }
		// Where the owner reads a layout point as printed: through the
		// feed and the printer, then back into the stock's own frame.
		read := func(cal cards.Calibration, x, y float64) (float64, float64) {
			f := cards.FeedFor(l, setup, cal)
			px, py := printer(f.Point(l.Paper, x, y))
			back := cards.Feed{Turn: (360 - f.Turn) % 360}
			return back.Point(f.Paper(l.Paper), px, py)
		}
		var cal cards.Calibration
		for round := 0; round < 2; round++ { // measured again, it stays put
			ax, ay := read(cal, 20, 20)
			r0, _ := read(cal, 30, 8)
			r1, _ := read(cal, 30+cards.RulerLength(l), 8)
			m := cards.Measured{Left: ax, Top: ay, Ruler: math.Abs(r1 - r0)}
			if err := m.Check(l); err != nil {
				t.Fatalf("%s: %v", c.layout, err)
			}
			cal = cal.Calibrate(l, setup, m)
			for _, p := range [][2]float64{{20, 20}, {l.Paper.W - 10, l.Paper.H - 10}} {
				if x, y := read(cal, p[0], p[1]); math.Abs(x-p[0]) > 0.01 || math.Abs(y-p[1]) > 0.01 {
					t.Errorf("%s round %d: (%g, %g) lands at (%.3f, %.3f) after calibrating %+v", c.layout, round, p[0], p[1], x, y, cal)
				}
			}
		}
	}
}
