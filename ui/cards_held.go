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

// checkPeople checks every recipient's card off the UI goroutine, as a
// print would, and shows what would be held back as badges in the list.
// done, when set, hears the cards that can print and those held back.
func (t *cardsTab) checkPeople(done func(ok []cards.Addressee, held []cards.Held)) {
	b, err := t.batch()
	if err != nil {
		showError(err, t.window)
		return
	}
	if len(t.people) == 0 || b.Hand == "" {
		t.held = nil
		t.list.Refresh()
		return
	}
	t.checks++
	check, people := t.checks, t.printable()
	inBackground(func() {
		ok, held, err := b.Check(t.book, people)
		onUI(func() {
			if check != t.checks {
				return // the screen changed since
			}
			if err != nil {
				showError(err, t.window)
				return
			}
			t.held = map[int64]cards.Held{}
			for _, h := range held {
				t.held[h.ContactID] = h
			}
			t.list.Refresh()
			if done != nil {
				done(ok, held)
			}
		})
	})
}

// printable is the recipients as they are to print: with the referral
// picked for each, and those who asked not to be contacted let through
// where the owner said so.
func (t *cardsTab) printable() []cards.Addressee {
	out := make([]cards.Addressee, len(t.people))
	for i := range t.people {
		out[i] = t.person(i)
	}
	return out
}

// person is the i'th recipient as their card is to print.
func (t *cardsTab) person(i int) cards.Addressee {
	a := t.people[i]
	if p, ok := t.picked[a.ContactID]; ok {
		a.ReferralID, a.ReferralName = p.ID, p.LeadName
	}
	if t.dncOK[a.ContactID] {
		a.DoNotContact = false
	}
	return a
}

// heldBadge is what a held card's row says.
func heldBadge(h cards.Held) string {
	switch h.Reason {
	case cards.HeldEmptyField:
		return app.Tf("⚠ nothing to fill %s", strings.Join(h.Fields, ", "))
	case cards.HeldMissingGlyph:
		return app.T("⚠ a character no font has")
	case cards.HeldNoAddress:
		return app.T("⚠ no postal address")
	case cards.HeldDoNotContact:
		return app.T("⚠ asked not to be contacted")
	}
	return "⚠ " + h.Message
}

// showHeld lists the cards held back, each with why and one click to fix
// it; the rest can print.
func (t *cardsTab) showHeld(ok []cards.Addressee, held []cards.Held) {
	var d dialog.Dialog
	rows := container.NewVBox()
	noun := t.selectedLayout().Noun()
	for i, h := range held {
		if i == 50 {
			rows.Add(widget.NewLabel(app.Tf("… and %d more.", len(held)-50)))
			break
		}
		name := widget.NewLabelWithStyle(h.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		why := widget.NewLabel(strings.ToUpper(h.Message[:1]) + h.Message[1:])
		why.Wrapping = fyne.TextWrapWord
		var fixes []fyne.CanvasObject
		for _, f := range t.fixesFor(h, func() { d.Hide() }) {
			fixes = append(fixes, f)
		}
		rows.Add(container.NewBorder(nil, nil, nil, container.NewHBox(fixes...), container.NewVBox(name, wrapped(why))))
		rows.Add(widget.NewSeparator())
	}
	intro := widget.NewLabel(app.TNf("%[2]s would print with a hole in it, so it is held back. Nothing held back is printed or logged.",
		"%[2]s would print with a hole in it, so they are held back. Nothing held back is printed or logged.", len(held), len(held), app.Plural(len(held), noun)))
	intro.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(560, min(float32(len(held))*80, 360)))
	content := container.NewBorder(wrapped(intro), nil, nil, nil, scroll)
	d = dialog.NewCustomWithoutButtons(app.Tf("%s held back", app.Plural(len(held), noun)), content, t.window)
	buttons := []fyne.CanvasObject{widget.NewButton(app.T("Cancel"), func() { d.Hide() })}
	if len(ok) > 0 {
		rest := widget.NewButtonWithIcon(printOther(len(ok), noun), theme.DocumentPrintIcon(), func() {
			d.Hide()
			t.destination(ok)
		})
		rest.Importance = widget.HighImportance
		buttons = append(buttons, rest)
	}
	d.(*dialog.CustomDialog).SetButtons(buttons)
	t.heldDialog = d
	d.Show()
}

// printOther is the button that prints the cards that were not held
// back: "Print the Other Card…", "Print the Other 3 Envelopes…".
func printOther(n int, noun string) string {
	switch noun {
	case "envelope":
		return app.TN("Print the Other Envelope…", "Print the Other %d Envelopes…", n)
	case "label":
		return app.TN("Print the Other Label…", "Print the Other %d Labels…", n)
	}
	return app.TN("Print the Other Card…", "Print the Other %d Cards…", n)
}

// fixesFor are the buttons that put a held card right; close hides the
// list first where the fix goes elsewhere.
func (t *cardsTab) fixesFor(h cards.Held, close func()) []*widget.Button {
	editWords := widget.NewButtonWithIcon(app.T("Edit Words"), theme.DocumentCreateIcon(), func() {
		close()
		t.editWordsOf(h.ContactID)
	})
	switch h.Reason {
	case cards.HeldEmptyField:
		if !h.NeedsReferral() {
			return []*widget.Button{editWords}
		}
		pick := widget.NewButtonWithIcon(app.T("Pick Referral…"), theme.MailForwardIcon(), func() {
			close()
			t.pickReferral(h)
		})
		return []*widget.Button{pick, editWords}
	case cards.HeldMissingGlyph:
		return []*widget.Button{editWords}
	case cards.HeldNoAddress:
		return []*widget.Button{widget.NewButtonWithIcon(app.T("Add Address…"), theme.MailComposeIcon(), func() {
			close()
			t.addAddress(h)
		})}
	case cards.HeldDoNotContact:
		return []*widget.Button{widget.NewButton(app.T("Send to Them Anyway"), func() {
			close()
			t.dncOK[h.ContactID] = true
			t.startPrint()
		})}
	}
	return nil
}

// editWordsOf shows the person's card with its message ready to type.
func (t *cardsTab) editWordsOf(contactID int64) {
	for i, a := range t.people {
		if a.ContactID == contactID {
			t.list.Select(i)
			t.list.ScrollTo(i)
			t.window.Canvas().Focus(t.inside)
			return
		}
	}
}

// pickReferral offers the referrals the person sent, to name the one the
// card thanks them for; with none recorded, it offers to record one.
func (t *cardsTab) pickReferral(h cards.Held) {
	rs, _, err := t.svc.Referrals.FindReferrals(context.Background(), app.ReferralFilter{ContactID: h.ContactID, Limit: 200})
	if err != nil {
		showError(err, t.window)
		return
	}
	var theirs []app.Referral
	for _, r := range rs {
		if r.ReferrerID == h.ContactID {
			theirs = append(theirs, r)
		}
	}
	if len(theirs) == 0 {
		dialog.ShowCustomConfirm(app.Tf("No referral from %s", h.Name), app.T("Record a Referral…"), app.T("Edit Words"),
			wrapped(widget.NewLabel(app.Tf("%s has sent no referral the book knows of, so the card has no one to thank them for. Record the referral they sent, or write this card's words yourself.", h.Name))),
			func(record bool) {
				if record && t.nav != nil {
					t.nav.recordReferral(h.ContactID, h.Name)
					return
				}
				t.editWordsOf(h.ContactID)
			}, t.window)
		return
	}
	var d dialog.Dialog
	list := widget.NewList(func() int { return len(theirs) }, newTwoLineRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		r := theirs[i]
		setTwoLineRow(o, r.LeadName, app.Tf("%s · %s", r.ReceivedOn.Format(), r.Status.Label()))
	})
	list.OnSelected = func(i widget.ListItemID) {
		t.picked[h.ContactID] = theirs[i]
		d.Hide()
		t.startPrint()
	}
	d = dialog.NewCustom(app.Tf("Which referral does the card thank %s for?", h.Name), app.T("Cancel"), list, t.window)
	d.Resize(fyne.NewSize(460, 360))
	d.Show()
}

// addAddress asks for the person's postal address and saves it to their
// contact; the card is checked again.
func (t *cardsTab) addAddress(h cards.Held) {
	ctx := context.Background()
	c, err := t.svc.Contacts.FindContactByID(ctx, h.ContactID)
	if err != nil {
		showError(err, t.window)
		return
	}
	street := widget.NewMultiLineEntry()
	street.SetMinRowsVisible(2)
	postal, locality, region, country := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	street.SetText(c.Address.Street)
	postal.SetText(c.Address.PostalCode)
	locality.SetText(c.Address.Locality)
	region.SetText(c.Address.Region)
	country.SetText(c.Address.Country)
	items := []*widget.FormItem{
		widget.NewFormItem(app.T("Street"), street), widget.NewFormItem(app.T("Postal code"), postal),
		widget.NewFormItem(app.T("Town or city"), locality), widget.NewFormItem(app.T("Region"), region),
		widget.NewFormItem(app.T("Country"), country),
	}
	form := dialog.NewForm(app.Tf("Postal address of %s", h.Name), app.T("Save"), app.T("Cancel"), items, func(save bool) {
		if !save {
			return
		}
		label := c.Address.Label
		if strings.TrimSpace(label) == "" {
			label = "home"
		}
		c.Address = app.Address{Label: label, Street: street.Text, PostalCode: postal.Text,
			Locality: locality.Text, Region: region.Text, Country: country.Text}
		if err := t.svc.Contacts.UpdateContact(ctx, c); err != nil {
			showError(err, t.window)
			return
		}
		t.reloadPerson(h.ContactID)
	}, t.window)
	form.Resize(fyne.NewSize(460, 0))
	form.Show()
}

// reloadPerson reads one recipient afresh (a fix changed their contact)
// and checks the cards again.
func (t *cardsTab) reloadPerson(contactID int64) {
	tpl, _ := t.selectedTemplate()
	as, err := t.svc.Cards.Addressees(context.Background(), []int64{contactID}, tpl.Purpose)
	if err != nil || len(as) != 1 {
		showError(err, t.window)
		return
	}
	for i := range t.people {
		if t.people[i].ContactID == contactID {
			t.people[i] = as[0]
		}
	}
	if t.current >= 0 {
		t.loadWords()
	}
	t.checkPeople(nil)
}
