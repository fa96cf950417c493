package cards

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/referable/referable/app"
)

// Printer prints a batch and logs it: the one way a card reaches paper,
// from the Cards screen and from `referable print` alike.
type Printer struct {
	Book  *FontBook
	Cards Service
	Now   func() time.Time
	// Atomically runs fn as one transaction (app.Services'), for
	// PrintBeside.
	Atomically func(ctx context.Context, fn func(ctx context.Context) error) error
}

// PrintJob is one print: the batch, whom for, and where the PDF goes.
type PrintJob struct {
	Batch Batch
	To    []Addressee
	// Where names the PDF in messages.
	Where string
	// Save writes the PDF: it calls write with the file and returns once
	// the file is whole. Only then are the cards logged.
	Save func(write func(w io.Writer) error) error
	// Send, when set instead of Save, hands the pages to a printer:
	// write(side, w) writes the PDF of side 1 or 2 of every sheet alone,
	// or of every side (0); a printer the owner turns the sheets over
	// for takes one side, then the other. Send returns once the printer
	// has printed them all; only then are the cards logged.
	Send func(write func(side int, w io.Writer) error) error
	// NoLog prints without logging the cards as sent.
	NoLog bool
}

// Printed is what a print did.
type Printed struct {
	Cards    int    // cards (or envelopes, labels) laid out
	Pages    int    // pages of the PDF
	Logged   []Sent // the cards logged as sent: none for envelopes and labels
	Problems []Problem
	// Held are the cards Check held back: not printed, not logged.
	Held []Held
}

// Print lays out the job's cards, saves the PDF and logs the cards as
// sent in one transaction, which closes the follow-ups they answer. If
// the PDF cannot be saved nothing is logged; if the log cannot be
// written the PDF stays and the error says so.
func (p Printer) Print(ctx context.Context, j PrintJob) (Printed, error) {
	return p.print(ctx, j, false)
}

// PrintBeside is Print with the cards logged while the PDF is written,
// in a transaction of their own (p.Atomically's) committed once the file
// is kept and rolled back if it is not; for a batch of up to
// LogBesideAtMost cards. Without a transaction to hand, or when nothing
// is to be logged, it is Print.
func (p Printer) PrintBeside(ctx context.Context, j PrintJob) (Printed, error) {
	return p.print(ctx, j, p.Atomically != nil && !j.NoLog)
}

func (p Printer) print(ctx context.Context, j PrintJob, beside bool) (Printed, error) {
	var res Printed
	to, held, err := j.Batch.Check(p.Book, j.To)
	if err != nil {
		return Printed{}, err
	}
	if len(to) == 0 {
		return Printed{Held: held}, app.Errorf(app.EINVALID, "Nothing was printed: %s (%s).",
			heldCount(len(held), j.Batch.Layout), HeldSummary(held))
	}
	j.To, res.Held = to, held
	var sent []Sent
	// Beside: the log starts once the cards are laid out and waits,
	// uncommitted, for the file to be kept.
	var logged chan error
	kept := make(chan bool, 1)
	if beside {
		j.Batch.Laid = func(s []Sent) {
			if len(s) == 0 {
				return
			}
			logged = make(chan error, 1)
			go func() {
				logged <- p.Atomically(ctx, func(ctx context.Context) error {
					if err := p.Cards.LogSent(ctx, s); err != nil {
						return err
					}
					if !<-kept {
						return errNotKept
					}
					return nil
				})
			}()
		}
	}
	if j.Send != nil {
		err = j.Send(func(side int, w io.Writer) error {
			b := j.Batch
			b.Side = side
			var err error
			sent, res.Problems, err = b.Print(p.Book, j.To, w, p.Now())
			return err
		})
	} else {
		err = j.Save(func(w io.Writer) error {
			var err error
			sent, res.Problems, err = j.Batch.Print(p.Book, j.To, w, p.Now())
			return err
		})
	}
	kept <- err == nil
	if err != nil {
		if logged != nil {
			<-logged // rolled back
		}
		return Printed{}, err
	}
	res.Cards = len(j.To)
	if per := j.Batch.Layout.PerSheet(); per > 0 {
		start := j.Batch.Start % per
		res.Pages = (start + len(j.To) + per - 1) / per * max(j.Batch.Layout.Sides, 1)
	}
	if j.NoLog || len(sent) == 0 {
		return res, nil
	}
	if logged != nil {
		err = <-logged
	} else {
		err = p.Cards.LogSent(ctx, sent)
	}
	if err != nil {
		return res, app.Errorf(app.ErrorCode(err), "The PDF is written to %s, but the cards could not be logged as sent (%s). No card was logged: once that is put right, print again.",
			j.Where, strings.TrimSuffix(app.ErrorMessage(err), "."))
	}
	res.Logged = sent
	return res, nil
}

// LogBesideAtMost is the largest batch logged while its PDF is written:
// the log's pages and the whole PDF are then in memory at once, which a
// batch of 10,000 feels (16 MB more at its peak) where a batch of 1,000
// gains a tenth of its time. A larger batch logs once its PDF is kept.
const LogBesideAtMost = 2000

// errNotKept rolls the log back when the PDF was not kept.
var errNotKept = errors.New("the PDF was not kept")

// LeaveOutDoNotContact splits off those who asked not to be contacted:
// it returns the rest, and the names of those left out.
func LeaveOutDoNotContact(to []Addressee) (rest []Addressee, left []string) {
	for _, a := range to {
		if a.DoNotContact {
			left = append(left, a.Name)
		} else {
			rest = append(rest, a)
		}
	}
	return rest, left
}

// Noun is what the layout prints, for messages: "card", "envelope" or
// "label".
func (l Layout) Noun() string {
	if l.IsCard() {
		return "card"
	}
	return strings.TrimSuffix(strings.SplitN(l.Name, "-", 2)[0], "s")
}

// heldCount is "3 cards were held back", "the envelope was held back".
func heldCount(n int, l Layout) string {
	switch l.Noun() {
	case "envelope":
		return app.TN("the envelope was held back", "%d envelopes were held back", n)
	case "label":
		return app.TN("the label was held back", "%d labels were held back", n)
	}
	return app.TN("the card was held back", "%d cards were held back", n)
}

// HeldSummary says in a few words why cards were held back: "2 with an
// empty field, 1 asked not to be contacted".
func HeldSummary(held []Held) string {
	var n [4]int
	for _, h := range held {
		switch h.Reason {
		case HeldEmptyField:
			n[0]++
		case HeldMissingGlyph:
			n[1]++
		case HeldNoAddress:
			n[2]++
		case HeldDoNotContact:
			n[3]++
		}
	}
	var parts []string
	for i, count := range n {
		if count == 0 {
			continue
		}
		switch i {
		case 0:
			parts = append(parts, app.Tf("%d with an empty merge field", count))
		case 1:
			parts = append(parts, app.Tf("%d with a character no font has", count))
		case 2:
			parts = append(parts, app.Tf("%d with no postal address", count))
		case 3:
			parts = append(parts, app.Tf("%d who asked not to be contacted", count))
		}
	}
	return strings.Join(parts, ", ")
}
