package ui

import (
	"image"
	"image/draw"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

// previewPxPerMM is the preview's resolution: sharp on a laptop screen,
// quick to draw as the user types.
const previewPxPerMM = 4

// loadWords fills the entries with the shown person's words.
func (t *cardsTab) loadWords() {
	if t.current < 0 || t.current >= len(t.people) {
		t.setWords(cards.Card{}, false)
		t.showPreview()
		return
	}
	b, err := t.batch()
	if err != nil {
		showError(err, t.window)
		return
	}
	r, _, err := b.Recipient(t.person(t.current))
	if err != nil {
		showError(err, t.window)
		return
	}
	t.setWords(r.Card, true)
	t.showPreview()
}

// setWords fills the entries from code: not typing, so not an edit.
func (t *cardsTab) setWords(c cards.Card, enabled bool) {
	t.loading = true
	defer func() { t.loading = false }()
	t.front.SetText(c.Front)
	t.inside.SetText(c.Inside)
	for _, e := range []*widget.Entry{t.front, t.inside} {
		if enabled {
			e.Enable()
		} else {
			e.Disable()
		}
	}
}

// onWordsTyped keeps the words as this person's own and redraws the
// preview once typing pauses, showing the panel typed in.
func (t *cardsTab) onWordsTyped(panel cards.PanelKind) {
	if t.loading || t.current < 0 || t.current >= len(t.people) {
		return
	}
	t.showPanelTyped(panel)
	t.edits[t.people[t.current].ContactID] = cards.Card{Front: t.front.Text, Inside: t.inside.Text}
	t.list.RefreshItem(t.current)
	if t.pending != nil {
		t.pending()
	}
	t.pending = afterDelay(120*time.Millisecond, t.showPreview)
}

func (t *cardsTab) onRevert() {
	if t.current < 0 || t.current >= len(t.people) {
		return
	}
	delete(t.edits, t.people[t.current].ContactID)
	t.list.RefreshItem(t.current)
	t.loadWords()
}

// showPreview draws the shown person's card from the same layout that
// prints, as the view and zoom above it say: the whole card, or one of
// its panels turned upright.
func (t *cardsTab) showPreview() {
	if t.loading || t.preview == nil {
		return
	}
	t.printButton.Disable()
	t.pdfButton.Disable()
	if t.current < 0 || t.current >= len(t.people) || t.font.Selected == "" {
		t.preview.Image = image.NewRGBA(image.Rect(0, 0, 1, 1))
		t.fitPreview()
		t.problems.SetText("")
		t.problems.Hide()
		return
	}
	b, err := t.batch()
	if err != nil {
		showError(err, t.window)
		return
	}
	r, empty, err := b.Recipient(t.person(t.current))
	if err != nil {
		showError(err, t.window)
		return
	}
	pages, problems, err := cards.LayOut(t.book, b.Options(), r)
	if err != nil {
		showError(err, t.window)
		return
	}
	t.preview.Image = previewImage(pages, b.Layout, t.shownPanel(), t.previewScale())
	t.fitPreview()
	var notes []string
	if len(empty) > 0 {
		notes = append(notes, app.Tf("Nothing to fill %s with for them, so this card is held back: change the words below, or leave them out.", strings.Join(empty, ", ")))
	}
	for _, p := range problems {
		notes = append(notes, p.Message)
	}
	t.problems.SetText(strings.Join(notes, "\n"))
	t.problems.Hidden = len(notes) == 0
	t.problems.Refresh()
	t.printButton.Enable()
	t.pdfButton.Enable()
}

// previewImage is the card drawn at pxPerMM: the whole card (every side
// of its sheet next to each other, cut to the card), or the panel of
// that kind alone, turned upright when it prints upside down.
func previewImage(pages []cards.Page, l cards.Layout, panel cards.PanelKind, pxPerMM float64) image.Image {
	if panel != "" {
		for _, p := range l.Panels(0) {
			if p.Kind != panel || p.Side >= len(pages) {
				continue
			}
			img := cards.Rasterize(&pages[p.Side], p.Box, pxPerMM)
			if p.Rotated {
				turnOver(img)
			}
			return img
		}
	}
	slot := l.Slot(0)
	var imgs []*image.RGBA
	for i := range pages {
		imgs = append(imgs, cards.Rasterize(&pages[i], slot, pxPerMM))
	}
	if len(imgs) == 1 {
		return imgs[0]
	}
	gap := int(3 * pxPerMM)
	w, h := 0, 0
	for _, im := range imgs {
		w += im.Bounds().Dx() + gap
		h = max(h, im.Bounds().Dy())
	}
	out := image.NewRGBA(image.Rect(0, 0, w-gap, h))
	x := 0
	for _, im := range imgs {
		r := im.Bounds().Add(image.Pt(x, 0))
		draw.Draw(out, r, im, image.Point{}, draw.Src)
		x += im.Bounds().Dx() + gap
	}
	return out
}

// turnOver turns an image half a turn, in place.
func turnOver(img *image.RGBA) {
	pix, n := img.Pix, len(img.Pix)/4
	for i := 0; i < n/2; i++ {
		a, b := pix[i*4:i*4+4], pix[(n-1-i)*4:(n-i)*4]
		for k := 0; k < 4; k++ {
			a[k], b[k] = b[k], a[k]
		}
	}
}
