package printing_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/printing"
	"github.com/referable/referable/app/testkit/cupstest"
	"github.com/referable/referable/app/testkit/pdfcheck"
)

// a6Card is a PDF the size of an A6 card with a box drawn 20 mm in from
// its top left, 30×40 mm.
func a6Card(t *testing.T) []byte {
	t.Helper()
	f := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: gofpdf.SizeType{Wd: 105, Ht: 148}})
	f.AddPage()
	f.SetLineWidth(0.5)
	f.Rect(20, 20, 30, 40, "D")
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFindCUPSAsItsOwnToolsDo(t *testing.T) {
	srv := cupstest.Start(t, "Cards")
	for _, server := range []string{srv.Socket, srv.Addr} {
		t.Setenv("CUPS_SERVER", server)
		c, err := printing.FindCUPS()
		if err != nil {
			t.Fatalf("CUPS_SERVER=%s: %v", server, err)
		}
		ps, err := c.Printers(context.Background())
		if err != nil || len(ps) != 1 || ps[0].Name != "Cards" || !ps[0].Accepting || ps[0].Trouble() != "" {
			t.Fatalf("CUPS_SERVER=%s: printers %+v, %v", server, ps, err)
		}
	}
	t.Setenv("CUPS_SERVER", filepath.Join(t.TempDir(), "nothing.sock"))
	if _, err := printing.FindCUPS(); app.ErrorCode(err) != app.ENOTFOUND || !strings.Contains(app.ErrorMessage(err), "CUPS_SERVER") {
		t.Fatalf("a CUPS_SERVER with no server: %v", err)
	}
}

// A card sent with its exact media comes out of the printer on paper of
// its size, its ink where the PDF put it, not scaled.
func TestPrintExactSize(t *testing.T) {
	if why := pdfcheck.Available(); why != "" {
		t.Skip(why)
	}
	srv := cupstest.Start(t, "Cards")
	c := printing.NewCUPS(srv.Socket)
	token := "a6-" + time.Now().Format("150405.000")
	doc := a6Card(t)
	var seen []string
	st, err := printing.Print(context.Background(), c, printing.Job{Printer: "Cards", Title: token, Media: "iso_a6_105x148mm", PDF: doc},
		func(s printing.JobStatus) { seen = append(seen, s.Say()) })
	if err != nil || st.State != printing.JobCompleted {
		t.Fatalf("print: %+v, %v\n%s", st, err, srv.Log())
	}
	if len(seen) == 0 || seen[len(seen)-1] != "Printed" {
		t.Errorf("progress heard: %q", seen)
	}
	out := srv.Output(token)
	sizes, err := pdfcheck.PageSizes(out)
	if err != nil || len(sizes) != 1 || math.Abs(sizes[0][0]-105) > 0.5 || math.Abs(sizes[0][1]-148) > 0.5 {
		t.Fatalf("the printer's page: %v, %v", sizes, err)
	}
	sent := filepath.Join(t.TempDir(), "sent.pdf")
	os.WriteFile(sent, doc, 0o600)
	want, _, _ := pdfcheck.InkBox(sent, 1, 150)
	got, _, _ := pdfcheck.InkBox(out, 1, 150)
	if !got.Within(want, 0.5) {
		t.Errorf("the box printed at %v, sent at %v", got, want)
	}
}

// A stopped printer and a missing one are refused with words that say
// so; nothing is sent.
func TestPrinterStoppedOrMissing(t *testing.T) {
	srv := cupstest.Start(t, "Cards")
	srv.AddPrinter("Envelopes")
	srv.Stop("Envelopes", "Paper jam in tray 2")
	c := printing.NewCUPS(srv.Socket)
	ctx := context.Background()
	_, err := printing.Print(ctx, c, printing.Job{Printer: "Envelopes", Title: "stopped", PDF: a6Card(t)}, nil)
	if msg := app.ErrorMessage(err); err == nil || !strings.Contains(msg, `"Envelopes" is stopped`) || !strings.Contains(msg, "Paper jam in tray 2") || !strings.Contains(msg, "Nothing was printed") {
		t.Errorf("a stopped printer: %v", err)
	}
	_, err = printing.Print(ctx, c, printing.Job{Printer: "Kitchen", Title: "missing", PDF: a6Card(t)}, nil)
	if app.ErrorCode(err) != app.ENOTFOUND || !strings.Contains(app.ErrorMessage(err), "the printers are Cards, Envelopes") {
		t.Errorf("a missing printer: %v", err)
	}
}
