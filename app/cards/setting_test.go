package cards_test

import (
	"bytes"
	"crypto/sha256"
	"io"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

// A message is set as a person writes a card: a short one large and
// balanced on its panel, not small at the top; the signature on its own
// line, larger, set in; the greeting large on the front.
func TestSetLikeAHand(t *testing.T) {
	l, _ := cards.FindLayout("half-fold-letter")
	inside := "Dear Zoë,\n\nThank you for sending Łukasz my way.\n\nWith thanks,\nSam"
	pages, problems, err := cards.LayOut(assets.CardFontBook(), cards.Options{Layout: l, Hand: "Caveat"},
		cards.Recipient{ContactID: 1, Name: "Zoë", Card: cards.Card{Front: "Thank you!", Inside: inside}})
	if err != nil || len(problems) != 0 {
		t.Fatal(problems, err)
	}
	var panel cards.Panel
	for _, p := range l.Panels(0) {
		if p.Kind == cards.PanelInside {
			panel = p
		}
	}
	runs := pages[panel.Side].Runs
	if len(runs) < 4 {
		t.Fatalf("%d runs inside", len(runs))
	}
	first, sig := runs[0], runs[len(runs)-1]
	if sig.Text != "Sam" {
		t.Fatalf("the last run is %q, not the signature", sig.Text)
	}
	if first.Size < 20 {
		t.Errorf("a short message is set at %.1f pt: small text on a big card", first.Size)
	}
	if sig.Size <= first.Size || sig.X < panel.Box.X+panel.Box.W*0.3 {
		t.Errorf("signature at %.1f pt, x %.1f: not larger and set in from %.1f", sig.Size, sig.X, panel.Box.X)
	}
	// Balanced: the space above is no more than the space below, and
	// neither is most of the panel.
	above := first.Y - first.Size*25.4/72 - panel.Box.Y
	below := panel.Box.Y + panel.Box.H - sig.Y
	if above > below || above > panel.Box.H*0.45 || below > panel.Box.H*0.6 {
		t.Errorf("above %.0f mm, below %.0f mm of a %.0f mm panel", above, below, panel.Box.H)
	}
	for _, r := range pages[0].Runs {
		if r.Text == "Thank you!" && r.Size < 30 {
			t.Errorf("the greeting is %.1f pt", r.Size)
		}
	}
}

// A message with no closing line has no signature: nothing is set apart.
func TestNoSignatureWithoutAClosing(t *testing.T) {
	l, _ := cards.FindLayout("flat-letter-4up")
	pages, _, _ := cards.LayOut(assets.CardFontBook(), cards.Options{Layout: l, Hand: "Caveat"},
		cards.Recipient{ContactID: 1, Name: "Zoë", Card: cards.Card{Front: "Hi", Inside: "Thank you\nSee you soon"}})
	var sizes []float64
	for _, r := range pages[0].Runs {
		if strings.HasPrefix(r.Text, "Thank") || strings.HasPrefix(r.Text, "See") {
			sizes = append(sizes, r.Size)
		}
	}
	if len(sizes) != 2 || math.Abs(sizes[0]-sizes[1]) > 0.01 {
		t.Errorf("sizes %v: a line without a closing above it was set apart", sizes)
	}
}

// A last line that is how the owner signs is the signature, with or
// without a closing above it.
func TestSignatureIsTheSigner(t *testing.T) {
	l, _ := cards.FindLayout("flat-letter-4up")
	pages, _, _ := cards.LayOut(assets.CardFontBook(), cards.Options{Layout: l, Hand: "Caveat", Signer: "Sam"},
		cards.Recipient{ContactID: 1, Name: "Zoë", Card: cards.Card{Front: "Hi", Inside: "Happy birthday. Let me know.\nSam"}})
	runs := pages[0].Runs
	last := runs[len(runs)-1]
	if last.Text != "Sam" || last.Size <= runs[len(runs)-2].Size {
		t.Errorf("the owner's name on the last line is not set as a signature: %+v", runs)
	}
}

// Hebrew reads right to left inside a left-to-right line, and a name in
// each script is set in a hand for that script, never in another
// script's look-alike letters.
func TestScriptsInTheirHands(t *testing.T) {
	l, _ := cards.FindLayout("flat-letter-4up")
	for _, tc := range []struct{ front, want, hand string }{
		{"Thank you, דנה!", "דנה", "Playpen Sans Hebrew"}, // kept in reading order; its glyphs are drawn right to left
		{"Dear ليلى,", "ليلى", "Aref Ruqaa"},
		{"Thank you, 김민준!", "김민준", "Gaegu"},
		{"Thank you, 小明!", "小明", "Yomogi"},
		{"ありがとう、山田さん", "山田", "Yomogi"},
		{"Thank you, प्रिया!", "प्रिया", "Kalam"},
		{"Thank you, Νίκος!", "Νίκος", "Playpen Sans"},
		{"Thank you, Дмитрий!", "Дмитрий", "Caveat"},
	} {
		pages, problems, err := cards.LayOut(assets.CardFontBook(), cards.Options{Layout: l, Hand: "Caveat"},
			cards.Recipient{ContactID: 1, Name: "x", Card: cards.Card{Front: tc.front, Inside: "Hi"}})
		if err != nil || len(problems) > 0 {
			t.Fatalf("%s: %v %v", tc.front, problems, err)
		}
		found := false
		for _, r := range pages[0].Runs {
			if strings.Contains(r.Text, tc.want) {
				found = true
				if r.Face.Name != tc.hand {
					t.Errorf("%q is set in %s, not %s", tc.want, r.Face.Name, tc.hand)
				}
				if rtl := strings.ContainsAny(tc.want, "דנהليلى"); rtl && (len(r.Glyphs) == 0 || r.Glyphs[0].Cluster == 0) {
					t.Errorf("%q is not drawn right to left: %+v", tc.want, r.Glyphs)
				}
			}
		}
		if !found {
			var got []string
			for _, r := range pages[0].Runs {
				got = append(got, r.Text)
			}
			t.Errorf("%q: no run holds %q in that order; runs %q", tc.front, tc.want, got)
		}
	}
}

// Printing leaves every font as it was (gofpdf writes into the bytes it
// is given): the next card and the next print get the same font.
func TestPrintingLeavesTheFontsIntact(t *testing.T) {
	book := assets.CardFontBook()
	names := append(book.Hands(), "Kalam", "Aref Ruqaa", "Playpen Sans Hebrew", "Gaegu", "Yomogi", assets.AddressFont, assets.FallbackFont)
	sums := map[string][32]byte{}
	for _, n := range names {
		f, err := book.Face(n)
		if err != nil {
			t.Fatal(err)
		}
		sums[n] = sha256.Sum256(f.TTF)
	}
	pdf := cards.NewPDF("t", time.Unix(0, 0))
	for i, hand := range book.Hands() {
		l, _ := cards.FindLayout([]string{"envelope-dl", "flat-letter-4up", "half-fold-a4"}[i%3])
		c, err := cards.NewComposer(book, cards.Options{Layout: l, Hand: hand}, pdf)
		if err != nil {
			t.Fatal(err)
		}
		all := "Zoë प्रिया ليلى דנה 김민준 山田花子 Νίκος 李明"
		c.Add(cards.Recipient{ContactID: 1, Name: "x", Address: []string{all}, Card: cards.Card{Front: all, Inside: all}})
		c.Close()
	}
	if err := pdf.Output(io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		f, _ := book.Face(n)
		if sha256.Sum256(f.TTF) != sums[n] {
			t.Errorf("printing changed the bytes of %s", n)
		}
	}
}

// Variation off sets every line where the layout puts it; natural moves
// line starts and baselines about twice as far as subtle; the pen's
// colour is the one chosen.
func TestVariationAndInk(t *testing.T) {
	l, _ := cards.FindLayout("half-fold-letter")
	inside := strings.Repeat("A line of a thank-you note\n", 8)
	spread := func(opt cards.Options) (float64, cards.Ink) {
		opt.Layout, opt.Hand = l, "Caveat"
		pages, _, _ := cards.LayOut(assets.CardFontBook(), opt, cards.Recipient{ContactID: 7, Name: "Zoë", Card: cards.Card{Front: "Hi", Inside: inside}})
		lo, hi := math.Inf(1), math.Inf(-1)
		var ink cards.Ink
		for _, r := range pages[1].Runs {
			lo, hi, ink = math.Min(lo, r.X), math.Max(hi, r.X), r.Ink
		}
		return hi - lo, ink
	}
	off, _ := spread(cards.Options{})
	subtle, _ := spread(cards.Options{Jitter: true, Variation: 1})
	natural, ink := spread(cards.Options{Jitter: true, Variation: 2, Ink: cards.InkBlue})
	if off > 0.01 || subtle <= 0.05 || natural < subtle*1.5 || natural > 2 {
		t.Errorf("line starts spread %.2f mm off, %.2f subtle, %.2f natural", off, subtle, natural)
	}
	if ink != cards.InkBlue {
		t.Errorf("ink %v, want blue", ink)
	}
}

// Each card varies in its own way: the same words for two people are
// set differently, and the same person's card the same way again.
func TestEachCardVariesItsOwnWay(t *testing.T) {
	l, _ := cards.FindLayout("flat-letter-4up")
	opt := cards.Options{Layout: l, Hand: "Caveat", Jitter: true, Variation: 2, Seed: "thanks"}
	card := cards.Card{Front: "Thank you!", Inside: "Thank you for everything.\nWith thanks,\nSam"}
	lay := func(id int64) []cards.Run {
		pages, _, _ := cards.LayOut(assets.CardFontBook(), opt, cards.Recipient{ContactID: id, Name: "x", Card: card})
		return pages[0].Runs
	}
	a, again, b := lay(1), lay(1), lay(2)
	same := func(x, y []cards.Run) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i].X != y[i].X || x[i].Y != y[i].Y || x[i].Angle != y[i].Angle {
				return false
			}
		}
		return true
	}
	if !same(a, again) {
		t.Error("a reprint of one person's card is set differently")
	}
	if same(a, b) {
		t.Error("two people's cards are set identically")
	}
}

// Shaped names are drawn as glyphs and their words stay in the PDF as
// text: pdftotext reads them back.
func TestShapedNamesReadBack(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	l, _ := cards.FindLayout("flat-letter-4up")
	pdf := cards.NewPDF("t", time.Unix(0, 0))
	c, err := cards.NewComposer(assets.CardFontBook(), cards.Options{Layout: l, Hand: "Caveat", Jitter: true, Variation: 2}, pdf)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"प्रिया शर्मा", "ليلى", "דנה", "Δήμητρα"} {
		c.Add(cards.Recipient{ContactID: int64(i + 1), Name: name, Card: cards.Card{Front: "Thank you, " + name + "!", Inside: "Dear " + name + ",\nWith thanks,\nSam"}})
	}
	c.Close()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = &buf
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	// pdftotext puts right-to-left words in its own order; every letter
	// must be there. A word in a hand for its script reads on with the
	// word and the stop after it: its text spans the glyphs drawn, though
	// its conjuncts are narrower than its letters and the hand's letters
	// vary.
	for _, want := range []string{"प्रिया शर्मा!", "Dear प्रिया शर्मा,", "Thank you, Δήμητρα!", "Dear Δήμητρα,", "Thank you,", "Sam"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	for _, r := range "ليىדנה" {
		if !strings.ContainsRune(text, r) {
			t.Errorf("the PDF's text lacks %c:\n%s", r, text)
		}
	}
}

// An emoji prints, in the ink of the hand, drawn from Noto Emoji's
// monochrome outlines.
func TestEmojiPrints(t *testing.T) {
	l, _ := cards.FindLayout("flat-letter-4up")
	pdf := cards.NewPDF("t", time.Unix(0, 0))
	c, err := cards.NewComposer(assets.CardFontBook(), cards.Options{Layout: l, Hand: "Caveat"}, pdf)
	if err != nil {
		t.Fatal(err)
	}
	c.Add(cards.Recipient{ContactID: 1, Name: "Zoë", Card: cards.Card{Front: "Thanks 🎉", Inside: "Enjoy the new house 🏡❤️"}})
	c.Close()
	if len(c.Problems) > 0 {
		t.Errorf("problems: %v", c.Problems)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	pages, _, _ := cards.LayOut(assets.CardFontBook(), cards.Options{Layout: l, Hand: "Caveat"},
		cards.Recipient{ContactID: 1, Name: "Zoë", Card: cards.Card{Front: "Thanks 🎉", Inside: "x"}})
	found := false
	for _, r := range pages[0].Runs {
		if r.Text == "🎉" {
			found = r.Face.Name == "Noto Emoji" && len(r.Glyphs) == 1 && r.Glyphs[0].ID != 0
		}
	}
	if !found {
		t.Errorf("🎉 is not drawn as Noto Emoji's glyph: %+v", pages[0].Runs)
	}
	if os.Getenv("REFERABLE_KEEP_PDF") != "" {
		os.WriteFile(os.Getenv("REFERABLE_KEEP_PDF"), buf.Bytes(), 0o644)
	}
}
