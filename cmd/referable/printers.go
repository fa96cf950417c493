package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/app/printing"
	"github.com/referable/referable/assets"
	"github.com/referable/referable/ui"
)

// runPrinters lists the printers CUPS has, each with its state, and the
// stocks it is calibrated for.
func runPrinters(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("printers: unexpected %q", args[0])
	}
	if printing.ThroughSystem {
		fmt.Fprintln(stdout, printing.SystemNote())
		return nil
	}
	server, err := printing.FindCUPS()
	if err != nil {
		return err
	}
	ps, err := server.Printers(ctx)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		fmt.Fprint(stdout, app.Tf("The print server at %s has no printers: add yours in your system's printer settings.\n", server.Server))
		return nil
	}
	tw := newTable(stdout)
	for _, p := range ps {
		state := "ready"
		if why := p.Trouble(); why != "" {
			state = why
		} else if p.State == printing.PrinterProcessing {
			state = "printing"
		}
		name := p.Name
		if p.Default {
			name += " " + app.T("(default)")
		}
		desc := p.Info
		if p.Model != "" && p.Model != desc {
			desc = strings.TrimSpace(desc + ", " + p.Model)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, strings.Trim(desc, ", "), state)
		for _, l := range cards.Layouts {
			c, err := svc.Printers.Calibration(ctx, p.Name, l.Name)
			if err != nil {
				return err
			}
			if c.On.HasYear() {
				fmt.Fprintf(tw, "\t  %s: %s\t\n", l.Name, c.Describe())
			}
		}
	}
	return tw.Flush()
}

// toPrinter sets up a print to the named printer: the server, its setup
// and calibration for the layout.
func toPrinter(ctx context.Context, svc ui.Services, name string, l cards.Layout) (cards.ToPrinter, printing.Printer, error) {
	server, err := printing.FindCUPS()
	if err != nil {
		return cards.ToPrinter{}, printing.Printer{}, err
	}
	p, err := server.Printer(ctx, name)
	if err != nil {
		return cards.ToPrinter{}, p, err
	}
	setup, err := svc.Printers.PrinterSetup(ctx, name)
	if err != nil {
		return cards.ToPrinter{}, p, err
	}
	cal, err := svc.Printers.Calibration(ctx, name, l.Name)
	if err != nil {
		return cards.ToPrinter{}, p, err
	}
	return cards.ToPrinter{Server: server, Printer: name, Setup: setup, Calibration: cal, Manual: setup.ManualDuplex || !p.Duplex,
		Progress: func(st printing.JobStatus) { fmt.Fprintf(stderr, "%s: %s\n", name, st.Say()) },
		TurnOver: turnOverAtTerminal}, p, nil
}

// stdin answers the questions a print asks between sides; a test may
// answer.
var stdin io.Reader = os.Stdin

// turnOverAtTerminal tells the owner how to feed the sheets back in and
// waits for Enter.
func turnOverAtTerminal(instructions string) error {
	fmt.Fprintln(stderr, instructions)
	fmt.Fprint(stderr, app.T("Press Enter to print side 2 (Ctrl+C to stop; nothing is then logged): "))
	if _, err := bufio.NewReader(stdin).ReadString('\n'); err != nil {
		return app.Errorf(app.EINVALID, "Side 2 was not printed (no answer on the terminal); nothing is logged as sent.")
	}
	return nil
}

// runCalibrate prints a calibration sheet for a printer and layout, or
// saves what was measured on one; --turn and --manual-duplex set how the
// printer takes stock.
func runCalibrate(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	name := fs.String("printer", "", "printer")
	layoutName := fs.String("layout", "", "layout")
	left := fs.Float64("left", 0, "mm from the left edge to cross A")
	top := fs.Float64("top", 0, "mm from the top edge to cross A")
	ruler := fs.Float64("ruler", 0, "how long the ruler printed, mm")
	turn := fs.String("turn", "", "right or left: how wide stock goes into the printer")
	manual := fs.String("manual-duplex", "", "yes or no: the owner turns sheets over for side 2")
	out := fs.String("o", "", "also keep the calibration sheet as this PDF")
	if err := fs.Parse(args); err != nil {
		return usagef("calibrate: %v", err)
	}
	switch {
	case fs.NArg() > 0:
		return usagef("calibrate: unexpected %q", fs.Arg(0))
	case *name == "":
		return usagef("calibrate: name the printer with --printer (see 'referable printers')")
	case *layoutName == "":
		return usagef("calibrate: name the layout with --layout (see 'referable layouts')")
	}
	l, err := cards.FindLayout(*layoutName)
	if err != nil {
		return err
	}
	setup, err := svc.Printers.PrinterSetup(ctx, *name)
	if err != nil {
		return err
	}
	if *turn != "" || *manual != "" {
		switch strings.ToLower(*turn) {
		case "":
		case "right":
			setup.Turn = 90
		case "left":
			setup.Turn = 270
		default:
			return usagef("calibrate: --turn is right or left, not %q", *turn)
		}
		switch strings.ToLower(*manual) {
		case "":
		case "yes":
			setup.ManualDuplex = true
		case "no":
			setup.ManualDuplex = false
		default:
			return usagef("calibrate: --manual-duplex is yes or no, not %q", *manual)
		}
		if err := svc.Printers.SavePrinterSetup(ctx, setup); err != nil {
			return err
		}
		fmt.Fprint(stdout, app.Tf("%s: wide stock goes in turned %s; %s.\n", *name, map[int]string{90: app.T("right"), 270: app.T("left")}[setup.Turn],
			map[bool]string{true: app.T("you turn sheets over for side 2"), false: app.T("the printer prints both sides")}[setup.ManualDuplex]))
	}
	cal, err := svc.Printers.Calibration(ctx, *name, l.Name)
	if err != nil {
		return err
	}
	if *left != 0 || *top != 0 || *ruler != 0 {
		m := cards.Measured{Left: *left, Top: *top, Ruler: *ruler}
		if err := m.Check(l); err != nil {
			return err
		}
		cal = cal.Calibrate(l, setup, m)
		cal.On = app.Date{}
		if err := svc.Printers.SaveCalibration(ctx, cal); err != nil {
			return err
		}
		cal, _ = svc.Printers.Calibration(ctx, *name, l.Name)
		fmt.Fprint(stdout, app.Tf("%s on %s: %s. Every print and PDF for it is corrected; print the sheet again to check.\n", l.Name, *name, cal.Describe()))
		return nil
	}
	if *turn != "" || *manual != "" {
		return nil
	}
	to, _, err := toPrinter(ctx, svc, *name, l)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := assets.CardFontBook().WriteCalibrationSheet(l, *name, cards.FeedFor(l, setup, cal), &buf, svc.Now()); err != nil {
		return err
	}
	if *out != "" {
		if err := writePrivate(*out, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
			return err
		}
	}
	wait, cancel := context.WithTimeout(ctx, printWait)
	defer cancel()
	job := printing.Job{Printer: *name, Title: app.Tf("Referable calibration sheet %s", l.Name), Media: l.Media, PDF: buf.Bytes()}
	if _, err := printing.Print(wait, to.Server, job, to.Progress); err != nil {
		return err
	}
	fmt.Fprint(stdout, app.Tf("Printed a calibration sheet for %s on %s (now %s). Measure it, then:\n", l.Name, *name, cal.Describe()))
	fmt.Fprint(stdout, app.Tf("  referable calibrate --printer %q --layout %s --left MM --top MM --ruler MM\n", *name, l.Name))
	return nil
}

// printWait is how long a print waits for the printer to finish.
var printWait = 10 * time.Minute
