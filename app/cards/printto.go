package cards

import (
	"bytes"
	"context"
	"io"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/printing"
)

// ToPrinter sends a batch to one of the owner's printers: laid out for
// it (turned onto its paper, calibrated), with the stock named exactly,
// and both sides printed as the stock needs.
type ToPrinter struct {
	Server      printing.Server
	Printer     string
	Setup       PrinterSetup
	Calibration Calibration
	// Manual: the owner turns the sheets over for side 2 (the printer
	// prints one side, or the owner said so).
	Manual bool
	// TurnOver is asked, with what to do, between the two sides of a
	// manual print; an error stops the print there (nothing is logged).
	TurnOver func(instructions string) error
	// Progress hears each change in a job's state.
	Progress func(printing.JobStatus)
}

// Prepare lays the batch out for the printer: its feed.
func (p ToPrinter) Prepare(b *Batch) {
	f := FeedFor(b.Layout, p.Setup, p.Calibration)
	b.Feed = &f
}

// Send is a PrintJob's Send for the printer: one job for every side, or
// one job a side with the owner turning the sheets over between them.
// It returns once the printer has printed everything.
func (p ToPrinter) Send(ctx context.Context, l Layout, title string) func(write func(side int, w io.Writer) error) error {
	return func(write func(side int, w io.Writer) error) error {
		job := printing.Job{Printer: p.Printer, Title: title, Media: l.Media, Sides: printing.OneSided}
		if l.Sides < 2 || !p.Manual {
			if l.Sides == 2 {
				job.Sides = printing.TwoSidedLongEdge
				if l.ShortEdge {
					job.Sides = printing.TwoSidedShortEdge
				}
			}
			return p.send(ctx, job, write, 0)
		}
		job.Title = app.Tf("%s (side 1)", title)
		if err := p.send(ctx, job, write, 1); err != nil {
			return err
		}
		if p.TurnOver == nil {
			return app.Errorf(app.EINTERNAL, "Side 1 is printed, but there is no one to turn the sheets over.")
		}
		if err := p.TurnOver(TurnOverInstructions(l)); err != nil {
			return err
		}
		job.Title = app.Tf("%s (side 2)", title)
		return p.send(ctx, job, write, 2)
	}
}

func (p ToPrinter) send(ctx context.Context, job printing.Job, write func(side int, w io.Writer) error, side int) error {
	var buf bytes.Buffer
	if err := write(side, &buf); err != nil {
		return err
	}
	job.PDF = buf.Bytes()
	_, err := printing.Print(ctx, p.Server, job, p.Progress)
	return err
}

// TurnOverInstructions say how to feed printed sheets back in for their
// second side.
func TurnOverInstructions(l Layout) string {
	if l.ShortEdge {
		return app.T("Side 1 is printed. Take the printed sheets, keep them in order, and turn the stack over on its short edge, top to bottom, as you flip a notepad; put it back in the tray the way you loaded the paper, then print side 2.")
	}
	return app.T("Side 1 is printed. Take the printed sheets, keep them in order, and turn the stack over on its long edge, left to right, as you turn a page of a book; put it back in the tray the way you loaded the paper, then print side 2.")
}
