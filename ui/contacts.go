package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/demo"
)

// contactsTab is the Contacts screen: a searchable, filterable list on the
// left and the chosen contact's page on the right.
type contactsTab struct {
	svc    Services
	window fyne.Window
	nav    navigator

	search    *widget.Entry
	kind      *widget.Select
	tag       *widget.Select
	trashView *widget.Check
	count     *widget.Label
	list      *contactList
	noMatch   *widget.Label
	newButton *widget.Button
	rows      *contactPages
	form      *contactForm

	main, welcome fyne.CanvasObject
	selectedID    int64 // the list row shown in the form, 0 for none
}

// The contact list's filters, worded by initChoices.
var (
	allKinds, allTags string
	kindChoices       []string
)

func newContactsTab(svc Services, w fyne.Window, nav navigator) *contactsTab {
	return &contactsTab{svc: svc, window: w, nav: nav, rows: &contactPages{svc: svc.Contacts}}
}

func (t *contactsTab) buildUI() fyne.CanvasObject {
	t.search = widget.NewEntry()
	t.search.SetPlaceHolder(app.T("Search names, email, phone, town…"))
	t.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	t.search.OnChanged = func(string) { t.refresh() }

	t.kind = widget.NewSelect(kindChoices, func(string) { t.refresh() })
	t.kind.SetSelectedIndex(0)
	t.tag = widget.NewSelect([]string{allTags}, func(string) { t.refresh() })
	t.tag.SetSelectedIndex(0)
	t.trashView = widget.NewCheck(app.T("Trash"), func(bool) { t.refresh() })

	t.count = widget.NewLabel("")
	t.count.Importance = widget.LowImportance
	t.noMatch = widget.NewLabel("")
	t.noMatch.Alignment = fyne.TextAlignCenter
	t.noMatch.Wrapping = fyne.TextWrapWord

	t.list = newContactList(t.rows, t.onTrash)
	t.list.OnSelected = t.onSelected

	t.newButton = widget.NewButtonWithIcon(app.T("New Contact"), theme.ContentAddIcon(), t.onNew)
	t.newButton.Importance = widget.HighImportance

	t.form = newContactForm(t)
	left := container.NewBorder(
		container.NewVBox(t.search, container.NewGridWithColumns(2, t.kind, t.tag), container.NewBorder(nil, nil, nil, t.trashView, t.count)),
		t.newButton, nil, nil,
		container.NewStack(t.list, container.NewPadded(container.NewVBox(wrapped(t.noMatch)))))
	split := container.NewHSplit(left, t.form.buildUI())
	split.Offset = 0.3
	t.main = split
	t.welcome = t.buildWelcome()
	t.refreshTags()
	t.refresh()
	return container.NewStack(t.main, t.welcome)
}

// buildWelcome is what a new user sees on an empty database.
func (t *contactsTab) buildWelcome() fyne.CanvasObject {
	heading := widget.NewLabelWithStyle(app.T("Welcome to Referable"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	body := widget.NewLabel(app.T("Referable keeps word of mouth working for your business: who sent you whom, " +
		"who to thank, whose birthday card to post. Everything stays on this computer.\n\n" +
		"Start with a sample business to look around, bring your contacts in, or add the first one yourself."))
	body.Wrapping = fyne.TextWrapWord
	body.Alignment = fyne.TextAlignCenter
	sample := widget.NewButtonWithIcon(app.T("Load a Sample Business"), theme.StorageIcon(), t.onLoadSample)
	sample.Importance = widget.HighImportance
	importButton := widget.NewButtonWithIcon(app.T("Import Contacts…"), theme.DownloadIcon(), func() { t.nav.importContacts() })
	add := widget.NewButtonWithIcon(app.T("Add Your First Contact"), theme.ContentAddIcon(), t.onNew)
	box := container.NewVBox(heading, body, container.NewCenter(container.NewHBox(sample, importButton, add)))
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(620, 260), box))
}

// refresh reruns the list's query from the search box and filters, and
// shows the welcome instead when the database is empty.
func (t *contactsTab) refresh() {
	if t.list == nil {
		return // still building
	}
	ctx := context.Background()
	live, trashed, err := t.svc.Contacts.CountContacts(ctx)
	if err != nil {
		showError(err, t.window)
		return
	}
	if live+trashed == 0 && t.form.contact.ID == 0 && !t.form.dirty && !t.form.editingNew {
		t.main.Hide()
		t.welcome.Show()
	} else {
		t.welcome.Hide()
		t.main.Show()
	}
	filter := app.ContactFilter{Query: t.search.Text, Trashed: t.trashView.Checked}
	if i := t.kind.SelectedIndex(); i > 0 {
		filter.Kind = app.Kinds[i-1]
	}
	if t.tag.SelectedIndex() > 0 {
		filter.Tag = t.tag.Selected
	}
	if err := t.rows.reset(ctx, filter); err != nil {
		showError(err, t.window)
	}
	switch {
	case filter.Trashed:
		t.count.SetText(app.Tf("%s in the trash, kept 30 days", app.Plural(t.rows.total, "contact")))
	case t.rows.total == live:
		t.count.SetText(app.Plural(live, "contact"))
	default:
		t.count.SetText(app.Tf("%d of %s", t.rows.total, app.Plural(live, "contact")))
	}
	switch {
	case t.rows.total > 0:
		t.noMatch.Hide()
	case filter.Trashed:
		t.noMatch.SetText(app.T("The trash is empty."))
		t.noMatch.Show()
	case filter.Query != "":
		t.noMatch.SetText(app.Tf("Nobody matches “%s”.", filter.Query))
		t.noMatch.Show()
	default:
		t.noMatch.SetText(app.T("No contacts here yet."))
		t.noMatch.Show()
	}
	t.list.UnselectAll()
	t.list.Refresh()
	if !t.selectShown() {
		t.list.ScrollToTop()
	}
}

// selectShown highlights the form's contact, kept in view, if it is on a
// loaded page: after a save the list stays on the contact edited.
func (t *contactsTab) selectShown() bool {
	i := t.rows.indexOf(t.form.contact.ID)
	if i < 0 {
		return false
	}
	t.selectedID = t.form.contact.ID
	t.list.Select(i)
	t.list.ScrollTo(i)
	return true
}

func (t *contactsTab) refreshTags() {
	tags, err := t.svc.Contacts.Tags(context.Background())
	if err != nil {
		showError(err, t.window)
		return
	}
	t.tag.Options = append([]string{allTags}, tags...)
	t.tag.Refresh()
}

func (t *contactsTab) setTrashView(on bool) { t.trashView.SetChecked(on) }

// refreshShown reloads the shown contact's referral section, which other
// screens change, unless the owner is in the middle of editing.
func (t *contactsTab) refreshShown() {
	if t.form.contact.ID != 0 && !t.form.dirty {
		t.form.fillReferrals(t.form.contact)
	}
}

func (t *contactsTab) onSelected(i widget.ListItemID) {
	row, ok := t.rows.at(i)
	if !ok || row.ID == t.selectedID {
		return
	}
	previous := t.selectedID
	t.leaveForm(func() {
		t.selectedID = row.ID
		t.form.show(row.ID)
	}, func() {
		// Staying on the unsaved contact: put the highlight back.
		if j := t.rows.indexOf(previous); j >= 0 {
			t.list.Select(j)
		} else {
			t.list.UnselectAll()
		}
	})
}

// open shows a contact from anywhere in the screen (such as the list of
// people someone referred), clearing filters that would hide it.
func (t *contactsTab) open(id int64) {
	t.leaveForm(func() {
		t.selectedID = id
		t.form.show(id)
		t.selectShown()
	}, nil)
}

func (t *contactsTab) onNew() {
	t.leaveForm(func() {
		t.list.UnselectAll()
		t.selectedID = 0
		t.form.showNew()
		t.welcome.Hide()
		t.main.Show()
		t.window.Canvas().Focus(t.form.given)
	}, nil)
}

func (t *contactsTab) onTrash() { t.form.onTrash() }

// leaveForm runs next once unsaved edits are saved or discarded; stay runs
// when the user chooses to keep editing.
func (t *contactsTab) leaveForm(next, stay func()) {
	if !t.form.dirty {
		next()
		return
	}
	var d *dialog.CustomDialog
	saveButton := widget.NewButton(app.T("Save"), func() {
		d.Hide()
		if t.form.onSave() {
			next()
		} else if stay != nil {
			stay()
		}
	})
	saveButton.Importance = widget.HighImportance
	discard := widget.NewButton(app.T("Discard Changes"), func() {
		d.Hide()
		t.form.dirty = false
		next()
	})
	keep := widget.NewButton(app.T("Keep Editing"), func() {
		d.Hide()
		if stay != nil {
			stay()
		}
	})
	msg := widget.NewLabel(app.Tf("%s has changes that are not saved.", t.form.displayName()))
	d = dialog.NewCustomWithoutButtons(app.T("Unsaved changes"), msg, t.window)
	d.SetButtons([]fyne.CanvasObject{keep, discard, saveButton})
	d.Show()
}

// reload forgets the contact shown and lists the contacts afresh, after
// the data changed wholesale.
func (t *contactsTab) reload() {
	t.list.UnselectAll()
	t.selectedID = 0
	t.form.editingNew = false
	t.form.fill(&app.Contact{})
	t.afterChange()
}

// afterChange refreshes the list and tags and highlights the saved contact.
func (t *contactsTab) afterChange() {
	t.refreshTags()
	t.refresh()
}

func (t *contactsTab) onLoadSample() {
	live, trashed, err := t.svc.Contacts.CountContacts(context.Background())
	if err != nil {
		showError(err, t.window)
		return
	}
	if live+trashed > 0 {
		dialog.ShowInformation(app.T("Sample business"), app.T("The sample business goes only into an empty database, so it never mixes with your own contacts.\n\n"+
			"To look at it, start Referable with another file:\n  referable --db sample.db"), t.window)
		return
	}
	if err := t.svc.LoadSample(context.Background()); err != nil {
		showError(err, t.window)
		return
	}
	t.afterChange()
	t.nav.showToday() // what a returning owner sees first
	dialog.ShowInformation(app.T("Sample business loaded"), app.Tf("%d contacts of Rivera Plumbing & Heating are ready to explore.\n"+
		"Their details and referral chains are made up.", demo.DefaultContacts), t.window)
}

// contactPages feeds the list a page at a time, so 100,000 contacts cost
// the rows on screen, not the whole table.
type contactPages struct {
	svc    app.ContactService
	filter app.ContactFilter
	total  int
	pages  map[int][]app.ContactSummary
}

func (p *contactPages) reset(ctx context.Context, f app.ContactFilter) error {
	p.filter, p.pages, p.total = f, map[int][]app.ContactSummary{}, 0
	f.Limit = app.ContactPage
	rows, total, err := p.svc.FindContacts(ctx, f)
	if err != nil {
		return err
	}
	p.pages[0], p.total = rows, total
	return nil
}

// at returns row i, loading its page when needed.
func (p *contactPages) at(i int) (app.ContactSummary, bool) {
	if i < 0 || i >= p.total {
		return app.ContactSummary{}, false
	}
	n := i / app.ContactPage
	rows, ok := p.pages[n]
	if !ok {
		if len(p.pages) > 20 {
			p.pages = map[int][]app.ContactSummary{0: p.pages[0]} // bound memory while scrolling far
		}
		f := p.filter
		f.Offset, f.Limit = n*app.ContactPage, app.ContactPage
		var err error
		if rows, _, err = p.svc.FindContacts(context.Background(), f); err != nil {
			fyne.LogError("load contacts page", err)
			return app.ContactSummary{}, false
		}
		p.pages[n] = rows
	}
	if i%app.ContactPage >= len(rows) {
		return app.ContactSummary{}, false
	}
	return rows[i%app.ContactPage], true
}

// indexOf finds a contact among the loaded rows; -1 when not loaded.
func (p *contactPages) indexOf(id int64) int {
	if id == 0 {
		return -1
	}
	for n, rows := range p.pages {
		for i, r := range rows {
			if r.ID == id {
				return n*app.ContactPage + i
			}
		}
	}
	return -1
}

// contactList is the list of contacts; Delete on it moves the selected
// contact to the trash.
type contactList struct {
	widget.List
	onDelete func()
}

func newContactList(rows *contactPages, onDelete func()) *contactList {
	l := &contactList{onDelete: onDelete}
	l.Length = func() int { return rows.total }
	l.CreateItem = newTwoLineRow
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		r, _ := rows.at(i)
		setTwoLineRow(o, r.Name, summaryLine(r))
	}
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey moves the selected contact to the trash on Delete.
func (l *contactList) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeyDelete && l.onDelete != nil {
		l.onDelete()
		return
	}
	l.List.TypedKey(e)
}

func summaryLine(r app.ContactSummary) string {
	parts := r.Kinds.Names()
	if r.Company != "" && r.Company != r.Name {
		parts = append([]string{r.Company}, parts...)
	}
	if !r.DeletedAt.IsZero() {
		parts = append(parts, app.Tf("trashed %s", app.DateOf(r.DeletedAt.Local()).Format()))
	}
	return strings.Join(parts, " · ")
}

// rowLayout stacks a list row's two lines tightly.
type rowLayout struct{}

func (rowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := objs[0].MinSize().Height
	gap := theme.Padding() * 2
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h-gap))
	objs[1].Resize(fyne.NewSize(size.Width, objs[1].MinSize().Height))
}

func (rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(a.Width, b.Width), a.Height+b.Height-theme.Padding()*2)
}

// save saves the contact shown (Ctrl+S).
func (t *contactsTab) save() { t.form.onSave() }
