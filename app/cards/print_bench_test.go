package cards_test

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

// BenchmarkPrintPDF lays out and writes 1,000 flat cards, names in
// several scripts among them, as `referable print` does.
func BenchmarkPrintPDF(b *testing.B) {
	l, _ := cards.FindLayout("flat-letter-4up")
	book := assets.CardFontBook()
	names := []string{"Zoë Müller", "Łukasz Dvořák", "李明", "山田花子", "Ana Lima", "Søren Østergaard"}
	for i := 0; i < b.N; i++ {
		pdf := cards.NewPDF("t", time.Unix(0, 0))
		c, err := cards.NewComposer(book, cards.Options{Layout: l, Hand: "Caveat", Jitter: true, Signer: "Sam"}, pdf)
		if err != nil {
			b.Fatal(err)
		}
		for n := range 1000 {
			name := names[n%len(names)]
			c.Add(cards.Recipient{ContactID: int64(n), Name: name, Card: cards.Card{Front: "Thank you, " + name + "!",
				Inside: fmt.Sprintf("Dear %s,\n\nThank you for sending Łukasz Dvořák my way. Your trust means a great deal.\n\nWith gratitude,\nSam", name)}})
		}
		c.Close()
		if err := pdf.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
