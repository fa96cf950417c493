package ui

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// pickContact opens a search to choose a contact; onPick gets the choice.
// exclude (if not 0) is left out, such as the contact being edited.
func pickContact(w fyne.Window, contacts app.ContactService, title string, exclude int64, onPick func(app.ContactSummary)) {
	search := widget.NewEntry()
	search.SetPlaceHolder(app.T("Type a name…"))
	var results []app.ContactSummary
	list := widget.NewList(func() int { return len(results) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(results[i].Name + "  " + summaryLine(results[i]))
		})
	find := func(q string) {
		rows, _, err := contacts.FindContacts(context.Background(), app.ContactFilter{Query: q, Limit: 100})
		if err != nil {
			showError(err, w)
			return
		}
		results = results[:0]
		for _, r := range rows {
			if r.ID != exclude {
				results = append(results, r)
			}
		}
		list.UnselectAll()
		list.Refresh()
	}
	search.OnChanged = find
	find("")
	var d dialog.Dialog
	list.OnSelected = func(i widget.ListItemID) {
		d.Hide()
		onPick(results[i])
	}
	// Enter picks the first match: the only one, once the name is typed.
	search.OnSubmitted = func(string) {
		if len(results) > 0 {
			list.Select(0)
		}
	}
	d = dialog.NewCustom(title, app.T("Cancel"), container.NewBorder(search, nil, nil, nil, list), w)
	d.Resize(fyne.NewSize(480, 480))
	d.Show()
	w.Canvas().Focus(search)
}

// contactButton is a button that shows a chosen contact and opens the
// picker to change it.
type contactButton struct {
	*widget.Button
	ID       int64
	Name     string
	empty    string
	onChange func()
}

func newContactButton(w fyne.Window, contacts app.ContactService, empty, title string, onChange func()) *contactButton {
	b := &contactButton{empty: empty, onChange: onChange}
	b.Button = widget.NewButtonWithIcon(empty, theme.AccountIcon(), func() {
		pickContact(w, contacts, title, 0, func(c app.ContactSummary) { b.Set(c.ID, c.Name) })
	})
	b.Alignment = widget.ButtonAlignLeading
	return b
}

// Set shows a contact (0 for none).
func (b *contactButton) Set(id int64, name string) {
	b.ID, b.Name = id, name
	if id == 0 {
		b.SetText(b.empty)
	} else {
		b.SetText(name)
	}
	if b.onChange != nil {
		b.onChange()
	}
}

// monthChoices are the months a referral month can be: two before
// today's to a year after, keyed YYYY-MM as stored, named as people
// say them ("September 2026").
func monthChoices(today app.Date) (keys, labels []string) {
	start := today.Time()
	for i := -2; i <= 12; i++ {
		m := time.Date(start.Year(), start.Month()+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		keys, labels = append(keys, m.Format("2006-01")), append(labels, app.MonthYear(m.Year(), m.Month()))
	}
	return keys, labels
}

// parseDay reads a full date from a date field, naming the field on
// error.
func parseDay(label string, f *dateField) (app.Date, error) {
	d, err := f.Date()
	if err != nil {
		return d, app.Errorf(app.EINVALID, "%s: %s", label, app.ErrorMessage(err))
	}
	if !d.HasYear() {
		return d, app.Errorf(app.EINVALID, "%s needs a full date with the year.", label)
	}
	return d, nil
}

// heading is a screen or section title.
func heading(text string, size fyne.ThemeSizeName) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = size
	return l
}

// wrappedHeading is a subheading that wraps, for a narrow column.
func wrappedHeading(text string) fyne.CanvasObject {
	l := heading(text, theme.SizeNameSubHeadingText)
	l.Wrapping = fyne.TextWrapWord
	return wrapped(l)
}

// sideBySide lays sections out in equal columns when the width gives
// each its minimum, else one under the other: in a narrow window, or a
// language of long words, Today's sections stack instead of making the
// window wider than the screen.
func sideBySide(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&columnsLayout{}, objs...)
}

type columnsLayout struct{ width float32 } // the width last laid out at

func (l *columnsLayout) visible(objs []fyne.CanvasObject) (shown []fyne.CanvasObject, widest float32) {
	for _, o := range objs {
		if o.Visible() {
			shown = append(shown, o)
			widest = max(widest, o.MinSize().Width)
		}
	}
	return shown, widest
}

// inColumns says whether the objects fit side by side at width.
func (l *columnsLayout) inColumns(objs []fyne.CanvasObject, width float32) bool {
	shown, widest := l.visible(objs)
	n := float32(len(shown))
	return n > 0 && width >= widest*n+theme.Padding()*(n-1)
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	shown, widest := l.visible(objs)
	var h float32
	columns := l.width > 0 && l.inColumns(objs, l.width)
	for i, o := range shown {
		switch {
		case columns:
			h = max(h, o.MinSize().Height)
		case i > 0:
			h += theme.Padding() + o.MinSize().Height
		default:
			h = o.MinSize().Height
		}
	}
	return fyne.NewSize(widest, h)
}

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	shown, _ := l.visible(objs)
	pad := theme.Padding()
	if l.inColumns(objs, size.Width) {
		n := float32(len(shown))
		w := (size.Width - pad*(n-1)) / n
		for i, o := range shown {
			o.Move(fyne.NewPos(float32(i)*(w+pad), 0))
			o.Resize(fyne.NewSize(w, size.Height))
		}
		return
	}
	var y float32
	for _, o := range shown {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + pad
	}
}

// emptyNote is a list's empty state: what will show up there.
func emptyNote(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return l
}

// formDialog shows a form in a dialog; onSubmit returns an error to keep
// the dialog open with the message shown, so nothing typed is lost. Extra
// buttons (such as Delete) go before Cancel.
func formDialog(w fyne.Window, title, confirm string, items []*widget.FormItem, onSubmit func() error, extra ...fyne.CanvasObject) dialog.Dialog {
	return formDialogThen(w, title, confirm, items, onSubmit, nil, extra...)
}

// formDialogThen is formDialog with then run once the dialog is gone:
// for a submit that opens dialogs of its own (hiding a dialog takes down
// the ones above it).
func formDialogThen(w fyne.Window, title, confirm string, items []*widget.FormItem, onSubmit func() error, then func(), extra ...fyne.CanvasObject) dialog.Dialog {
	var d *dialog.CustomDialog
	form := wrapHints(widget.NewForm(items...))
	errLabel := widget.NewLabel("")
	errLabel.Importance = widget.DangerImportance
	errLabel.Wrapping = fyne.TextWrapWord
	errLabel.Hide()
	ok := widget.NewButtonWithIcon(confirm, theme.ConfirmIcon(), func() {
		if err := onSubmit(); err != nil {
			if app.ErrorCode(err) == app.EINTERNAL {
				fyne.LogError(title, err)
			}
			errLabel.SetText(app.ErrorMessage(err))
			errLabel.Show()
			return
		}
		d.Hide()
		if then != nil {
			then()
		}
	})
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton(app.T("Cancel"), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(form, errLabel), w)
	d.SetButtons(append(extra, cancel, ok))
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	return d
}

func moneyText(m app.Money, currency string) string {
	if m == 0 {
		return ""
	}
	return m.Format(currency)
}

// wrapped holds a wrapping label so that it asks only for the height its
// width needs. Left alone, a wrapping label measured before its first
// layout (width 0) asks for one word a line, and the window grows to fit.
func wrapped(l *widget.Label) fyne.CanvasObject { return container.New(wrapLayout{}, l) }

type wrapLayout struct{}

// wrapFallbackWidth is the width a label is measured at before it is laid out.
const wrapFallbackWidth = 400

func (wrapLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	o := objs[0]
	if !o.Visible() {
		return fyne.Size{}
	}
	if o.Size().Width < wrapFallbackWidth/2 {
		o.Resize(fyne.NewSize(wrapFallbackWidth, o.Size().Height))
	}
	return fyne.NewSize(0, o.MinSize().Height)
}

func (wrapLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	o := objs[0]
	o.Resize(fyne.NewSize(size.Width, o.Size().Height))
	o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
	o.Move(fyne.NewPos(0, 0))
}

// textWidthLayout sets wrapped text at a fixed width, as tall as the
// text then is (at least minSize): a dialog's message never runs under
// its buttons however long it grows.
type textWidthLayout struct{ minSize fyne.Size }

func (l *textWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	o := objs[0]
	o.Resize(fyne.NewSize(l.minSize.Width, o.Size().Height))
	return fyne.NewSize(l.minSize.Width, max(l.minSize.Height, o.MinSize().Height))
}

func (l *textWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(size)
	objs[0].Move(fyne.NewPos(0, 0))
}

// fixedWidth gives a select in a list row room for its longest choice.
func fixedWidth(o fyne.CanvasObject, width float32) *fyne.Container {
	return container.NewGridWrap(fyne.NewSize(width, o.MinSize().Height), o)
}

// labelsOf lists the labels of a set of choices, in order, for a select
// whose SelectedIndex then indexes the same slice.
func labelsOf[T interface{ Label() string }](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v.Label()
	}
	return out
}

// newTwoLineRow is a list row: a bold title over a quieter detail line,
// both cut short with an ellipsis rather than widening the list.
func newTwoLineRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("")
	detail.Importance = widget.LowImportance
	detail.Truncation = fyne.TextTruncateEllipsis
	return container.New(&rowLayout{}, title, detail)
}

// setTwoLineRow fills a row made by newTwoLineRow.
func setTwoLineRow(o fyne.CanvasObject, title, detail string) {
	labels := o.(*fyne.Container).Objects
	labels[0].(*widget.Label).SetText(title)
	labels[1].(*widget.Label).SetText(detail)
}

// setRowWarning shows a two-line row's detail as a warning, or as the
// quiet detail it is otherwise.
func setRowWarning(o fyne.CanvasObject, warn bool) {
	detail := o.(*fyne.Container).Objects[1].(*widget.Label)
	want := widget.LowImportance
	if warn {
		want = widget.WarningImportance
	}
	if detail.Importance != want {
		detail.Importance = want
		detail.Refresh()
	}
}

// prefLastFolder is where the last file was opened or saved.
const prefLastFolder = "files.lastFolder"

// startInLastFolder opens a file dialog where the last file was opened
// or saved (a folder since removed, or none yet: the home folder),
// rather than wherever the app was started from.
func startInLastFolder(d interface{ SetLocation(fyne.ListableURI) }) {
	dirs := []string{}
	if a := fyne.CurrentApp(); a != nil {
		if last := a.Preferences().String(prefLastFolder); last != "" {
			dirs = append(dirs, last)
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, home)
	}
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
			return
		}
	}
}

// rememberFolder keeps the folder of a file opened or saved, for the
// next file dialog.
func rememberFolder(u fyne.URI) {
	if u == nil || u.Scheme() != "file" {
		return
	}
	if a := fyne.CurrentApp(); a != nil {
		a.Preferences().SetString(prefLastFolder, filepath.Dir(u.Path()))
	}
}

// busy runs slow work (a backup, a pass over every contact) off the UI
// goroutine behind a wait dialog; then done runs on the UI goroutine, or
// the error is shown.
func busy(title string, w fyne.Window, work func() error, done func()) {
	wait := dialog.NewCustomWithoutButtons(title, widget.NewProgressBarInfinite(), w)
	wait.Show()
	inBackground(func() {
		err := work()
		onUI(func() {
			wait.Hide()
			if err != nil {
				showError(err, w)
				return
			}
			done()
		})
	})
}

// showDoneWithUndo says a change is done and offers to undo it at once.
func showDoneWithUndo(title, msg, undoText string, size fyne.Size, undo func(), w fyne.Window) {
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	undoButton := widget.NewButtonWithIcon(undoText, theme.ContentUndoIcon(), func() {
		d.Hide()
		undo()
	})
	ok := widget.NewButton(app.T("OK"), func() { d.Hide() })
	ok.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(title, container.New(&textWidthLayout{minSize: size}, label), w)
	d.SetButtons([]fyne.CanvasObject{undoButton, ok})
	d.Show()
}

// textEntry is an entry that takes at most max characters: a paste longer
// than that keeps its start and says so, instead of the window freezing
// while Fyne lays out a megabyte of wrapped text (its multi-line layout
// grows with the square of the length: 64 KB takes most of a minute).
type textEntry struct {
	widget.Entry
	max    int
	window fyne.Window
}

func newTextEntry(max int, w fyne.Window) *textEntry {
	e := &textEntry{max: max, window: w}
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut pastes no more than fits.
func (e *textEntry) TypedShortcut(s fyne.Shortcut) {
	p, ok := s.(*fyne.ShortcutPaste)
	if !ok || p.Clipboard == nil {
		e.Entry.TypedShortcut(s)
		return
	}
	text := p.Clipboard.Content()
	room := max(0, e.max-utf8.RuneCountInString(e.Text)+utf8.RuneCountInString(e.SelectedText()))
	n := utf8.RuneCountInString(text)
	if n <= room {
		e.Entry.TypedShortcut(s)
		return
	}
	e.Entry.TypedShortcut(&fyne.ShortcutPaste{Clipboard: fixedClipboard(string([]rune(text)[:room]))})
	if e.window != nil {
		dialog.ShowInformation(app.T("Text shortened"), app.Tf("This field holds %d characters at most: the first %d of the %d pasted were kept.", e.max, room, n), e.window)
	}
}

// fixedClipboard hands an entry the text to paste.
type fixedClipboard string

func (c fixedClipboard) Content() string { return string(c) }
func (fixedClipboard) SetContent(string) {}

func daysText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// parseDays reads a whole number of days; empty is 0.
func parseDays(label, text string) (int, error) {
	text = strings.TrimSpace(text)
	text = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(text, "days"), app.T("days")))
	if text == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		return 0, app.Errorf(app.EINVALID, "%s: %q is not a number of days.", label, text)
	}
	return n, nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// emptyHint is what an empty pane says, centred in it and wrapped to
// its width, so a long sentence in any language stays whole.
func emptyHint(text string) fyne.CanvasObject {
	l := emptyNote(text)
	l.Alignment = fyne.TextAlignCenter
	return container.NewVBox(layout.NewSpacer(), wrapped(l), layout.NewSpacer())
}

func lowLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Importance = widget.LowImportance
	return l
}

// wrapHints moves each hint of a form under its field as a label that
// wraps: Fyne draws a form's hints on one line, so a long one, or one in
// a wordier language, would widen the form past a narrow window.
func wrapHints(form *widget.Form) *widget.Form {
	for _, item := range form.Items {
		if item.HintText == "" {
			continue
		}
		hint := widget.NewLabel(item.HintText)
		hint.Wrapping = fyne.TextWrapWord
		hint.Importance = widget.LowImportance
		hint.SizeName = theme.SizeNameCaptionText
		item.Widget = container.New(&hintLayout{}, item.Widget, wrapped(hint))
		item.HintText = ""
	}
	form.Refresh()
	return form
}

// hintLayout stacks a field over its hint with no gap between, as Fyne
// draws a hint.
type hintLayout struct{}

func (hintLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(a.Width, b.Width), a.Height+b.Height-2*theme.Padding())
}

func (hintLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	a := objs[0].MinSize()
	objs[0].Resize(fyne.NewSize(size.Width, a.Height))
	objs[0].Move(fyne.NewPos(0, 0))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-a.Height+2*theme.Padding()))
	objs[1].Move(fyne.NewPos(0, a.Height-2*theme.Padding()))
}

// dismissTop closes a dialog or a list that is open over the window, as
// Escape does: by its Cancel, Close or No button, so whatever the dialog
// does when it is left is done; a drop-down list just closes. A dialog
// with none of those (one that is working) stays.
func dismissTop(top fyne.CanvasObject) {
	if menu, ok := top.(*widget.PopUpMenu); ok {
		menu.Hide()
		return
	}
	for _, text := range []string{app.T("Cancel"), app.T("Close"), app.T("No"), lang.L("Cancel"), lang.L("Close"), lang.L("No")} {
		if b := buttonIn(top, text); b != nil {
			b.OnTapped()
			return
		}
	}
}

// buttonIn finds an enabled button reading text in a dialog's
// containers.
func buttonIn(obj fyne.CanvasObject, text string) *widget.Button {
	switch o := obj.(type) {
	case *widget.Button:
		if o.Text == text && !o.Disabled() && o.Visible() && o.OnTapped != nil {
			return o
		}
	case *widget.PopUp:
		return buttonIn(o.Content, text)
	case *fyne.Container:
		for _, c := range o.Objects {
			if b := buttonIn(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}
