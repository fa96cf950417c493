package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// giftsTab is the gift log: who needs a gift soon, every gift filtered by
// status, occasion and year, and the year's budget.
type giftsTab struct {
	svc    Services
	window fyne.Window
	nav    navigator

	status, occasion, year *widget.Select
	contact                *contactButton
	needs                  *fyne.Container
	list                   *widget.List
	gifts                  []app.Gift
	none                   *widget.Label
	budget                 *widget.Label
	progress               *widget.ProgressBar
	chart                  *barChart
	onChange               func()
}

func newGiftsTab(svc Services, w fyne.Window, nav navigator) *giftsTab {
	return &giftsTab{svc: svc, window: w, nav: nav}
}

func (t *giftsTab) years() []string {
	y := t.svc.Now().Year()
	return []string{strconv.Itoa(y), strconv.Itoa(y - 1), strconv.Itoa(y - 2), app.T("All years")}
}

func (t *giftsTab) buildUI() fyne.CanvasObject {
	t.status = widget.NewSelect(append([]string{app.T("All statuses")}, labelsOf(app.GiftStatuses)...), func(string) { t.refresh() })
	t.status.SetSelectedIndex(0)
	t.occasion = widget.NewSelect(append([]string{app.T("All occasions")}, labelsOf(app.GiftOccasions)...), func(string) { t.refresh() })
	t.occasion.SetSelectedIndex(0)
	t.year = widget.NewSelect(t.years(), func(string) { t.refresh() })
	t.year.SetSelectedIndex(0)
	t.contact = newContactButton(t.window, t.svc.Contacts, app.T("Everyone"), app.T("Gifts for whom?"), func() { t.refresh() })
	clearContact := newIconButton(theme.ContentClearIcon(), app.T("Show everyone's gifts"), func() { t.contact.Set(0, "") })
	t.needs = container.NewVBox()
	t.none = emptyNote("")
	t.list = widget.NewList(func() int { return len(t.gifts) }, newTwoLineRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			g := t.gifts[i]
			parts := []string{g.Status.Label(), g.Occasion.Label()}
			if g.Status == app.GiftGiven {
				parts = append(parts, g.GivenOn.Format())
			}
			if g.Cost > 0 {
				parts = append(parts, g.Cost.Format(t.currency()))
			}
			setTwoLineRow(o, g.What+" — "+g.ContactName, strings.Join(parts, " · "))
		})
	t.list.OnSelected = func(i widget.ListItemID) {
		t.list.UnselectAll()
		t.editGift(t.gifts[i])
	}
	add := widget.NewButtonWithIcon(app.T("Add a Gift"), theme.ContentAddIcon(), func() {
		t.editGift(app.Gift{Occasion: app.ForReferral, Status: app.GiftPlanned})
	})
	add.Importance = widget.HighImportance
	filters := container.NewVBox(container.NewGridWithColumns(3, t.status, t.occasion, t.year),
		container.NewBorder(nil, nil, widget.NewLabel(app.T("For")), clearContact, t.contact.Button))
	left := container.NewBorder(
		container.NewVBox(widget.NewCard("", app.T("Coming occasions without a gift planned"), t.needs), filters),
		add, nil, nil, container.NewStack(t.list, container.NewPadded(container.NewVBox(wrapped(t.none)))))

	t.budget = widget.NewLabel("")
	t.budget.Wrapping = fyne.TextWrapWord
	t.progress = widget.NewProgressBar()
	t.chart = newBarChart()
	right := container.NewBorder(container.NewVBox(heading(app.T("Budget"), theme.SizeNameSubHeadingText), t.progress, wrapped(t.budget),
		lowLabel(app.T("Spent each month (in whole units)"))), nil, nil, nil, t.chart)
	split := container.NewHSplit(left, container.NewPadded(right))
	split.Offset = 0.55
	return split
}

func (t *giftsTab) currency() string {
	st, _ := t.svc.Settings.Settings(context.Background())
	return st.Currency
}

func (t *giftsTab) filter() app.GiftFilter {
	f := app.GiftFilter{ContactID: t.contact.ID}
	if i := t.status.SelectedIndex(); i > 0 {
		f.Status = app.GiftStatuses[i-1]
	}
	if i := t.occasion.SelectedIndex(); i > 0 {
		f.Occasion = app.GiftOccasions[i-1]
	}
	if y, err := strconv.Atoi(t.year.Selected); err == nil {
		f.Year = y
	}
	return f
}

func (t *giftsTab) refresh() {
	if t.list == nil {
		return
	}
	ctx := context.Background()
	gifts, n, err := t.svc.Gifts.FindGifts(ctx, t.filter())
	if err != nil {
		showError(err, t.window)
		return
	}
	t.gifts = gifts
	t.none.SetText(app.T("No gifts here yet. A small gift chosen from what someone treasures is the strongest thank-you; the gesture matters more than the price."))
	t.none.Hidden = n > 0
	t.none.Refresh()
	t.list.Refresh()
	t.refreshNeeds()
	t.refreshBudget()
}

// needsWindow is how far ahead Gifts looks for occasions needing a gift.
const needsWindow = 30

// refreshNeeds lists coming occasions whose contact has no gift planned
// or bought yet: first, so nobody is forgotten.
func (t *giftsTab) refreshNeeds() {
	ctx := context.Background()
	day := app.DateOf(t.svc.Now())
	coming, err := t.svc.Calendar.Upcoming(ctx, day, day.AddDays(needsWindow), 40)
	if err != nil {
		showError(err, t.window)
		return
	}
	t.needs.RemoveAll()
	shown := 0
	for _, u := range coming {
		if shown == 4 {
			break
		}
		planned, _, err := t.svc.Gifts.FindGifts(ctx, app.GiftFilter{ContactID: u.ContactID, Limit: 5})
		if err != nil {
			showError(err, t.window)
			return
		}
		hasPlan := false
		for _, g := range planned {
			hasPlan = hasPlan || g.Status == app.GiftPlanned || g.Status == app.GiftBought
		}
		if hasPlan {
			continue
		}
		occasion := app.ForBirthday
		if u.Kind == app.OccasionAnniversary {
			occasion = app.ForAnniversary
		} else if u.Kind == app.OccasionOther {
			occasion = app.ForOther
		}
		plan := widget.NewButtonWithIcon(app.T("Plan Gift"), theme.ContentAddIcon(), func() {
			t.editGift(app.Gift{ContactID: u.ContactID, ContactName: u.Name, Occasion: occasion, Status: app.GiftPlanned})
		})
		label := widget.NewLabel(app.Tf("%s — %s", u.Title(), dueText(u.On, day)))
		label.Truncation = fyne.TextTruncateEllipsis
		t.needs.Add(container.NewBorder(nil, nil, nil, plan, label))
		shown++
	}
	if shown == 0 {
		t.needs.Add(emptyNote(app.Tf("Every occasion of the coming %d days has a gift planned, or there is none.", needsWindow)))
	}
}

func (t *giftsTab) refreshBudget() {
	year := t.svc.Now().Year()
	if y, err := strconv.Atoi(t.year.Selected); err == nil {
		year = y
	}
	b, err := t.svc.Gifts.Budget(context.Background(), year)
	if err != nil {
		showError(err, t.window)
		return
	}
	cur := t.currency()
	text := app.Tf("%d: %s spent", year, b.Spent.Format(cur))
	if b.Budget > 0 {
		text += app.Tf(" of %s", b.Budget.Format(cur))
		t.progress.SetValue(min(1, float64(b.Spent)/float64(b.Budget)))
		t.progress.Show()
	} else {
		text += " " + app.T("(set a yearly budget in Settings)")
		t.progress.Hide()
	}
	text += "."
	if b.ReferralsWon > 0 {
		text += app.Tf(" Thank-you gifts came to %s per referral won.", b.CostPerReferralWon().Format(cur))
	}
	if len(b.ByContact) > 0 {
		var top []string
		for _, c := range b.ByContact[:min(3, len(b.ByContact))] {
			top = append(top, app.Tf("%s %s", c.Name, c.Spent.Format(cur)))
		}
		text += " " + app.Tf("Most on: %s.", strings.Join(top, ", "))
	}
	t.budget.SetText(text)
	unit := app.Money(100)
	var bars []bar
	for m, spent := range b.ByMonth {
		units := int(spent / unit)
		bars = append(bars, bar{label: app.MonthShort(time.Month(m + 1)), dark: units, text: strconv.Itoa(units)})
	}
	t.chart.set(bars, 0)
}

// editGift adds or edits a gift in a dialog. A gift like one already
// given to the same person is flagged before it is saved: never the same
// gift twice.
func (t *giftsTab) editGift(g app.Gift) {
	ctx := context.Background()
	cur := t.currency()
	who := newContactButton(t.window, t.svc.Contacts, app.T("Choose whom it is for…"), app.T("A gift for whom?"), nil)
	if g.ContactID != 0 {
		name := g.ContactName
		if name == "" {
			if c, err := t.svc.Contacts.FindContactByID(ctx, g.ContactID); err == nil {
				name = c.Name()
			}
		}
		who.Set(g.ContactID, name)
	}
	what := widget.NewEntry()
	what.SetText(g.What)
	what.SetPlaceHolder(app.T("e.g. a box of dark chocolate"))
	ideas := widget.NewSelect(nil, func(s string) { what.SetText(s) })
	ideas.PlaceHolder = app.T("Ideas from what they treasure…")
	fillIdeas := func() {
		ideas.Options = nil
		if c, err := t.svc.Contacts.FindContactByID(ctx, who.ID); err == nil {
			ideas.Options = app.IdeasFromTreasures(c.Treasures)
		}
		ideas.Refresh()
	}
	// A referral thank-you can name the referral it thanks for; giving it
	// then closes that referral's "thank the referrer" follow-up.
	referral := widget.NewSelect(nil, nil)
	referral.PlaceHolder = app.T("Which referral it thanks them for (optional)")
	var referralIDs []int64
	fillReferrals := func() {
		referral.Options, referralIDs = nil, nil
		rs, _, _ := t.svc.Referrals.FindReferrals(ctx, app.ReferralFilter{ContactID: who.ID, Limit: 50})
		for _, r := range rs {
			if r.ReferrerID == who.ID {
				referral.Options = append(referral.Options, app.Tf("%s, %s (%s)", r.LeadName, r.ReceivedOn.Format(), r.Status.Label()))
				referralIDs = append(referralIDs, r.ID)
			}
		}
		referral.ClearSelected()
		for i, id := range referralIDs {
			if id == g.ReferralID {
				referral.SetSelectedIndex(i)
			}
		}
		referral.Refresh()
	}
	who.onChange = func() { fillIdeas(); fillReferrals() }
	fillIdeas()
	fillReferrals()
	occasion := widget.NewSelect(labelsOf(app.GiftOccasions), nil)
	occasion.SetSelectedIndex(indexOf(app.GiftOccasions, g.Occasion))
	status := widget.NewSelect(labelsOf(app.GiftStatuses), nil)
	status.SetSelectedIndex(indexOf(app.GiftStatuses, g.Status))
	givenOn := newDateField(false, t.svc.Now)
	givenOn.SetDate(g.GivenOn)
	cost := widget.NewEntry()
	cost.SetPlaceHolder(app.Tf("e.g. %s (%s)", app.Money(2500).Plain(cur), cur))
	cost.SetText(g.Cost.Plain(cur))
	where := widget.NewEntry()
	where.SetText(g.Where)
	note := widget.NewEntry()
	note.SetText(g.Note)
	warned := false
	title := app.T("Add a Gift")
	var d dialog.Dialog
	var extra []fyne.CanvasObject
	if g.ID != 0 {
		title = app.T("Edit Gift")
		extra = append(extra, widget.NewButtonWithIcon(app.T("Delete"), theme.DeleteIcon(), func() {
			dialog.ShowConfirm(app.T("Delete gift?"), app.Tf("Delete “%s” for %s?", g.What, g.ContactName), func(ok bool) {
				if !ok {
					return
				}
				before, err := t.svc.Gifts.SnapshotGift(ctx, g.ID)
				if err == nil {
					err = t.svc.Gifts.DeleteGift(ctx, g.ID)
				}
				if err != nil {
					showError(err, t.window)
				} else {
					t.nav.undoable(app.Tf("Deleted the gift “%s”", g.What), func() error { return t.svc.Gifts.RestoreGift(ctx, before) }, t.refresh)
				}
				d.Hide()
				t.refresh()
			}, t.window)
		}))
	}
	d = formDialog(t.window, title, app.T("Save"), []*widget.FormItem{
		widget.NewFormItem(app.T("For"), who.Button),
		widget.NewFormItem(app.T("Gift"), what),
		widget.NewFormItem("", ideas),
		widget.NewFormItem(app.T("Occasion"), occasion),
		widget.NewFormItem(app.T("Thanks for"), referral),
		widget.NewFormItem(app.T("Status"), status),
		widget.NewFormItem(app.T("Given on"), givenOn),
		widget.NewFormItem(app.T("Cost"), cost),
		widget.NewFormItem(app.T("Where bought"), where),
		widget.NewFormItem(app.T("Note"), note),
	}, func() error {
		edited := g
		edited.ContactID, edited.What, edited.Where, edited.Note = who.ID, what.Text, where.Text, note.Text
		edited.Occasion = app.GiftOccasions[max(0, occasion.SelectedIndex())]
		edited.Status = app.GiftStatuses[max(0, status.SelectedIndex())]
		edited.ReferralID = 0
		if i := referral.SelectedIndex(); i >= 0 && edited.Occasion == app.ForReferral {
			edited.ReferralID = referralIDs[i]
		}
		var err error
		if edited.GivenOn, err = givenOn.Date(); err != nil {
			return app.Errorf(app.EINVALID, "Given on: %s", app.ErrorMessage(err))
		}
		if edited.Status == app.GiftGiven && edited.GivenOn.IsZero() {
			edited.GivenOn = app.DateOf(t.svc.Now())
		}
		if edited.Status != app.GiftGiven {
			edited.GivenOn = app.Date{}
		}
		if edited.Cost, err = app.ParseMoney(cost.Text, cur); err != nil {
			return app.Errorf(app.EINVALID, "Cost: %s", app.ErrorMessage(err))
		}
		if !warned && edited.ContactID != 0 {
			similar, err := t.svc.Gifts.SimilarGiven(ctx, edited.ContactID, edited.What, edited.ID)
			if err != nil {
				return err
			}
			if len(similar) > 0 {
				warned = true
				s := similar[0]
				return app.Errorf(app.ECONFLICT, "Already given to %s: “%s” (%s, %s). Press Save again to keep it anyway.",
					s.ContactName, s.What, s.Occasion.Label(), s.GivenOn.Format())
			}
		}
		var undo func() error
		if edited.ID == 0 {
			err = t.svc.Gifts.CreateGift(ctx, &edited)
			undo = func() error { return t.svc.Gifts.DeleteGift(ctx, edited.ID) }
		} else {
			var before app.Snapshot
			if before, err = t.svc.Gifts.SnapshotGift(ctx, edited.ID); err == nil {
				err = t.svc.Gifts.UpdateGift(ctx, &edited)
			}
			undo = func() error { return t.svc.Gifts.RestoreGift(ctx, before) }
		}
		if err != nil {
			return err
		}
		t.nav.undoable(app.Tf("Saved the gift “%s”", edited.What), undo, t.refresh)
		t.refresh()
		if t.onChange != nil {
			t.onChange()
		}
		return nil
	}, extra...)
}

func indexOf[T comparable](values []T, v T) int {
	for i, x := range values {
		if x == v {
			return i
		}
	}
	return 0
}
