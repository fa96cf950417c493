package cards_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

// No card with a hole: every recipient is checked before anything
// prints, and a card that would read wrong is held back, with why.
func TestCheckHoldsBackCardsWithAHole(t *testing.T) {
	thanks, _ := cards.FindBuiltin("thank-you-referral")
	card, _ := cards.FindLayout("flat-a4-4up")
	envelope, _ := cards.FindLayout("envelope-dl")
	to := []cards.Addressee{
		{ContactID: 1, Name: "Zoë Müller", FirstName: "Zoë", ReferralName: "Łukasz Dvořák", HasAddress: true},
		{ContactID: 2, Name: "Ana Lima", FirstName: "Ana", HasAddress: true}, // no referral to name
		{ContactID: 3, Name: "Nadia Baker", FirstName: "Nadia", ReferralName: "Bo", HasAddress: true, DoNotContact: true},
		{ContactID: 4, Name: "Kai \U00013000", FirstName: "Kai \U00013000", ReferralName: "Bo", HasAddress: true},
		{ContactID: 5, Name: "Li Wei", FirstName: "Li", ReferralName: "Bo"}, // no postal address
	}
	reasons := func(held []cards.Held) map[int64]cards.HoldReason {
		m := map[int64]cards.HoldReason{}
		for _, h := range held {
			m[h.ContactID] = h.Reason
		}
		return m
	}
	ids := func(as []cards.Addressee) (out []int64) {
		for _, a := range as {
			out = append(out, a.ContactID)
		}
		return out
	}
	book := assets.CardFontBook()

	b := cards.Batch{Template: thanks, Layout: card, Hand: "Caveat", Settings: settings(), Today: app.DateOf(created)}
	ok, held, err := b.Check(book, to)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(ok); len(got) != 2 || got[0] != 1 || got[1] != 5 {
		t.Errorf("cards to print: %v, want [1 5] (a card needs no address)", got)
	}
	want := map[int64]cards.HoldReason{2: cards.HeldEmptyField, 3: cards.HeldDoNotContact, 4: cards.HeldMissingGlyph}
	if got := reasons(held); len(got) != len(want) || got[2] != want[2] || got[3] != want[3] || got[4] != want[4] {
		t.Errorf("held: %v, want %v", got, want)
	}
	for _, h := range held {
		switch h.ContactID {
		case 2:
			if !h.NeedsReferral() || !strings.Contains(h.Message, "{referral_name}") {
				t.Errorf("Ana's card: %+v; want it to name {referral_name} and be fixed by picking a referral", h)
			}
		case 4:
			if !strings.Contains(h.Message, "U+13000") {
				t.Errorf("Kai's card: %q; want the character named", h.Message)
			}
		}
	}

	// An envelope or a label with nowhere to go is held back too.
	b.Layout = envelope
	_, held, _ = b.Check(book, to)
	if reasons(held)[5] != cards.HeldNoAddress {
		t.Errorf("envelope with no address: %v", held)
	}

	// Asked for: empty fields and missing addresses print, and those who
	// asked not to be contacted; a character no font has never does.
	b.Layout, b.AllowEmpty, b.IncludeDoNotContact = card, true, true
	ok, held, _ = b.Check(book, to)
	if len(ok) != 4 || len(held) != 1 || held[0].ContactID != 4 {
		t.Errorf("allowed: printed %v, held %v", ids(ok), held)
	}
}

// recorder is a card log in memory.
type recorder struct {
	cards.Service
	logged []cards.Sent
}

func (r *recorder) LogSent(_ context.Context, s []cards.Sent) error {
	r.logged = append(r.logged, s...)
	return nil
}

// The printer prints and logs only the cards that passed; when none did,
// it writes no file and says why.
func TestPrinterLogsNothingHeldBack(t *testing.T) {
	thanks, _ := cards.FindBuiltin("thank-you-referral")
	card, _ := cards.FindLayout("flat-a4-4up")
	log := &recorder{}
	p := cards.Printer{Book: assets.CardFontBook(), Cards: log, Now: func() time.Time { return created }}
	saved := 0
	job := cards.PrintJob{
		Batch: cards.Batch{Template: thanks, Layout: card, Hand: "Caveat", Settings: settings(), Today: app.DateOf(created)},
		To: []cards.Addressee{
			{ContactID: 1, Name: "Zoë Müller", FirstName: "Zoë", ReferralName: "Łukasz Dvořák"},
			{ContactID: 2, Name: "Ana Lima", FirstName: "Ana"},
		},
		Where: "cards.pdf",
		Save: func(write func(io.Writer) error) error {
			saved++
			return write(&bytes.Buffer{})
		},
	}
	res, err := p.Print(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cards != 1 || len(res.Held) != 1 || res.Held[0].ContactID != 2 || len(log.logged) != 1 || log.logged[0].ContactID != 1 {
		t.Fatalf("printed %d, held %v, logged %v", res.Cards, res.Held, log.logged)
	}

	job.To = job.To[1:]
	log.logged, saved = nil, 0
	res, err = p.Print(context.Background(), job)
	if err == nil || !strings.Contains(app.ErrorMessage(err), "Nothing was printed: the card was held back (1 with an empty merge field)") {
		t.Fatalf("nothing to print: %v", err)
	}
	if saved != 0 || len(log.logged) != 0 || len(res.Held) != 1 {
		t.Fatalf("nothing to print: saved %d, logged %v, held %v", saved, log.logged, res.Held)
	}
}

// BenchmarkCheck checks 1,000 cards before they print, as a batch does.
func BenchmarkCheck(b *testing.B) {
	thanks, _ := cards.FindBuiltin("thank-you-referral")
	l, _ := cards.FindLayout("flat-letter-4up")
	book := assets.CardFontBook()
	names := []string{"Zoë Müller", "Łukasz Dvořák", "李明", "山田花子", "Ana Lima", "Søren Østergaard"}
	to := make([]cards.Addressee, 1000)
	for i := range to {
		to[i] = cards.Addressee{ContactID: int64(i), Name: names[i%len(names)], FirstName: names[i%len(names)], ReferralName: "Łukasz Dvořák", HasAddress: true}
	}
	batch := cards.Batch{Template: thanks, Layout: l, Hand: "Caveat", Settings: settings(), Today: app.DateOf(created)}
	for b.Loop() {
		if _, _, err := batch.Check(book, to); err != nil {
			b.Fatal(err)
		}
	}
}

// The same occasion: this year's birthday; a thank-you for the same
// referral; news of a referral the same day.
func TestRepeats(t *testing.T) {
	today := app.Date{Year: 2026, Month: 12, Day: 3}
	to := []cards.Addressee{{ContactID: 1, Name: "Ana", ReferralID: 7}, {ContactID: 2, Name: "Bo", ReferralID: 8}}
	before := map[int64][]cards.Sent{
		1: {{ContactID: 1, ReferralID: 7, On: app.Date{Year: 2026, Month: 3, Day: 1}}},
		2: {{ContactID: 2, ReferralID: 5, On: today}},
	}
	if got := cards.Repeats(to, before, cards.PurposeBirthday, today); len(got) != 2 {
		t.Errorf("birthday: %v", got)
	}
	if got := cards.Repeats(to, before, cards.PurposeThanks, today); len(got) != 1 || got[0].ContactName != "Ana" {
		t.Errorf("thanks for the same referral only: %v", got)
	}
	if got := cards.Repeats(to, before, cards.PurposeKeepPosted, today); len(got) != 0 {
		t.Errorf("keep posted, another day or referral: %v", got)
	}
}
