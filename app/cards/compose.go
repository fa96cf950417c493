package cards

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/bidi"

	"github.com/referable/referable/app"
)

// ptToMM converts typographic points to millimetres.
const ptToMM = 25.4 / 72

// Ink is the colour a run is printed in.
type Ink int

const (
	InkPen   Ink = iota // handwriting: a dark blue-black, like a good pen
	InkPrint            // addresses: black
	InkBlue             // handwriting in a blue pen
	InkBlack            // handwriting in a black pen
)

// PenInk is the Ink of a pen colour as Settings names it.
func PenInk(name string) Ink {
	switch name {
	case app.InkBlue:
		return InkBlue
	case app.InkBlack:
		return InkBlack
	}
	return InkPen
}

// Run is text set on one baseline in one font: the unit both the PDF
// writer and the on-screen preview draw, so the preview is what prints.
type Run struct {
	Face  *Face
	Size  float64 // points
	X, Y  float64 // mm from the page's top left: the start of the baseline
	Angle float64 // degrees anticlockwise about (X, Y)
	Ink   Ink
	Text  string // as written (for a right-to-left run, in reading order)
	// Glyphs, when set, are the run shaped (Face.Shape), in visual order:
	// they are drawn instead of setting Text character by character, and
	// Text is kept as an invisible layer for copying and screen readers.
	Glyphs []ShapedGlyph
	words  []wordRef // the glyphs' words, each drawn as one of its renditions
}

// Rule is a thin grey line: a fold mark.
type Rule struct{ X1, Y1, X2, Y2 float64 }

// Page is one printed side of one sheet.
type Page struct {
	Size  Size
	Side  int // 0 the first side, 1 its back
	Runs  []Run
	Rules []Rule
	Marks []Rule // thin black lines: a calibration sheet's crosshairs and rulers
}

// PageWriter takes the pages of a batch as each sheet is complete; a
// page may be reused once WritePage returns.
type PageWriter interface {
	WritePage(p *Page) error
}

// Recipient is one card to lay out: the merged words and the address.
type Recipient struct {
	ContactID int64
	Name      string   // as shown, to name them in a problem
	Card      Card     // front and inside, merged
	Address   []string // name first, then the postal lines
	// Merged are the words the card's fields were filled with (names):
	// each is written alone, so that the words about it stay the
	// phrases every card of a batch shares, and are drawn as one.
	Merged []string
}

// Options are what a batch shares.
type Options struct {
	Layout Layout
	Hand   string // the handwriting font's name
	Jitter bool   // vary each line's baseline, slant and start a little
	// Variation is how much, when Jitter is set: 1 subtle (the default),
	// 2 natural (the margin wanders and lines drift as much again).
	Variation float64
	Ink       Ink // the pen's: InkPen (blue-black), InkBlue or InkBlack
	// Feed turns, scales and moves each page onto the printer's paper
	// as the PDF is written (its calibration); the layout is untouched.
	Feed Feed
	// Start is the slot of the first sheet the first card goes in: a
	// sheet of labels or cards already partly used.
	Start  int
	Return []string // the owner's return address, for envelopes and postcards
	Footer string   // small print on the back of a folded card
	Seed   string   // mixed into each card's variation: the template's name
	Signer string   // how the owner signs ({my_name}): a last line that says it is a signature
}

// Problem is something about one card the user must hear of: a character
// no font has, a message too long for its panel.
type Problem struct {
	ContactID int64
	Name      string
	Message   string
}

func (p Problem) String() string { return p.Name + ": " + p.Message }

// Composer lays cards out onto sheets, a sheet at a time, and hands each
// finished page to a PageWriter; nothing of a card is kept after its
// sheet is written.
type Composer struct {
	opt     Options
	hand    []*Face
	print   []*Face
	out     PageWriter
	pages   []Page
	onSheet int
	// Words' widths in ems, for the hand's chain and the print's, and the
	// hand's words' renditions: kept from card to card.
	emsHand, emsPrint map[string]float64
	words             wordStore
	Problems          []Problem
}

// NewComposer starts a batch.
func NewComposer(book *FontBook, opt Options, out PageWriter) (*Composer, error) {
	if err := book.CheckHand(opt.Hand); err != nil {
		return nil, err
	}
	hand, err := book.chain(opt.Hand)
	if err != nil {
		return nil, err
	}
	print, err := book.chain(book.address)
	if err != nil {
		return nil, err
	}
	c := &Composer{opt: opt, hand: hand, print: print, out: out, pages: make([]Page, opt.Layout.Sides)}
	c.resetSheet()
	if n := opt.Layout.PerSheet(); opt.Start > 0 && n > 1 {
		c.onSheet = opt.Start % n // the slots before it were used
	}
	return c, nil
}

func (c *Composer) resetSheet() {
	for i := range c.pages {
		c.pages[i] = Page{Size: c.opt.Layout.Paper, Side: i, Runs: c.pages[i].Runs[:0], Rules: c.pages[i].Rules[:0]}
	}
	c.onSheet = 0
}

// Add lays out one card; when it fills a sheet, the sheet is written.
func (c *Composer) Add(r Recipient) error {
	slot := c.onSheet
	c.pages[0].Rules = append(c.pages[0].Rules, c.opt.Layout.Folds(slot)...)
	rng := newCardRand(c.opt.Seed, r.ContactID)
	var missing []rune
	for _, p := range c.opt.Layout.Panels(slot) {
		b := block{box: inset(p.Box, p.Kind), panel: p, rng: rng, jitter: c.opt.Jitter, vary: max(c.opt.Variation, 1), ink: c.opt.Ink, store: &c.words, merged: r.Merged}
		switch p.Kind {
		case PanelFront:
			// The greeting large, as on a bought card: the largest size
			// that fits in three lines, a little above the middle.
			b.text, b.faces, b.size, b.min, b.maxLines, b.center, b.middle = r.Card.Front, c.hand, frontMax, 12, 3, true, true
			b.fill = 0.7
			b.box = Rect{b.box.X + b.box.W*0.06, b.box.Y, b.box.W * 0.88, b.box.H} // breathing room either side
		case PanelInside:
			// The message as a hand writes it on a card: as large as the
			// panel lets it be (up to a handwriting size), balanced on the
			// panel, the signature on its own line, set apart.
			b.text, b.faces, b.size, b.min, b.middle, b.signature, b.signer = r.Card.Inside, c.hand, insideMax, 8, true, true, c.opt.Signer
			b.fill = 0.82
		case PanelBack:
			b.text, b.faces, b.size, b.min, b.center, b.bottom = c.opt.Footer, c.hand, 11, 7, true, true
		case PanelAddress:
			b.text, b.faces, b.size, b.min, b.ink, b.jitter = strings.Join(r.Address, "\n"), c.print, 11, 6, InkPrint, false
			b.middle = p.Box.H < 45 // a label: centred; an envelope: from the top of its area
		case PanelReturn:
			b.text, b.faces, b.size, b.min, b.ink, b.jitter = strings.Join(c.opt.Return, "\n"), c.print, 8.5, 6, InkPrint, false
		default:
			continue
		}
		// A batch's words are measured once, whichever card they are on.
		if b.ink == InkPrint {
			b.ems = widths(&c.emsPrint)
		} else {
			b.ems = widths(&c.emsHand)
		}
		runs, miss, fits := b.lay()
		page := &c.pages[p.Side]
		page.Runs = append(page.Runs, runs...)
		missing = append(missing, miss...)
		if !fits {
			c.Problems = append(c.Problems, Problem{r.ContactID, r.Name, app.Tf("The %s is too long for this card stock (%s) and is cut; shorten it.", partName(p.Kind), c.opt.Layout.Name)})
		}
	}
	if len(missing) > 0 {
		c.Problems = append(c.Problems, Problem{r.ContactID, r.Name, app.Tf("No font has %s, so it is left out.", quoteRunes(missing))})
	}
	c.onSheet++
	if c.onSheet == c.opt.Layout.PerSheet() {
		return c.flush()
	}
	return nil
}

// widths is a cache of words' widths, made on first use and bounded: a
// batch of letters to strangers grows it by a name a card.
func widths(m *map[string]float64) map[string]float64 {
	if *m == nil || len(*m) > 20000 {
		*m = map[string]float64{}
	}
	return *m
}

// Close writes the last, partly filled sheet.
func (c *Composer) Close() error {
	if c.onSheet == 0 {
		return nil
	}
	return c.flush()
}

func (c *Composer) flush() error {
	for i := range c.pages {
		if err := c.out.WritePage(&c.pages[i]); err != nil {
			return err
		}
	}
	c.resetSheet()
	return nil
}

// LayOut lays out one card alone, for the preview: its pages (one per
// side) and its problems.
func LayOut(book *FontBook, opt Options, r Recipient) ([]Page, []Problem, error) {
	opt.Start = 0 // the card in the first slot, which the preview shows
	var pages collect
	c, err := NewComposer(book, opt, &pages)
	if err != nil {
		return nil, nil, err
	}
	if err := c.Add(r); err != nil {
		return nil, nil, err
	}
	if err := c.Close(); err != nil {
		return nil, nil, err
	}
	return pages, c.Problems, nil
}

type collect []Page

func (c *collect) WritePage(p *Page) error {
	cp := *p
	cp.Runs = append([]Run(nil), p.Runs...)
	cp.Rules = append([]Rule(nil), p.Rules...)
	*c = append(*c, cp)
	return nil
}

func partName(k PanelKind) string {
	switch k {
	case PanelFront:
		return app.T("greeting")
	case PanelInside:
		return app.T("message")
	case PanelAddress:
		return app.T("address")
	case PanelReturn:
		return app.T("return address")
	}
	return app.T("small print")
}

func quoteRunes(rs []rune) string {
	seen := map[rune]bool{}
	var q []string
	for _, r := range rs {
		if !seen[r] {
			seen[r] = true
			q = append(q, fmt.Sprintf("%q (U+%04X)", string(r), r))
		}
	}
	return strings.Join(q, ", ")
}

// newCardRand is the card's own source of variation: the same card
// (template and contact) varies the same way on every reprint.
func newCardRand(seed string, contactID int64) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(seed))
	return rand.New(rand.NewPCG(h.Sum64(), uint64(contactID)))
}

// inset is the area text may use inside a panel: a margin all round, more
// on the larger panels.
func inset(r Rect, k PanelKind) Rect {
	m := math.Max(4, math.Min(r.W, r.H)*0.08)
	if k == PanelAddress && r.H < 45 {
		m = 3 // a label's text runs close to its edge
	}
	return Rect{r.X + m, r.Y + m, r.W - 2*m, r.H - 2*m}
}

// block is text to set in a box: wrapped, shrunk until it fits.
type block struct {
	text      string
	faces     []*Face
	box       Rect
	panel     Panel
	size, min float64 // points: the size wanted, the smallest allowed
	maxLines  int     // 0 for any
	center    bool    // centre each line across
	middle    bool    // centre the lines down
	bottom    bool    // set the lines at the bottom
	ink       Ink
	jitter    bool
	rng       *rand.Rand
	vary      float64            // how much a jittered line varies: 1 subtle, 2 natural
	fill      float64            // the share of the box's height the lines may take; 0 for all of it
	signature bool               // the last line, after a closing ("With thanks,"), is a signature
	signer    string             // how the owner signs: a last line that is it is a signature too
	ems       map[string]float64 // widths in ems of the words measured so far
	merged    []string           // words of the card's fields (Recipient.Merged)
	store     *wordStore         // the batch's renditions of words
	picked    []picked           // the rendition each word was last written in on this card
}

const leading = 1.3 // line height, in ems

// The largest sizes a hand is set at: a greeting as on a bought card, a
// message as people write on one (Caveat at 26 pt is a hand with letters
// 3.5 mm high); a short message is set at these, a long one smaller.
const (
	frontMax  = 36
	insideMax = 26
)

// Signature: a little larger than the message, on its own line, starting
// some way in, with half a line more space above.
const (
	signatureScale  = 1.15
	signatureIndent = 0.38 // of the box's width
)

// visualRuns are a line's runs in the order they are drawn, left to
// right: its right-to-left stretches (by the Unicode bidirectional
// algorithm) with their runs in reverse. A hand's runs, and any run in a
// script that must be shaped, are shaped (HarfBuzz puts an Arabic or
// Hebrew run's glyphs in visual order itself); an address in the print
// font is set as characters, a right-to-left stretch reversed.
func (b *block) visualRuns(line string, size float64) ([]Run, []rune) {
	var out []Run
	var missing []rune
	for _, seg := range bidiSegments(line) {
		runs, miss := b.split(seg.text, size)
		missing = append(missing, miss...)
		if seg.rtl {
			slices.Reverse(runs)
		}
		for i := range runs {
			r := &runs[i]
			switch {
			case b.shaped(r.Face):
				if sh, err := r.Face.ShapeLine(r.Text); err == nil {
					r.Glyphs = sh.Glyphs
				}
			case seg.rtl:
				r.Text = bidi.ReverseString(r.Text)
			}
		}
		out = append(out, runs...)
	}
	return out, missing
}

// shaped tells whether the block's text in face f is shaped and drawn as
// glyphs: all handwriting is, so that it can vary letter by letter; the
// print font only where its script needs it.
func (b *block) shaped(f *Face) bool { return b.ink != InkPrint || f.shapes }

// bidiSegment is a stretch of a line in one direction.
type bidiSegment struct {
	text string // in reading order
	rtl  bool
}

// bidiSegments cuts a line into its stretches of one direction, in the
// order they are drawn; a line with no right-to-left letters is one.
func bidiSegments(line string) []bidiSegment {
	if !hasRTL(line) {
		return []bidiSegment{{text: line}}
	}
	var p bidi.Paragraph
	if _, err := p.SetString(line); err != nil {
		return []bidiSegment{{text: line}}
	}
	o, err := p.Order()
	if err != nil {
		return []bidiSegment{{text: line}}
	}
	var out []bidiSegment
	for i := 0; i < o.NumRuns(); i++ {
		r := o.Run(i)
		out = append(out, bidiSegment{text: r.String(), rtl: r.Direction() == bidi.RightToLeft})
	}
	return out
}

func hasRTL(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko) {
			return true
		}
	}
	return false
}

// paragraphGap is the height of an empty line between paragraphs, in
// lines: a hand leaves a smaller gap than a whole line.
const paragraphGap = 0.6

// lineCount is how many lines' height lines take, an empty one counting
// as a paragraph's gap.
func lineCount(lines []string) float64 {
	n := 0.0
	for _, l := range lines {
		if l == "" {
			n += paragraphGap
		} else {
			n++
		}
	}
	return n
}

// splitSignature takes the signature off the end of a message: a short
// last line after a closing line ending in a comma or dash ("With
// thanks,\nSam"), or a last line that is how the owner signs (signer).
// ok is false when the message has none.
func splitSignature(text, signer string) (body, sig string, ok bool) {
	cut := strings.LastIndexByte(text, '\n')
	if cut < 0 {
		return text, "", false
	}
	body, sig = strings.TrimRight(text[:cut], " \t"), strings.TrimSpace(text[cut+1:])
	closing := body[strings.LastIndexByte(body, '\n')+1:]
	closing = strings.TrimSpace(closing)
	if sig != "" && body != "" && strings.TrimSpace(signer) != "" && sig == strings.TrimSpace(signer) {
		return body, sig, true
	}
	if sig == "" || len([]rune(sig)) > 40 || closing == "" || !strings.HasSuffix(closing, ",") && !strings.HasSuffix(closing, "—") && !strings.HasSuffix(closing, "-") {
		return text, "", false
	}
	return body, sig, true
}

// lay sets the block: its runs, the characters no font has, and whether
// the text fit.
func (b *block) lay() ([]Run, []rune, bool) {
	text := strings.TrimSpace(strings.ReplaceAll(b.text, "\r\n", "\n"))
	if text == "" {
		return nil, nil, true
	}
	sig, hasSig := "", false
	if b.signature {
		text, sig, hasSig = splitSignature(text, b.signer)
	}
	room := b.box.H
	if b.fill > 0 {
		room *= b.fill
	}
	// extra is what the signature adds below the message, in lines of
	// the message's height: half a line of space and its own line.
	extra := 0.0
	if hasSig {
		extra = 0.5 + signatureScale
	}
	words := b.words(text)
	fitsAt := func(size float64) bool {
		lines, height, ok := b.count(words, size)
		if !ok || hasSig && b.width(sig, size*signatureScale) > b.box.W*(1-signatureIndent) {
			return false // a word must be cut, or the signature does not fit its place: wrap for real
		}
		return (height+extra)*size*leading*ptToMM <= room && (b.maxLines == 0 || lines <= b.maxLines)
	}
	tryAt := func(size float64) ([]string, bool) {
		lines := b.wrap(text, size)
		n := lineCount(lines) + extra
		if hasSig && b.width(sig, size*signatureScale) > b.box.W*(1-signatureIndent) {
			return lines, false // the signature does not fit its place at this size
		}
		return lines, n*size*leading*ptToMM <= room && (b.maxLines == 0 || len(lines) <= b.maxLines)
	}
	// The largest size, in half points from the smallest allowed up to
	// the size wanted, at which the text fits: a larger size never takes
	// fewer lines, so a binary search finds it in a few wraps.
	steps := int(math.Round((b.size - b.min) / 0.5))
	size := b.size
	var lines []string
	fits := fitsAt(size)
	if fits {
		lines, fits = tryAt(size)
	}
	if !fits && steps > 0 {
		lo, hi := 0, steps-1 // sizes min+lo*0.5 … min+hi*0.5 are left to try
		best := -1
		for lo <= hi {
			mid := (lo + hi) / 2
			if fitsAt(b.min + float64(mid)*0.5) {
				best, lo = mid, mid+1
			} else {
				hi = mid - 1
			}
		}
		if best >= 0 {
			size = b.min + float64(best)*0.5
			lines, fits = tryAt(size)
		} else {
			size = b.min
			lines, _ = tryAt(size)
		}
	}
	lh := size * leading * ptToMM
	if fits && b.center && len(lines) > 1 {
		lines = b.balance(text, size, lines)
	}
	if !fits {
		keep := len(lines)
		for keep > 1 && (lineCount(lines[:keep])+extra)*lh > b.box.H {
			keep--
		}
		lines = lines[:keep]
	}
	top := b.box.Y
	height := (lineCount(lines) + extra) * lh
	switch {
	case b.middle:
		// Balanced a little above the middle, where the eye puts the
		// centre of a page.
		top += (b.box.H - height) * 0.45
	case b.bottom:
		top += b.box.H - height
	}
	var runs []Run
	var missing []rune
	// A hand's lines run a little uphill or down together (by up to 0.7°
	// subtle), each a little more or less than the others, by no more
	// than keeps it clear of the next: a line's end moves up or down
	// against its neighbour's by a twentieth of a line at most.
	slope := 0.0
	if b.jitter {
		slope = (b.rng.Float64() - 0.5) * 1.4 * b.vary
	}
	for i, line := range lines {
		w := b.width(line, size)
		x := b.box.X
		if b.center {
			x += (b.box.W - w) / 2
		}
		y := top + lineCount(lines[:i])*lh + size*ptToMM // the baseline: an em below the line's top
		angle := 0.0
		if b.jitter {
			// The line starts a little in or out (a margin that
			// wanders) and sits a little high or low, by up to 0.4 mm
			// and 0.15 mm subtle.
			x += (b.rng.Float64() - 0.5) * 0.8 * b.vary
			y += (b.rng.Float64() - 0.5) * 0.3 * b.vary
			own := math.Atan(0.05*lh/max(w, lh)) * 180 / math.Pi
			angle = slope + (b.rng.Float64()-0.5)*2*own
		}
		runs, missing = b.place(runs, missing, line, size, x, y, angle)
	}
	if hasSig && fits {
		sigSize := size * signatureScale
		x := b.box.X + b.box.W*signatureIndent
		y := top + (lineCount(lines)+0.5)*lh + sigSize*ptToMM
		angle := 0.0
		if b.jitter {
			x += (b.rng.Float64() - 0.5) * 1.2
			angle = (b.rng.Float64() - 0.5) * 2.5 // a signature slants more
		}
		runs, missing = b.place(runs, missing, sig, sigSize, x, y, angle)
	}
	return runs, missing, fits
}

// place sets one line from (x, y) along angle, in as many runs as it
// takes fonts, each hand's run written word by word (writeWords).
func (b *block) place(runs []Run, missing []rune, line string, size, x, y, angle float64) ([]Run, []rune) {
	lineRuns, miss := b.visualRuns(line, size)
	missing = append(missing, miss...)
	room := (b.box.X + b.box.W - x) / (size * ptToMM) // ems to the box's right edge
	pen := 0.0
	for _, r := range lineRuns {
		rad := angle * math.Pi / 180
		r.X, r.Y, r.Angle = x+pen*math.Cos(rad), y-pen*math.Sin(rad), angle
		if r.Glyphs != nil {
			var adv float64
			r.Glyphs, r.words, adv = b.varyRun(r.Face, []rune(r.Text), r.Glyphs, (room-pen/(size*ptToMM))*size/r.Size)
			pen += adv * r.Size * ptToMM
		} else {
			pen += b.width(r.Text, size)
		}
		runs = append(runs, b.turn(r))
	}
	return runs, missing
}

// How much each letter of a hand varies, at the subtle setting (the
// natural one doubles it): its size by up to ±2.5 %, its slant by up to
// ±1.5°, its height on the line and its spacing by up to ±0.015 em.
const (
	varyScale = 0.05
	varyTurn  = 3
	varyRise  = 0.03
	varySpace = 0.03
)

// altShare is how often a letter takes the font's other form where it
// is not repeated: now and then, as a hand's letters differ.
const altShare = 0.25

// varyRun makes a run's glyphs differ as a hand's letters do, word by
// word (writeWords, which takes each word's letters from one of its
// renditions, varied by varyGlyphs); a line that would then run past
// the box (room, in ems) is set again without the spacing's variation.
// A hand whose letters join is not varied: it would break the strokes
// between them.
func (b *block) varyRun(f *Face, text []rune, gs []ShapedGlyph, room float64) ([]ShapedGlyph, []wordRef, float64) {
	v := b.vary
	if !b.jitter || f.joins {
		v = 0
	}
	var out []ShapedGlyph
	var refs []wordRef
	var adv float64
	for _, spacing := range []float64{1, 0} {
		if out, refs, adv = b.writeWords(f, text, gs, v, spacing); adv <= room || v == 0 {
			break
		}
	}
	return out, refs, adv
}

// varyGlyphs varies gs in place by rolls (five in [-0.5, 0.5) a glyph)
// at amount v, the spacing's variation times spacing, and returns the
// run's advance in ems. A letter written twice running takes the font's
// other form of it, and now and then one not repeated does; each letter
// is a little larger or smaller, turned, higher or lower, and nearer or
// further from the last. No letter is let overlap the one before more
// than the font itself sets them (it is moved along instead).
func varyGlyphs(f *Face, gs []ShapedGlyph, rolls [][5]float64, v, spacing float64) float64 {
	pen, natural := 0.0, 0.0 // the pen as varied, and as the font alone sets it
	last := -1               // the last glyph that draws
	var lastRight, lastOwn float64
	turn, scale, rise := 0.0, 1.0, 0.0
	for i := range gs {
		g := &gs[i]
		if !g.Blank && g.Alt != 0 {
			id, adv := g.ID, g.XAdvance
			if rolls[i][4]+0.5 < altShare && (i+1 == len(gs) || gs[i+1].ID != g.Alt) { // not the form the next letter takes
				id, adv = g.Alt, g.AltAdvance
			}
			if last >= 0 && gs[last].ID == id { // the same form twice running: the other one
				if id == g.ID {
					id, adv = g.Alt, g.AltAdvance
				} else {
					id, adv = g.ID, g.XAdvance
				}
			}
			g.ID, g.XAdvance = id, adv
		}
		g.natural = g.XAdvance
		if g.Blank {
			natural += g.XAdvance
			g.XAdvance += rolls[i][3] * varySpace * v * spacing * 2 // a space between words varies more
			pen += g.XAdvance
			continue
		}
		if i == 0 || g.Cluster != gs[i-1].Cluster { // a mark varies with its letter
			rl := rolls[i]
			scale, turn, rise = 1+rl[0]*varyScale*v, rl[1]*varyTurn*v, rl[2]*varyRise*v
			g.XAdvance = g.natural*scale + rl[3]*varySpace*v*spacing
		}
		g.Scale, g.Turn = scale, turn
		g.YOffset += rise
		if box := f.box(g.ID); !box.Empty {
			left, right := turnedSpan(box, scale, turn)
			if last >= 0 {
				// This glyph may come as close to the last as the font
				// sets them, never closer: it is moved along instead.
				allowed := max(lastOwn-(natural+g.XOffset+box.X0), 0)
				if over := lastRight - (pen + g.XOffset + left); over > allowed {
					gs[i-1].XAdvance += over - allowed
					pen += over - allowed
				}
			}
			lastRight, lastOwn, last = pen+g.XOffset+right, natural+g.XOffset+box.X1, i
		}
		pen, natural = pen+g.XAdvance, natural+g.natural
	}
	return pen
}

// turnedSpan is how far left and right of its origin a glyph's ink
// reaches, scaled by s and turned by deg degrees anticlockwise.
func turnedSpan(b glyphBox, s, deg float64) (left, right float64) {
	sin, cos := math.Sincos(deg * math.Pi / 180)
	left, right = math.Inf(1), math.Inf(-1)
	for _, p := range [4][2]float64{{b.X0, b.Y0}, {b.X0, b.Y1}, {b.X1, b.Y0}, {b.X1, b.Y1}} {
		x := (p[0]*cos - p[1]*sin) * s
		left, right = min(left, x), max(right, x)
	}
	return left, right
}

// turn places a run laid out upright into a panel printed upside down.
func (b *block) turn(r Run) Run {
	if !b.panel.Rotated {
		return r
	}
	p := b.panel.Box
	r.X = p.X + p.W - (r.X - p.X)
	r.Y = p.Y + p.H - (r.Y - p.Y)
	r.Angle += 180
	return r
}

// face picks the first font that draws r; nil when none does. An
// address is set as PDF text, which gofpdf keeps to the Basic
// Multilingual Plane.
func (b *block) face(r rune) (*Face, float64) {
	if r > 0xffff && b.ink == InkPrint {
		return nil, 0
	}
	for _, f := range b.faces {
		if a, ok := f.Advance(r); ok {
			return f, a
		}
	}
	return nil, 0
}

// scale is the size a font the hand lacks a letter for is set at,
// against the hand's: a hand for another script, or one with taller
// small letters, is set so that its small letters stand as tall as the
// hand's (Playpen Sans's Greek would otherwise stand a third taller than
// Caveat's Latin beside it), never larger, and not below 70 %. An
// address's fonts are set at one size.
func (b *block) scale(f *Face) float64 {
	if b.ink == InkPrint || len(b.faces) == 0 || f == b.faces[0] {
		return 1
	}
	hx, hc := b.faces[0].heights()
	fx, fc := f.heights()
	k := 1.0
	switch {
	case hx > 0 && fx > 0:
		k = hx / fx
	case hc > 0 && fc > 0:
		k = hc / fc
	}
	return min(max(k, 0.7), 1)
}

// width is how wide text is set at size points, in mm. Widths in ems
// are kept, as a block is wrapped at several sizes.
func (b *block) width(text string, size float64) float64 {
	if w, ok := b.ems[text]; ok {
		return w * size * ptToMM
	}
	w := 0.0
	var shaped strings.Builder // a stretch in a face that shapes: measured shaped, as it is drawn
	var shapedFace *Face
	flush := func() {
		if shaped.Len() > 0 {
			if sh, err := shapedFace.ShapeLine(shaped.String()); err == nil {
				w += sh.Advance * b.scale(shapedFace)
			}
			shaped.Reset()
		}
	}
	for _, r := range text {
		f, a := b.face(r)
		if f != nil && b.shaped(f) {
			if f != shapedFace {
				flush()
				shapedFace = f
			}
			shaped.WriteRune(r)
			continue
		}
		flush()
		if f != nil {
			w += a * b.scale(f)
		}
	}
	flush()
	if b.ems == nil {
		b.ems = map[string]float64{}
	}
	b.ems[text] = w
	return w * size * ptToMM
}

// split cuts a line into runs, one per stretch set in the same font;
// characters no font has are left out and returned.
func (b *block) split(line string, size float64) ([]Run, []rune) {
	var runs []Run
	var missing []rune
	var cur *Face
	var sb strings.Builder
	emit := func() {
		if sb.Len() > 0 {
			runs = append(runs, Run{Face: cur, Size: size * b.scale(cur), Ink: b.ink, Text: sb.String()})
			sb.Reset()
		}
	}
	for _, r := range line {
		if r == 0xfe0f || r == 0xfe0e || r == 0x200d {
			continue // emoji presentation and joiners: hints, drawn by no font of their own
		}
		f, _ := b.face(r)
		if f == nil {
			missing = append(missing, r)
			continue
		}
		if f != cur && !(unicode.IsSpace(r) && cur != nil) {
			emit()
			cur = f
		}
		sb.WriteRune(r)
	}
	emit()
	return runs, missing
}

// words are a text's paragraphs, each as its words' widths in ems.
func (b *block) words(text string) [][]float64 {
	var paras [][]float64
	for _, para := range strings.Split(text, "\n") {
		var ws []float64
		for _, w := range strings.Fields(para) {
			ws = append(ws, b.width(w, 1)/ptToMM)
		}
		paras = append(paras, ws)
	}
	return paras
}

// count is how many lines wrap makes of words at size, and their height
// in lines (an empty one a paragraph's gap), without making the lines:
// the search for a size asks it many times. ok is false when a word is
// wider than the box and would be cut (wrap counts that).
func (b *block) count(paras [][]float64, size float64) (lines int, height float64, ok bool) {
	limit := b.measure() / (size * ptToMM) // the box's width in ems at size
	space := b.width(" ", 1) / ptToMM
	for _, ws := range paras {
		if len(ws) == 0 {
			lines++
			height += paragraphGap
			continue
		}
		lineW := -1.0
		for _, w := range ws {
			if w > limit {
				return 0, 0, false
			}
			if lineW >= 0 && lineW+space+w <= limit {
				lineW += space + w
				continue
			}
			lines++
			height++
			lineW = w
		}
	}
	return lines, height, true
}

// measure is the width lines are wrapped to: the box's, less a little
// where the hand varies, whose letters may take more room than the
// font's.
func (b *block) measure() float64 {
	if b.jitter {
		return b.box.W * (1 - 0.015*b.vary)
	}
	return b.box.W
}

// wrap breaks text into lines no wider than the box at size points, at
// spaces, and inside a word only when the word alone is too wide (as
// Chinese and Japanese, written without spaces, need).
func (b *block) wrap(text string, size float64) []string {
	return b.wrapTo(text, size, b.measure())
}

// wrapTo is wrap to a width of limit mm.
func (b *block) wrapTo(text string, size, limit float64) []string {
	space := b.width(" ", size)
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		para = strings.TrimRight(para, " \t")
		if para == "" {
			lines = append(lines, "")
			continue
		}
		line, lineW := "", 0.0
		for _, word := range strings.Fields(para) {
			ww := b.width(word, size)
			switch {
			case line == "" && ww <= limit:
				line, lineW = word, ww
				continue
			case line != "" && lineW+space+ww <= limit:
				line, lineW = line+" "+word, lineW+space+ww
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			for ww > limit {
				cut := b.fitPrefix(word, size, limit)
				lines = append(lines, word[:cut])
				word = word[cut:]
				ww = b.width(word, size)
			}
			line, lineW = word, ww
		}
		lines = append(lines, line)
	}
	return lines
}

// balance wraps centred lines as evenly as they go in as many lines:
// "Thank you, / Δήμητρα! 🎉" as a card is lettered, not a line and a
// word left over. It finds the narrowest width that takes no more
// lines.
func (b *block) balance(text string, size float64, lines []string) []string {
	lo, hi := 0.0, b.measure()
	for _, w := range strings.Fields(text) {
		lo = max(lo, b.width(w, size))
	}
	best := lines
	for range 12 {
		mid := (lo + hi) / 2
		if got := b.wrapTo(text, size, mid); len(got) <= len(lines) {
			best, hi = got, mid
		} else {
			lo = mid
		}
	}
	return best
}

// fitPrefix is how many bytes of word fit in limit: at least one
// character, so wrapping always moves on.
func (b *block) fitPrefix(word string, size, limit float64) int {
	w, cut := 0.0, 0
	for i, r := range word {
		f, a := b.face(r)
		if f != nil {
			a *= b.scale(f)
		}
		w += a * size * ptToMM
		if w > limit && i > 0 {
			return i
		}
		cut = i + len(string(r))
	}
	return cut
}
