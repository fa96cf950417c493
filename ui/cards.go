package ui

import (
	"context"
	"image"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

// The ways to choose whom cards go to, as the screen offers them, in the
// owner's language (set by initChoices).
var (
	toChosen, toTag, toOccasions, toMonth, toDue string

	recipientSources []string
	sourceOf         map[string]cards.Source
)

// cardsTab prints cards: a template on a layout in a handwriting font,
// for one person or many, previewed from the same layout that prints.
type cardsTab struct {
	svc    Services
	window fyne.Window
	nav    navigator
	book   *cards.FontBook

	templates []cards.Template
	template  *widget.Select
	layout    *widget.Select
	font      *widget.Select
	variation *widget.RadioGroup // how much the hand varies: Off, Subtle, Natural
	ink       *widget.Select     // the pen's colour

	source    *widget.Select
	sourceBox *fyne.Container
	chosen    []int64
	find      *widget.Entry   // search-and-pick: type a name, pick from the matches
	matches   *fyne.Container // the contacts the name typed finds
	found     []app.ContactSummary
	finds     int // counts searches: only the latest shows
	// showAfterLoad is the contact whose card to show once the people
	// are read again (one just picked), else the first.
	showAfterLoad int64
	stock         *widget.AccordionItem // the stock and hand, folded away
	stocks        *widget.Accordion
	tag           *widget.Select
	days          *widget.Entry
	month         *widget.Select // the referral month

	people  []cards.Addressee
	list    *widget.List
	count   *widget.Label
	current int // index in people of the card shown, -1 for none
	// edits are the words changed for one person on the template shown:
	// drafts[template] by contact. They stay until that card is printed,
	// across recipients, templates and screens.
	edits  map[int64]cards.Card
	drafts map[string]map[int64]cards.Card
	// What Check would hold back, by contact, for the list's badges;
	// checks counts the checks so only the latest shows.
	held       map[int64]cards.Held
	checks     int
	picked     map[int64]app.Referral // the referral a thank-you names, picked for a held card
	dncOK      map[int64]bool         // asked not to be contacted, sent to anyway
	heldDialog dialog.Dialog

	front, inside *widget.Entry
	preview       *canvas.Image
	previewScroll *container.Scroll
	view          *widget.Select // the whole card, or one panel
	views         []previewView
	viewLayout    string // the layout the views were offered for
	zoom          int    // index in zoomSteps
	zoomLabel     *widget.Label
	problems      *widget.Label
	printButton   *widget.Button // to a printer
	pdfButton     *widget.Button // to a PDF file
	toPrinter     bool           // where the print under way goes
	printDialog   *printDialog   // the Print dialog last shown
	loading       bool           // while entries are filled from code, not typed
	generation    int            // counts loadPeople calls: only the latest shows
	pending       func()         // cancels the preview waiting for the owner to stop typing
}

func newCardsTab(svc Services, w fyne.Window, nav navigator) *cardsTab {
	return &cardsTab{svc: svc, window: w, nav: nav, book: assets.CardFontBook(), current: -1, edits: map[int64]cards.Card{},
		drafts: map[string]map[int64]cards.Card{}, picked: map[int64]app.Referral{}, dncOK: map[int64]bool{}}
}

func (t *cardsTab) buildUI() fyne.CanvasObject {
	t.template = widget.NewSelect(nil, func(string) { t.onTemplate() })
	t.layout = widget.NewSelect(nil, func(string) { t.onStock() })
	t.font = widget.NewSelect(t.book.Hands(), func(string) { t.onStock() })
	t.variation = widget.NewRadioGroup(variationNames, func(string) { t.onStock() })
	t.variation.Horizontal = true
	t.ink = widget.NewSelect(inkNames, func(string) { t.onStock() })
	names := make([]string, len(cards.Layouts))
	for i, l := range cards.Layouts {
		names[i] = app.T(l.Description)
	}
	t.layout.SetOptions(names)
	editTpl := widget.NewButtonWithIcon(app.T("Edit…"), theme.DocumentCreateIcon(), func() { t.onEditTemplate(false) })
	copyTpl := widget.NewButtonWithIcon(app.T("Copy…"), theme.ContentCopyIcon(), func() { t.onEditTemplate(true) })

	t.source = widget.NewSelect(recipientSources, func(string) { t.onSource() })
	t.sourceBox = container.NewVBox()
	t.tag = widget.NewSelect(nil, func(string) { t.loadPeople() })
	t.days = widget.NewEntry()
	t.days.SetText("30")
	t.days.OnChanged = func(string) { t.loadPeople() }
	_, monthLabels := monthChoices(app.DateOf(t.svc.Now()))
	t.month = widget.NewSelect(monthLabels, func(string) { t.loadPeople() })
	t.find = widget.NewEntry()
	t.find.SetPlaceHolder(app.T("Type a name to add someone…"))
	t.find.OnChanged = t.onFindTyped
	t.find.OnSubmitted = func(string) { t.pickFound(0) }
	t.matches = container.NewVBox()

	t.count = widget.NewLabel("")
	t.list = widget.NewList(func() int { return len(t.people) }, newTwoLineRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		a := t.people[i]
		var notes []string
		h, held := t.held[a.ContactID]
		if held {
			notes = append(notes, heldBadge(h))
		} else if a.DoNotContact {
			notes = append(notes, app.T("asked not to be contacted; sent to anyway"))
		}
		if _, ok := t.edits[a.ContactID]; ok {
			notes = append(notes, app.T("words changed for them"))
		}
		if !a.HasAddress && (!held || h.Reason != cards.HeldNoAddress) {
			notes = append(notes, app.T("no postal address"))
		}
		setTwoLineRow(o, a.Name, strings.Join(notes, " · "))
		setRowWarning(o, held)
	})
	t.list.OnSelected = func(i widget.ListItemID) { t.current = i; t.loadWords() }
	remove := widget.NewButtonWithIcon(app.T("Leave Out"), theme.ContentRemoveIcon(), t.onLeaveOut)

	// The stock and hand change less often than whom and what: folded
	// away under a line that says what they are.
	t.stock = widget.NewAccordionItem("", widget.NewForm(
		widget.NewFormItem(app.T("Card stock"), t.layout),
		widget.NewFormItem(app.T("Handwriting"), t.font),
		widget.NewFormItem(app.T("Variation"), t.variation),
		widget.NewFormItem(app.T("Ink"), t.ink),
	))
	t.stocks = widget.NewAccordion(t.stock)
	top := container.NewVBox(
		heading(app.T("Cards"), theme.SizeNameHeadingText),
		widget.NewForm(
			widget.NewFormItem(app.T("Template"), t.template),
			widget.NewFormItem("", container.NewHBox(editTpl, copyTpl)),
			widget.NewFormItem(app.T("Send to"), t.source),
		),
		t.sourceBox,
		container.NewBorder(nil, nil, nil, remove, t.count),
	)
	people := container.NewBorder(top, t.stocks, nil, nil, t.list)

	t.front = widget.NewEntry()
	t.front.OnChanged = func(string) { t.onWordsTyped(cards.PanelFront) }
	t.inside = widget.NewMultiLineEntry()
	t.inside.Wrapping = fyne.TextWrapWord
	t.inside.SetMinRowsVisible(5)
	t.inside.OnChanged = func(string) { t.onWordsTyped(cards.PanelInside) }
	// An icon that says its words on hover: the bar keeps room for the
	// two that print, in every language, in a narrow window.
	revert := newIconButton(theme.ContentUndoIcon(), app.T("Use the Template's Words"), t.onRevert)
	t.preview = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))
	t.preview.FillMode = canvas.ImageFillContain
	t.preview.SetMinSize(fyne.NewSize(240, 200))
	t.previewScroll = container.NewScroll(t.preview)
	t.view = widget.NewSelect(nil, nil) // a list, not radio buttons: it fits a narrow window in every language
	t.zoomLabel = widget.NewLabel(app.T("Fit"))
	zoomOut := newIconButton(theme.ZoomOutIcon(), app.T("Zoom out"), func() { t.zoomBy(-1) })
	zoomIn := newIconButton(theme.ZoomInIcon(), app.T("Zoom in"), func() { t.zoomBy(1) })
	fit := newIconButton(theme.ZoomFitIcon(), app.T("Fit the card to the pane"), t.onZoomFit)
	for _, b := range []*tipButton{zoomOut, zoomIn, fit} {
		b.Importance = widget.LowImportance
	}
	viewBar := container.NewBorder(nil, nil, t.view, container.NewHBox(zoomOut, t.zoomLabel, zoomIn, fit))
	t.problems = widget.NewLabel("")
	t.problems.Importance = widget.WarningImportance
	t.problems.Wrapping = fyne.TextWrapWord
	t.printButton = widget.NewButtonWithIcon(app.T("Print…"), theme.DocumentPrintIcon(), t.onPrintToPrinter)
	t.printButton.Importance = widget.HighImportance
	t.pdfButton = widget.NewButtonWithIcon(app.T("Save as PDF…"), theme.DocumentSaveIcon(), t.onPrint)
	// The message takes what height the editor has.
	greeting := widget.NewLabelWithStyle(app.T("Greeting"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	message := widget.NewLabelWithStyle(app.T("Message"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	w := max(greeting.MinSize().Width, message.MinSize().Width)
	editor := container.NewBorder(
		container.NewVBox(wrapped(t.problems), container.NewBorder(nil, nil, fixedWidth(greeting, w), nil, t.front)),
		container.NewHBox(revert, layout.NewSpacer(), t.pdfButton, t.printButton), container.NewVBox(fixedWidth(message, w)), nil, t.inside)
	preview := container.NewBorder(viewBar, nil, nil, nil, t.previewScroll)
	right := container.NewVSplit(preview, editor)
	right.Offset = 0.62
	split := container.NewHSplit(container.NewPadded(people), container.NewPadded(right))
	split.Offset = 0.33
	return split
}

// onStock redraws the preview for a new stock, hand or ink, and says
// them on the folded line.
func (t *cardsTab) onStock() {
	if t.stock != nil {
		// Clipped: an accordion's title is one line, and in a long language
		// the whole of it would make the window wider than a laptop's screen.
		t.stock.Title = app.Clip(app.Tf("%s · %s · %s ink", t.layout.Selected, t.font.Selected, strings.ToLower(t.ink.Selected)), 60)
		t.stocks.Refresh()
	}
	if t.view != nil {
		t.setViews()
	}
	t.showPreview()
}

// load reads templates, tags and settings; the screen keeps what the
// user chose while they move between screens.
func (t *cardsTab) load() {
	ctx := context.Background()
	ts, err := t.svc.Cards.Templates(ctx)
	if err != nil {
		showError(err, t.window)
		return
	}
	t.templates = ts
	titles := make([]string, len(ts))
	for i, tp := range ts {
		titles[i] = tp.Title
		if tp.Edited {
			titles[i] = app.Tf("%s (edited)", titles[i])
		}
	}
	selected := t.template.SelectedIndex()
	t.template.SetOptions(titles)
	tags, _ := t.svc.Contacts.Tags(ctx)
	t.tag.SetOptions(tags)
	if t.layout.SelectedIndex() >= 0 {
		if selected >= 0 && selected < len(titles) {
			t.template.SetSelectedIndex(selected)
		}
		return
	}
	st, err := t.svc.Settings.Settings(ctx)
	if err != nil {
		showError(err, t.window)
		return
	}
	t.loading = true
	t.variation.SetSelected(variationNames[max(0, slices.Index(app.Variations, st.CardVariation))])
	t.ink.SetSelected(inkNames[max(0, slices.Index(app.Inks, st.CardInk))])
	t.font.SetSelectedIndex(0)
	if st.CardFont != "" && t.book.CheckHand(st.CardFont) == nil {
		t.font.SetSelected(st.CardFont)
	}
	layout := "flat-a4-4up"
	if st.PaperSize == app.PaperLetter {
		layout = "flat-letter-4up"
	}
	if st.CardLayout != "" {
		layout = st.CardLayout
	}
	if l, err := cards.FindLayout(layout); err == nil {
		t.layout.SetSelected(app.T(l.Description))
	}
	t.month.SetSelectedIndex(2) // this month
	t.loading = false
	t.openOnDue()
}

// openOnDue opens the screen on the first card due today (a birthday
// card to post, a thank-you owed, a good moment to ask): its template,
// with that person chosen. With nothing due, the first template and no
// one chosen, the name search waiting.
func (t *cardsTab) openOnDue() {
	finder := cards.Finder{Services: t.svc.Services, Cards: t.svc.Cards}
	due, err := finder.DueCards(context.Background(), app.DateOf(t.svc.Now()), 0)
	if err != nil {
		fyne.LogError("cards due", err)
	}
	if len(due) > 0 {
		t.prepare(due[0].ContactID, due[0].Template)
		return
	}
	t.loading = true
	if len(t.templates) > 0 {
		t.template.SetSelectedIndex(0)
	}
	t.useDrafts()
	t.loading = false
	t.source.SetSelected(toChosen)
}

// prepare chooses the template named (kept as it is when "" or unknown)
// and the contact as the one recipient: "Prepare Card" on an occasion.
// The screen is loaded first.
func (t *cardsTab) prepare(contactID int64, template string) {
	t.loading = true
	for i, tp := range t.templates {
		if tp.Name == template && t.template.SelectedIndex() != i {
			t.template.SetSelectedIndex(i)
		}
	}
	if t.template.SelectedIndex() < 0 && len(t.templates) > 0 {
		t.template.SetSelectedIndex(0)
	}
	t.useDrafts()
	t.chosen = []int64{contactID}
	t.loading = false
	if t.source.Selected != toChosen {
		t.source.SetSelected(toChosen) // shows the controls and finds the people
		return
	}
	t.loadPeople()
}

// reprint sets the screen up to print a logged card again: the person,
// template, card stock and hand it was sent with, and its exact words.
func (t *cardsTab) reprint(s cards.Sent) {
	t.loading = true
	if l, err := cards.FindLayout(s.Layout); err == nil {
		t.layout.SetSelected(app.T(l.Description))
	}
	if s.Hand != "" && t.book.CheckHand(s.Hand) == nil {
		t.font.SetSelected(s.Hand)
	}
	t.loading = false
	if t.drafts[s.Template] == nil {
		t.drafts[s.Template] = map[int64]cards.Card{}
	}
	t.drafts[s.Template][s.ContactID] = cards.Card{Front: s.Front, Inside: s.Inside}
	t.prepare(s.ContactID, s.Template)
}

// useDrafts makes the words changed for the template shown the ones
// edited and printed.
func (t *cardsTab) useDrafts() {
	tpl, ok := t.selectedTemplate()
	if !ok {
		return
	}
	if t.drafts[tpl.Name] == nil {
		t.drafts[tpl.Name] = map[int64]cards.Card{}
	}
	t.edits = t.drafts[tpl.Name]
}

func (t *cardsTab) selectedTemplate() (cards.Template, bool) {
	i := t.template.SelectedIndex()
	if i < 0 || i >= len(t.templates) {
		return cards.Template{}, false
	}
	return t.templates[i], true
}

func (t *cardsTab) selectedLayout() cards.Layout {
	i := t.layout.SelectedIndex()
	if i < 0 {
		i = 0
	}
	return cards.Layouts[i]
}

func (t *cardsTab) onTemplate() {
	if t.loading {
		return
	}
	// Words changed for one person belong to the template they were
	// changed on: kept there, for when it is chosen again.
	t.useDrafts()
	t.loadPeople()
}

// onSource shows the controls of the way of choosing people.
func (t *cardsTab) onSource() {
	var box []fyne.CanvasObject
	switch t.source.Selected {
	case toChosen:
		clear := widget.NewButton(app.T("Clear"), func() { t.chosen = nil; t.loadPeople() })
		box = append(box, container.NewBorder(nil, nil, nil, clear, t.find), t.matches)
	case toTag:
		box = append(box, widget.NewForm(widget.NewFormItem(app.T("Tag"), t.tag)))
	case toOccasions:
		box = append(box, widget.NewForm(widget.NewFormItem(app.T("In the next (days)"), t.days)))
	case toMonth:
		box = append(box, widget.NewForm(widget.NewFormItem(app.T("Month"), t.month)))
	case toDue:
		note := widget.NewLabel(app.T("Whoever this card's purpose says is waiting: an open thank-you or keep-posted follow-up, a birthday or anniversary card to post now, a good moment to ask for a referral."))
		note.Wrapping = fyne.TextWrapWord
		note.Importance = widget.LowImportance
		box = append(box, wrapped(note))
	}
	t.sourceBox.Objects = box
	t.sourceBox.Refresh()
	t.loadPeople()
}

// choice is the way of choosing people as the screen stands, read on
// the UI goroutine so the query can run off it.
// The finder says what is wrong with it (days ahead that are not a
// number read as 0, which it refuses).
func (t *cardsTab) choice() cards.Choice {
	days, _ := strconv.Atoi(strings.TrimSpace(t.days.Text))
	return cards.Choice{Source: sourceOf[t.source.Selected], IDs: append([]int64(nil), t.chosen...),
		Tag: t.tag.Selected, Month: t.monthKey(), Days: days}
}

// monthKey is the referral month chosen, as stored (YYYY-MM).
func (t *cardsTab) monthKey() string {
	keys, _ := monthChoices(app.DateOf(t.svc.Now()))
	return keys[max(0, t.month.SelectedIndex())]
}

// loadPeople reads the recipients afresh, off the UI goroutine (a tag or
// a month of occasions can be thousands of people), and shows the first
// card. A later call supersedes an earlier one still running.
func (t *cardsTab) loadPeople() {
	tpl, ok := t.selectedTemplate()
	if t.loading || !ok || t.source.Selected == "" {
		return
	}
	t.generation++
	generation, today, choice := t.generation, app.DateOf(t.svc.Now()), t.choice()
	t.count.SetText(app.T("Finding whom to send to…"))
	finder := cards.Finder{Services: t.svc.Services, Cards: t.svc.Cards}
	inBackground(func() {
		people, err := finder.Recipients(context.Background(), choice, tpl, today)
		onUI(func() {
			if generation != t.generation {
				return
			}
			t.people = people
			t.showFirst()
			t.checkPeople(nil)
			if err != nil {
				t.count.SetText(app.ErrorMessage(err))
			}
		})
	})
}

// showFirst shows the list afresh with its first card, or the card of
// the one just picked.
func (t *cardsTab) showFirst() {
	t.count.SetText(t.countText())
	t.list.UnselectAll()
	t.list.Refresh()
	t.current = -1
	show := 0
	for i, a := range t.people {
		if a.ContactID == t.showAfterLoad {
			show = i
		}
	}
	t.showAfterLoad = 0
	if len(t.people) > 0 {
		t.list.Select(show)
		t.list.ScrollTo(show)
	} else {
		t.loadWords()
	}
}

func (t *cardsTab) countText() string {
	if len(t.people) == 0 {
		if t.source.Selected == toDue {
			return app.T("No one is due this card today.")
		}
		if t.source.Selected == toChosen {
			return app.T("No one chosen yet: type a name above.")
		}
		return app.T("No one chosen yet.")
	}
	dnc := 0
	for _, a := range t.people {
		if a.DoNotContact {
			dnc++
		}
	}
	s := app.Plural(len(t.people), "card")
	if dnc > 0 {
		s += app.Tf(" (%d asked not to be contacted)", dnc)
	}
	return s
}

func (t *cardsTab) onLeaveOut() {
	if t.current < 0 || t.current >= len(t.people) {
		return
	}
	id := t.people[t.current].ContactID
	t.people = append(t.people[:t.current], t.people[t.current+1:]...)
	for i, c := range t.chosen {
		if c == id {
			t.chosen = append(t.chosen[:i], t.chosen[i+1:]...)
			break
		}
	}
	t.showFirst()
	t.checkPeople(nil)
}

// The variation and ink settings as the Cards screen names them, in the
// order of app.Variations and app.Inks (set by initChoices).
var variationNames, inkNames []string

// handSettings are the variation and ink chosen, as Settings keeps them.
func (t *cardsTab) handSettings() (variation, ink string) {
	variation, ink = app.VariationNatural, app.InkBlueBlack
	if i := slices.Index(variationNames, t.variation.Selected); i >= 0 {
		variation = app.Variations[i]
	}
	if i := slices.Index(inkNames, t.ink.Selected); i >= 0 {
		ink = app.Inks[i]
	}
	return variation, ink
}

// batch is the print job as the screen stands.
func (t *cardsTab) batch() (cards.Batch, error) {
	tpl, _ := t.selectedTemplate()
	st, err := t.svc.Settings.Settings(context.Background())
	st.CardVariation, st.CardInk = t.handSettings()
	return cards.Batch{Template: tpl, Layout: t.selectedLayout(), Hand: t.font.Selected, Settings: st,
		Today: app.DateOf(t.svc.Now()), Edits: t.edits}, err
}
