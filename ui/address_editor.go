package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// addressLabels are offered for an address; any other word may be typed.
var addressLabels = []string{"home", "work", "other"}

// addressList edits a contact's postal addresses: the first is the one
// cards are mailed to, and any other can be made the mailing one or
// removed. Each address keeps its label.
type addressList struct {
	form  *contactForm
	box   *fyne.Container
	add   *widget.Button
	items []*addressEditor
}

// addressEditor is one address's fields.
type addressEditor struct {
	label                    *widget.SelectEntry
	street, postal, locality *textEntry
	region, country          *textEntry
	heading                  *widget.Label
	makeMail                 *widget.Button
	remove                   *tipButton
	view                     *fyne.Container
	fields                   []fyne.Disableable
}

func newAddressList(f *contactForm) *addressList {
	l := &addressList{form: f, box: container.NewVBox()}
	l.add = widget.NewButtonWithIcon(app.T("Add Another Address"), theme.ContentAddIcon(), func() {
		l.append(app.Address{})
		l.form.changed()
		l.refresh()
	})
	l.add.Alignment = widget.ButtonAlignLeading
	return l
}

func (l *addressList) newEditor() *addressEditor {
	f := l.form
	e := &addressEditor{}
	entry := func(placeholder string, max int) *textEntry {
		t := newTextEntry(max, f.tab.window)
		t.SetPlaceHolder(placeholder)
		t.OnChanged = func(string) { f.marks.clearField(app.FieldAddresses); f.changed() }
		e.fields = append(e.fields, t)
		return t
	}
	e.label = widget.NewSelectEntry(addressLabels)
	e.label.SetPlaceHolder(app.T("Label: home, work…"))
	e.label.OnChanged = func(string) { f.marks.clearField(app.FieldAddresses); f.changed() }
	e.fields = append(e.fields, e.label)
	e.street = entry(app.T("Street and number"), app.MaxTextLen)
	e.street.MultiLine, e.street.Wrapping = true, fyne.TextWrapWord
	e.street.SetMinRowsVisible(2)
	e.postal, e.locality = entry(app.T("Postal code"), app.MaxNameLen), entry(app.T("City or town"), app.MaxNameLen)
	e.region, e.country = entry(app.T("State, county or province"), app.MaxNameLen), entry(app.T("Country (empty: yours)"), app.MaxNameLen)
	e.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	e.makeMail = widget.NewButtonWithIcon(app.T("Send Cards Here"), theme.MailSendIcon(), func() {
		l.makeMailing(e)
	})
	e.remove = newIconButton(theme.DeleteIcon(), app.T("Remove this address"), func() {
		l.removeEditor(e)
	})
	e.fields = append(e.fields, e.makeMail, e.remove)
	grid := widget.NewForm(
		widget.NewFormItem(app.T("Label"), e.label),
		widget.NewFormItem(app.T("Street"), e.street),
		widget.NewFormItem(app.T("Postal code"), e.postal),
		widget.NewFormItem(app.T("City"), e.locality),
		widget.NewFormItem(app.T("Region"), e.region),
		widget.NewFormItem(app.T("Country"), e.country),
	)
	e.view = container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(e.makeMail, e.remove), e.heading), grid)
	return e
}

func (e *addressEditor) set(a app.Address) {
	e.label.SetText(a.Label)
	e.street.SetText(a.Street)
	e.postal.SetText(a.PostalCode)
	e.locality.SetText(a.Locality)
	e.region.SetText(a.Region)
	e.country.SetText(a.Country)
}

func (e *addressEditor) address() app.Address {
	return app.Address{Label: e.label.Text, Street: e.street.Text, Locality: e.locality.Text, Region: e.region.Text,
		PostalCode: e.postal.Text, Country: e.country.Text}
}

// fill shows a contact's addresses: always one editor, for the mailing
// address, so a new contact has the fields at hand.
func (l *addressList) fill(c *app.Contact) {
	l.items = nil
	l.append(c.Address)
	for _, a := range c.OtherAddresses {
		l.append(a)
	}
	l.refresh()
}

func (l *addressList) append(a app.Address) {
	e := l.newEditor()
	e.set(a)
	l.items = append(l.items, e)
}

// collect reads every address: the first is the mailing one.
func (l *addressList) collect() (mail app.Address, others []app.Address) {
	for i, e := range l.items {
		if i == 0 {
			mail = e.address()
		} else {
			others = append(others, e.address())
		}
	}
	return mail, others
}

// makeMailing moves e to the top: cards go there from now on.
func (l *addressList) makeMailing(e *addressEditor) {
	for i, x := range l.items {
		if x == e && i > 0 {
			copy(l.items[1:i+1], l.items[:i])
			l.items[0] = e
		}
	}
	l.form.changed()
	l.refresh()
}

func (l *addressList) removeEditor(e *addressEditor) {
	for i, x := range l.items {
		if x == e {
			l.items = append(l.items[:i], l.items[i+1:]...)
			break
		}
	}
	if len(l.items) == 0 {
		l.append(app.Address{})
	}
	l.form.changed()
	l.refresh()
}

// refresh lays the editors out again, the mailing one first.
func (l *addressList) refresh() {
	l.box.RemoveAll()
	for i, e := range l.items {
		if i == 0 {
			e.heading.SetText(app.T("Cards are mailed to this address"))
			e.makeMail.Hide()
		} else {
			e.heading.SetText(app.T("Another address"))
			e.makeMail.Show()
		}
		if len(l.items) == 1 {
			e.remove.Hide()
			if i == 0 {
				e.heading.SetText("")
			}
		} else {
			e.remove.Show()
		}
		if i > 0 {
			l.box.Add(widget.NewSeparator())
		}
		l.box.Add(e.view)
		e.setDisabled(l.disabled())
	}
	l.box.Add(l.add)
	if l.disabled() {
		l.add.Disable()
	} else {
		l.add.Enable()
	}
}

func (l *addressList) disabled() bool { return !l.form.contact.DeletedAt.IsZero() }

func (e *addressEditor) setDisabled(off bool) {
	for _, w := range e.fields {
		if off {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}
