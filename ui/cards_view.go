package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

// previewView is one way the preview shows a card: the whole of it, or
// one panel alone (the greeting, the message, the address).
type previewView struct {
	label string
	panel cards.PanelKind // "" for the whole card
}

// wholeCard names the view of the whole card; panelViews are the panels
// a view can show alone, in the order offered, named as the words below
// the preview name them (both worded by initChoices).
var (
	wholeCard  string
	panelViews []previewView
)

// viewsOf are the views a layout offers: the whole card, then each of
// its panels when it has more than one worth showing alone.
func viewsOf(l cards.Layout) []previewView {
	out := []previewView{{wholeCard, ""}}
	for _, v := range panelViews {
		for _, p := range l.Panels(0) {
			if p.Kind == v.panel {
				out = append(out, v)
				break
			}
		}
	}
	if len(out) < 3 {
		return out[:1] // one panel: the whole card is that panel
	}
	return out
}

// defaultView is the view a layout opens on: a folded card or a
// postcard shows its message (the whole sheet is small on screen), a
// flat card the whole of it.
func defaultView(l cards.Layout) string {
	if l.IsCard() && (l.Sides == 2 || l.Folds(0) != nil) {
		return panelViews[1].label // the message
	}
	return wholeCard
}

// zoomSteps are the preview's sizes: 0 fits the pane; 1 is the card as
// large as it is on paper (a millimetre is 96/25.4 of Fyne's units).
var zoomSteps = []float64{0, 1, 1.5, 2, 3}

const unitsPerMM = 96 / 25.4

// setViews offers the views of the layout chosen, keeping the one shown
// when the new layout has it.
func (t *cardsTab) setViews() {
	l := t.selectedLayout()
	want := t.view.Selected
	if t.viewLayout != l.Name {
		want = defaultView(l)
		t.viewLayout = l.Name
	}
	t.views = viewsOf(l)
	labels := make([]string, len(t.views))
	found := false
	for i, v := range t.views {
		labels[i] = v.label
		found = found || v.label == want
	}
	if !found {
		want = wholeCard
	}
	t.view.OnChanged = nil
	t.view.SetOptions(labels)
	t.view.SetSelected(want)
	t.view.OnChanged = func(string) { t.showPreview() }
	if len(labels) < 2 {
		t.view.Hide()
	} else {
		t.view.Show()
	}
}

// shownPanel is the panel the preview shows alone, or "" for the whole
// card.
func (t *cardsTab) shownPanel() cards.PanelKind {
	for _, v := range t.views {
		if v.label == t.view.Selected {
			return v.panel
		}
	}
	return ""
}

// showPanelTyped shows the panel whose words are being typed, when the
// preview shows one panel alone: the preview follows the typing.
func (t *cardsTab) showPanelTyped(panel cards.PanelKind) {
	if t.shownPanel() == "" || t.shownPanel() == panel {
		return
	}
	for _, v := range t.views {
		if v.panel == panel {
			t.view.SetSelected(v.label) // redraws
			return
		}
	}
}

// previewScale is how many pixels a millimetre of the card is drawn
// with: sharp when fitted to the pane, and on screen pixels when zoomed.
func (t *cardsTab) previewScale() float64 {
	z := zoomSteps[t.zoom]
	if z == 0 {
		return previewPxPerMM
	}
	return z * unitsPerMM * float64(t.canvasScale())
}

func (t *cardsTab) canvasScale() float32 {
	if c := t.window.Canvas(); c != nil && c.Scale() > 0 {
		return c.Scale()
	}
	return 1
}

// fitPreview sizes the preview to the zoom: the pane's size when it
// fits, else the card's size, scrolled.
func (t *cardsTab) fitPreview() {
	t.preview.FillMode = canvas.ImageFillContain
	if zoomSteps[t.zoom] == 0 {
		t.preview.SetMinSize(fyne.NewSize(240, 200))
		t.zoomLabel.SetText(app.T("Fit"))
	} else {
		b := t.preview.Image.Bounds()
		s := t.canvasScale()
		t.preview.SetMinSize(fyne.NewSize(float32(b.Dx())/s, float32(b.Dy())/s))
		t.zoomLabel.SetText(fmt.Sprintf("%.0f %%", zoomSteps[t.zoom]*100))
	}
	t.preview.Refresh()
	t.previewScroll.Refresh()
}

// zoomBy moves the zoom a step in (1) or out (-1); onZoomFit fits the
// preview to the pane again.
func (t *cardsTab) zoomBy(step int) {
	t.zoom = max(0, min(len(zoomSteps)-1, t.zoom+step))
	t.showPreview()
}

func (t *cardsTab) onZoomFit() {
	t.zoom = 0
	t.showPreview()
}

// maxMatches is how many contacts the search-and-pick offers at once.
const maxMatches = 6

// onFindTyped finds the contacts the name typed matches, off the UI
// goroutine, and offers them under the search.
func (t *cardsTab) onFindTyped(q string) {
	t.finds++
	finds := t.finds
	if strings.TrimSpace(q) == "" {
		t.showFound(nil)
		return
	}
	inBackground(func() {
		found, _, err := t.svc.Contacts.FindContacts(context.Background(), app.ContactFilter{Query: q, Limit: maxMatches})
		onUI(func() {
			if finds != t.finds {
				return
			}
			if err != nil {
				fyne.LogError("find a recipient", err)
			}
			t.showFound(found)
		})
	})
}

// showFound lists the matches as buttons; Enter picks the first.
func (t *cardsTab) showFound(found []app.ContactSummary) {
	t.found = found
	t.matches.RemoveAll()
	for i, c := range found {
		text := c.Name
		if c.Company != "" {
			text += " · " + c.Company
		}
		b := widget.NewButtonWithIcon(text, theme.ContentAddIcon(), func() { t.pickFound(i) })
		b.Alignment = widget.ButtonAlignLeading
		if i == 0 {
			b.Importance = widget.HighImportance // what Enter picks
		} else {
			b.Importance = widget.LowImportance
		}
		t.matches.Add(b)
	}
	if len(found) == 0 && strings.TrimSpace(t.find.Text) != "" {
		t.matches.Add(lowLabel(app.T("No one by that name.")))
	}
	t.matches.Refresh()
}

// pickFound adds the i'th match as a recipient and shows their card.
func (t *cardsTab) pickFound(i int) {
	if i < 0 || i >= len(t.found) {
		return
	}
	id := t.found[i].ID
	if !slices.Contains(t.chosen, id) {
		t.chosen = append(t.chosen, id)
	}
	t.find.SetText("")
	t.showFound(nil)
	t.showAfterLoad = id
	t.loadPeople()
}
