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

// asksView suggests whom it is a good moment to ask and keeps the asks
// made, with their answers.
type asksView struct {
	tab *referralsTab

	suggestions []app.AskSuggestion
	asks        []app.Ask
	suggestList *widget.List
	askList     *widget.List
	rule        *widget.Label
	noSuggest   *widget.Label
	noAsks      *widget.Label
}

func (v *asksView) buildUI() fyne.CanvasObject {
	v.rule = emptyNote("")
	v.noSuggest = emptyNote(app.T("Nobody right now. Clients show up here after a job is won, when they start with you, or when they have just sent you someone, once their last ask is far enough behind them."))
	v.noAsks = emptyNote(app.T("No asks recorded yet."))
	v.suggestList = widget.NewList(func() int { return len(v.suggestions) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			reason := widget.NewLabel("")
			reason.Importance = widget.LowImportance
			reason.Truncation = fyne.TextTruncateEllipsis
			ask := widget.NewButtonWithIcon(app.T("Log Ask"), theme.MailSendIcon(), nil)
			card := widget.NewButtonWithIcon(app.T("Prepare Card"), theme.DocumentPrintIcon(), nil)
			return container.NewBorder(nil, nil, nil, container.NewHBox(card, ask), container.New(&rowLayout{}, name, reason))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := v.suggestions[i]
			c := o.(*fyne.Container)
			labels := c.Objects[0].(*fyne.Container).Objects
			labels[0].(*widget.Label).SetText(s.Name)
			labels[1].(*widget.Label).SetText(s.Reason)
			buttons := c.Objects[1].(*fyne.Container).Objects
			buttons[0].(*widget.Button).OnTapped = func() { v.tab.nav.prepareCard(s.ContactID, cards.RequestTemplate()) }
			buttons[1].(*widget.Button).OnTapped = func() { v.tab.onLogAsk(s.ContactID, s.Name) }
		})
	v.askList = widget.NewList(func() int { return len(v.asks) },
		func() fyne.CanvasObject {
			what := widget.NewLabel("")
			what.Truncation = fyne.TextTruncateEllipsis
			answer := widget.NewSelect(labelsOf(app.Answers), nil)
			return container.NewBorder(nil, nil, nil, fixedWidth(answer, 190), what)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			a := v.asks[i]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(app.Tf("%s · %s · %s", a.On.Format(), a.ContactName, a.Channel.Label()))
			sel := c.Objects[1].(*fyne.Container).Objects[0].(*widget.Select)
			sel.OnChanged = nil
			sel.SetSelected(a.Answer.Label())
			sel.OnChanged = func(string) {
				if ans := app.Answers[sel.SelectedIndex()]; ans != a.Answer {
					if err := v.tab.svc.Asks.AnswerAsk(context.Background(), a.ID, ans); err != nil {
						showError(err, v.tab.window)
					}
					v.refresh()
				}
			}
		})
	logAsk := widget.NewButtonWithIcon(app.T("Log an Ask"), theme.ContentAddIcon(), func() { v.tab.onLogAsk(0, "") })
	logAsk.Importance = widget.HighImportance
	left := container.NewBorder(container.NewVBox(heading(app.T("Good moment to ask"), theme.SizeNameSubHeadingText), wrapped(v.rule)), nil, nil, nil,
		container.NewStack(v.suggestList, container.NewPadded(container.NewVBox(wrapped(v.noSuggest)))))
	right := container.NewBorder(container.NewBorder(nil, nil, nil, logAsk, heading(app.T("Asks made"), theme.SizeNameSubHeadingText)), nil, nil, nil,
		container.NewStack(v.askList, container.NewPadded(container.NewVBox(wrapped(v.noAsks)))))
	split := container.NewHSplit(left, right)
	split.Offset = 0.5
	return split
}

func (v *asksView) refresh() {
	if v.askList == nil {
		return
	}
	ctx := context.Background()
	st := v.tab.settings()
	v.rule.SetText(app.Tf("Satisfied clients, never someone marked do-not-contact, and nobody asked in the last %d days: asking too often feels pushy (change it in Settings). Ask for an introduction, not just a name.", st.AskCooldownDays))
	sugg, err := v.tab.svc.Asks.SuggestAsks(ctx, v.tab.today())
	if err != nil {
		showError(err, v.tab.window)
		return
	}
	asks, _, err := v.tab.svc.Asks.FindAsks(ctx, 0, 300)
	if err != nil {
		showError(err, v.tab.window)
		return
	}
	v.suggestions, v.asks = sugg, asks
	v.noSuggest.Hidden = len(sugg) > 0
	v.noAsks.Hidden = len(asks) > 0
	v.noSuggest.Refresh()
	v.noAsks.Refresh()
	v.suggestList.Refresh()
	v.askList.Refresh()
}

// onLogAsk records an ask for referrals.
func (t *referralsTab) onLogAsk(contactID int64, name string) {
	who := newContactButton(t.window, t.svc.Contacts, app.T("Choose whom you asked…"), app.T("Whom did you ask?"), nil)
	if contactID != 0 {
		who.Set(contactID, name)
	}
	day := newDateField(false, t.svc.Now)
	day.SetDate(t.today())
	channel := widget.NewSelect(labelsOf(app.Channels), nil)
	channel.SetSelectedIndex(0)
	answer := widget.NewSelect(labelsOf(app.Answers), nil)
	answer.SetSelectedIndex(0)
	note := widget.NewEntry()
	note.SetPlaceHolder(app.T("Whom they might introduce you to"))
	formDialog(t.window, app.T("Log an Ask for Referrals"), app.T("Log"), []*widget.FormItem{
		widget.NewFormItem(app.T("Asked"), who.Button),
		widget.NewFormItem(app.T("On"), day),
		widget.NewFormItem(app.T("How"), channel),
		widget.NewFormItem(app.T("Answer"), answer),
		widget.NewFormItem(app.T("Note"), note),
	}, func() error {
		d, err := parseDay(app.T("On"), day)
		if err != nil {
			return err
		}
		a := &app.Ask{ContactID: who.ID, On: d, Channel: app.Channels[channel.SelectedIndex()], Answer: app.Answers[answer.SelectedIndex()], Note: note.Text}
		if err := t.svc.Asks.LogAsk(context.Background(), a); err != nil {
			return err
		}
		t.nav.undoable(app.Tf("Ask logged for %s", who.Name), func() error { return t.svc.Asks.DeleteAsk(context.Background(), a.ID) }, t.refresh)
		t.asks.refresh()
		return nil
	})
}

// monthView is the yearly referral month: everyone to contact, first
// asking how to help them, then asking for referrals.
type monthView struct {
	tab *referralsTab

	month    *widget.Select
	plan     *widget.Button
	progress *meter
	counts   *widget.Label
	list     *widget.List
	none     *widget.Label
	campaign *app.Campaign
}

// months are the months a referral month can be planned for, as stored
// (YYYY-MM) and as shown: two back and a year ahead.
func (v *monthView) months() (keys, labels []string) { return monthChoices(v.tab.today()) }

// selectedMonth is the chosen month as stored.
func (v *monthView) selectedMonth() string {
	keys, _ := v.months()
	return keys[max(0, v.month.SelectedIndex())]
}

func (v *monthView) buildUI() fyne.CanvasObject {
	_, labels := v.months()
	v.month = widget.NewSelect(labels, func(string) { v.refresh() })
	v.month.SetSelectedIndex(2)
	v.plan = widget.NewButtonWithIcon(app.T("Plan This Referral Month"), theme.ContentAddIcon(), v.onPlan)
	v.plan.Importance = widget.HighImportance
	v.progress = newMeter()
	v.counts = widget.NewLabel("")
	v.none = emptyNote("")
	guide := emptyNote(app.T("Once a year, contact everyone: first ask how you can help them, then ask whether they know someone who needs you. Silence or a no is normal; stay friendly."))
	v.list = widget.NewList(func() int {
		if v.campaign == nil {
			return 0
		}
		return len(v.campaign.Entries)
	},
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			channel := widget.NewSelect(labelsOf(app.Channels), nil)
			asked := widget.NewButton(app.T("Asked"), nil)
			answer := widget.NewSelect(labelsOf(app.Answers), nil)
			return container.NewBorder(nil, nil, nil, container.NewHBox(fixedWidth(channel, 140), asked, fixedWidth(answer, 190)), name)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := v.campaign.Entries[i]
			c := o.(*fyne.Container)
			name := c.Objects[0].(*widget.Label)
			controls := c.Objects[1].(*fyne.Container).Objects
			channelBox, answerBox := controls[0].(*fyne.Container), controls[2].(*fyne.Container)
			channel, asked, answer := channelBox.Objects[0].(*widget.Select), controls[1].(*widget.Button), answerBox.Objects[0].(*widget.Select)
			state := map[app.CampaignState]string{app.CampaignTodo: app.T("to do"), app.CampaignAsked: app.T("asked"), app.CampaignAnswered: app.T("answered")}[e.State]
			name.SetText(e.Name + " — " + state)
			if channel.SelectedIndex() < 0 {
				channel.SetSelectedIndex(0)
			}
			channelBox.Hidden, asked.Hidden, answerBox.Hidden = e.State != app.CampaignTodo, e.State != app.CampaignTodo, e.State == app.CampaignTodo
			asked.OnTapped = func() {
				campaign := v.campaign.ID
				err := v.tab.svc.Asks.CampaignAsked(context.Background(), campaign, e.ContactID, app.Channels[max(0, channel.SelectedIndex())], v.tab.today())
				if err != nil {
					showError(err, v.tab.window)
				} else {
					v.tab.nav.undoable(app.Tf("Asked %s", e.Name), func() error { return v.tab.svc.Asks.UnmarkAsked(context.Background(), campaign, e.ContactID) }, v.refresh)
				}
				v.refresh()
			}
			answer.OnChanged = nil
			answer.SetSelected(e.Answer.Label())
			answer.OnChanged = func(string) {
				if a := app.Answers[answer.SelectedIndex()]; a != e.Answer {
					if err := v.tab.svc.Asks.CampaignAnswered(context.Background(), v.campaign.ID, e.ContactID, a); err != nil {
						showError(err, v.tab.window)
					}
					v.refresh()
				}
			}
			c.Refresh()
		})
	top := container.NewVBox(container.NewHBox(widget.NewLabel(app.T("Month")), fixedWidth(v.month, 220), v.plan), wrapped(guide), v.progress, v.counts)
	return container.NewBorder(top, nil, nil, nil, container.NewStack(v.list, container.NewPadded(container.NewVBox(wrapped(v.none)))))
}

func (v *monthView) refresh() {
	if v.list == nil {
		return
	}
	c, err := v.tab.svc.Asks.FindCampaign(context.Background(), v.selectedMonth())
	switch {
	case app.ErrorCode(err) == app.ENOTFOUND:
		v.campaign = nil
		v.plan.Show()
		v.progress.Hide()
		v.counts.SetText("")
		v.none.SetText(app.Tf("No referral month planned for %s yet. Plan it to list every active client and referrer not asked recently, leaving out anyone marked do-not-contact.", v.month.Selected))
		v.none.Show()
	case err != nil:
		showError(err, v.tab.window)
		return
	default:
		v.campaign = c
		v.plan.Hide()
		todo, asked, answered := c.Counts()
		total := todo + asked + answered
		v.progress.Show()
		done := 0.0
		if total > 0 {
			done = float64(asked+answered) / float64(total)
		}
		v.progress.set(done, app.Tf("%.0f %% asked", done*100))
		v.counts.SetText(app.Tf("%d people: %d to do, %d asked, %d answered", total, todo, asked, answered))
		v.none.SetText(app.T("Everyone on your list was asked recently or is marked do-not-contact."))
		v.none.Hidden = total > 0
		v.none.Refresh()
	}
	v.list.Refresh()
}

func (v *monthView) onPlan() {
	if _, err := v.tab.svc.Asks.BuildCampaign(context.Background(), v.selectedMonth(), v.tab.today()); err != nil {
		showError(err, v.tab.window)
	}
	v.refresh()
}
