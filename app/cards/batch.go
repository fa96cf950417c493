package cards

import (
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/referable/referable/app"
)

// Batch is one print run: a template on a layout, for many people. The
// window and the command line both print through it.
type Batch struct {
	Template Template
	Layout   Layout
	Hand     string
	Settings app.Settings
	Today    app.Date
	// Edits are words changed for one recipient only, by contact.
	Edits map[int64]Card
	// AllowEmpty prints cards whose merge fields have nothing to fill
	// them, and envelopes and labels with no postal address; Check
	// holds them back otherwise.
	AllowEmpty bool
	// IncludeDoNotContact prints for those who asked not to be
	// contacted; Check holds them back otherwise.
	IncludeDoNotContact bool
	// Feed, when set, is the printer's: turned onto its paper and
	// calibrated for it. Unset, pages are written as laid out, moved by
	// the PDF offset in Settings.
	Feed *Feed
	// Start is the slot of the first sheet the first card goes in.
	Start int
	// Side, when 1 or 2, writes that side of every sheet alone: the
	// printer's first pass, then the second once the owner has turned
	// the sheets over. 0 writes every side.
	Side int
	// Progress, when set, hears how many cards are laid out so far.
	Progress func(done, total int)
	// Laid, when set, hears what to log as sent once every card is laid
	// out, before the PDF is written.
	Laid func(sent []Sent)
}

// Options are the layout options the batch's settings give.
func (b *Batch) Options() Options {
	st := b.Settings
	st.Normalize() // a book saved before the variation setting: from its on/off
	return Options{
		Layout:    b.Layout,
		Hand:      b.Hand,
		Jitter:    st.CardVariation != app.VariationOff,
		Variation: variation(st.CardVariation),
		Ink:       PenInk(st.CardInk),
		Feed:      b.feed(),
		Start:     b.Start,
		Return:    ReturnLines(st),
		Footer:    st.BusinessName,
		Seed:      b.Template.Name,
		Signer:    firstNonEmpty(st.Signature, st.OwnerName),
	}
}

// oneSide writes one side of every sheet.
type oneSide struct {
	side int
	to   PageWriter
}

func (o oneSide) WritePage(p *Page) error {
	if p.Side != o.side {
		return nil
	}
	return o.to.WritePage(p)
}

// feed is the printer's feed, or the PDF offset from Settings.
func (b *Batch) feed() Feed {
	if b.Feed != nil {
		return *b.Feed
	}
	return Feed{OffsetX: float64(b.Settings.PrintOffsetX) / 10, OffsetY: float64(b.Settings.PrintOffsetY) / 10}
}

// variation is how much a setting varies the hand: natural twice subtle.
func variation(setting string) float64 {
	if setting == app.VariationNatural {
		return 2
	}
	return 1
}

// ReturnLines is the owner's return address: their business (or name),
// then the address lines from Settings.
func ReturnLines(st app.Settings) []string {
	var lines []string
	name := firstNonEmpty(st.BusinessName, st.OwnerName)
	for _, l := range strings.Split(st.ReturnAddress, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if name != "" && (len(lines) == 0 || lines[0] != name) {
		lines = append([]string{name}, lines...)
	}
	return lines
}

// Recipient merges the template for one addressee, with their own edits.
// It names the fields the template uses that have nothing to say for
// them, so "Thank you for sending my way" is caught before it prints.
func (b *Batch) Recipient(a Addressee) (Recipient, []string, error) {
	return b.recipient(a, b.Template.FieldsUsed(), b.Template.FieldsNeeded())
}

// recipient is Recipient with the template's fields read once a batch.
func (b *Batch) recipient(a Addressee, used, needed []string) (Recipient, []string, error) {
	r := Recipient{ContactID: a.ContactID, Name: a.Name}
	if b.Layout.PrintsAddress() {
		r.Address = a.Lines()
	}
	if card, ok := b.Edits[a.ContactID]; ok {
		r.Card = card
		return r, nil, nil
	}
	values := a.Values(b.Settings, b.Today)
	var empty []string
	for _, f := range needed {
		if values[f] == "" {
			empty = append(empty, "{"+f+"}")
		}
	}
	for _, f := range used {
		for _, w := range strings.Fields(values[f]) {
			if utf8.RuneCountInString(w) > 1 {
				r.Merged = append(r.Merged, w)
			}
		}
	}
	var err error
	r.Card, err = b.Template.Fill(values)
	return r, empty, err
}

// Print lays out a card for each addressee and writes the PDF to out. It
// returns what to log as sent (nothing for envelopes and labels) and the
// problems to tell the user.
func (b *Batch) Print(book *FontBook, to []Addressee, out io.Writer, created time.Time) ([]Sent, []Problem, error) {
	if len(to) == 0 {
		return nil, nil, app.Errorf(app.EINVALID, "No one is chosen to receive a card.")
	}
	if err := b.Template.Check(); err != nil {
		return nil, nil, err
	}
	pdf := NewPDF(b.Template.Title, created)
	opt := b.Options()
	pdf.Feed = opt.Feed
	var pages PageWriter = pdf
	if b.Side > 0 {
		pages = oneSide{side: b.Side - 1, to: pdf}
	}
	c, err := NewComposer(book, opt, pages)
	if err != nil {
		return nil, nil, err
	}
	card, used, needed := b.Layout.IsCard(), b.Template.FieldsUsed(), b.Template.FieldsNeeded()
	var sent []Sent
	var notes []Problem
	for i, a := range to {
		r, empty, err := b.recipient(a, used, needed)
		if err != nil {
			return nil, nil, err
		}
		if len(empty) > 0 {
			notes = append(notes, Problem{a.ContactID, a.Name, app.Tf("Nothing to fill %s with, so the card reads without it.", strings.Join(empty, ", "))})
		}
		if err := c.Add(r); err != nil {
			return nil, nil, err
		}
		if !card {
			if !a.HasAddress {
				notes = append(notes, Problem{a.ContactID, a.Name, app.T("There is no postal address, so only the name is printed.")})
			}
		} else {
			sent = append(sent, Sent{ContactID: a.ContactID, ContactName: a.Name, On: b.Today, Template: b.Template.Name,
				Title: b.Template.Title, Purpose: b.Template.Purpose, Layout: b.Layout.Name, Hand: b.Hand, ReferralID: a.ReferralID,
				Front: r.Card.Front, Inside: r.Card.Inside})
		}
		if b.Progress != nil && (i%100 == 99 || i == len(to)-1) {
			b.Progress(i+1, len(to))
		}
	}
	if err := c.Close(); err != nil {
		return nil, nil, err
	}
	notes = append(notes, c.Problems...)
	c = nil // what it kept of the batch's words goes before the PDF is written whole
	if b.Laid != nil {
		b.Laid(sent)
	}
	if err := pdf.Output(out); err != nil {
		return nil, nil, err
	}
	return sent, notes, nil
}
