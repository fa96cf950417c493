package cards_test

import (
	"fmt"
	"testing"

	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

type discard struct{}

func (discard) WritePage(*cards.Page) error { return nil }

// BenchmarkCompose lays out 1,000 flat cards 4 to a Letter page, with
// variation on, without writing the PDF: the layout's share of a print.
func BenchmarkCompose(b *testing.B) {
	l, _ := cards.FindLayout("flat-letter-4up")
	book := assets.CardFontBook()
	inside := "Dear %s,\n\nThank you for sending Łukasz Dvořák my way. Your trust means a great deal, and I will take good care of them.\n\nWith gratitude,\nSam"
	for i := 0; i < b.N; i++ {
		c, err := cards.NewComposer(book, cards.Options{Layout: l, Hand: "Caveat", Jitter: true, Signer: "Sam"}, discard{})
		if err != nil {
			b.Fatal(err)
		}
		for n := range 1000 {
			name := fmt.Sprintf("Contact %d", n)
			c.Add(cards.Recipient{ContactID: int64(n), Name: name, Card: cards.Card{Front: "Thank you, " + name + "!", Inside: fmt.Sprintf(inside, name)}})
		}
		c.Close()
	}
}
