package cards_test

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

// everyScript is a card in every script a card is set in: Latin,
// Greek, Cyrillic, Chinese, Arabic, Hebrew and Devanagari names and an
// emoji, with an address for the envelopes and labels.
var everyScript = cards.Recipient{ContactID: 11, Name: "Δήμητρα Παπαδοπούλου",
	Card: cards.Card{Front: "Thank you, Δήμητρα! 🎉",
		Inside: "Dear Δήμητρα,\n\nThank you for sending Анна Иванова, 李明, ليلى حداد, דנה כהן and प्रिया शर्मा my way. Zoë and I will take good care of them all.\n\nWith gratitude,\nSam"},
	Address: []string{"Δήμητρα Παπαδοπούλου", "Οδός Αθηνάς 12", "105 51 Αθήνα", "GREECE"}}

// Golden page images, one per layout and side: the preview's raster of a
// card in every script, compared pixel by pixel with testdata/pages
// (go test -update rewrites them; look at them when they change).
func TestGoldenPages(t *testing.T) {
	book := assets.CardFontBook()
	for _, l := range cards.Layouts {
		t.Run(l.Name, func(t *testing.T) {
			opt := cards.Options{Layout: l, Hand: "Caveat", Jitter: true, Variation: 2, Seed: "golden", Signer: "Sam",
				Return: []string{"Sam Rivera", "12 Oak St", "Springfield IL 62701"}, Footer: "Rivera Plumbing · 555-0100"}
			pages, problems, err := cards.LayOut(book, opt, everyScript)
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != 0 {
				t.Errorf("problems: %v", problems)
			}
			for i := range pages {
				got := cards.Rasterize(&pages[i], cards.Rect{W: pages[i].Size.W, H: pages[i].Size.H}, 2)
				path := filepath.Join("testdata", "pages", fmt.Sprintf("%s-%d.png", l.Name, i+1))
				if *update {
					os.MkdirAll(filepath.Dir(path), 0o755)
					f, err := os.Create(path)
					if err != nil {
						t.Fatal(err)
					}
					png.Encode(f, got)
					f.Close()
				}
				f, err := os.Open(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to write it)", err)
				}
				want, err := png.Decode(f)
				f.Close()
				if err != nil {
					t.Fatal(err)
				}
				if n := differing(got, want); n > len(got.Pix)/4/1000 {
					os.MkdirAll(filepath.Join("testdata", "failed"), 0o755)
					f, _ := os.Create(filepath.Join("testdata", "failed", filepath.Base(path)))
					png.Encode(f, got)
					f.Close()
					t.Errorf("%s: %d pixels differ from the golden image; see testdata/failed", path, n)
				}
			}
		})
	}
}

// differing counts the pixels that differ clearly (by more than a
// quarter of the range in a channel), or all of them when the sizes do.
func differing(a *image.RGBA, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return len(a.Pix) / 4
	}
	n := 0
	for y := a.Rect.Min.Y; y < a.Rect.Max.Y; y++ {
		for x := a.Rect.Min.X; x < a.Rect.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1, r2) > 0x4000 || absDiff(g1, g2) > 0x4000 || absDiff(b1, b2) > 0x4000 {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// BenchmarkPreview is the preview's work on a keystroke: one half-fold
// card in every script laid out and both sides rasterised at 4 px/mm
// (a 1,100×860-pixel side, larger than the preview shows it).
func BenchmarkPreview(b *testing.B) {
	l, _ := cards.FindLayout("half-fold-letter")
	book := assets.CardFontBook()
	opt := cards.Options{Layout: l, Hand: "Caveat", Jitter: true, Variation: 2, Seed: "preview", Signer: "Sam"}
	for i := 0; i < b.N; i++ {
		pages, _, err := cards.LayOut(book, opt, everyScript)
		if err != nil {
			b.Fatal(err)
		}
		for j := range pages {
			cards.Rasterize(&pages[j], cards.Rect{W: pages[j].Size.W, H: pages[j].Size.H}, 4)
		}
	}
}
