package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// givenView keeps the referrals we give to others, and names those who
// send us many and have had none back.
type givenView struct {
	tab *referralsTab

	given     []app.GivenReferral
	owed      []app.ReciprocityRow
	givenList *widget.List
	owedList  *widget.List
	noGiven   *widget.Label
	noOwed    *widget.Label
}

// reciprocityMin is how many referrals someone must have sent us, with
// none back, to be listed as owed one.
const reciprocityMin = 2

func (v *givenView) buildUI() fyne.CanvasObject {
	v.noGiven = emptyNote(app.T("No referrals given yet. The best thanks for a referral is one back: ask your referrers what a good referral looks like for them."))
	v.noOwed = emptyNote(app.Tf("Nobody: everyone who sent you %d or more referrals has had one back.", reciprocityMin))
	v.givenList = widget.NewList(func() int { return len(v.given) },
		func() fyne.CanvasObject {
			what := widget.NewLabel("")
			what.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, nil, fixedWidth(widget.NewSelect(labelsOf(app.GivenOutcomes), nil), 190), what)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			g := v.given[i]
			c := o.(*fyne.Container)
			text := app.Tf("%s · to %s", g.GivenOn.Format(), g.ToName)
			if g.ForName != "" {
				text += " · " + g.ForName
			}
			c.Objects[0].(*widget.Label).SetText(text)
			sel := c.Objects[1].(*fyne.Container).Objects[0].(*widget.Select)
			sel.OnChanged = nil
			sel.SetSelected(g.Outcome.Label())
			sel.OnChanged = func(string) {
				if out := app.GivenOutcomes[sel.SelectedIndex()]; out != g.Outcome {
					g.Outcome = out
					if err := v.tab.svc.Referrals.UpdateGiven(context.Background(), &g); err != nil {
						showError(err, v.tab.window)
					}
					v.refresh()
				}
			}
		})
	v.owedList = widget.NewList(func() int { return len(v.owed) },
		func() fyne.CanvasObject {
			who := widget.NewLabel("")
			who.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, nil, widget.NewButtonWithIcon(app.T("Give One"), theme.MailForwardIcon(), nil), who)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := v.owed[i]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(app.Tf("%s — sent you %d", r.Name, r.Received))
			c.Objects[1].(*widget.Button).OnTapped = func() { v.tab.onGive(r.ContactID, r.Name) }
		})
	give := widget.NewButtonWithIcon(app.T("Record a Referral Given"), theme.ContentAddIcon(), func() { v.tab.onGive(0, "") })
	give.Importance = widget.HighImportance
	left := container.NewBorder(container.NewVBox(wrappedHeading(app.T("Referrals you gave")), container.NewHBox(give)), nil, nil, nil,
		container.NewStack(v.givenList, container.NewPadded(container.NewVBox(wrapped(v.noGiven)))))
	right := container.NewBorder(container.NewVBox(wrappedHeading(app.T("They send you many, you sent none back")),
		wrapped(emptyNote(app.T("Not to keep score: a reminder of whom to think of when someone needs their kind of business.")))), nil, nil, nil,
		container.NewStack(v.owedList, container.NewPadded(container.NewVBox(wrapped(v.noOwed)))))
	split := container.NewHSplit(left, right)
	split.Offset = 0.55
	return split
}

func (v *givenView) refresh() {
	if v.givenList == nil {
		return
	}
	ctx := context.Background()
	given, _, err := v.tab.svc.Referrals.FindGiven(ctx, 0, 500)
	if err != nil {
		showError(err, v.tab.window)
		return
	}
	owed, err := v.tab.svc.Referrals.Reciprocity(ctx, reciprocityMin)
	if err != nil {
		showError(err, v.tab.window)
		return
	}
	v.given, v.owed = given, owed
	v.noGiven.Hidden, v.noOwed.Hidden = len(given) > 0, len(owed) > 0
	v.noGiven.Refresh()
	v.noOwed.Refresh()
	v.givenList.Refresh()
	v.owedList.Refresh()
}

// onGive records a referral we gave to another business.
func (t *referralsTab) onGive(toID int64, toName string) {
	to := newContactButton(t.window, t.svc.Contacts, app.T("Choose the business you referred someone to…"), app.T("Referred to whom?"), nil)
	if toID != 0 {
		to.Set(toID, toName)
	}
	forWhom := newContactButton(t.window, t.svc.Contacts, app.T("Choose whom you sent (optional)…"), app.T("Whom did you send?"), nil)
	day := newDateField(false, t.svc.Now)
	day.SetDate(t.today())
	note := widget.NewEntry()
	note.SetPlaceHolder(app.T("What for"))
	outcome := widget.NewSelect(labelsOf(app.GivenOutcomes), nil)
	outcome.SetSelectedIndex(0)
	formDialog(t.window, app.T("Record a Referral Given"), app.T("Record"), []*widget.FormItem{
		widget.NewFormItem(app.T("To"), to.Button),
		widget.NewFormItem(app.T("Sent"), forWhom.Button),
		widget.NewFormItem(app.T("On"), day),
		widget.NewFormItem(app.T("Note"), note),
		widget.NewFormItem(app.T("Outcome"), outcome),
	}, func() error {
		d, err := parseDay(app.T("On"), day)
		if err != nil {
			return err
		}
		g := &app.GivenReferral{ToID: to.ID, ForID: forWhom.ID, GivenOn: d, Note: note.Text, Outcome: app.GivenOutcomes[outcome.SelectedIndex()]}
		if err := t.svc.Referrals.CreateGiven(context.Background(), g); err != nil {
			return err
		}
		t.given.refresh()
		return nil
	})
}
