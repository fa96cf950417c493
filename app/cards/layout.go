package cards

import (
	"sort"

	"github.com/referable/referable/app"
)

// Measurements are in millimetres, the origin at the sheet's top left.
const inch = 25.4

// Size is a width and height.
type Size struct{ W, H float64 }

// Rect is a box on a sheet.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether o lies inside r (to a hundredth of a mm).
func (r Rect) Contains(o Rect) bool {
	const e = 0.01
	return o.X >= r.X-e && o.Y >= r.Y-e && o.X+o.W <= r.X+r.W+e && o.Y+o.H <= r.Y+r.H+e
}

// Overlaps reports whether two boxes share any area.
func (r Rect) Overlaps(o Rect) bool {
	const e = 0.01
	return r.X+e < o.X+o.W && o.X+e < r.X+r.W && r.Y+e < o.Y+o.H && o.Y+e < r.Y+r.H
}

// PanelKind says what a panel of a card holds.
type PanelKind string

const (
	PanelFront     PanelKind = "front"   // the greeting, seen first
	PanelInside    PanelKind = "inside"  // the message
	PanelBack      PanelKind = "back"    // the back of a folded card: small print
	PanelBlank     PanelKind = "blank"   // the inside left, left empty
	PanelAddress   PanelKind = "address" // the recipient's address
	PanelReturn    PanelKind = "return"  // the owner's return address
	PanelStampArea PanelKind = "stamp"   // kept clear for the stamp
)

// Panel is one printed area of one card: on which side of the sheet
// (0 the front side, 1 the back when printed both sides), where, and
// whether it is printed upside down so it reads upright once folded.
type Panel struct {
	Kind    PanelKind
	Side    int
	Box     Rect
	Rotated bool // turned 180°
}

// Layout is a real card stock, envelope or label sheet.
type Layout struct {
	Name        string
	Description string
	Paper       Size // the sheet fed to the printer
	Sides       int  // 1, or 2 when the sheet is printed on both sides
	Folded      Size // one card as it is held (or an envelope, or a label)
	// Media is the paper as a printer is told of it (a PWG media name,
	// IPP's "media"): the sheet, upright, or the envelope.
	Media string
	// ShortEdge: printed on both sides, the sheet is turned over on its
	// short edge (a half-fold card opens like a book); otherwise on its
	// long edge.
	ShortEdge bool
	slots     []Rect
	panels    func(card Rect) []Panel
	folds     func(card Rect) []Rule // nil when the card is not folded
}

// PerSheet is how many cards (envelopes, labels) one sheet holds.
func (l Layout) PerSheet() int { return len(l.slots) }

// Panels are where card number slot (0-based) of a sheet is printed.
func (l Layout) Panels(slot int) []Panel { return l.panels(l.slots[slot%len(l.slots)]) }

// IsCard reports whether the layout prints cards, not envelopes or
// labels: only cards are logged as sent.
func (l Layout) IsCard() bool {
	for _, p := range l.Panels(0) {
		if p.Kind == PanelInside {
			return true
		}
	}
	return false
}

// Slot is the box of card number slot (0-based) on its sheet.
func (l Layout) Slot(slot int) Rect { return l.slots[slot%len(l.slots)] }

// Folds are short marks at the sheet's edges where card number slot is
// folded, printed on the first side.
func (l Layout) Folds(slot int) []Rule {
	if l.folds == nil {
		return nil
	}
	return l.folds(l.slots[slot%len(l.slots)])
}

// foldTick is how long a fold mark is, in mm: enough to see, short enough
// to stay in the margin.
const foldTick = 4

// verticalFold marks a fold at x at the top and bottom edges of card.
func verticalFold(card Rect, x float64) []Rule {
	return []Rule{{x, card.Y, x, card.Y + foldTick}, {x, card.Y + card.H - foldTick, x, card.Y + card.H}}
}

// horizontalFold marks a fold at y at the left and right edges of card.
func horizontalFold(card Rect, y float64) []Rule {
	return []Rule{{card.X, y, card.X + foldTick, y}, {card.X + card.W - foldTick, y, card.X + card.W, y}}
}

func halfFoldMarks(card Rect) []Rule { return verticalFold(card, card.X+card.W/2) }

func quarterFoldMarks(card Rect) []Rule {
	return append(verticalFold(card, card.X+card.W/2), horizontalFold(card, card.Y+card.H/2)...)
}

var (
	letter = Size{8.5 * inch, 11 * inch}
	a4     = Size{210, 297}
)

// grid cuts a sheet into cols×rows equal cards with no margins, the way
// perforated card stock is made.
func grid(paper Size, cols, rows int) []Rect {
	w, h := paper.W/float64(cols), paper.H/float64(rows)
	var out []Rect
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			out = append(out, Rect{float64(c) * w, float64(r) * h, w, h})
		}
	}
	return out
}

// labels places labels by the sheet maker's published pitch.
func labels(cols, rows int, top, left, w, h, hPitch, vPitch float64) []Rect {
	var out []Rect
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			out = append(out, Rect{left + float64(c)*hPitch, top + float64(r)*vPitch, w, h})
		}
	}
	return out
}

// flat: the greeting and message on one face of a flat card.
func flat(card Rect) []Panel {
	return []Panel{
		{Kind: PanelFront, Box: Rect{card.X, card.Y, card.W, card.H * 0.25}},
		{Kind: PanelInside, Box: Rect{card.X, card.Y + card.H*0.25, card.W, card.H * 0.75}},
	}
}

// halfFold: a sheet folded once down the middle. Outside (side 0): back
// on the left, front on the right; inside (side 1): blank left, message
// right.
func halfFold(card Rect) []Panel {
	w := card.W / 2
	return []Panel{
		{Kind: PanelBack, Side: 0, Box: Rect{card.X, card.Y, w, card.H}},
		{Kind: PanelFront, Side: 0, Box: Rect{card.X + w, card.Y, w, card.H}},
		{Kind: PanelBlank, Side: 1, Box: Rect{card.X, card.Y, w, card.H}},
		{Kind: PanelInside, Side: 1, Box: Rect{card.X + w, card.Y, w, card.H}},
	}
}

// quarterFold: one side of a sheet, folded in half across (top behind
// bottom) and again down the middle. The bottom half is the outside:
// back left, front right. The top half becomes the inside, so it is
// printed turned 180° to read upright: message under the front, blank
// under the back.
func quarterFold(card Rect) []Panel {
	w, h := card.W/2, card.H/2
	return []Panel{
		{Kind: PanelBack, Box: Rect{card.X, card.Y + h, w, h}},
		{Kind: PanelFront, Box: Rect{card.X + w, card.Y + h, w, h}},
		{Kind: PanelInside, Box: Rect{card.X, card.Y, w, h}, Rotated: true},
		{Kind: PanelBlank, Box: Rect{card.X + w, card.Y, w, h}, Rotated: true},
	}
}

// PrintsAddress tells whether the layout prints the recipient's
// address (an envelope, a label, a postcard's back).
func (l Layout) PrintsAddress() bool {
	for _, p := range l.Panels(0) {
		if p.Kind == PanelAddress {
			return true
		}
	}
	return false
}

// postcard: the message on one side, the address side on the other with
// the stamp area top right.
func postcard(card Rect) []Panel {
	half := card.W / 2
	return []Panel{
		{Kind: PanelFront, Side: 0, Box: Rect{card.X, card.Y, card.W, card.H * 0.25}},
		{Kind: PanelInside, Side: 0, Box: Rect{card.X, card.Y + card.H*0.25, card.W, card.H * 0.75}},
		{Kind: PanelReturn, Side: 1, Box: Rect{card.X, card.Y, half, card.H * 0.3}},
		{Kind: PanelStampArea, Side: 1, Box: Rect{card.X + card.W - 25, card.Y, 25, 30}},
		{Kind: PanelAddress, Side: 1, Box: Rect{card.X + half, card.Y + card.H*0.4, half, card.H * 0.5}},
	}
}

// envelope: the return address top left, the recipient centred right,
// the stamp area top right.
func envelope(card Rect) []Panel {
	return []Panel{
		{Kind: PanelReturn, Box: Rect{card.X, card.Y, card.W * 0.45, card.H * 0.35}},
		{Kind: PanelStampArea, Box: Rect{card.X + card.W - 30, card.Y, 30, 30}},
		{Kind: PanelAddress, Box: Rect{card.X + card.W*0.4, card.Y + card.H*0.45, card.W * 0.55, card.H * 0.5}},
	}
}

func label(card Rect) []Panel { return []Panel{{Kind: PanelAddress, Box: card}} }

func sheet(size Size) []Rect { return []Rect{{0, 0, size.W, size.H}} }

// Layouts are the stocks Referable prints on, by stable name.
var Layouts = []Layout{
	{Name: "flat-letter-4up", Description: app.N("Flat cards 4.25×5.5 in, 4 per Letter sheet (like Avery 3263)"), Paper: letter, Sides: 1,
		Folded: Size{4.25 * inch, 5.5 * inch}, Media: mediaLetter, slots: grid(letter, 2, 2), panels: flat},
	{Name: "flat-a4-4up", Description: app.N("Flat A6 cards, 4 per A4 sheet"), Paper: a4, Sides: 1,
		Folded: Size{105, 148.5}, Media: mediaA4, slots: grid(a4, 2, 2), panels: flat},
	{Name: "flat-a6", Description: app.N("Flat A6 card stock, 105×148 mm, one card a sheet"), Paper: Size{105, 148}, Sides: 1,
		Folded: Size{105, 148}, Media: "iso_a6_105x148mm", slots: sheet(Size{105, 148}), panels: flat},
	{Name: "half-fold-letter", Description: app.N("Letter folded once: a 5.5×8.5 in card, printed on both sides"), Paper: Size{letter.H, letter.W}, Sides: 2,
		Folded: Size{5.5 * inch, 8.5 * inch}, Media: mediaLetter, ShortEdge: true, slots: sheet(Size{letter.H, letter.W}), panels: halfFold, folds: halfFoldMarks},
	{Name: "half-fold-a4", Description: app.N("A4 folded once: an A5 card, printed on both sides"), Paper: Size{a4.H, a4.W}, Sides: 2,
		Folded: Size{148.5, 210}, Media: mediaA4, ShortEdge: true, slots: sheet(Size{a4.H, a4.W}), panels: halfFold, folds: halfFoldMarks},
	{Name: "quarter-fold-letter", Description: app.N("Letter folded twice: a 4.25×5.5 in card for an A2 envelope, one side printed"), Paper: letter, Sides: 1,
		Folded: Size{4.25 * inch, 5.5 * inch}, Media: mediaLetter, slots: sheet(letter), panels: quarterFold, folds: quarterFoldMarks},
	{Name: "quarter-fold-a4", Description: app.N("A4 folded twice: an A6 card for a C6 envelope, one side printed"), Paper: a4, Sides: 1,
		Folded: Size{105, 148.5}, Media: mediaA4, slots: sheet(a4), panels: quarterFold, folds: quarterFoldMarks},
	{Name: "postcard-4x6", Description: app.N("Postcards 4×6 in, 2 per Letter sheet (Avery 5389), address on the back"), Paper: letter, Sides: 2,
		Folded: Size{6 * inch, 4 * inch}, Media: mediaLetter, slots: []Rect{{1.25 * inch, 1 * inch, 6 * inch, 4 * inch}, {1.25 * inch, 6 * inch, 6 * inch, 4 * inch}}, panels: postcard},
	{Name: "envelope-a2", Description: app.N("A2 envelope, 5.75×4.375 in (quarter-fold Letter cards)"), Paper: Size{5.75 * inch, 4.375 * inch}, Sides: 1,
		Folded: Size{5.75 * inch, 4.375 * inch}, Media: "na_a2_4.375x5.75in", slots: sheet(Size{5.75 * inch, 4.375 * inch}), panels: envelope},
	{Name: "envelope-a6", Description: app.N("A6 envelope, 6.5×4.75 in"), Paper: Size{6.5 * inch, 4.75 * inch}, Sides: 1,
		Folded: Size{6.5 * inch, 4.75 * inch}, Media: "custom_a6-envelope_4.75x6.5in", slots: sheet(Size{6.5 * inch, 4.75 * inch}), panels: envelope},
	{Name: "envelope-c6", Description: app.N("C6 envelope, 162×114 mm (A6 cards)"), Paper: Size{162, 114}, Sides: 1,
		Folded: Size{162, 114}, Media: "iso_c6_114x162mm", slots: sheet(Size{162, 114}), panels: envelope},
	{Name: "envelope-dl", Description: app.N("DL envelope, 220×110 mm"), Paper: Size{220, 110}, Sides: 1,
		Folded: Size{220, 110}, Media: "iso_dl_110x220mm", slots: sheet(Size{220, 110}), panels: envelope},
	{Name: "envelope-10", Description: app.N("#10 envelope, 9.5×4.125 in"), Paper: Size{9.5 * inch, 4.125 * inch}, Sides: 1,
		Folded: Size{9.5 * inch, 4.125 * inch}, Media: "na_number-10_4.125x9.5in", slots: sheet(Size{9.5 * inch, 4.125 * inch}), panels: envelope},
	{Name: "labels-5160", Description: app.N("Address labels, 30 per Letter sheet (Avery 5160)"), Paper: letter, Sides: 1,
		Folded: Size{2.625 * inch, 1 * inch}, Media: mediaLetter, slots: labels(3, 10, 0.5*inch, 0.1875*inch, 2.625*inch, 1*inch, 2.75*inch, 1*inch), panels: label},
	{Name: "labels-l7160", Description: app.N("Address labels, 21 per A4 sheet (Avery L7160)"), Paper: a4, Sides: 1,
		Folded: Size{63.5, 38.1}, Media: mediaA4, slots: labels(3, 7, 15.15, 7.2, 63.5, 38.1, 66.04, 38.1), panels: label},
}

// The PWG names of the sheets the layouts print on.
const (
	mediaLetter = "na_letter_8.5x11in"
	mediaA4     = "iso_a4_210x297mm"
)

// Landscape reports whether the layout is wider than the paper a printer
// takes it on: it is turned a quarter onto the paper (an envelope fed
// short edge first, a half-fold sheet upright).
func (l Layout) Landscape() bool { return l.Paper.W > l.Paper.H }

// FindLayout finds a layout by name.
func FindLayout(name string) (Layout, error) {
	for _, l := range Layouts {
		if l.Name == name {
			return l, nil
		}
	}
	names := make([]string, len(Layouts))
	for i, l := range Layouts {
		names[i] = l.Name
	}
	sort.Strings(names)
	return Layout{}, app.Errorf(app.ENOTFOUND, "There is no layout %q; the layouts are %v.", name, names)
}

// String names the layout with its sheet, for logs.
func (l Layout) String() string {
	return app.Tf("%s (%.0f×%.0f mm, %d a sheet)", l.Name, l.Paper.W, l.Paper.H, l.PerSheet())
}
