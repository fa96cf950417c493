package cards_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

var update = flag.Bool("update", false, "rewrite the golden PDFs in testdata")

// created is the fixed creation date that makes the PDFs reproducible.
var created = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

var people = []cards.Addressee{
	{ContactID: 1, Name: "Zoë Müller", FirstName: "Zoë", ReferralName: "Łukasz Dvořák", HasAddress: true,
		Address: []string{"Zoë Müller", "Hauptstraße 5", "10115 Berlin", "Germany"}},
	{ContactID: 2, Name: "Łukasz Dvořák", FirstName: "Łukasz", ReferralName: "李明", HasAddress: true,
		Address: []string{"Łukasz Dvořák", "ul. Długa 7", "00-238 Warszawa", "Poland"}},
	{ContactID: 3, Name: "李明", FirstName: "李明", ReferralName: "Zoë Müller", Address: []string{"李明"}},
}

func settings() app.Settings {
	st := app.DefaultSettings("US")
	st.OwnerName, st.Signature, st.BusinessName = "Sam Rivera", "Sam", "Rivera Plumbing"
	st.ReturnAddress = "12 Oak St\nSpringfield IL 62701"
	return st
}

func printBatch(t *testing.T, template, layout string) ([]byte, []cards.Sent, []cards.Problem) {
	t.Helper()
	tpl, err := cards.FindBuiltin(template)
	if err != nil {
		t.Fatal(err)
	}
	l, err := cards.FindLayout(layout)
	if err != nil {
		t.Fatal(err)
	}
	b := cards.Batch{Template: tpl, Layout: l, Hand: "Caveat", Settings: settings(), Today: app.DateOf(created)}
	var buf bytes.Buffer
	sent, problems, err := b.Print(assets.CardFontBook(), people, &buf, created)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), sent, problems
}

// Golden PDFs: the same cards make the same bytes (fixed date, sorted
// catalog, variation seeded per card), so a change in layout shows up.
func TestGoldenPDFs(t *testing.T) {
	for _, c := range []struct{ template, layout string }{
		{"thank-you-referral", "flat-letter-4up"},
		{"birthday", "quarter-fold-a4"},
		{"thank-you-referral", "envelope-c6"},
	} {
		t.Run(c.layout, func(t *testing.T) {
			got, _, _ := printBatch(t, c.template, c.layout)
			again, _, _ := printBatch(t, c.template, c.layout)
			if !bytes.Equal(got, again) {
				t.Fatal("printing the same cards twice made different PDFs")
			}
			path := filepath.Join("testdata", c.layout+".pdf")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				os.MkdirAll(filepath.Join("testdata", "failed"), 0o755)
				os.WriteFile(filepath.Join("testdata", "failed", c.layout+".pdf"), got, 0o644)
				t.Errorf("%s differs from its golden file; see testdata/failed (run go test -update if the change is meant)", path)
			}
		})
	}
}

// Every merged name comes back out of the PDF as text: no glyph was
// dropped, CJK included (set in the fallback font).
func TestPrintedTextReadsBack(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	pdf, sent, problems := printBatch(t, "thank-you-referral", "flat-letter-4up")
	if len(problems) != 0 {
		t.Errorf("problems: %v", problems)
	}
	if len(sent) != 3 || sent[0].Front != "Thank you, Zoë!" || sent[2].ReferralID != 0 {
		t.Errorf("sent = %+v", sent)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Thank you, Zoë!", "Dear Łukasz,", "Łukasz Dvořák", "Thank you, 李明!", "sending 李明 my", "Sam"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	env, sent, problems := printBatch(t, "thank-you-referral", "envelope-dl")
	if len(sent) != 0 {
		t.Errorf("envelopes were logged as cards sent: %+v", sent)
	}
	if len(problems) != 1 || problems[0].ContactID != 3 || !strings.Contains(problems[0].Message, "no postal address") {
		t.Errorf("problems = %v, want 李明's missing address", problems)
	}
	text = pdfText(t, env)
	for _, want := range []string{"ul. Długa 7", "00-238 Warszawa", "Rivera Plumbing", "12 Oak St", "李明"} {
		if !strings.Contains(text, want) {
			t.Errorf("the envelopes lack %q:\n%s", want, text)
		}
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// A character no font has is reported with the contact, not printed
// blank; a field with nothing to say is reported too.
func TestProblemsAreReported(t *testing.T) {
	tpl, _ := cards.FindBuiltin("thank-you-referral")
	l, _ := cards.FindLayout("flat-a4-4up")
	b := cards.Batch{Template: tpl, Layout: l, Hand: "Patrick Hand", Settings: settings(), Today: app.DateOf(created),
		Edits: map[int64]cards.Card{7: {Front: "Thanks 𒀀", Inside: "See you soon"}}}
	to := []cards.Addressee{{ContactID: 7, Name: "Party Person"}, {ContactID: 8, Name: "Ana Lima", FirstName: "Ana"}}
	var buf bytes.Buffer
	_, problems, err := b.Print(assets.CardFontBook(), to, &buf, created)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.String())
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, "Party Person: No font has \"𒀀\" (U+12000)") {
		t.Errorf("the cuneiform sign no font has is not reported: %s", all)
	}
	if !strings.Contains(all, "Ana Lima: Nothing to fill {referral_name}") {
		t.Errorf("the empty field is not reported: %s", all)
	}
	if _, _, err := b.Print(assets.CardFontBook(), nil, &buf, created); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("printing for no one: %v", err)
	}
	b.Hand = "Comic Sans"
	if _, _, err := b.Print(assets.CardFontBook(), to, &buf, created); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("an unknown font: %v", err)
	}
}

// A long message shrinks to fit; one too long for any legible size is
// cut and reported.
func TestLongMessages(t *testing.T) {
	l, _ := cards.FindLayout("labels-5160")
	book := assets.CardFontBook()
	long := strings.Repeat("Thank you so much for everything. ", 200)
	l2, _ := cards.FindLayout("quarter-fold-letter")
	_, problems, err := cards.LayOut(book, cards.Options{Layout: l2, Hand: "Caveat"}, cards.Recipient{ContactID: 1, Name: "Zoë", Card: cards.Card{Front: "Hi", Inside: long}})
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0].Message, "message is too long") {
		t.Errorf("problems = %v, %v", problems, err)
	}
	pages, problems, err := cards.LayOut(book, cards.Options{Layout: l, Hand: "Caveat"}, cards.Recipient{ContactID: 1, Name: "Zoë",
		Address: []string{"Zoë Müller", "Flat 4, The Old Rectory, Long Lane", "Little Snoring", "Fakenham NR21 0AA", "United Kingdom"}})
	if err != nil || len(problems) != 0 {
		t.Fatalf("a five-line address on a label: %v, %v", problems, err)
	}
	label := l.Slot(0)
	for _, r := range pages[0].Runs {
		if r.X < label.X || r.Y > label.Y+label.H || r.Size < 6 {
			t.Errorf("run %q at (%.1f, %.1f) %.1fpt is off its label %+v", r.Text, r.X, r.Y, r.Size, label)
		}
	}
}
