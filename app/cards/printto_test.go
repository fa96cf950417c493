package cards_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/app/printing"
	"github.com/referable/referable/app/testkit/cupstest"
	"github.com/referable/referable/app/testkit/pdfcheck"
)

// sendToPrinter prints one card on layout through a real print server's
// virtual printer and returns the PDF Referable sent and the one the
// printer wrote, side by side.
func sendToPrinter(t *testing.T, srv *cupstest.Server, to cards.ToPrinter, layout string, start int) (sent, printed []string) {
	t.Helper()
	b, people := zoeBatch(t, layout)
	b.Start = start
	l := b.Layout
	to.Prepare(&b)
	token := fmt.Sprintf("%s-%d", layout, time.Now().UnixNano()%1e9)
	var sides []int
	send := to.Send(context.Background(), l, token)
	err := send(func(side int, w io.Writer) error {
		bb := b
		bb.Side = side
		path, pdf := writePDF(t, bb, people, fmt.Sprintf("sent-%d.pdf", side))
		sent, sides = append(sent, path), append(sides, side)
		_, err := w.Write(pdf)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v\n%s", layout, err, srv.Log())
	}
	for _, side := range sides {
		if side == 0 {
			printed = append(printed, srv.Output(token))
		} else {
			printed = append(printed, srv.Output(token, fmt.Sprintf("side_%d", side)))
		}
	}
	return sent, printed
}

// sameOnPaper checks the printer's PDF against the one Referable sent:
// the same pages, of the same size, the ink on each in the same place to
// half a millimetre.
func sameOnPaper(t *testing.T, sent, printed string) {
	t.Helper()
	want, err := pdfcheck.PageSizes(sent)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pdfcheck.PageSizes(printed)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("the printer wrote %d pages, Referable sent %d", len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i][0]-want[i][0]) > 0.5 || math.Abs(got[i][1]-want[i][1]) > 0.5 {
			t.Errorf("page %d printed on %.1f×%.1f mm, sent as %.1f×%.1f", i+1, got[i][0], got[i][1], want[i][0], want[i][1])
		}
		w, wok, err := pdfcheck.InkBox(sent, i+1, 150)
		if err != nil {
			t.Fatal(err)
		}
		g, gok, err := pdfcheck.InkBox(printed, i+1, 150)
		if err != nil {
			t.Fatal(err)
		}
		if wok != gok || !g.Within(w, 0.5) {
			t.Errorf("page %d: the printer put the ink at %v, Referable at %v", i+1, g, w)
		}
	}
}

// Every layout printed through a real CUPS to a virtual printer lands
// where the PDF Referable writes for that printer puts it: the paper the
// stock's size (a wide stock turned onto it), nothing scaled, the
// calibration applied.
func TestEveryLayoutOnAPrinter(t *testing.T) {
	if why := pdfcheck.Available(); why != "" {
		t.Skip(why)
	}
	srv := cupstest.Start(t, "Cards")
	server := printing.NewCUPS(srv.Socket)
	for i, l := range cards.Layouts {
		t.Run(l.Name, func(t *testing.T) {
			turn := []int{90, 270}[i%2]
			to := cards.ToPrinter{Server: server, Printer: "Cards", Setup: cards.PrinterSetup{Printer: "Cards", Turn: turn},
				Calibration: cards.Calibration{OffsetX: 1.2, OffsetY: 0.8, Scale: 1.01}}
			sent, printed := sendToPrinter(t, srv, to, l.Name, 0)
			for k := range sent {
				sameOnPaper(t, sent[k], printed[k])
			}
			if l.Landscape() {
				sizes, _ := pdfcheck.PageSizes(printed[0])
				if sizes[0][0] > sizes[0][1] {
					t.Errorf("a wide stock printed on wide paper %v: the printer was left to turn it", sizes[0])
				}
			}
		})
	}
}

// The calibration moves what prints by what was measured: a card printed
// with an offset of 2 mm right and 3 mm down lands 2 and 3 mm from where
// it lands without.
func TestCalibrationMovesThePrint(t *testing.T) {
	if why := pdfcheck.Available(); why != "" {
		t.Skip(why)
	}
	srv := cupstest.Start(t, "Cards")
	server := printing.NewCUPS(srv.Socket)
	plain := cards.ToPrinter{Server: server, Printer: "Cards"}
	moved := plain
	moved.Calibration = cards.Calibration{OffsetX: 2, OffsetY: 3}
	_, a := sendToPrinter(t, srv, plain, "flat-a6", 0)
	_, b := sendToPrinter(t, srv, moved, "flat-a6", 0)
	pa, _, _ := pdfcheck.InkBox(a[0], 1, 150)
	pb, _, _ := pdfcheck.InkBox(b[0], 1, 150)
	if want := (pdfcheck.Box{X0: pa.X0 + 2, Y0: pa.Y0 + 3, X1: pa.X1 + 2, Y1: pa.Y1 + 3}); !pb.Within(want, 0.5) {
		t.Errorf("calibrated, the card printed at %v; without, at %v", pb, pa)
	}
}

// A printer that prints one side: side 1, then the owner is told how to
// turn the sheets over, then side 2; a sheet of labels already partly
// used starts at the slot asked.
func TestManualDuplexAndStartSlot(t *testing.T) {
	if why := pdfcheck.Available(); why != "" {
		t.Skip(why)
	}
	srv := cupstest.Start(t, "Cards")
	server := printing.NewCUPS(srv.Socket)
	var told string
	to := cards.ToPrinter{Server: server, Printer: "Cards", Manual: true, TurnOver: func(s string) error { told = s; return nil }}
	sent, printed := sendToPrinter(t, srv, to, "half-fold-letter", 0)
	if len(printed) != 2 || !strings.Contains(told, "short edge") {
		t.Fatalf("manual duplex printed %d jobs; told %q", len(printed), told)
	}
	for k := range sent {
		sameOnPaper(t, sent[k], printed[k])
	}

	l, _ := cards.FindLayout("labels-5160")
	_, printed = sendToPrinter(t, srv, cards.ToPrinter{Server: server, Printer: "Cards"}, l.Name, 7)
	box, _, _ := pdfcheck.InkBox(printed[0], 1, 150)
	if slot := l.Slot(7); box.Y0 < slot.Y-0.5 || box.X0 < slot.X-0.5 {
		t.Errorf("starting at label 8, ink at %v, before its slot %+v", box, slot)
	}
}
