package cards

import (
	"strings"
	"unicode"

	"github.com/referable/referable/app"
)

// HoldReason is why a card is held back from printing.
type HoldReason string

const (
	// HeldEmptyField: a merge field has nothing to fill it ("Thank you
	// for sending my way"). Fixed by editing this card's words, or, for
	// {referral_name}, by picking the referral it thanks for.
	HeldEmptyField HoldReason = "empty_field"
	// HeldMissingGlyph: no font draws a character of the card. Fixed by
	// editing the words or choosing another handwriting.
	HeldMissingGlyph HoldReason = "missing_glyph"
	// HeldNoAddress: an envelope or a label with nowhere to go. Fixed by
	// adding the postal address.
	HeldNoAddress HoldReason = "no_address"
	// HeldDoNotContact: the person asked not to be contacted, and a card
	// is contact.
	HeldDoNotContact HoldReason = "do_not_contact"
)

// Held is one card held back: whose, why, and in words.
type Held struct {
	ContactID int64
	Name      string
	Reason    HoldReason
	Fields    []string // HeldEmptyField: the fields, as "{referral_name}"
	Message   string
}

func (h Held) String() string { return h.Name + ": " + h.Message }

// NeedsReferral tells whether picking a referral fixes the card.
func (h Held) NeedsReferral() bool {
	return h.Reason == HeldEmptyField && len(h.Fields) == 1 && h.Fields[0] == "{referral_name}"
}

// Check goes through every recipient's card before anything prints and
// holds back the cards with a hole in them: a merge field with nothing
// to fill it, a character no font draws, an envelope or label with no
// postal address, a person who asked not to be contacted. It returns
// those whose cards can print, in order, and the held ones, each once,
// with its first reason. AllowEmpty lets empty fields and missing
// addresses through; IncludeDoNotContact, those who asked.
func (b *Batch) Check(book *FontBook, to []Addressee) (ok []Addressee, held []Held, err error) {
	if err := b.Template.Check(); err != nil {
		return nil, nil, err
	}
	g, err := newGlyphCheck(book, b.Hand, b.Layout)
	if err != nil {
		return nil, nil, err
	}
	signer := firstNonEmpty(b.Settings.Signature, b.Settings.OwnerName)
	if miss := g.missing(signer, false); len(miss) > 0 {
		// Every card is signed with it: not one card's problem.
		return nil, nil, app.Errorf(app.EINVALID, "No font has %s of the signature %q; change it in Settings.", quoteRunes(miss), signer)
	}
	used, needed := b.Template.FieldsUsed(), b.Template.FieldsNeeded()
	if !b.AllowEmpty {
		// The owner's own fields are the same on every card: said once.
		mine := map[string]string{"my_name": signer, "business_name": b.Settings.BusinessName}
		for _, f := range needed {
			if v, ok := mine[f]; ok && strings.TrimSpace(v) == "" {
				return nil, nil, app.Errorf(app.EINVALID, "Every card would have a gap where {%s} goes: Settings has no %s. Fill it in on the Settings screen, or change the template.",
					f, map[string]string{"my_name": "name to sign with", "business_name": "business name"}[f])
			}
		}
	}
	ok = to[:0:0]
	for _, a := range to {
		h, err := b.hold(g, a, used, needed)
		if err != nil {
			return nil, nil, err
		}
		if h != nil {
			held = append(held, *h)
			continue
		}
		ok = append(ok, a)
	}
	return ok, held, nil
}

func (b *Batch) hold(g *glyphCheck, a Addressee, used, needed []string) (*Held, error) {
	h := func(reason HoldReason, msg string, fields ...string) *Held {
		return &Held{ContactID: a.ContactID, Name: a.Name, Reason: reason, Message: msg, Fields: fields}
	}
	if a.DoNotContact && !b.IncludeDoNotContact {
		return h(HeldDoNotContact, app.T("asked not to be contacted.")), nil
	}
	if b.Layout.PrintsAddress() && !a.HasAddress && !b.AllowEmpty {
		return h(HeldNoAddress, app.Tf("there is no postal address to print on the %s.", app.T(b.Layout.Noun()))), nil
	}
	r, empty, err := b.recipient(a, used, needed)
	if err != nil {
		return nil, err
	}
	if len(empty) > 0 && !b.AllowEmpty {
		msg := app.Tf("nothing to fill %s with; the card would read with a gap.", strings.Join(empty, ", "))
		if len(empty) == 1 && empty[0] == "{referral_name}" {
			msg = app.T("no referral of theirs to name in {referral_name}; the card would read with a gap.")
		}
		return h(HeldEmptyField, msg, empty...), nil
	}
	var miss []rune
	if g.front {
		miss = g.missing(r.Card.Front, false)
	}
	if g.inside {
		miss = append(miss, g.missing(r.Card.Inside, false)...)
	}
	for _, l := range r.Address {
		miss = append(miss, g.missing(l, true)...)
	}
	if len(miss) > 0 {
		return h(HeldMissingGlyph, app.Tf("no font has %s, so the card would print with it left out.", quoteRunes(miss))), nil
	}
	return nil, nil
}

// glyphCheck finds the characters of a text no font of a chain draws,
// as a block lays them out.
type glyphCheck struct {
	hand, print   []*Face
	front, inside bool // the layout prints the greeting, the message
}

func newGlyphCheck(book *FontBook, hand string, l Layout) (*glyphCheck, error) {
	if err := book.CheckHand(hand); err != nil {
		return nil, err
	}
	g := &glyphCheck{}
	var err error
	if g.hand, err = book.chain(hand); err != nil {
		return nil, err
	}
	if g.print, err = book.chain(book.address); err != nil {
		return nil, err
	}
	if l.PerSheet() > 0 {
		for _, p := range l.Panels(0) {
			g.front = g.front || p.Kind == PanelFront
			g.inside = g.inside || p.Kind == PanelInside
		}
	}
	return g, nil
}

// missing is what of text no font of the chain draws; print is the
// address's chain, which draws nothing beyond the Basic Multilingual
// Plane.
func (g *glyphCheck) missing(text string, print bool) []rune {
	chain, ink := g.hand, InkPen
	if print {
		chain, ink = g.print, InkPrint
	}
	var miss []rune
	for _, r := range text {
		if r < 128 && r > ' ' {
			if _, ok := chain[0].Advance(r); ok {
				continue
			}
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == 0xfe0f || r == 0xfe0e || r == 0x200d || r == 0x200c {
			continue
		}
		b := block{faces: chain, ink: ink}
		if f, _ := b.face(r); f == nil {
			miss = append(miss, r)
		}
	}
	return miss
}
