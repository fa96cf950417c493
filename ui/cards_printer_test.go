package ui

import (
	"context"
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"fyne.io/fyne/v2/test"

	"github.com/referable/referable/app/testkit/cupstest"
	"github.com/referable/referable/app/testkit/pdfcheck"
)

// Print… on the Cards screen: the printers of a real print server, the
// first sheet's used places greyed, the card printed at the place
// chosen and logged once printed; a stopped printer says so and nothing
// is logged.
func TestPrintToAPrinterFromCards(t *testing.T) {
	if why := pdfcheck.Available(); why != "" {
		t.Skip(why)
	}
	srv := cupstest.Start(t, "Cards")
	srv.AddPrinter("Stopped")
	srv.Stop("Stopped", "The lid is open")
	t.Setenv("CUPS_SERVER", srv.Socket)
	u, svc := withSample(t)
	ctx := context.Background()
	c := u.cards
	zoe := prepareZoe(t, u, svc)
	c.layout.SetSelected(mustLayout(t, "flat-letter-4up").Description)

	test.Tap(c.printButton)
	p := c.printDialog
	if p == nil || len(p.printers) != 2 || p.printer.Selected == "" || p.print.Disabled() {
		t.Fatalf("the Print dialog: %+v", p)
	}
	// A sheet with two cards used: they are grey in the sheet's picture.
	p.start.SetSelectedIndex(2)
	img := p.sheet.Image.(*image.RGBA)
	if r, _, _, _ := img.At(10, 10).RGBA(); r>>8 > 0xd0 {
		t.Error("the first place of a sheet started at place 3 is not grey")
	}

	// A stopped printer says so, and printing to it logs nothing.
	for i, pr := range p.printers {
		if pr.Name == "Stopped" {
			p.printer.SetSelectedIndex(i)
		}
	}
	if !strings.Contains(p.state.Text, "is stopped") {
		t.Errorf("a stopped printer shows %q", p.state.Text)
	}
	test.Tap(p.print)
	if sent, _ := svc.Cards.FindSent(ctx, zoe, 5); len(sent) != 0 {
		t.Fatal("a card sent to a stopped printer was logged")
	}
	top := u.window.Canvas().Overlays().Top()
	if _, ok := find(top, func(l *widget.Label) bool { return strings.Contains(l.Text, "Nothing was printed") }); !ok {
		t.Error("printing to a stopped printer did not say so")
	}
	dismissDialogs(u.window)

	test.Tap(c.printButton)
	p = c.printDialog
	for i, pr := range p.printers {
		if pr.Name == "Cards" {
			p.printer.SetSelectedIndex(i)
		}
	}
	p.start.SetSelectedIndex(2)
	test.Tap(p.print)
	sent, _ := svc.Cards.FindSent(ctx, zoe, 5)
	if len(sent) != 1 {
		t.Fatalf("after printing, %d cards logged", len(sent))
	}
	out := srv.Output("Birthday")
	box, _, err := pdfcheck.InkBox(out, 1, 100)
	slot := mustLayout(t, "flat-letter-4up").Slot(2)
	if err != nil || box.Y0 < slot.Y-0.5 || box.X1 > slot.X+slot.W+0.5 {
		t.Errorf("the card at place 3 printed at %v (%v); its place is %+v", box, err, slot)
	}
	top = u.window.Canvas().Overlays().Top()
	if _, ok := find(top, func(l *widget.Label) bool { return strings.Contains(l.Text, "printed on Cards") }); !ok {
		t.Error("the print does not say it is done")
	}
}
