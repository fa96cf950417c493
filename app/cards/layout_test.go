package cards_test

import (
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

func near(a, b float64) bool { return math.Abs(a-b) < 0.05 }

// Every layout tells a printer its paper by a PWG media name whose size
// is the paper's, upright: the printer is never left to guess (and
// centre an A6 card on A4).
func TestLayoutMedia(t *testing.T) {
	dims := regexp.MustCompile(`_([\d.]+)x([\d.]+)(mm|in)$`)
	for _, l := range cards.Layouts {
		m := dims.FindStringSubmatch(l.Media)
		if m == nil {
			t.Errorf("%s: media %q is not a PWG name with its size", l.Name, l.Media)
			continue
		}
		w, _ := strconv.ParseFloat(m[1], 64)
		h, _ := strconv.ParseFloat(m[2], 64)
		if m[3] == "in" {
			w, h = w*25.4, h*25.4
		}
		short, long := min(l.Paper.W, l.Paper.H), max(l.Paper.W, l.Paper.H)
		if math.Abs(w-short) > 0.5 || math.Abs(h-long) > 0.5 {
			t.Errorf("%s: media %q is %.1f×%.1f mm, the paper %.1f×%.1f", l.Name, l.Media, w, h, l.Paper.W, l.Paper.H)
		}
	}
}

func TestLayoutGeometry(t *testing.T) {
	want := map[string]struct {
		perSheet, sides int
		paperW, paperH  float64 // mm
		cardW, cardH    float64 // mm, one card as held
	}{
		"flat-letter-4up":     {4, 1, 215.9, 279.4, 107.95, 139.7},
		"flat-a4-4up":         {4, 1, 210, 297, 105, 148.5},
		"flat-a6":             {1, 1, 105, 148, 105, 148},
		"half-fold-letter":    {1, 2, 279.4, 215.9, 139.7, 215.9},
		"half-fold-a4":        {1, 2, 297, 210, 148.5, 210},
		"quarter-fold-letter": {1, 1, 215.9, 279.4, 107.95, 139.7},
		"quarter-fold-a4":     {1, 1, 210, 297, 105, 148.5},
		"postcard-4x6":        {2, 2, 215.9, 279.4, 152.4, 101.6},
		"envelope-a2":         {1, 1, 146.05, 111.125, 146.05, 111.125},
		"envelope-a6":         {1, 1, 165.1, 120.65, 165.1, 120.65},
		"envelope-c6":         {1, 1, 162, 114, 162, 114},
		"envelope-dl":         {1, 1, 220, 110, 220, 110},
		"envelope-10":         {1, 1, 241.3, 104.775, 241.3, 104.775},
		"labels-5160":         {30, 1, 215.9, 279.4, 66.675, 25.4},
		"labels-l7160":        {21, 1, 210, 297, 63.5, 38.1},
	}
	if len(cards.Layouts) != len(want) {
		t.Fatalf("%d layouts, want %d", len(cards.Layouts), len(want))
	}
	for _, l := range cards.Layouts {
		t.Run(l.Name, func(t *testing.T) {
			w, ok := want[l.Name]
			if !ok {
				t.Fatal("unexpected layout")
			}
			if l.PerSheet() != w.perSheet || l.Sides != w.sides || !near(l.Paper.W, w.paperW) || !near(l.Paper.H, w.paperH) ||
				!near(l.Folded.W, w.cardW) || !near(l.Folded.H, w.cardH) {
				t.Fatalf("got %d a sheet, %d sides, paper %v, card %v", l.PerSheet(), l.Sides, l.Paper, l.Folded)
			}
			sheet := cards.Rect{W: l.Paper.W, H: l.Paper.H}
			var all []cards.Panel
			for slot := 0; slot < l.PerSheet(); slot++ {
				for _, p := range l.Panels(slot) {
					if !sheet.Contains(p.Box) {
						t.Errorf("slot %d %s panel %v is off the sheet", slot, p.Kind, p.Box)
					}
					if p.Side >= l.Sides {
						t.Errorf("slot %d %s panel on side %d of a %d-sided layout", slot, p.Kind, p.Side, l.Sides)
					}
					all = append(all, p)
				}
			}
			for i := range all {
				for j := i + 1; j < len(all); j++ {
					a, b := all[i], all[j]
					if a.Side == b.Side && a.Box.Overlaps(b.Box) && a.Kind != cards.PanelStampArea && b.Kind != cards.PanelStampArea {
						t.Errorf("%s %v overlaps %s %v", a.Kind, a.Box, b.Kind, b.Box)
					}
				}
			}
		})
	}
}

// After folding a quarter-fold card, the front and back are the bottom
// half of the sheet, upright; the inside is the top half, printed upside
// down so it reads upright when opened.
func TestQuarterFoldReadsUpright(t *testing.T) {
	for _, name := range []string{"quarter-fold-letter", "quarter-fold-a4"} {
		l, err := cards.FindLayout(name)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[cards.PanelKind]cards.Panel{}
		for _, p := range l.Panels(0) {
			kinds[p.Kind] = p
		}
		front, inside := kinds[cards.PanelFront], kinds[cards.PanelInside]
		if front.Rotated || front.Box.Y < l.Paper.H/2-0.01 || front.Box.X < l.Paper.W/2-0.01 {
			t.Errorf("%s: front %+v should be the upright bottom-right quarter", name, front)
		}
		if !inside.Rotated || inside.Box.Y > 0.01 {
			t.Errorf("%s: inside %+v should be the top half, turned 180°", name, inside)
		}
		if !near(front.Box.W, l.Folded.W) || !near(front.Box.H, l.Folded.H) {
			t.Errorf("%s: front panel %v is not the folded card %v", name, front.Box, l.Folded)
		}
	}
	if _, err := cards.FindLayout("half-fold-legal"); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("unknown layout = %v", err)
	}
}
