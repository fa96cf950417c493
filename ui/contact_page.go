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
	"github.com/referable/referable/app/cards"
)

// maxReferredShown bounds the "They referred" list on a contact's page.
const maxReferredShown = 50

func (f *contactForm) fillReferred(id int64) {
	f.referred.RemoveAll()
	if id == 0 {
		f.referred.Add(lowLabel(app.T("Nobody yet.")))
		return
	}
	rows, total, err := f.tab.svc.Contacts.FindContacts(context.Background(), app.ContactFilter{ReferredByID: id, Limit: maxReferredShown})
	if err != nil {
		showError(err, f.tab.window)
		return
	}
	if total == 0 {
		f.referred.Add(lowLabel(app.T("Nobody yet.")))
		return
	}
	for _, r := range rows {
		link := widget.NewHyperlink(r.Name, nil)
		link.OnTapped = func() { f.tab.open(r.ID) }
		f.referred.Add(link)
	}
	if total > len(rows) {
		f.referred.Add(lowLabel(app.Tf("and %d more", total-len(rows))))
	}
}

// fillCards lists the cards printed for them, newest first: each can be
// read as it was sent and printed again; a new one is a click away.
func (f *contactForm) fillCards(c *app.Contact) {
	f.cardsSent.RemoveAll()
	if c.ID == 0 {
		f.cardsSent.Add(lowLabel(app.T("Cards printed for them are listed here.")))
		return
	}
	sent, err := f.tab.svc.Cards.FindSent(context.Background(), c.ID, 10)
	if err != nil {
		showError(err, f.tab.window)
		return
	}
	for _, s := range sent {
		l := widget.NewLabel(app.Tf("%s · %s: “%s”", s.On.Format(), s.Title, s.Front))
		l.Truncation = fyne.TextTruncateEllipsis
		show := widget.NewButton(app.T("Show…"), func() { f.showSent(s) })
		f.cardsSent.Add(container.NewBorder(nil, nil, nil, show, l))
	}
	if len(sent) == 0 {
		f.cardsSent.Add(lowLabel(app.T("None yet.")))
	}
	id := c.ID
	prepare := widget.NewButtonWithIcon(app.T("Prepare Card…"), theme.DocumentPrintIcon(), func() { f.tab.nav.prepareCard(id, f.dueTemplate(id)) })
	prepare.Alignment = widget.ButtonAlignLeading
	f.cardsSent.Add(container.NewHBox(prepare))
}

// dueTemplate is the template of the card the contact is waiting for
// (a birthday card to post, a thank-you owed, a good moment to ask), or
// "" to keep the Cards screen's.
func (f *contactForm) dueTemplate(contactID int64) string {
	finder := cards.Finder{Services: f.tab.svc.Services, Cards: f.tab.svc.Cards}
	due, err := finder.DueCards(context.Background(), app.DateOf(f.tab.svc.Now()), contactID)
	if err != nil {
		fyne.LogError("cards due", err)
	}
	if len(due) == 0 {
		return ""
	}
	return due[0].Template
}

// showSent shows a card as it was sent: its words, template, card stock
// and hand; Print Again opens it on the Cards screen, words and all.
func (f *contactForm) showSent(s cards.Sent) {
	front := widget.NewLabelWithStyle(s.Front, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	front.Wrapping = fyne.TextWrapWord
	inside := widget.NewLabel(s.Inside)
	inside.Wrapping = fyne.TextWrapWord
	hand := s.Hand
	if hand == "" {
		hand = app.T("not recorded")
	}
	stock := s.Layout
	if l, err := cards.FindLayout(s.Layout); err == nil {
		stock = app.T(l.Description)
	}
	facts := widget.NewForm(
		widget.NewFormItem(app.T("Sent"), widget.NewLabel(s.On.Format())),
		widget.NewFormItem(app.T("For"), widget.NewLabel(s.Purpose.Label())),
		widget.NewFormItem(app.T("Template"), widget.NewLabel(s.Title)),
		widget.NewFormItem(app.T("Card stock"), widget.NewLabel(stock)),
		widget.NewFormItem(app.T("Handwriting"), widget.NewLabel(hand)),
	)
	body := container.NewVBox(facts, widget.NewSeparator(), front, inside)
	var d dialog.Dialog
	again := widget.NewButtonWithIcon(app.T("Print Again…"), theme.DocumentPrintIcon(), func() {
		d.Hide()
		f.tab.nav.reprintCard(s)
	})
	again.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(app.Tf("%s card to %s", s.Title, s.ContactName), container.NewVScroll(body), f.tab.window)
	d.(*dialog.CustomDialog).SetButtons([]fyne.CanvasObject{widget.NewButton(app.T("Close"), func() { d.Hide() }), again})
	d.Resize(fyne.NewSize(480, 460))
	d.Show()
}

// fillGifts shows what was given before ("what did I give her last
// Christmas?"), gifts in hand, and ideas from what they treasure.
func (f *contactForm) fillGifts(c *app.Contact) {
	f.givenBefore.RemoveAll()
	f.ideas.RemoveAll()
	if c.ID == 0 || !c.DeletedAt.IsZero() {
		f.givenBefore.Add(lowLabel(app.T("Saved contacts show their gifts here.")))
		return
	}
	ctx := context.Background()
	gifts, _, err := f.tab.svc.Gifts.FindGifts(ctx, app.GiftFilter{ContactID: c.ID, Limit: 20})
	if err != nil {
		showError(err, f.tab.window)
		return
	}
	for _, g := range gifts {
		text := app.Tf("%s: %s", g.Occasion.Label(), g.What)
		if g.Status == app.GiftGiven {
			text = app.Tf("%d · %s", g.GivenOn.Year, text)
		} else {
			text = g.Status.Label() + " · " + text
		}
		f.givenBefore.Add(widget.NewLabel(text))
	}
	if len(gifts) == 0 {
		f.givenBefore.Add(lowLabel(app.T("Nothing yet.")))
	}
	for _, what := range app.IdeasFromTreasures(c.Treasures) {
		// One click: the idea becomes a planned gift, listed above.
		plan := widget.NewButtonWithIcon(app.T("Plan"), theme.ContentAddIcon(), func() {
			g := &app.Gift{ContactID: c.ID, What: what, Occasion: app.ForOther, Status: app.GiftPlanned}
			if err := f.tab.svc.Gifts.CreateGift(context.Background(), g); err != nil {
				showError(err, f.tab.window)
				return
			}
			f.fillGifts(c)
		})
		f.ideas.Add(container.NewBorder(nil, nil, nil, plan, widget.NewLabel(app.Tf("Something for their love of %s", what))))
	}
	add := widget.NewButtonWithIcon(app.T("Add a Gift"), theme.ContentAddIcon(), func() { f.tab.nav.planGift(c.ID, c.Name(), app.ForReferral, "") })
	if len(f.ideas.Objects) == 0 {
		f.ideas.Add(lowLabel(app.T("Fill in what they treasure to see ideas here.")))
	}
	f.ideas.Add(add)
}

// fillReferrals shows how the contact came to us, the referrals both
// ways, the last ask and what is owed them.
func (f *contactForm) fillReferrals(c *app.Contact) {
	f.followUps.RemoveAll()
	if c.ID == 0 || !c.DeletedAt.IsZero() {
		f.cameVia.SetText(app.T("Saved contacts show their referrals here."))
		f.sent.SetText("")
		f.lastAsk.SetText("")
		f.referralActions.Hide()
		return
	}
	f.referralActions.Show()
	ctx := context.Background()
	svc := f.tab.svc
	settings, err := svc.Settings.Settings(ctx)
	if err != nil {
		showError(err, f.tab.window)
		return
	}
	sum, err := svc.Referrals.ReferralSummary(ctx, c.ID)
	if err != nil {
		showError(err, f.tab.window)
		return
	}
	if sum.CameVia != nil {
		f.cameVia.SetText(app.Tf("Referred by %s on %s, for %s — %s", sum.CameVia.ReferrerName, sum.CameVia.ReceivedOn.Format(),
			orDash(sum.CameVia.AskedFor), sum.CameVia.Status.Label()))
	} else {
		f.cameVia.SetText(app.T("Not through a recorded referral."))
	}
	sent := app.Tf("Sent you %s", app.TN("%d referral", "%d referrals", sum.Sent))
	if sum.Sent > 0 {
		sent += app.Tf(", %d won", sum.SentWon)
		if sum.ValueWon > 0 {
			sent += ", " + sum.ValueWon.Format(settings.Currency)
		}
	}
	sent += app.Tf("; you sent them %s.", app.TN("%d referral", "%d referrals", sum.Given))
	if sum.Sent >= reciprocityMin && sum.Given == 0 {
		sent += " " + app.T("Think of them when someone needs their kind of business.")
	}
	f.sent.SetText(sent)
	asks, _, err := svc.Asks.FindAsks(ctx, c.ID, 1)
	if err != nil {
		showError(err, f.tab.window)
		return
	}
	switch {
	case c.DoNotContact:
		f.lastAsk.SetText(app.T("Marked do-not-contact: never suggested for asks."))
	case len(asks) == 0:
		f.lastAsk.SetText(app.T("Never asked for referrals."))
	default:
		a := asks[0]
		next := app.NextAskDate(a.On, settings.AskCooldownDays)
		text := app.Tf("Last asked %s %s: %s.", a.On.Format(), a.Channel.Phrase(), strings.ToLower(a.Answer.Label()))
		if next.After(app.DateOf(f.tab.svc.Now())) {
			text += " " + app.Tf("Good to ask again from %s.", next.Format())
		} else {
			text += " " + app.T("It is fine to ask again.")
		}
		f.lastAsk.SetText(text)
	}
	if touches, err := svc.Calendar.FindInteractions(ctx, c.ID, 1); err == nil && len(touches) > 0 {
		f.lastAsk.SetText(f.lastAsk.Text + app.Tf("\nLast in touch %s (%s).", touches[0].On.Format(), strings.ToLower(touches[0].Kind.Label())))
	}
	open, _, err := svc.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true, ContactID: c.ID, Limit: 10})
	if err != nil {
		showError(err, f.tab.window)
		return
	}
	if len(open) == 0 {
		f.followUps.Add(lowLabel(app.T("Nothing open.")))
	}
	for _, fu := range open {
		l := widget.NewLabel(dueText(fu.Due, app.DateOf(f.tab.svc.Now())) + ": " + fu.Text())
		l.Wrapping = fyne.TextWrapWord
		if tpl := cards.TemplateForFollowUp(fu.Kind); tpl != "" {
			card := widget.NewButtonWithIcon(app.T("Prepare Card"), theme.DocumentPrintIcon(), func() { f.tab.nav.prepareCard(fu.ContactID, tpl) })
			f.followUps.Add(container.NewBorder(nil, nil, nil, card, l))
			continue
		}
		f.followUps.Add(l)
	}
}

// onLogInteraction records a call, meeting, email, card or gift: it
// resets the keep-in-touch clock.
func (f *contactForm) onLogInteraction() {
	kind := widget.NewSelect(labelsOf(app.InteractionKinds), nil)
	kind.SetSelectedIndex(0)
	day := newDateField(false, f.tab.svc.Now)
	day.SetDate(app.DateOf(f.tab.svc.Now()))
	note := widget.NewEntry()
	formDialog(f.tab.window, app.Tf("Log an Interaction with %s", f.contact.Name()), app.T("Log"), []*widget.FormItem{
		widget.NewFormItem(app.T("What"), kind), widget.NewFormItem(app.T("On"), day), widget.NewFormItem(app.T("Note"), note),
	}, func() error {
		d, err := parseDay(app.T("On"), day)
		if err != nil {
			return err
		}
		i := &app.Interaction{ContactID: f.contact.ID, On: d, Kind: app.InteractionKinds[kind.SelectedIndex()], Note: note.Text}
		if err := f.tab.svc.Calendar.LogInteraction(context.Background(), i); err != nil {
			return err
		}
		f.fillReferrals(f.contact)
		return nil
	})
}
