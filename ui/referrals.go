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

// referralsTab is the Referrals screen: the pipeline, follow-ups, asks,
// referrals given, the referral tree, goals and the referral month, each a
// tab of its own.
type referralsTab struct {
	svc    Services
	window fyne.Window
	nav    navigator

	tabs      *container.AppTabs
	pipeline  *pipelineView
	followUps *followUpsView
	asks      *asksView
	given     *givenView
	tree      *treeView
	goals     *goalsView
	month     *monthView
}

func newReferralsTab(svc Services, w fyne.Window, nav navigator) *referralsTab {
	t := &referralsTab{svc: svc, window: w, nav: nav}
	t.pipeline = &pipelineView{tab: t}
	t.followUps = &followUpsView{tab: t}
	t.asks = &asksView{tab: t}
	t.given = &givenView{tab: t}
	t.tree = &treeView{tab: t}
	t.goals = &goalsView{tab: t}
	t.month = &monthView{tab: t}
	return t
}

func (t *referralsTab) buildUI() fyne.CanvasObject {
	t.tabs = container.NewAppTabs(
		container.NewTabItem(app.T("Pipeline"), t.pipeline.buildUI()),
		container.NewTabItem(app.T("Follow-ups"), t.followUps.buildUI()),
		container.NewTabItem(app.T("Asking"), t.asks.buildUI()),
		container.NewTabItem(app.T("Given"), t.given.buildUI()),
		container.NewTabItem(app.T("Tree"), t.tree.buildUI()),
		container.NewTabItem(app.T("Goals"), t.goals.buildUI()),
		container.NewTabItem(app.T("Referral Month"), t.month.buildUI()),
	)
	t.tabs.OnSelected = func(*container.TabItem) { t.refresh() }
	return t.tabs
}

// showFollowUps shows the open follow-ups.
func (t *referralsTab) showFollowUps() { t.tabs.SelectIndex(1) }

// showTree shows the referral tree from a contact.
func (t *referralsTab) showTree(contactID int64, name string) {
	t.tabs.SelectIndex(4)
	t.tree.show(contactID, name)
}

// refresh reloads the tab on show: other screens may have changed data.
func (t *referralsTab) refresh() {
	switch t.tabs.SelectedIndex() {
	case 0:
		t.pipeline.refresh()
	case 1:
		t.followUps.refresh()
	case 2:
		t.asks.refresh()
	case 3:
		t.given.refresh()
	case 4:
		t.tree.refresh()
	case 5:
		t.goals.refresh()
	case 6:
		t.month.refresh()
	}
}

// settings reads the settings, for the currency and the rules' numbers.
func (t *referralsTab) settings() app.Settings {
	s, err := t.svc.Settings.Settings(context.Background())
	if err != nil {
		fyne.LogError("read settings", err)
	}
	return s
}

func (t *referralsTab) today() app.Date { return app.DateOf(t.svc.Now()) }

// onNewReferral records a referral: who sent whom, the lead chosen among
// the contacts or named on the spot.
func (t *referralsTab) onNewReferral(referrerID int64, referrerName string) {
	referrer := newContactButton(t.window, t.svc.Contacts, app.T("Choose who sent them…"), app.T("Who sent the referral?"), nil)
	if referrerID != 0 {
		referrer.Set(referrerID, referrerName)
	}
	lead := newContactButton(t.window, t.svc.Contacts, app.T("Choose a contact, or name someone new below…"), app.T("Who was referred?"), nil)
	given, family := widget.NewEntry(), widget.NewEntry()
	given.SetPlaceHolder(app.T("Given name"))
	family.SetPlaceHolder(app.T("Family name"))
	reach := widget.NewEntry()
	reach.SetPlaceHolder(app.T("Phone or email, to contact them at once"))
	received := newDateField(false, t.svc.Now)
	received.SetDate(t.today())
	askedFor := widget.NewEntry()
	askedFor.SetPlaceHolder(app.T("What they need, e.g. boiler replacement"))
	source := widget.NewEntry()
	source.SetPlaceHolder(app.T("How it came: phone call, email introduction…"))
	items := []*widget.FormItem{
		widget.NewFormItem(app.T("Referred by"), referrer.Button),
		widget.NewFormItem(app.T("Lead"), lead.Button),
		widget.NewFormItem(app.T("New lead"), container.NewGridWithColumns(2, given, family)),
		widget.NewFormItem("", reach),
		widget.NewFormItem(app.T("Received on"), received),
		widget.NewFormItem(app.T("Asked for"), askedFor),
		widget.NewFormItem(app.T("Source"), source),
	}
	formDialog(t.window, app.T("Record a Referral"), app.T("Record"), items, func() error {
		day, err := parseDay(app.T("Received on"), received)
		if err != nil {
			return err
		}
		r := &app.Referral{ReferrerID: referrer.ID, LeadID: lead.ID, ReceivedOn: day, AskedFor: askedFor.Text, Source: source.Text}
		var newLead *app.Contact
		if lead.ID == 0 && strings.TrimSpace(given.Text+family.Text) != "" {
			newLead = &app.Contact{GivenName: given.Text, FamilyName: family.Text, Kinds: app.KindProspect}
			if v := strings.TrimSpace(reach.Text); strings.Contains(v, "@") {
				newLead.Emails = []app.Labeled{{Value: v}}
			} else if v != "" {
				newLead.Phones = []app.Labeled{{Value: v}}
			}
		}
		if err := t.svc.Referrals.CreateReferral(context.Background(), r, newLead); err != nil {
			return err
		}
		t.tabs.SelectIndex(0)
		t.pipeline.refresh()
		t.pipeline.selectReferral(r.ID)
		return nil
	})
}

// pipelineView lists referrals received, filterable by status, with the
// chosen one's details and its next steps.
type pipelineView struct {
	tab *referralsTab

	status      *widget.Select
	search      *widget.Entry
	counts      *widget.Label
	list        *widget.List
	highlighted int // the row highlighted in the list, -1 for none
	noRows      *widget.Label
	rows        []app.Referral
	total       int
	selected    *app.Referral

	title, subtitle, history *widget.Label
	received                 *dateField
	askedFor, source, note   *widget.Entry
	extra                    *widget.Entry // what was done beyond what was asked
	value                    *widget.Label
	moves                    map[app.Status]*widget.Button
	save                     *widget.Button
	detail, empty            fyne.CanvasObject
}

// The pipeline's first filters, worded by initChoices.
var showOpen, showAll string

// maxLedgerRows bounds the pipeline list; search narrows it.
const maxLedgerRows = 1000

func (v *pipelineView) buildUI() fyne.CanvasObject {
	choices := []string{showOpen, showAll}
	for _, s := range app.Statuses {
		choices = append(choices, s.Label())
	}
	v.status = widget.NewSelect(choices, func(string) { v.refresh() })
	v.status.SetSelected(showOpen)
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder(app.T("Search referrer, lead or job…"))
	v.search.OnChanged = func(string) { v.refresh() }
	v.counts = widget.NewLabel("")
	v.counts.Importance = widget.LowImportance
	v.counts.Wrapping = fyne.TextWrapWord
	v.noRows = emptyNote("")

	v.list = widget.NewList(func() int { return len(v.rows) }, newTwoLineRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := v.rows[i]
			parts := []string{r.Status.Label(), r.ReceivedOn.Format()}
			if r.AskedFor != "" {
				parts = append(parts, r.AskedFor)
			}
			if r.Status == app.StatusWon && r.ValueWon > 0 {
				parts = append(parts, r.ValueWon.Format(v.tab.settings().Currency))
			}
			setTwoLineRow(o, app.Tf("%s  ←  %s", r.LeadName, r.ReferrerName), strings.Join(parts, " · "))
		})
	v.list.OnSelected = func(i widget.ListItemID) { v.highlighted = i; v.show(v.rows[i].ID) }
	v.list.OnUnselected = func(widget.ListItemID) { v.highlighted = -1 }

	newButton := widget.NewButtonWithIcon(app.T("Record a Referral"), theme.ContentAddIcon(), func() { v.tab.onNewReferral(0, "") })
	newButton.Importance = widget.HighImportance
	left := container.NewBorder(
		container.NewVBox(container.NewGridWithColumns(2, v.status, v.search), wrapped(v.counts)),
		newButton, nil, nil, container.NewStack(v.list, container.NewPadded(container.NewVBox(wrapped(v.noRows)))))

	v.title = heading("", theme.SizeNameSubHeadingText)
	v.title.Wrapping = fyne.TextWrapWord
	v.subtitle = widget.NewLabel("")
	v.subtitle.Importance = widget.LowImportance
	v.history = widget.NewLabel("")
	v.history.Wrapping = fyne.TextWrapWord
	v.received = newDateField(false, v.tab.svc.Now)
	v.askedFor, v.source = widget.NewEntry(), widget.NewEntry()
	v.note = widget.NewMultiLineEntry()
	v.note.Wrapping = fyne.TextWrapWord
	v.note.SetMinRowsVisible(3)
	v.extra = newExtraEntry()
	v.value = widget.NewLabel("")
	v.save = widget.NewButtonWithIcon(app.T("Save Details"), theme.DocumentSaveIcon(), v.onSave)
	v.moves = map[app.Status]*widget.Button{}
	var moveRow []fyne.CanvasObject
	for _, s := range app.Statuses[1:] {
		label := app.Tf("Mark %s", s.Label())
		if s == app.StatusWon {
			label = app.T("Won…")
		}
		b := widget.NewButton(label, func() { v.onMove(s) })
		v.moves[s] = b
		moveRow = append(moveRow, b)
	}
	openLead := widget.NewButtonWithIcon(app.T("Lead's Page"), theme.AccountIcon(), func() {
		if v.selected != nil {
			v.tab.nav.openContact(v.selected.LeadID)
		}
	})
	openReferrer := widget.NewButtonWithIcon(app.T("Referrer's Page"), theme.AccountIcon(), func() {
		if v.selected != nil {
			v.tab.nav.openContact(v.selected.ReferrerID)
		}
	})
	del := widget.NewButtonWithIcon(app.T("Delete"), theme.DeleteIcon(), v.onDelete)
	form := widget.NewForm(
		widget.NewFormItem(app.T("Next step"), container.NewHBox(moveRow...)),
		widget.NewFormItem(app.T("History"), v.history),
		widget.NewFormItem(app.T("Value won"), v.value),
		widget.NewFormItem(app.T("Received on"), v.received),
		widget.NewFormItem(app.T("Asked for"), v.askedFor),
		widget.NewFormItem(app.T("Source"), v.source),
		widget.NewFormItem(app.T("Beyond what was asked"), v.extra),
		widget.NewFormItem(app.T("Note"), v.note),
	)
	v.detail = container.NewBorder(container.NewVBox(wrapped(v.title), v.subtitle, widget.NewSeparator()),
		container.NewHBox(v.save, openLead, openReferrer, del), nil, nil, container.NewVScroll(form))
	v.empty = emptyHint(app.T("Choose a referral to see where it stands and its next step."))
	v.detail.Hide()
	split := container.NewHSplit(left, container.NewPadded(container.NewStack(v.empty, v.detail)))
	split.Offset = 0.42
	return split
}

func (v *pipelineView) filter() app.ReferralFilter {
	f := app.ReferralFilter{Query: v.search.Text, Limit: maxLedgerRows}
	switch v.status.Selected {
	case showOpen:
		f.Open = true
	case showAll:
	default:
		f.Status, _ = app.ParseStatus(v.status.Selected)
	}
	return f
}

func (v *pipelineView) refresh() {
	if v.list == nil {
		return
	}
	ctx := context.Background()
	rows, total, err := v.tab.svc.Referrals.FindReferrals(ctx, v.filter())
	if err != nil {
		showError(err, v.tab.window)
		return
	}
	v.rows, v.total = rows, total
	var counts []string
	for _, s := range app.Statuses {
		_, n, err := v.tab.svc.Referrals.FindReferrals(ctx, app.ReferralFilter{Status: s, Limit: 1})
		if err != nil {
			showError(err, v.tab.window)
			return
		}
		counts = append(counts, app.Tf("%s %d", s.Label(), n))
	}
	line := strings.Join(counts, " · ")
	if total > len(rows) {
		line += app.Tf("\nShowing the newest %d of %d; search to narrow.", len(rows), total)
	}
	v.counts.SetText(line)
	switch {
	case len(rows) > 0:
		v.noRows.Hide()
	case v.search.Text != "":
		v.noRows.SetText(app.Tf("No referral matches “%s”.", v.search.Text))
		v.noRows.Show()
	default:
		v.noRows.SetText(app.T("No referrals here yet. When someone sends you a lead, record it with Record a Referral: Referable then reminds you to contact the lead at once and to thank the referrer."))
		v.noRows.Show()
	}
	v.list.UnselectAll()
	v.list.Refresh()
	if v.selected != nil {
		v.selectReferral(v.selected.ID)
	}
}

// selectReferral shows a referral and highlights it when listed.
func (v *pipelineView) selectReferral(id int64) {
	for i, r := range v.rows {
		if r.ID == id {
			v.list.Select(i)
			v.list.ScrollTo(i)
			return
		}
	}
	v.show(id)
}

func (v *pipelineView) show(id int64) {
	r, err := v.tab.svc.Referrals.FindReferralByID(context.Background(), id)
	if err != nil {
		v.selected = nil
		v.detail.Hide()
		v.empty.Show()
		return
	}
	v.selected = r
	v.title.SetText(app.Tf("%s, referred by %s", r.LeadName, r.ReferrerName))
	v.subtitle.SetText(app.Tf("%s since %s", r.Status.Label(), r.History[len(r.History)-1].On.Format()))
	var hist []string
	for _, h := range r.History {
		hist = append(hist, app.Tf("%s %s", h.Status.Label(), h.On.Format()))
	}
	v.history.SetText(strings.Join(hist, "  →  "))
	v.value.SetText(moneyText(r.ValueWon, v.tab.settings().Currency))
	if r.Status != app.StatusWon {
		v.value.SetText(app.T("Recorded when the referral is won"))
	}
	v.received.SetDate(r.ReceivedOn)
	v.askedFor.SetText(r.AskedFor)
	v.source.SetText(r.Source)
	v.note.SetText(r.Note)
	v.extra.SetText(r.Extra)
	for s, b := range v.moves {
		if r.Status.CheckMove(s) == nil {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	v.empty.Hide()
	v.detail.Show()
}

func (v *pipelineView) onSave() {
	if v.selected == nil {
		return
	}
	r := *v.selected
	day, err := parseDay(app.T("Received on"), v.received)
	if err == nil {
		r.ReceivedOn, r.AskedFor, r.Source, r.Note, r.Extra = day, v.askedFor.Text, v.source.Text, v.note.Text, v.extra.Text
		err = v.tab.svc.Referrals.UpdateReferral(context.Background(), &r)
	}
	if err != nil {
		showError(err, v.tab.window)
		return
	}
	v.refresh()
}

// onMove moves the chosen referral; winning asks for the value.
func (v *pipelineView) onMove(to app.Status) {
	if v.selected == nil {
		return
	}
	id, lead := v.selected.ID, v.selected.LeadName
	move := func(value app.Money, day app.Date) error {
		ctx := context.Background()
		before, err := v.tab.svc.Referrals.SnapshotReferral(ctx, id)
		if err != nil {
			return err
		}
		if err := v.tab.svc.Referrals.MoveReferral(ctx, id, to, value, day); err != nil {
			return err
		}
		v.tab.nav.undoable(app.Tf("%s: %s", lead, to.Label()), func() error { return v.tab.svc.Referrals.RestoreReferral(ctx, before) },
			func() { v.refresh(); v.show(id) })
		v.refresh()
		v.show(id)
		return nil
	}
	if to != app.StatusWon {
		if err := move(0, v.tab.today()); err != nil {
			showError(err, v.tab.window)
		}
		return
	}
	currency := v.tab.settings().Currency
	value := widget.NewEntry()
	value.SetPlaceHolder(app.Tf("e.g. %s (%s)", app.Money(125000).Plain(currency), currency))
	day := newDateField(false, v.tab.svc.Now)
	day.SetDate(v.tab.today())
	extra := newExtraEntry()
	extra.SetText(v.selected.Extra)
	formDialog(v.tab.window, app.T("Referral won"), app.T("Mark Won"), []*widget.FormItem{
		widget.NewFormItem(app.T("Value won"), value),
		widget.NewFormItem(app.T("Won on"), day),
		widget.NewFormItem(app.T("Beyond what was asked"), extra),
	}, func() error {
		m, err := app.ParseMoney(value.Text, currency)
		if err != nil {
			return err
		}
		d, err := parseDay(app.T("Won on"), day)
		if err != nil {
			return err
		}
		if strings.TrimSpace(extra.Text) != v.selected.Extra {
			r := *v.selected
			r.Extra = extra.Text
			if err := v.tab.svc.Referrals.UpdateReferral(context.Background(), &r); err != nil {
				return err
			}
		}
		return move(m, d)
	})
}

// newExtraEntry asks what was done beyond what was asked on a job, in
// the owner's own sentence: the card after the job reminds the client
// of it ({extra}).
func newExtraEntry() *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(app.T("e.g. I also fixed the dripping garden tap."))
	return e
}

func (v *pipelineView) onDelete() {
	if v.selected == nil {
		return
	}
	r := *v.selected
	dialog.ShowConfirm(app.T("Delete referral?"), app.Tf("Delete the referral of %s by %s, with its history and follow-ups? The contacts stay.", r.LeadName, r.ReferrerName),
		func(ok bool) {
			if !ok {
				return
			}
			if err := v.tab.svc.Referrals.DeleteReferral(context.Background(), r.ID); err != nil {
				showError(err, v.tab.window)
				return
			}
			v.selected = nil
			v.detail.Hide()
			v.empty.Show()
			v.refresh()
		}, v.tab.window)
}
