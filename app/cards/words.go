package cards

import (
	"math"
	"strings"
)

// A hand's word is varied letter by letter once for each of a few
// renditions, and each time a card writes the word it takes one of
// them, at random from the card's own source: a batch repeats its
// template's words on every card, so each rendition is worked out once
// and drawn into the PDF once, as one form placed wherever a card uses
// it (a word, not its letters, is what a page then places). The word's
// place on the line, the space before it and its height on the line
// vary card by card on top.
const renditions = 8

// wordsTogether is how many words, at most, are written as one: a
// phrase of the template ("Thank you for") is then one form placed, not
// three, and the space between its words varies with its rendition.
const wordsTogether = 3

// rendition is one way of writing a word: its glyphs varied (varyGlyphs)
// with the pen at the word's start, their clusters counted from the
// word's first glyph's.
type rendition struct {
	face        *Face
	shaped      []uint32 // the word as shaped (its glyphs, and each one's cluster in it): what it is a rendition of
	glyphs      []ShapedGlyph
	advance     float64 // ems
	left, right float64 // how far left and right of the start its ink reaches, ems
	ink         bool    // it draws something
	// The PDF that has drawn it, and its form there once drawn twice.
	pdf  *PDF
	form *glyphForm
}

// renditionKey finds a word's rendition: the word is known by a hash
// of its shaped glyphs (compared in full on a hit).
type renditionKey struct {
	face    *Face
	hash    uint64
	n       int
	k       int     // which rendition
	vary    float64 // the variation's amount (0: none)
	spacing float64 // the share of the spacing's variation (1, or 0 where a line is tight)
}

// wordStore keeps a batch's renditions, bounded: letters to strangers
// add a name a card. It keeps two generations: when the newer is full,
// it becomes the older, and a rendition found only in the older is
// brought into the newer, so a template's words stay while names used
// once are let go.
type wordStore struct {
	cur, old map[renditionKey]*rendition
}

const wordStoreMax = 1000

func (s *wordStore) get(f *Face, word []ShapedGlyph, hash uint64, k int, v, spacing float64) *rendition {
	key := renditionKey{f, hash, len(word), k, v, spacing}
	if r, ok := s.cur[key]; ok && r.is(word) {
		return r
	}
	r, ok := s.old[key]
	if !ok || !r.is(word) {
		r = newRendition(f, word, hash, k, v, spacing)
	}
	if s.cur == nil || len(s.cur) >= wordStoreMax {
		s.old, s.cur = s.cur, make(map[renditionKey]*rendition, wordStoreMax)
	}
	s.cur[key] = r
	return r
}

// is tells whether the rendition is one of word: the same glyphs for
// the same characters (their places follow from them, as the hash does).
func (r *rendition) is(word []ShapedGlyph) bool {
	if len(r.shaped) != len(word) {
		return false
	}
	for i, g := range word {
		if r.shaped[i] != fingerprint(g, word[0].Cluster) {
			return false
		}
	}
	return true
}

func fingerprint(g ShapedGlyph, base int) uint32 {
	return uint32(g.ID)<<16 | uint32(g.Cluster-base)&0xfff<<4 | uint32(g.Runes)&0xf
}

// hashShaped is a word's glyphs' hash: their IDs, clusters and
// places, mixed a word at a time (as SplitMix64 mixes).
func hashShaped(word []ShapedGlyph) uint64 {
	h := uint64(len(word)) * 0x9e3779b97f4a7c15
	mix := func(v uint64) {
		h ^= v
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 31
	}
	for _, g := range word {
		mix(uint64(g.ID) | uint64(g.Runes)<<16 | uint64(g.Alt)<<32 | uint64(g.Cluster-word[0].Cluster)<<48)
		mix(math.Float64bits(g.XAdvance))
		mix(math.Float64bits(g.XOffset) ^ math.Float64bits(g.YOffset)<<1)
	}
	return h
}

// newRendition varies a word as the k-th rendition: its rolls come from
// the word and k alone, so a rendition is the same whichever card (or
// batch) writes it.
func newRendition(f *Face, word []ShapedGlyph, hash uint64, k int, v, spacing float64) *rendition {
	base := word[0].Cluster
	r := &rendition{face: f, shaped: make([]uint32, len(word))}
	for i, g := range word {
		r.shaped[i] = fingerprint(g, base)
	}
	r.glyphs = append([]ShapedGlyph(nil), word...)
	for i := range r.glyphs {
		r.glyphs[i].Cluster -= base
	}
	if v > 0 {
		src := splitmix{hash ^ uint64(k+1)*0x9e3779b97f4a7c15}
		rolls := make([][5]float64, len(word))
		for i := range rolls {
			for j := range rolls[i] {
				rolls[i][j] = src.float() - 0.5
			}
		}
		r.advance = varyGlyphs(f, r.glyphs, rolls, v, spacing)
	} else {
		for i := range r.glyphs {
			r.glyphs[i].natural = r.glyphs[i].XAdvance
			r.advance += r.glyphs[i].XAdvance
		}
	}
	r.left, r.right = math.Inf(1), math.Inf(-1)
	pen := 0.0
	for _, g := range r.glyphs {
		if box := f.box(g.ID); !g.Blank && !box.Empty {
			sc := g.Scale
			if sc == 0 {
				sc = 1
			}
			l, rt := turnedSpan(box, sc, g.Turn)
			r.left, r.right, r.ink = min(r.left, pen+g.XOffset+l), max(r.right, pen+g.XOffset+rt), true
		}
		pen += g.XAdvance
	}
	return r
}

// splitmix is SplitMix64: a small, fast source of a rendition's rolls.
type splitmix struct{ s uint64 }

func (m *splitmix) float() float64 {
	m.s += 0x9e3779b97f4a7c15
	z := m.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

// wordRef is a word of a run drawn as one of its renditions: the run's
// glyphs First to First+N are the rendition's, its start at (X, Y) in
// ems along and above the run's baseline.
type wordRef struct {
	First, N int
	X, Y     float64
	r        *rendition
}

// writeWords sets a run's glyphs (in visual order, as shaped) word by
// word, each word as a rendition the card picks (never the one it wrote
// that word with last), spaces varied a little, each word a little
// higher or lower, and moved along where its ink would touch the word
// before. It returns the glyphs as drawn, the words, and the run's
// advance in ems.
func (b *block) writeWords(f *Face, text []rune, gs []ShapedGlyph, v, spacing float64) ([]ShapedGlyph, []wordRef, float64) {
	out := make([]ShapedGlyph, 0, len(gs))
	var refs []wordRef
	pen, lastRight, inked := 0.0, 0.0, false
	for i := 0; i < len(gs); {
		if gs[i].Blank {
			g := gs[i]
			g.natural = g.XAdvance
			if v > 0 {
				g.XAdvance += (b.rng.Float64() - 0.5) * varySpace * v * spacing * 2
			}
			out = append(out, g)
			pen += g.XAdvance
			i++
			continue
		}
		// A few words at a time, with the single spaces between them; a
		// word the card's fields filled in (a name) alone.
		j := wordEnd(gs, i)
		if !b.isMerged(text, gs[i:j]) {
			for n := 1; n < wordsTogether && j+1 < len(gs) && gs[j].Blank && !gs[j+1].Blank; n++ {
				next := wordEnd(gs, j+1)
				if b.isMerged(text, gs[j+1:next]) {
					break
				}
				j = next
			}
		}
		word := gs[i:j]
		hash := hashShaped(word)
		k, rise := 0, 0.0
		if v > 0 {
			k = b.pick(hash)
			rise = (b.rng.Float64() - 0.5) * varyRise * v * 0.5
		}
		r := b.store.get(f, word, hash, k, v, spacing)
		if r.ink {
			if inked && pen+r.left < lastRight {
				// Its ink would touch the last word's: moved along.
				if len(out) > 0 {
					out[len(out)-1].XAdvance += lastRight - (pen + r.left)
				}
				pen = lastRight - r.left
			}
			lastRight, inked = pen+r.right, true
		}
		refs = append(refs, wordRef{First: len(out), N: len(r.glyphs), X: pen, Y: rise, r: r})
		base := word[0].Cluster
		for _, g := range r.glyphs {
			g.Cluster += base
			g.YOffset += rise
			out = append(out, g)
		}
		pen += r.advance
		i = j
	}
	return out, refs, pen
}

// wordEnd is where the word starting at i ends: the next space.
func wordEnd(gs []ShapedGlyph, i int) int {
	for i < len(gs) && !gs[i].Blank {
		i++
	}
	return i
}

// isMerged tells whether a word (its glyphs, drawing text's runes)
// holds a word the card's fields were filled with.
func (b *block) isMerged(text []rune, word []ShapedGlyph) bool {
	if len(b.merged) == 0 {
		return false
	}
	lo, hi := len(text), 0
	for _, g := range word {
		lo, hi = min(lo, g.Cluster), max(hi, g.Cluster+max(g.Runes, 1))
	}
	if lo >= hi || hi > len(text) {
		return false
	}
	w := string(text[lo:hi])
	for _, m := range b.merged {
		if strings.Contains(w, m) {
			return true
		}
	}
	return false
}

// pick is which rendition a card writes a word in: at random, but not
// the one it wrote the same word in last.
func (b *block) pick(hash uint64) int {
	k := b.rng.IntN(renditions)
	for i := range b.picked {
		if b.picked[i].hash == hash {
			if b.picked[i].k == k {
				k = (k + 1) % renditions
			}
			b.picked[i].k = k
			return k
		}
	}
	b.picked = append(b.picked, picked{hash, k})
	return k
}

type picked struct {
	hash uint64
	k    int
}
