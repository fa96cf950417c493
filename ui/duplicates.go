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
)

// duplicatesView lists contacts that look like one person and merges a
// pair side by side.
type duplicatesView struct {
	svc    Services
	window fyne.Window
	nav    navigator // reloads the screens after a merge or its undo

	pairs []app.DuplicatePair
	list  *widget.List
	intro *widget.Label
	d     *dialog.CustomDialog
}

// show finds the duplicates (off the UI goroutine: it reads every
// contact) and lists them.
func (v *duplicatesView) show() {
	wait := dialog.NewCustomWithoutButtons(app.T("Looking for duplicates…"), widget.NewProgressBarInfinite(), v.window)
	wait.Show()
	inBackground(func() {
		pairs, err := v.svc.Duplicates.FindDuplicates(context.Background())
		onUI(func() {
			wait.Hide()
			if err != nil {
				showError(err, v.window)
				return
			}
			v.pairs = pairs
			v.showList()
		})
	})
}

func (v *duplicatesView) showList() {
	if len(v.pairs) == 0 {
		dialog.ShowInformation(app.T("Find duplicates"), app.T("No duplicates found: no two contacts share an email or phone number, "+
			"or a name with a birthday or company."), v.window)
		return
	}
	v.list = widget.NewList(func() int { return len(v.pairs) },
		func() fyne.CanvasObject {
			names := widget.NewLabel("")
			names.Truncation = fyne.TextTruncateEllipsis
			why := widget.NewLabel("")
			why.Importance = widget.LowImportance
			return container.NewBorder(nil, nil, nil, container.NewHBox(why, widget.NewButton(app.T("Merge…"), nil)), names)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := v.pairs[i]
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Label).SetText(p.A.Name + "  ↔  " + p.B.Name)
			right := row.Objects[1].(*fyne.Container)
			right.Objects[0].(*widget.Label).SetText(p.Reason)
			right.Objects[1].(*widget.Button).OnTapped = func() { v.compare(p) }
		})
	v.intro = widget.NewLabel("")
	v.intro.Wrapping = fyne.TextWrapWord
	v.sayCount()
	v.d = dialog.NewCustom(app.T("Find duplicates"), app.T("Close"), container.NewBorder(v.intro, nil, nil, nil, v.list), v.window)
	v.d.Resize(fyne.NewSize(760, 520))
	v.d.Show()
}

func (v *duplicatesView) sayCount() {
	switch len(v.pairs) {
	case 0:
		v.intro.SetText(app.T("No duplicates left."))
	case 1:
		v.intro.SetText(app.T("One pair of contacts may be the same person: compare them before you merge. Merge keeps every referral, gift, card and follow-up of both."))
	default:
		v.intro.SetText(app.Tf("%d pairs of contacts may be the same person: compare each before you merge. Merge keeps every referral, gift, card and follow-up of both.", len(v.pairs)))
	}
}

// compare shows a pair side by side with the merged result, and merges
// on the person's word.
func (v *duplicatesView) compare(p app.DuplicatePair) {
	ctx := context.Background()
	a, err := v.svc.Contacts.FindContactByID(ctx, p.A.ID)
	if err != nil {
		showError(err, v.window)
		return
	}
	b, err := v.svc.Contacts.FindContactByID(ctx, p.B.ID)
	if err != nil {
		showError(err, v.window)
		return
	}
	grid := container.NewVBox()
	resultCells := map[string]*widget.Label{}
	heading := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	grid.Add(container.NewGridWithColumns(4, widget.NewLabel(""), heading(a.Name()), heading(b.Name()), heading(app.T("Merged"))))
	for _, f := range mergeFields {
		name := widget.NewLabelWithStyle(app.T(f.label), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		cell := func(c *app.Contact) *widget.Label {
			l := widget.NewLabel(f.show(c))
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		}
		res := cell(a)
		res.Importance = widget.HighImportance
		resultCells[f.label] = res
		grid.Add(container.NewGridWithColumns(4, name, cell(a), cell(b), res))
	}
	var result app.Contact
	first := widget.NewRadioGroup([]string{app.T("the left one’s"), app.T("the right one’s")}, nil)
	first.Horizontal = true
	update := func() {
		if first.Selected == first.Options[1] {
			result = app.MergeContacts(b, a)
		} else {
			result = app.MergeContacts(a, b)
		}
		for _, f := range mergeFields {
			resultCells[f.label].SetText(f.show(&result))
		}
	}
	first.OnChanged = func(string) { update() }
	first.SetSelected(first.Options[0])
	why := widget.NewLabel(app.Tf("These look like one person: %s. Where both have a value and they differ, keep:", p.Reason))
	why.Wrapping = fyne.TextWrapWord
	note := widget.NewLabel(app.T("Every email, phone, tag and date of both is kept, and every referral, gift, card, follow-up and note of either " +
		"moves to the merged contact. The other goes to the trash. You can undo the merge."))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	var d *dialog.CustomDialog
	merge := widget.NewButtonWithIcon(app.T("Merge"), theme.ConfirmIcon(), func() {
		d.Hide()
		keep, other := a, b
		if first.Selected == first.Options[1] {
			keep, other = b, a
		}
		v.merge(keep.ID, other.ID, &result)
	})
	merge.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(app.T("Merge duplicates"), container.NewBorder(container.NewVBox(why, first), note, nil, nil,
		container.NewVScroll(grid)), v.window)
	d.SetButtons([]fyne.CanvasObject{widget.NewButton(app.T("Cancel"), func() { d.Hide() }), merge})
	d.Resize(fyne.NewSize(900, 620))
	d.Show()
}

func (v *duplicatesView) merge(keepID, otherID int64, result *app.Contact) {
	var m app.Merge
	busy(app.T("Merging…"), v.window, func() (err error) {
		m, err = v.svc.Duplicates.Merge(context.Background(), keepID, otherID, result)
		return err
	}, func() { v.merged(m, otherID) })
}

func (v *duplicatesView) merged(m app.Merge, otherID int64) {
	// Pairs with the contact merged away are gone.
	kept := v.pairs[:0]
	for _, p := range v.pairs {
		if p.A.ID != otherID && p.B.ID != otherID {
			kept = append(kept, p)
		}
	}
	v.pairs = kept
	if v.list != nil {
		v.list.Refresh()
		v.sayCount()
	}
	v.nav.reloadAll()
	v.offerUndo(m)
}

func (v *duplicatesView) offerUndo(m app.Merge) {
	showDoneWithUndo(app.T("Merged"), app.Tf("%s and %s are one contact now.", m.KeptName, m.MergedName),
		app.T("Undo Merge"), fyne.NewSize(380, 60), func() { v.undo(m) }, v.window)
}

// undoLast asks before undoing the latest merge.
func (v *duplicatesView) undoLast() {
	m, err := v.svc.Duplicates.LastMerge(context.Background())
	if err != nil {
		showError(err, v.window)
		return
	}
	if m == nil {
		dialog.ShowInformation(app.T("Undo merge"), app.T("There is no merge to undo."), v.window)
		return
	}
	dialog.ShowConfirm(app.T("Undo merge"), app.Tf("Split %s and %s again, each with what was theirs before the merge?", m.KeptName, m.MergedName),
		func(ok bool) {
			if ok {
				v.undo(*m)
			}
		}, v.window)
}

func (v *duplicatesView) undo(m app.Merge) {
	busy(app.T("Undoing the merge…"), v.window, func() error {
		return v.svc.Duplicates.UndoMerge(context.Background(), m.ID)
	}, func() {
		v.nav.reloadAll()
		dialog.ShowInformation(app.T("Merge undone"), app.Tf("%s and %s are two contacts again.", m.KeptName, m.MergedName), v.window)
	})
}

// mergeFields are the rows of the side-by-side comparison.
var mergeFields = []struct {
	label string
	show  func(*app.Contact) string
}{
	{app.N("Name"), func(c *app.Contact) string { return c.Name() }},
	{app.N("Name in full"), func(c *app.Contact) string {
		if c.Nickname != "" {
			return c.FullName() + " (" + c.Nickname + ")"
		}
		return c.FullName()
	}},
	{app.N("Company"), func(c *app.Contact) string { return c.Company }},
	{app.N("Kind"), func(c *app.Contact) string { return strings.Join(c.Kinds.Names(), ", ") }},
	{app.N("Emails"), func(c *app.Contact) string { return joinLabeled(c.Emails) }},
	{app.N("Phones"), func(c *app.Contact) string { return joinLabeled(c.Phones) }},
	{app.N("Addresses"), func(c *app.Contact) string {
		var out []string
		for i, a := range c.Addresses() {
			one := strings.TrimSpace(strings.Join(nonBlank(a.Street, strings.TrimSpace(a.Locality+" "+a.Region+" "+a.PostalCode), a.Country), ", "))
			switch {
			case i == 0 && len(c.OtherAddresses) > 0:
				one += " " + app.T("(cards go here)")
			case a.Label != "":
				one += " (" + a.Label + ")"
			}
			out = append(out, strings.ReplaceAll(one, "\n", ", "))
		}
		return strings.Join(out, "\n")
	}},
	{app.N("Birthday"), func(c *app.Contact) string { return c.Birthday.Long() }},
	{app.N("Client since"), func(c *app.Contact) string { return c.ClientSince.Long() }},
	{app.N("Dates"), func(c *app.Contact) string {
		var out []string
		for _, o := range c.Occasions {
			out = append(out, o.Label+" "+o.Date.Long())
		}
		return strings.Join(out, "\n")
	}},
	{app.N("Tags"), func(c *app.Contact) string { return strings.Join(c.Tags, ", ") }},
	{app.N("Treasures"), func(c *app.Contact) string { return firstLine(c.Treasures) }},
	{app.N("Notes"), func(c *app.Contact) string { return firstLine(c.Notes) }},
	{app.N("Do not contact"), func(c *app.Contact) string {
		if c.DoNotContact {
			return app.T("Yes")
		}
		return ""
	}},
}

// firstLine is the start of a long text, for a one-line cell.
func firstLine(s string) string {
	line, rest, _ := strings.Cut(strings.TrimSpace(s), "\n")
	if strings.TrimSpace(rest) != "" {
		line += " …"
	}
	return line
}

func joinLabeled(list []app.Labeled) string {
	var out []string
	for _, l := range list {
		if l.Label != "" {
			out = append(out, l.Value+" ("+l.Label+")")
		} else {
			out = append(out, l.Value)
		}
	}
	return strings.Join(out, "\n")
}

func nonBlank(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}
