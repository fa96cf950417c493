package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

// todayTab is the screen the app opens on: what to do today, each with
// the one click that does it.
type todayTab struct {
	svc    Services
	window fyne.Window
	nav    navigator
	undo   *undoer

	title                            *widget.Label
	summary                          *widget.Label
	cards, week, followUps, overdue  *fyne.Container
	cardsN, weekN, followUpsN, overN int
	// expanded are the sections shown whole: "and N more…" opens them in
	// place, "Show fewer" closes them.
	expanded map[int]bool
}

// todayRows bounds each section; the rest are a click away.
const todayRows = 8

// Sections of Today, for "and N more" links.
const (
	moreCards = iota
	moreWeek
	moreFollowUps
	moreOverdue
)

func newTodayTab(svc Services, w fyne.Window, nav navigator, undo *undoer) *todayTab {
	return &todayTab{svc: svc, window: w, nav: nav, undo: undo, expanded: map[int]bool{}}
}

func (t *todayTab) buildUI() fyne.CanvasObject {
	t.title = heading("", theme.SizeNameHeadingText)
	t.summary = widget.NewLabel("")
	t.summary.Wrapping = fyne.TextWrapWord
	t.cards, t.week, t.followUps, t.overdue = container.NewVBox(), container.NewVBox(), container.NewVBox(), container.NewVBox()
	section := func(title, subtitle string, rows *fyne.Container) fyne.CanvasObject {
		return widget.NewCard(title, subtitle, rows)
	}
	body := container.NewVBox(t.title, wrapped(t.summary),
		sideBySide(
			section(app.T("Cards to post now"), app.T("Mail-by day reached: posted today, they arrive in time"), t.cards),
			section(app.T("This week"), app.T("Birthdays, client anniversaries and other dates"), t.week)),
		sideBySide(
			section(app.T("Follow-ups due"), app.T("Leads to contact, referrers to thank and keep posted"), t.followUps),
			section(app.T("Keep in touch"), app.T("People you have not been in touch with for their cadence"), t.overdue)))
	return container.NewVScroll(container.NewPadded(body))
}

func (t *todayTab) today() app.Date { return app.DateOf(t.svc.Now()) }

// load reads what Today shows: the agenda of the day with this week's
// occasions. It touches no widget, so it may run off the UI goroutine.
func (t *todayTab) load() (app.Agenda, error) {
	limit := todayRows
	if t.expanded[moreWeek] || t.expanded[moreFollowUps] {
		limit = 0 // all of them
	}
	return app.LoadAgenda(context.Background(), t.svc.Services, t.today(), 6, limit)
}

// rows is how many rows a section shows.
func (t *todayTab) rows(section int) int {
	if t.expanded[section] {
		return 1 << 30
	}
	return todayRows
}

// refresh reloads every section now.
func (t *todayTab) refresh() {
	if t.cards == nil {
		return
	}
	d, err := t.load()
	if err != nil {
		showError(err, t.window)
		return
	}
	t.show(d)
}

// refreshInBackground reads off the UI goroutine, so the window's first
// frame never waits for a large database, and shows it when ready.
func (t *todayTab) refreshInBackground() {
	t.summary.SetText(app.T("Looking at your day…"))
	inBackground(func() {
		d, err := t.load()
		onUI(func() {
			if err != nil {
				showError(err, t.window)
				return
			}
			t.show(d)
		})
	})
}

// show fills the sections.
func (t *todayTab) show(d app.Agenda) {
	day, toPost, week, weekN, due, dueN, overdue := d.Day, d.Cards, d.Coming, d.ComingN, d.Due, d.DueN, d.Overdue
	t.title.SetText(day.WithWeekday(false))
	t.cardsN, t.weekN, t.followUpsN, t.overN = len(toPost), weekN, dueN, len(overdue)
	t.summary.SetText(d.Summary())

	t.cards.RemoveAll()
	for i, u := range toPost {
		if i == t.rows(moreCards) {
			t.cards.Add(t.moreLink(len(toPost)-i, moreCards))
			break
		}
		t.cards.Add(t.row(app.Tf("%s — %s", u.Title(), dueText(u.On, day)), postBy(u.MailBy, day),
			t.prepareButton(u.ContactID, cards.TemplateFor(u.Kind)),
			t.button(app.T("Card Sent"), theme.ConfirmIcon(), func() { t.logTouch(u.ContactID, u.Name, app.InteractionCard) }), t.openButton(u.ContactID)))
	}
	t.addFewer(t.cards, moreCards)
	if len(toPost) == 0 {
		t.cards.Add(emptyNote(app.T("No card to post today. A birthday or anniversary card shows up here on its mail-by day: the date minus the days the post takes (Settings).")))
	}

	t.week.RemoveAll()
	for i, u := range week {
		if i == t.rows(moreWeek) {
			break
		}
		buttons := []fyne.CanvasObject{t.openButton(u.ContactID)}
		if tpl := cards.TemplateFor(u.Kind); tpl != "" {
			buttons = append([]fyne.CanvasObject{t.prepareButton(u.ContactID, tpl)}, buttons...)
		}
		t.week.Add(t.row(u.Title(), dueText(u.On, day), buttons...))
	}
	if shown := min(len(week), t.rows(moreWeek)); weekN > shown {
		t.week.Add(t.moreLink(weekN-shown, moreWeek))
	}
	t.addFewer(t.week, moreWeek)
	if weekN == 0 {
		t.week.Add(emptyNote(app.T("No birthdays, client anniversaries or other dates in the coming week. Add them on each contact's page.")))
	}

	t.followUps.RemoveAll()
	for i, f := range due {
		if i == t.rows(moreFollowUps) {
			break
		}
		buttons := []fyne.CanvasObject{t.button(app.T("Done"), theme.ConfirmIcon(), func() { t.closeFollowUp(f) }), t.openButton(f.ContactID)}
		if tpl := cards.TemplateForFollowUp(f.Kind); tpl != "" {
			buttons = append([]fyne.CanvasObject{t.prepareButton(f.ContactID, tpl)}, buttons...)
		}
		t.followUps.Add(t.row(f.Text(), dueText(f.Due, day), buttons...))
	}
	if shown := min(len(due), t.rows(moreFollowUps)); dueN > shown {
		t.followUps.Add(t.moreLink(dueN-shown, moreFollowUps))
	}
	t.addFewer(t.followUps, moreFollowUps)
	if dueN == 0 {
		t.followUps.Add(emptyNote(app.T("Nothing due. New referrals bring “contact the lead” and “thank the referrer” here the day they fall due.")))
	}

	t.overdue.RemoveAll()
	for i, o := range overdue {
		if i == t.rows(moreOverdue) {
			t.overdue.Add(t.moreLink(len(overdue)-i, moreOverdue))
			break
		}
		last := app.T("never in touch yet")
		if !o.LastTouch.IsZero() {
			last = app.Tf("last in touch %s", o.LastTouch.Format())
		}
		t.overdue.Add(t.row(o.Name, app.Tf("Every %d days; %s", o.CadenceDays, last),
			t.button(app.T("Called"), theme.ConfirmIcon(), func() { t.logTouch(o.ContactID, o.Name, app.InteractionCall) }), t.openButton(o.ContactID)))
	}
	t.addFewer(t.overdue, moreOverdue)
	if len(overdue) == 0 {
		t.overdue.Add(emptyNote(app.T("Everyone is within their cadence. Set how often to be in touch on a contact's page or for a tag in Settings (say, vip every 60 days).")))
	}
}

// postBy says when a card must go, and owns up when it is late.
func postBy(mailBy, today app.Date) string {
	switch {
	case mailBy == today:
		return app.T("Post today")
	case mailBy.Before(today):
		return app.Tf("Post today: it was due %s, so it may arrive late", mailBy.Format())
	}
	return app.Tf("Post by %s", mailBy.Format())
}

func (t *todayTab) row(text, detail string, buttons ...fyne.CanvasObject) fyne.CanvasObject {
	name := widget.NewLabel(text)
	name.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel(detail)
	sub.Importance = widget.LowImportance
	sub.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), container.New(&rowLayout{}, name, sub))
}

func (t *todayTab) button(label string, icon fyne.Resource, tapped func()) *widget.Button {
	return widget.NewButtonWithIcon(label, icon, tapped)
}

// prepareButton opens the Cards screen with the template and the person.
func (t *todayTab) prepareButton(contactID int64, template string) *widget.Button {
	return t.button(app.T("Prepare Card"), theme.DocumentPrintIcon(), func() { t.nav.prepareCard(contactID, template) })
}

func (t *todayTab) openButton(id int64) *tipButton {
	return newIconButton(theme.AccountIcon(), app.T("Open the contact"), func() { t.nav.openContact(id) })
}

// moreLink opens a section whole, in place.
func (t *todayTab) moreLink(n, section int) fyne.CanvasObject {
	link := widget.NewHyperlink(app.Tf("and %d more…", n), nil)
	link.OnTapped = func() { t.expanded[section] = true; t.refresh() }
	return link
}

// addFewer ends a section opened whole with a link that closes it.
func (t *todayTab) addFewer(rows *fyne.Container, section int) {
	if !t.expanded[section] {
		return
	}
	link := widget.NewHyperlink(app.T("Show fewer"), nil)
	link.OnTapped = func() { delete(t.expanded, section); t.refresh() }
	rows.Add(link)
}

// logTouch logs a card sent or a call made today, which Undo takes back.
func (t *todayTab) logTouch(contactID int64, name string, kind app.InteractionKind) {
	i := &app.Interaction{ContactID: contactID, On: t.today(), Kind: kind}
	if err := t.svc.Calendar.LogInteraction(context.Background(), i); err != nil {
		showError(err, t.window)
		t.refresh()
		return
	}
	what := app.Tf("Card Sent for %s", name)
	if kind == app.InteractionCall {
		what = app.Tf("Called %s", name)
	}
	t.undo.did(what, func() error { return t.svc.Calendar.DeleteInteraction(context.Background(), i.ID) }, t.refresh)
	t.refresh()
}

// closeFollowUp marks a follow-up done, which Undo opens again.
func (t *todayTab) closeFollowUp(f app.FollowUp) {
	if err := t.svc.FollowUps.CloseFollowUp(context.Background(), f.ID, app.FollowDone); err != nil {
		showError(err, t.window)
		t.refresh()
		return
	}
	t.undo.did(app.Tf("Done: %s", f.Text()), func() error { return t.svc.FollowUps.ReopenFollowUp(context.Background(), f.ID) }, t.refresh)
	t.refresh()
}

// occasionDialog offers what to do about one occasion.
func occasionDialog(w fyne.Window, svc Services, u app.Upcoming, nav navigator, done func()) {
	var d dialog.Dialog
	today := app.DateOf(svc.Now())
	text := app.Tf("%s on %s.", u.Title(), u.On.WithWeekday(true))
	switch {
	case u.On.Before(today):
	case u.MailBy.Before(today):
		text += app.Tf("\nPost a card today: the mail-by day was %s, so it may arrive a little late.", u.MailBy.WithWeekday(false))
	default:
		text += app.Tf("\nPost a card by %s so it arrives in time.", u.MailBy.WithWeekday(false))
	}
	open := widget.NewButtonWithIcon(app.T("Open Contact"), theme.AccountIcon(), func() { d.Hide(); nav.openContact(u.ContactID) })
	sent := widget.NewButtonWithIcon(app.T("Card Sent"), theme.ConfirmIcon(), func() {
		i := &app.Interaction{ContactID: u.ContactID, On: today, Kind: app.InteractionCard}
		if err := svc.Calendar.LogInteraction(context.Background(), i); err != nil {
			showError(err, w)
			return
		}
		d.Hide()
		nav.undoable(app.Tf("Card Sent for %s", u.Name), func() error { return svc.Calendar.DeleteInteraction(context.Background(), i.ID) }, done)
		done()
	})
	card := widget.NewButtonWithIcon(app.T("Prepare Card"), theme.DocumentPrintIcon(), func() {
		d.Hide()
		nav.prepareCard(u.ContactID, cards.TemplateFor(u.Kind))
	})
	gift := widget.NewButtonWithIcon(app.T("Plan Gift"), theme.ContentAddIcon(), func() {
		d.Hide()
		occasion := map[app.OccasionKind]app.GiftOccasion{app.OccasionBirthday: app.ForBirthday, app.OccasionAnniversary: app.ForAnniversary}[u.Kind]
		if occasion == "" {
			occasion = app.ForOther
		}
		nav.planGift(u.ContactID, u.Name, occasion, "")
	})
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustom(u.Name, app.T("Close"), container.NewVBox(body, container.NewGridWithColumns(2, open, sent, card, gift)), w)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}
