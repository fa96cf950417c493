package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

// followUpsView is the task list: open follow-ups by due date, each done,
// snoozed a week or skipped in one click.
type followUpsView struct {
	tab   *referralsTab
	list  *widget.List
	rows  []app.FollowUp
	count *widget.Label
	none  *widget.Label
}

// maxFollowUpRows bounds the list; the oldest due come first.
const maxFollowUpRows = 500

// snoozeDays is how far Snooze moves a follow-up.
const snoozeDays = 7

func (v *followUpsView) buildUI() fyne.CanvasObject {
	v.count = widget.NewLabel("")
	v.none = emptyNote(app.T("Nothing to follow up. New referrals add “contact the lead” and “thank the referrer” here; each step of a lead adds “keep the referrer posted”; an unanswered ask adds one gentle reminder."))
	v.list = widget.NewList(func() int { return len(v.rows) },
		func() fyne.CanvasObject {
			due := widget.NewLabel("")
			title := widget.NewLabel("")
			title.Truncation = fyne.TextTruncateEllipsis
			done := widget.NewButtonWithIcon(app.T("Done"), theme.ConfirmIcon(), nil)
			snooze := widget.NewButtonWithIcon(app.T("Next Week"), theme.HistoryIcon(), nil)
			skip := widget.NewButton(app.T("Skip"), nil)
			open := newIconButton(theme.AccountIcon(), app.T("Open the contact"), nil)
			card := widget.NewButtonWithIcon(app.T("Prepare Card"), theme.DocumentPrintIcon(), nil)
			return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(130, due.MinSize().Height), due),
				container.NewHBox(open, done, snooze, skip, card), title)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			f := v.rows[i]
			c := o.(*fyne.Container)
			title := c.Objects[0].(*widget.Label)
			due := c.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
			buttons := c.Objects[2].(*fyne.Container).Objects
			title.SetText(f.Text())
			due.SetText(dueText(f.Due, v.tab.today()))
			switch {
			case f.Overdue(v.tab.today()):
				due.Importance = widget.DangerImportance
			case f.Due == v.tab.today():
				due.Importance = widget.WarningImportance
			default:
				due.Importance = widget.MediumImportance
			}
			due.Refresh()
			buttons[0].(*tipButton).OnTapped = func() { v.tab.nav.openContact(f.ContactID) }
			buttons[1].(*widget.Button).OnTapped = func() { v.close(f, app.FollowDone) }
			buttons[2].(*widget.Button).OnTapped = func() { v.snooze(f) }
			buttons[3].(*widget.Button).OnTapped = func() { v.close(f, app.FollowSkipped) }
			// A thank-you or keep-posted follow-up is answered by a card.
			card := buttons[4].(*widget.Button)
			if tpl := cards.TemplateForFollowUp(f.Kind); tpl != "" {
				card.OnTapped = func() { v.tab.nav.prepareCard(f.ContactID, tpl) }
				card.Show()
			} else {
				card.Hide()
			}
		})
	add := widget.NewButtonWithIcon(app.T("Add a Follow-up"), theme.ContentAddIcon(), func() { v.tab.onAddFollowUp(0, "") })
	add.Importance = widget.HighImportance
	return container.NewBorder(container.NewBorder(nil, nil, nil, add, v.count), nil, nil, nil,
		container.NewStack(v.list, container.NewPadded(container.NewVBox(wrapped(v.none)))))
}

// dueText says when a task is due the way a person would.
func dueText(due, today app.Date) string {
	switch n := today.DaysUntil(due); {
	case n == 0:
		return app.T("Today")
	case n == 1:
		return app.T("Tomorrow")
	case n == -1:
		return app.T("Yesterday")
	case n < 0:
		return app.Tf("%d days late", -n)
	case n < 7:
		return app.WeekdayName(due.Time().Weekday())
	}
	return due.Format()
}

func (v *followUpsView) refresh() {
	if v.list == nil {
		return
	}
	rows, total, err := v.tab.svc.FollowUps.FindFollowUps(context.Background(), app.FollowUpFilter{OpenOnly: true, Limit: maxFollowUpRows})
	if err != nil {
		showError(err, v.tab.window)
		return
	}
	v.rows = rows
	overdue := 0
	for _, f := range rows {
		if f.Overdue(v.tab.today()) {
			overdue++
		}
	}
	text := app.TN("%d open follow-up", "%d open follow-ups", total)
	if overdue > 0 {
		text += app.Tf(", %d overdue", overdue)
	}
	v.count.SetText(text)
	if total == 0 {
		v.none.Show()
	} else {
		v.none.Hide()
	}
	v.list.Refresh()
}

// close marks a follow-up done or skipped, which Undo opens again.
func (v *followUpsView) close(f app.FollowUp, state app.FollowUpState) {
	ctx := context.Background()
	if err := v.tab.svc.FollowUps.CloseFollowUp(ctx, f.ID, state); err != nil {
		showError(err, v.tab.window)
		v.refresh()
		return
	}
	what := app.Tf("Done: %s", f.Text())
	if state == app.FollowSkipped {
		what = app.Tf("Skipped: %s", f.Text())
	}
	v.tab.nav.undoable(what, func() error { return v.tab.svc.FollowUps.ReopenFollowUp(ctx, f.ID) }, v.refresh)
	v.refresh()
}

// snooze moves a follow-up a week on, which Undo moves back.
func (v *followUpsView) snooze(f app.FollowUp) {
	ctx := context.Background()
	until := v.tab.today().AddDays(snoozeDays)
	if f.Due.After(v.tab.today()) {
		until = f.Due.AddDays(snoozeDays)
	}
	if err := v.tab.svc.FollowUps.SnoozeFollowUp(ctx, f.ID, until); err != nil {
		showError(err, v.tab.window)
		v.refresh()
		return
	}
	v.tab.nav.undoable(app.Tf("Next week: %s", f.Text()), func() error { return v.tab.svc.FollowUps.SetFollowUpDue(ctx, f.ID, f.Due) }, v.refresh)
	v.refresh()
}

// onAddFollowUp adds the owner's own follow-up on a contact.
func (t *referralsTab) onAddFollowUp(contactID int64, name string) {
	who := newContactButton(t.window, t.svc.Contacts, app.T("Choose a contact…"), app.T("Follow up with whom?"), nil)
	if contactID != 0 {
		who.Set(contactID, name)
	}
	what := widget.NewEntry()
	what.SetPlaceHolder(app.T("e.g. Call about the quote"))
	due := newDateField(false, t.svc.Now)
	due.SetDate(t.today().AddDays(1))
	formDialog(t.window, app.T("Add a Follow-up"), app.T("Add"), []*widget.FormItem{
		widget.NewFormItem(app.T("With"), who.Button),
		widget.NewFormItem(app.T("To do"), what),
		widget.NewFormItem(app.T("Due"), due),
	}, func() error {
		d, err := parseDay(app.T("Due"), due)
		if err != nil {
			return err
		}
		if err := t.svc.FollowUps.CreateFollowUp(context.Background(), &app.FollowUp{ContactID: who.ID, Title: what.Text, Due: d}); err != nil {
			return err
		}
		t.followUps.refresh()
		return nil
	})
}
