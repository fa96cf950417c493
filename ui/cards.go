package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
)

// The ways to choose whom cards go to, as the screen offers them.
var (
	toChosen    = cards.ToChosen.Label()
	toTag       = cards.ToTag.Label()
	toOccasions = cards.ToComing.Label()
	toMonth     = cards.ToMonth.Label()
	toDue       = cards.ToDue.Label()

	recipientSources = []string{toChosen, toTag, toOccasions, toDue, toMonth}
	sourceOf         = map[string]cards.Source{toChosen: cards.ToChosen, toTag: cards.ToTag,
		toOccasions: cards.ToComing, toMonth: cards.ToMonth, toDue: cards.ToDue}
)

// previewPxPerMM is the preview's resolution: sharp on a laptop screen,
// quick to draw as the user types.
const previewPxPerMM = 4

// cardsTab prints cards: a template on a layout in a handwriting font,
// for one person or many, previewed from the same layout that prints.
type cardsTab struct {
	svc    Services
	window fyne.Window
	book   *cards.FontBook

	templates []cards.Template
	template  *widget.Select
	layout    *widget.Select
	font      *widget.Select
	jitter    *widget.Check

	source    *widget.Select
	sourceBox *fyne.Container
	chosen    []int64
	tag       *widget.Select
	days      *widget.Entry
	month     *widget.Entry

	people  []cards.Addressee
	list    *widget.List
	count   *widget.Label
	current int // index in people of the card shown, -1 for none
	edits   map[int64]cards.Card

	front, inside *widget.Entry
	preview       *canvas.Image
	problems      *widget.Label
	printButton   *widget.Button
	loading       bool   // while entries are filled from code, not typed
	generation    int    // counts loadPeople calls: only the latest shows
	pending       func() // cancels the preview waiting for the owner to stop typing
}

func newCardsTab(svc Services, w fyne.Window) *cardsTab {
	return &cardsTab{svc: svc, window: w, book: assets.CardFontBook(), current: -1, edits: map[int64]cards.Card{}}
}

func (t *cardsTab) buildUI() fyne.CanvasObject {
	t.template = widget.NewSelect(nil, func(string) { t.onTemplate() })
	t.layout = widget.NewSelect(nil, func(string) { t.showPreview() })
	t.font = widget.NewSelect(t.book.Hands(), func(string) { t.showPreview() })
	t.jitter = widget.NewCheck("Vary each line a little, like handwriting", func(bool) { t.showPreview() })
	names := make([]string, len(cards.Layouts))
	for i, l := range cards.Layouts {
		names[i] = l.Description
	}
	t.layout.SetOptions(names)
	editTpl := widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() { t.onEditTemplate(false) })
	copyTpl := widget.NewButtonWithIcon("Copy…", theme.ContentCopyIcon(), func() { t.onEditTemplate(true) })

	t.source = widget.NewSelect(recipientSources, func(string) { t.onSource() })
	t.sourceBox = container.NewVBox()
	t.tag = widget.NewSelect(nil, func(string) { t.loadPeople() })
	t.days = widget.NewEntry()
	t.days.SetText("30")
	t.days.OnChanged = func(string) { t.loadPeople() }
	t.month = widget.NewEntry()
	t.month.SetPlaceHolder("YYYY-MM")
	t.month.OnChanged = func(string) { t.loadPeople() }

	t.count = widget.NewLabel("")
	t.list = widget.NewList(func() int { return len(t.people) }, newTwoLineRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		a := t.people[i]
		var notes []string
		if a.DoNotContact {
			notes = append(notes, "asked not to be contacted")
		}
		if _, ok := t.edits[a.ContactID]; ok {
			notes = append(notes, "words changed for them")
		}
		if !a.HasAddress {
			notes = append(notes, "no postal address")
		}
		setTwoLineRow(o, a.Name, strings.Join(notes, " · "))
	})
	t.list.OnSelected = func(i widget.ListItemID) { t.current = i; t.loadWords() }
	remove := widget.NewButtonWithIcon("Leave Out", theme.ContentRemoveIcon(), t.onLeaveOut)

	left := container.NewVBox(
		heading("Cards", theme.SizeNameHeadingText),
		widget.NewForm(
			widget.NewFormItem("Template", t.template),
			widget.NewFormItem("", container.NewHBox(editTpl, copyTpl)),
			widget.NewFormItem("Card stock", t.layout),
			widget.NewFormItem("Handwriting", t.font),
			widget.NewFormItem("", t.jitter),
			widget.NewFormItem("Send to", t.source),
		),
		t.sourceBox,
		container.NewBorder(nil, nil, nil, remove, t.count),
	)
	people := container.NewBorder(left, nil, nil, nil, t.list)

	t.front = widget.NewEntry()
	t.front.OnChanged = func(string) { t.onWordsTyped() }
	t.inside = widget.NewMultiLineEntry()
	t.inside.Wrapping = fyne.TextWrapWord
	t.inside.SetMinRowsVisible(6)
	t.inside.OnChanged = func(string) { t.onWordsTyped() }
	revert := widget.NewButtonWithIcon("Use the Template's Words", theme.ContentUndoIcon(), t.onRevert)
	t.preview = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))
	t.preview.FillMode = canvas.ImageFillContain
	t.preview.SetMinSize(fyne.NewSize(360, 300))
	t.problems = widget.NewLabel("")
	t.problems.Importance = widget.WarningImportance
	t.problems.Wrapping = fyne.TextWrapWord
	t.printButton = widget.NewButtonWithIcon("Print to PDF…", theme.DocumentPrintIcon(), t.onPrint)
	t.printButton.Importance = widget.HighImportance
	words := widget.NewForm(widget.NewFormItem("Greeting", t.front), widget.NewFormItem("Message", t.inside))
	right := container.NewBorder(nil,
		container.NewVBox(wrapped(t.problems), words, container.NewHBox(revert, layout.NewSpacer(), t.printButton)),
		nil, nil, t.preview)
	split := container.NewHSplit(container.NewPadded(people), container.NewPadded(right))
	split.Offset = 0.38
	return split
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
			titles[i] += " (edited)"
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
	t.jitter.SetChecked(st.CardJitter)
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
		t.layout.SetSelected(l.Description)
	}
	t.month.SetText(app.DateOf(t.svc.Now()).String()[:7])
	t.loading = false
	if len(titles) > 0 {
		t.template.SetSelectedIndex(0)
	}
	t.source.SetSelected(toDue)
}

// prepare chooses the template named (kept as it is when "" or unknown)
// and the contact as the one recipient: "Prepare Card" on an occasion.
// The screen is loaded first.
func (t *cardsTab) prepare(contactID int64, template string) {
	t.loading = true
	for i, tp := range t.templates {
		if tp.Name == template && t.template.SelectedIndex() != i {
			t.template.SetSelectedIndex(i)
			t.edits = map[int64]cards.Card{}
		}
	}
	t.chosen = []int64{contactID}
	t.loading = false
	if t.source.Selected != toChosen {
		t.source.SetSelected(toChosen) // shows the controls and finds the people
		return
	}
	t.loadPeople()
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
	// Words changed for one person were changed for the old template.
	t.edits = map[int64]cards.Card{}
	t.loadPeople()
}

// onSource shows the controls of the way of choosing people.
func (t *cardsTab) onSource() {
	var box []fyne.CanvasObject
	switch t.source.Selected {
	case toChosen:
		add := widget.NewButtonWithIcon("Add a Contact…", theme.ContentAddIcon(), func() {
			pickContact(t.window, t.svc.Contacts, "Send a card to", 0, func(c app.ContactSummary) {
				t.chosen = append(t.chosen, c.ID)
				t.loadPeople()
			})
		})
		clear := widget.NewButton("Clear", func() { t.chosen = nil; t.loadPeople() })
		box = append(box, container.NewHBox(add, clear))
	case toTag:
		box = append(box, widget.NewForm(widget.NewFormItem("Tag", t.tag)))
	case toOccasions:
		box = append(box, widget.NewForm(widget.NewFormItem("In the next (days)", t.days)))
	case toMonth:
		box = append(box, widget.NewForm(widget.NewFormItem("Month", t.month)))
	case toDue:
		note := widget.NewLabel("Whoever this card's purpose says is waiting: an open thank-you or keep-posted follow-up, a birthday or anniversary card to post now, a good moment to ask for a referral.")
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
func (t *cardsTab) choice() (cards.Choice, error) {
	c := cards.Choice{Source: sourceOf[t.source.Selected], IDs: append([]int64(nil), t.chosen...),
		Tag: t.tag.Selected, Month: strings.TrimSpace(t.month.Text)}
	if c.Source == cards.ToComing {
		n, err := strconv.Atoi(strings.TrimSpace(t.days.Text))
		if err != nil || n < 1 || n > cards.MaxDaysAhead {
			return c, app.Errorf(app.EINVALID, "Say how many days ahead to look: 1 to %d.", cards.MaxDaysAhead)
		}
		c.Days = n
	}
	return c, nil
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
	generation, today := t.generation, app.DateOf(t.svc.Now())
	choice, err := t.choice()
	if err != nil {
		t.people = nil
		t.showFirst()
		t.count.SetText(app.ErrorMessage(err))
		return
	}
	t.count.SetText("Finding whom to send to…")
	finder := cards.Finder{Services: t.svc.Services, Cards: t.svc.Cards}
	inBackground(func() {
		people, err := finder.Recipients(context.Background(), choice, tpl, today)
		onUI(func() {
			if generation != t.generation {
				return
			}
			t.people = people
			t.showFirst()
			if err != nil {
				t.count.SetText(app.ErrorMessage(err))
			}
		})
	})
}

// showFirst shows the list afresh with its first card.
func (t *cardsTab) showFirst() {
	t.count.SetText(t.countText())
	t.list.UnselectAll()
	t.list.Refresh()
	t.current = -1
	if len(t.people) > 0 {
		t.list.Select(0)
	} else {
		t.loadWords()
	}
}

func (t *cardsTab) countText() string {
	if len(t.people) == 0 {
		if t.source.Selected == toDue {
			return "No one is due this card today."
		}
		return "No one chosen yet."
	}
	dnc := 0
	for _, a := range t.people {
		if a.DoNotContact {
			dnc++
		}
	}
	s := app.Plural(len(t.people), "card")
	if dnc > 0 {
		s += fmt.Sprintf(" (%d asked not to be contacted)", dnc)
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
	delete(t.edits, id)
	t.showFirst()
}

// batch is the print job as the screen stands.
func (t *cardsTab) batch() (cards.Batch, error) {
	tpl, _ := t.selectedTemplate()
	st, err := t.svc.Settings.Settings(context.Background())
	st.CardJitter = t.jitter.Checked
	return cards.Batch{Template: tpl, Layout: t.selectedLayout(), Hand: t.font.Selected, Settings: st,
		Today: app.DateOf(t.svc.Now()), Edits: t.edits}, err
}

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
	r, _, err := b.Recipient(t.people[t.current])
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
// preview once typing pauses.
func (t *cardsTab) onWordsTyped() {
	if t.loading || t.current < 0 || t.current >= len(t.people) {
		return
	}
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
// prints: every side of its sheet, cut to the card.
func (t *cardsTab) showPreview() {
	if t.loading || t.preview == nil {
		return
	}
	t.printButton.Disable()
	if t.current < 0 || t.current >= len(t.people) || t.font.Selected == "" {
		t.preview.Image = image.NewRGBA(image.Rect(0, 0, 1, 1))
		t.preview.Refresh()
		t.problems.SetText("")
		t.problems.Hide()
		return
	}
	b, err := t.batch()
	if err != nil {
		showError(err, t.window)
		return
	}
	r, empty, err := b.Recipient(t.people[t.current])
	if err != nil {
		showError(err, t.window)
		return
	}
	pages, problems, err := cards.LayOut(t.book, b.Options(), r)
	if err != nil {
		showError(err, t.window)
		return
	}
	t.preview.Image = sheetPreview(pages, b.Layout)
	t.preview.Refresh()
	var notes []string
	if len(empty) > 0 {
		notes = append(notes, "Nothing to fill "+strings.Join(empty, ", ")+" with for them: change the words below, or leave them out.")
	}
	for _, p := range problems {
		notes = append(notes, p.Message)
	}
	t.problems.SetText(strings.Join(notes, "\n"))
	t.problems.Hidden = len(notes) == 0
	t.problems.Refresh()
	t.printButton.Enable()
}

// sheetPreview puts the card's sides next to each other, cut to the card
// (the whole sheet for a folded card).
func sheetPreview(pages []cards.Page, l cards.Layout) image.Image {
	slot := l.Slot(0)
	var imgs []*image.RGBA
	for i := range pages {
		imgs = append(imgs, cards.Rasterize(&pages[i], slot, previewPxPerMM))
	}
	if len(imgs) == 1 {
		return imgs[0]
	}
	const gap = 12
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

// onPrint asks where to save, confirms do-not-contact people, prints with
// a progress bar, logs the cards and offers to open the PDF.
func (t *cardsTab) onPrint() {
	if len(t.people) == 0 {
		return
	}
	var dnc []string
	for _, a := range t.people {
		if a.DoNotContact {
			dnc = append(dnc, a.Name)
		}
	}
	if len(dnc) > 0 {
		dialog.ShowCustomConfirm("Print for people who asked not to be contacted?", "Print for Them Too", "Leave Them Out",
			wrapped(widget.NewLabel(fmt.Sprintf("%s asked not to be contacted. A card is still contact.", app.NameList(dnc, 10)))),
			func(include bool) {
				if !include {
					t.dropDoNotContact()
					if len(t.people) == 0 {
						return
					}
				}
				t.chooseFile()
			}, t.window)
		return
	}
	t.chooseFile()
}

func (t *cardsTab) dropDoNotContact() {
	t.people, _ = cards.LeaveOutDoNotContact(t.people)
	t.showFirst()
}

func (t *cardsTab) chooseFile() {
	tpl, _ := t.selectedTemplate()
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showError(err, t.window)
			return
		}
		if w == nil {
			return // cancelled
		}
		t.printTo(w)
	}, t.window)
	save.SetFileName(fmt.Sprintf("%s-%s.pdf", tpl.Name, app.DateOf(t.svc.Now())))
	save.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	startInHome(save)
	save.Show()
}

// printTo prints the batch into the file chosen, off the UI goroutine.
// The PDF is made in memory and written at the end, so a failure leaves
// the file empty rather than half a PDF.
func (t *cardsTab) printTo(file fyne.URIWriteCloser) {
	b, err := t.batch()
	if err != nil {
		file.Close()
		showError(err, t.window)
		return
	}
	people := append([]cards.Addressee(nil), t.people...)
	bar := widget.NewProgressBar()
	progress := dialog.NewCustomWithoutButtons("Printing "+app.Plural(len(people), "card"), bar, t.window)
	if len(people) > 200 {
		progress.Show()
	}
	b.Progress = func(done, total int) { onUI(func() { bar.SetValue(float64(done) / float64(total)) }) }
	printer := cards.Printer{Book: t.book, Cards: t.svc.Cards, Now: t.svc.Now}
	job := cards.PrintJob{Batch: b, To: people, Where: file.URI().Name(), Save: func(write func(io.Writer) error) error {
		var buf bytes.Buffer
		err := write(&buf)
		if err == nil && file.URI().Scheme() == "file" {
			// Names and addresses: private, like the database and the command line's PDFs.
			err = os.Chmod(file.URI().Path(), 0o600)
		}
		if err == nil {
			_, err = file.Write(buf.Bytes())
		}
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		return err
	}}
	inBackground(func() {
		res, err := printer.Print(context.Background(), job)
		onUI(func() {
			progress.Hide()
			if err != nil {
				showError(err, t.window)
				return
			}
			t.donePrinting(file.URI(), res, b)
		})
	})
}

func (t *cardsTab) donePrinting(pdf fyne.URI, res cards.Printed, b cards.Batch) {
	n, logged, problems := res.Cards, len(res.Logged), res.Problems
	// The font and stock just used are the ones offered next time.
	if st, err := t.svc.Settings.Settings(context.Background()); err == nil {
		st.CardFont, st.CardLayout, st.CardJitter = b.Hand, b.Layout.Name, t.jitter.Checked
		if err := t.svc.Settings.SaveSettings(context.Background(), st); err != nil {
			fyne.LogError("save card settings", err)
		}
	}
	msg := fmt.Sprintf("%s saved to %s.", app.Plural(n, "card"), pdf.Name())
	if !b.Layout.IsCard() {
		msg = fmt.Sprintf("%s printed to %s.", app.Plural(n, "address"), pdf.Name())
	}
	if logged > 0 {
		msg += fmt.Sprintf("\n%s logged as sent today; their follow-ups and card reminders are done.", app.Plural(logged, "card"))
	}
	if b.Layout.Sides == 2 {
		msg += "\nPrint on both sides of the sheet."
	}
	for i, p := range problems {
		if i == 8 {
			msg += fmt.Sprintf("\n… and %d more to check.", len(problems)-8)
			break
		}
		msg += "\nCheck: " + p.String()
	}
	body := widget.NewLabel(msg)
	body.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	open := widget.NewButtonWithIcon("Open PDF", theme.FileIcon(), func() {
		d.Hide()
		u, err := url.Parse(pdf.String())
		if err == nil {
			err = fyne.CurrentApp().OpenURL(u)
		}
		if err != nil {
			showError(err, t.window)
		}
	})
	open.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons("Cards printed", wrapped(body), t.window)
	d.(*dialog.CustomDialog).SetButtons([]fyne.CanvasObject{widget.NewButton("Close", func() { d.Hide() }), open})
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	t.edits = map[int64]cards.Card{}
	t.loadPeople()
}

// onEditTemplate edits the selected template, or a copy of it.
func (t *cardsTab) onEditTemplate(copying bool) {
	tpl, ok := t.selectedTemplate()
	if !ok {
		return
	}
	title := widget.NewEntry()
	purpose := widget.NewSelect(labelsOf(cards.Purposes), nil)
	front := widget.NewEntry()
	inside := widget.NewMultiLineEntry()
	inside.Wrapping = fyne.TextWrapWord
	inside.SetMinRowsVisible(8)
	title.SetText(tpl.Title)
	purpose.SetSelected(tpl.Purpose.Label())
	front.SetText(tpl.Front)
	inside.SetText(tpl.Inside)
	dialogTitle := "Edit “" + tpl.Title + "”"
	if copying {
		title.SetText(tpl.Title + " (copy)")
		dialogTitle = "Copy “" + tpl.Title + "”"
	}
	var fields []string
	for _, f := range cards.Fields {
		fields = append(fields, "{"+f.Name+"} "+f.Help)
	}
	help := widget.NewLabel("Merge fields: " + strings.Join(fields, "; ") + ".")
	help.Wrapping = fyne.TextWrapWord
	help.Importance = widget.LowImportance
	items := []*widget.FormItem{
		widget.NewFormItem("Title", title),
		widget.NewFormItem("Purpose", purpose),
		widget.NewFormItem("Greeting", front),
		widget.NewFormItem("Message", inside),
		widget.NewFormItem("", wrapped(help)),
	}
	var extra []fyne.CanvasObject
	var d dialog.Dialog
	if !copying && (tpl.Edited || !tpl.Builtin) {
		label := "Delete Template"
		if tpl.Builtin {
			label = "Reset to Original"
		}
		del := widget.NewButtonWithIcon(label, theme.DeleteIcon(), func() {
			if err := t.svc.Cards.DeleteTemplate(context.Background(), tpl.Name); err != nil {
				showError(err, t.window)
				return
			}
			d.Hide()
			t.load()
		})
		del.Importance = widget.DangerImportance
		extra = append(extra, del)
	}
	d = formDialog(t.window, dialogTitle, "Save", items, func() error {
		next := tpl
		next.Title, next.Front, next.Inside = title.Text, front.Text, inside.Text
		if i := purpose.SelectedIndex(); i >= 0 {
			next.Purpose = cards.Purposes[i]
		}
		if copying {
			next.Name, next.Builtin, next.Edited = t.freeName(title.Text), false, false
		}
		if err := t.svc.Cards.SaveTemplate(context.Background(), &next); err != nil {
			return err
		}
		t.load()
		for i, tp := range t.templates {
			if tp.Name == next.Name {
				t.template.SetSelectedIndex(i)
			}
		}
		return nil
	}, extra...)
}

// freeName makes a name for a copied template that no template has.
func (t *cardsTab) freeName(title string) string {
	base := cards.NameFromTitle(title)
	if base == "" {
		base = "my-card"
	}
	taken := map[string]bool{}
	for _, tp := range t.templates {
		taken[tp.Name] = true
	}
	name := base
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	return name
}
