package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/testkit/cupstest"
	"github.com/referable/referable/app/testkit/pdfcheck"
	"github.com/referable/referable/data"
)

// cardsSent counts the cards the book logged as sent.
func cardsSent(t *testing.T, path string) int {
	t.Helper()
	db, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sent, err := data.NewCardService(db, data.NewSettingsService(db, app.DefaultSettings("US"))).FindSent(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(sent)
}

// referable printers, calibrate and print --printer against a real print
// server: cards are logged only once printed; a stopped printer, a
// missing one and a start place off the sheet print and log nothing.
func TestPrintOnAPrinter(t *testing.T) {
	if why := pdfcheck.Available(); why != "" {
		t.Skip(why)
	}
	srv := cupstest.Start(t, "Cards")
	srv.AddPrinter("Envelopes")
	t.Setenv("CUPS_SERVER", srv.Socket)
	t.Setenv("LC_ALL", "en_US.UTF-8")
	db := filepath.Join(t.TempDir(), "p.db")
	if _, err := runCLI(t, "--db", db, "demo"); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "--db", db, "printers")
	if err != nil || !strings.Contains(out, "Cards") || !strings.Contains(out, "Envelopes") || !strings.Contains(out, "ready") {
		t.Fatalf("printers: %q, %v", out, err)
	}

	// Calibrate: the sheet prints; what was measured is kept and listed.
	sheet := filepath.Join(t.TempDir(), "sheet.pdf")
	if out, err = runCLI(t, "--db", db, "calibrate", "--printer", "Cards", "--layout", "flat-a6", "-o", sheet); err != nil || !strings.Contains(out, "--left MM --top MM") {
		t.Fatalf("calibration sheet: %q, %v", out, err)
	}
	srv.Output("calibration_sheet_flat-a6")
	if out, err = runCLI(t, "--db", db, "calibrate", "--printer", "Cards", "--layout", "flat-a6", "--left", "21.5", "--top", "19", "--ruler", "49.5"); err != nil || !strings.Contains(out, "mm left") {
		t.Fatalf("measured: %q, %v", out, err)
	}
	if out, _ = runCLI(t, "--db", db, "printers"); !strings.Contains(out, "flat-a6: moved 1.7 mm left, 0.8 mm down, drawn at 101.0 %") {
		t.Errorf("printers does not list the calibration: %q", out)
	}
	if _, err = runCLI(t, "--db", db, "calibrate", "--printer", "Cards", "--layout", "flat-a6", "--left", "80", "--top", "19"); err == nil {
		t.Error("a reading 60 mm off was taken")
	}

	// A card printed: logged once the printer has it on paper, and the
	// PDF sent kept beside.
	kept := filepath.Join(t.TempDir(), "sent.pdf")
	out, errOut, err := runCLIErr(t, "--db", db, "print", "--template", "birthday", "--layout", "flat-a6", "--to", "search:Zoë Müller",
		"--printer", "Cards", "-o", kept)
	if err != nil || !strings.Contains(out, "Printed 1 card on 1 page on Cards") || !strings.Contains(out, "Logged 1 card") || !strings.Contains(errOut, "Cards: Printed") {
		t.Fatalf("print --printer: %q %q %v", out, errOut, err)
	}
	printed := srv.Output("Birthday")
	if _, err := os.Stat(kept); err != nil {
		t.Fatal(err)
	}
	want, _, _ := pdfcheck.InkBox(kept, 1, 150)
	got, _, _ := pdfcheck.InkBox(printed, 1, 150)
	if !got.Within(want, 0.5) {
		t.Errorf("printed at %v, sent at %v", got, want)
	}

	// A stopped printer, a missing one: nothing printed, nothing logged.
	before := cardsSent(t, db)
	srv.Stop("Envelopes", "Out of paper")
	for _, c := range []struct{ printer, says string }{
		{"Envelopes", `"Envelopes" is stopped`},
		{"Kitchen", `no printer "Kitchen"`},
	} {
		_, _, err := runCLIErr(t, "--db", db, "print", "--template", "birthday", "--layout", "flat-a6", "--to", "search:Ingrid Kim",
			"--printer", c.printer)
		if err == nil || !strings.Contains(app.ErrorMessage(err), c.says) {
			t.Errorf("print to %s: %v", c.printer, err)
		}
	}
	if after := cardsSent(t, db); after != before {
		t.Errorf("%d cards logged, %d before printing to a stopped and a missing printer", after, before)
	}
	if _, err := runCLI(t, "--db", db, "print", "--template", "birthday", "--layout", "labels-5160", "--to", "all", "--printer", "Cards", "--start", "31"); err == nil ||
		!strings.Contains(err.Error(), "1 to 30") {
		t.Errorf("--start 31 on 30 labels: %v", err)
	}
}
