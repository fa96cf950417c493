package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/app/printing"
	"github.com/referable/referable/assets"
	"github.com/referable/referable/data"
	"github.com/referable/referable/ui"
)

func runPrint(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) (err error) {
	// A print is a short run: the collector may let the heap grow
	// further than it would (a thousand cards are collected three times,
	// not a dozen). A large batch makes much short-lived garbage (each
	// card's lines, measured at a few sizes) beside its pages, held whole
	// until the PDF is written: a soft limit, set once the batch's size is
	// known, has the collector keep the heap near what is live instead.
	debug.SetGCPercent(400)
	fs := flag.NewFlagSet("print", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	tplName := fs.String("template", "", "template name")
	layoutName := fs.String("layout", "", "layout name")
	font := fs.String("font", "", "handwriting font")
	to := fs.String("to", "", "whom for: due, month[:YYYY-MM], tag:NAME, coming:DAYS, all, or a search")
	out := fs.String("o", "", "output PDF")
	withDNC := fs.Bool("include-do-not-contact", false, "print for contacts who asked not to be contacted")
	noLog := fs.Bool("no-log", false, "do not log the cards as sent")
	again := fs.Bool("again", false, "print for those who already got a card for the same occasion this year")
	allowEmpty := fs.Bool("allow-empty-fields", false, "print cards with a merge field that has nothing to fill it, and envelopes with no address")
	printerName := fs.String("printer", "", "print on this printer (see 'referable printers')")
	start := fs.Int("start", 1, "the place on the first sheet the first card goes in: 1 is the top left")
	if err := fs.Parse(args); err != nil {
		return usagef("print: %v", err)
	}
	switch {
	case fs.NArg() > 0:
		return usagef("print: unexpected %q (put a search of several words in quotes: --to \"%s\")", fs.Arg(0), strings.Join(fs.Args(), " "))
	case *tplName == "":
		return usagef("print: name the template with --template (see 'referable templates')")
	case *layoutName == "":
		return usagef("print: name the layout with --layout (see 'referable layouts')")
	case *out == "" && *printerName == "":
		return usagef("print: name the PDF to write with -o FILE.pdf, or the printer with --printer NAME")
	case *out == "" && printing.ThroughSystem:
		return usagef("print: on Windows, name the PDF to write with -o FILE.pdf: Referable hands it to your PDF viewer to print")
	case *out != "" && data.OwnFile(svc.DBPath, *out) != "":
		return usagef("print: -o names %s (%s); choose another file", data.OwnFile(svc.DBPath, *out), *out)
	case strings.TrimSpace(*to) == "":
		return usagef("print: say whom the cards are for with --to: due, month, tag:NAME, coming:DAYS, all, or a search (the same as the app's)")
	}
	// The book's quick check (every page read, as a command that writes
	// asks) runs beside the batch, on its own connection: the PDF is kept
	// and the cards logged only once it has passed, and a damaged book
	// is what any failure says.
	checked := make(chan error, 1)
	go func() {
		if svc.QuickCheck == nil {
			checked <- nil
			return
		}
		checked <- svc.QuickCheck(ctx)
	}()
	var checkErr error
	waited := false
	check := func() error {
		if !waited {
			checkErr, waited = <-checked, true
		}
		return checkErr
	}
	defer func() {
		if cerr := check(); cerr != nil {
			err = cerr
		}
	}()
	choice, err := cards.ParseChoice(*to)
	if err != nil {
		return usagef("print: --to: %s", strings.TrimSuffix(app.ErrorMessage(err), "."))
	}
	tpl, err := svc.Cards.Template(ctx, *tplName)
	if err != nil {
		return err
	}
	layout, err := cards.FindLayout(*layoutName)
	if err != nil {
		return err
	}
	if *start < 1 || *start > layout.PerSheet() {
		return usagef("print: --start is a place on the sheet, 1 to %d for %s", layout.PerSheet(), layout.Name)
	}
	// A printer is checked before anything is laid out: missing, off or
	// out of paper, nothing is printed or logged.
	var dest cards.ToPrinter
	if *printerName != "" && !printing.ThroughSystem {
		var p printing.Printer
		if dest, p, err = toPrinter(ctx, svc, *printerName, layout); err != nil {
			return err
		}
		if why := p.Trouble(); why != "" {
			return app.Errorf(app.EINVALID, "%s Nothing was printed.", why)
		}
	}
	st, err := svc.Settings.Settings(ctx)
	if err != nil {
		return err
	}
	book := assets.CardFontBook()
	hand := *font
	if hand == "" {
		hand = st.CardFont
	}
	if hand == "" {
		hand = book.Hands()[0]
	}
	if hand, err = book.FindHand(hand); err != nil {
		return err
	}

	today := app.DateOf(svc.Now())
	everyone, err := cards.Finder{Services: svc.Services, Cards: svc.Cards}.Recipients(ctx, choice, tpl, today)
	if err != nil {
		return err
	}
	if len(everyone) == 0 {
		if choice.Source == cards.ToSearch {
			return app.Errorf(app.ENOTFOUND, "No contact matches %q, so there is nothing to print.", *to)
		}
		return app.Errorf(app.ENOTFOUND, "No one is %s, so there is nothing to print.", choiceWords(choice, tpl))
	}
	printFor := everyone
	if !*again && !*noLog && layout.IsCard() { // envelopes and labels are not logged
		repeats, err := cards.RepeatsOf(ctx, svc.Cards, printFor, tpl.Purpose, today)
		if err != nil {
			return err
		}
		if len(repeats) > 0 {
			who := app.TN("%d person", "%d people", len(repeats))
			return app.Errorf(app.ECONFLICT, "%s already got a %q card for this occasion (%s); nothing was printed. Add --again to print theirs again.",
				who, tpl.Title, repeatList(repeats))
		}
	}
	if len(printFor) > cards.LogBesideAtMost {
		debug.SetMemoryLimit(printMemoryLimit)
	}
	printer := cards.Printer{Book: book, Cards: svc.Cards, Now: svc.Now, Atomically: svc.Atomically}
	print := printer.Print
	if len(printFor) <= cards.LogBesideAtMost && dest.Server == nil {
		print = printer.PrintBeside // logged while the PDF is written
	}
	job := cards.PrintJob{
		Batch: cards.Batch{Template: tpl, Layout: layout, Hand: hand, Settings: st, Today: today,
			AllowEmpty: *allowEmpty, IncludeDoNotContact: *withDNC, Start: *start - 1},
		To: printFor, Where: *out, NoLog: *noLog,
		Save: func(write func(io.Writer) error) error {
			err := writePrivate(*out, func(w io.Writer) error {
				if err := write(w); err != nil {
					return err
				}
				return check() // before the file is kept
			})
			if err == nil && *printerName != "" { // Windows: the PDF viewer prints it
				err = printing.PrintThroughSystem(*out)
			}
			return err
		},
	}
	where := *out
	if dest.Server != nil {
		dest.Prepare(&job.Batch)
		where = app.Tf("the printer %s", *printerName)
		job.Where = where
		job.Save = nil
		job.Send = func(write func(side int, w io.Writer) error) error {
			if err := check(); err != nil { // before anything prints
				return err
			}
			if *out != "" { // the PDF sent, kept beside
				if err := writePrivate(*out, func(w io.Writer) error { return write(0, w) }); err != nil {
					return err
				}
			}
			wait, cancel := context.WithTimeout(ctx, printWait)
			defer cancel()
			return dest.Send(wait, layout, tpl.Title)(write)
		}
	}
	res, err := print(ctx, job)
	listHeld(stderr, res.Held, layout.Noun())
	if err != nil {
		return err
	}
	switch {
	case dest.Server != nil:
		fmt.Fprint(stdout, app.Tf("Printed %s on %s on %s.\n", app.Plural(res.Cards, layout.Noun()), app.Plural(res.Pages, "page"), *printerName))
		if *out != "" {
			fmt.Fprint(stdout, app.Tf("The PDF sent to it is kept in %s.\n", *out))
		}
	default:
		fmt.Fprint(stdout, app.Tf("Wrote %s on %s to %s.\n", app.Plural(res.Cards, layout.Noun()), app.Plural(res.Pages, "page"), where))
		if *printerName != "" {
			fmt.Fprintln(stdout, printing.SystemNote())
		}
		if layout.Sides == 2 {
			fmt.Fprintln(stdout, app.T("Print both sides of the sheet (flip on the short edge for folded cards, the long edge for postcards)."))
		}
	}
	if len(res.Logged) > 0 {
		fmt.Fprint(stdout, app.Tf("Logged %s as sent today.\n", app.Plural(len(res.Logged), "card")))
	}
	for i, p := range res.Problems {
		if i == maxListed {
			fmt.Fprint(stdout, app.Tf("… and %d more to check.\n", len(res.Problems)-maxListed))
			break
		}
		fmt.Fprint(stdout, app.Tf("Check: %s\n", p))
	}
	return nil
}

// stderr hears the cards held back; a test may listen.
var stderr io.Writer = os.Stderr

// listHeld tells, on stderr, which cards were held back and why, and how
// to print them anyway.
func listHeld(w io.Writer, held []cards.Held, noun string) {
	if len(held) == 0 {
		return
	}
	dnc, empty := false, false
	for i, h := range held {
		dnc = dnc || h.Reason == cards.HeldDoNotContact
		empty = empty || h.Reason == cards.HeldEmptyField || h.Reason == cards.HeldNoAddress
		if i < maxListed {
			fmt.Fprint(w, app.Tf("Held back: %s\n", h))
		}
	}
	if len(held) > maxListed {
		fmt.Fprint(w, app.Tf("… and %d more held back.\n", len(held)-maxListed))
	}
	fmt.Fprint(w, app.Tf("%s held back, not printed and not logged.", app.Plural(len(held), noun)))
	if empty {
		fmt.Fprint(w, " "+app.T("Fill the fields or addresses in the app, or add --allow-empty-fields to print them anyway."))
	}
	if dnc {
		fmt.Fprint(w, " "+app.T("Add --include-do-not-contact to print for those who asked not to be contacted."))
	}
	fmt.Fprintln(w)
}

// repeatList names those who already got the card, and when.
func repeatList(rs []cards.Sent) string {
	var names []string
	for _, r := range rs {
		names = append(names, app.Tf("%s on %s", r.ContactName, r.On))
	}
	return app.NameList(names, maxListed)
}

// choiceWords says whom a choice that found no one looked for.
func choiceWords(c cards.Choice, tpl cards.Template) string {
	switch c.Source {
	case cards.ToDue:
		return app.Tf("due a %q card today", tpl.Title)
	case cards.ToTag:
		return app.Tf("tagged %q", c.Tag)
	case cards.ToComing:
		return app.Tf("celebrating in the next %s", app.Plural(c.Days, "day"))
	case cards.ToMonth:
		return app.T("on the referral month's list")
	}
	return app.T("chosen")
}

// maxListed is how many names or problems a message lists before it
// counts the rest: a batch of thousands must not flood the terminal.
const maxListed = 20

func runTemplates(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("templates: unexpected %q", args[0])
	}
	ts, err := svc.Cards.Templates(ctx)
	if err != nil {
		return err
	}
	tw := newTable(stdout)
	for _, t := range ts {
		desc := t.Description
		if desc == "" {
			desc = t.Title
		}
		if t.Edited {
			desc += " " + app.T("(edited)")
		}
		fmt.Fprintf(tw, "%s\t%s\n", t.Name, desc)
	}
	return tw.Flush()
}

func runLayouts(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("layouts: unexpected %q", args[0])
	}
	tw := newTable(stdout)
	for _, l := range cards.Layouts {
		fmt.Fprintf(tw, "%s\t%s\n", l.Name, app.T(l.Description))
	}
	return tw.Flush()
}

func runFonts(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("fonts: unexpected %q", args[0])
	}
	for _, f := range assets.HandwritingFonts {
		fmt.Fprintln(stdout, f.Name)
	}
	return nil
}

// printMemoryLimit is the Go heap `referable print` aims to stay under
// for a large batch.
const printMemoryLimit = 64 << 20
