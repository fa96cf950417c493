package ui

import (
	"context"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// contactForm is one contact's page: every field, editable, with the
// people they referred. Edits stay in the widgets until saved, so a
// refused save loses nothing.
type contactForm struct {
	tab     *contactsTab
	contact *app.Contact // as last loaded or saved; ID 0 for a new one

	dirty      bool // edited since loaded or saved
	editingNew bool // the form holds a new contact being written
	loading    bool // fields are being filled by code, not typed

	title, subtitle, status *widget.Label
	trashBanner             *fyne.Container
	trashNote               *widget.Label

	given, family, display, company *textEntry
	prefix, middle, suffix          *textEntry
	nickname                        *textEntry
	kinds                           *widget.CheckGroup
	tags, emails, phones            *textEntry
	phoneHint                       *widget.Label // how each number reads
	addresses                       *addressList
	birthday, clientSince           *dateField
	occasions, treasures, notes     *textEntry
	mailLead, cadence               *textEntry
	doNotContact                    *widget.Check

	referredByID    int64
	referredBy      *widget.Button
	clearReferredBy *tipButton
	referred        *fyne.Container

	cameVia, sent, lastAsk *widget.Label
	givenBefore, ideas     *fyne.Container
	cardsSent              *fyne.Container
	followUps              *fyne.Container
	referralActions        *fyne.Container

	save, trash, restore *widget.Button
	fields               []fyne.Disableable
	// marks show the form's problems at their fields; fieldOf tells which
	// field an entry is, to clear its mark as it is typed in.
	marks                                   fieldMarks
	fieldOf                                 map[fyne.CanvasObject]app.Field
	kindsError, phonesError, addressesError *widget.Label
	referredByError                         *widget.Label
	body, empty                             fyne.CanvasObject
	scroll                                  *container.Scroll // the page below its header
}

func newContactForm(tab *contactsTab) *contactForm {
	return &contactForm{tab: tab, contact: &app.Contact{}}
}

func (f *contactForm) buildUI() fyne.CanvasObject {
	f.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.title.SizeName = theme.SizeNameHeadingText
	f.title.Truncation = fyne.TextTruncateEllipsis
	f.subtitle = widget.NewLabel("")
	f.subtitle.Importance = widget.LowImportance
	f.status = widget.NewLabel("")
	f.status.Importance = widget.SuccessImportance

	entry := func(placeholder string) *textEntry {
		e := newTextEntry(app.MaxNameLen, f.tab.window)
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { f.unmark(e); f.changed() }
		f.fields = append(f.fields, e)
		return e
	}
	multi := func(placeholder string, rows int) *textEntry {
		e := entry(placeholder)
		e.max = app.MaxTextLen
		e.MultiLine, e.Wrapping = true, fyne.TextWrapWord
		e.SetMinRowsVisible(rows)
		return e
	}
	dateEntry := func(noYear bool) *dateField {
		e := newDateField(noYear, f.tab.svc.Now)
		e.OnChanged = func(string) { f.unmark(e); f.changed() }
		f.fields = append(f.fields, e)
		return e
	}
	f.given, f.family = entry(app.T("Given name")), entry(app.T("Family name"))
	f.prefix, f.suffix = entry(app.T("Mr., Ms., Dr., Prof.")), entry(app.T("Jr., Sr., PhD"))
	f.middle, f.nickname = entry(app.T("Every middle name")), entry(app.T("What friends call them: a card can greet them so"))
	f.display = entry(app.T("Only if not “Given Family”, e.g. Dr. Ana Lima"))
	f.company = entry(app.T("Company"))
	f.kinds = widget.NewCheckGroup(kindNames(), func([]string) { f.marks.clearField(app.FieldKinds); f.changed() })
	f.kinds.Horizontal = true
	f.fields = append(f.fields, f.kinds)
	f.tags = entry(app.T("Separated by commas: vip, realtor"))
	f.emails = multi(app.T("One a line; a label first if you like:\nwork: ana@example.com"), 2)
	f.phones = multi(app.T("One a line:\nmobile: +1 503 555 0100"), 2)
	f.phones.OnChanged = func(string) { f.unmark(f.phones); f.changed(); f.showPhoneHint() }
	f.phoneHint = widget.NewLabel("")
	f.phoneHint.Importance = widget.LowImportance
	f.phoneHint.Wrapping = fyne.TextWrapWord
	f.addresses = newAddressList(f)
	f.birthday = dateEntry(true)
	f.clientSince = dateEntry(false)
	f.occasions = multi(app.Tf("One a line, e.g.\nWedding: %s", app.Date{Year: 2015, Month: time.June, Day: 20}.Long()), 2)
	f.mailLead = entry(app.T("Days the post takes to them (empty: as in Settings)"))
	f.cadence = entry(app.T("Be in touch at least every … days (empty: by tag, or never)"))
	f.treasures = multi(app.T("What they love: hobbies, teams, favourite things — for gifts"), 2)
	f.notes = multi(app.T("Notes"), 4)
	f.doNotContact = widget.NewCheck(app.T("Do not contact for marketing or referral requests"), func(bool) { f.changed() })
	f.fields = append(f.fields, f.doNotContact)

	f.referredBy = widget.NewButtonWithIcon(app.T("Choose…"), theme.AccountIcon(), f.onPickReferrer)
	f.referredBy.Alignment = widget.ButtonAlignLeading
	f.clearReferredBy = newIconButton(theme.ContentClearIcon(), app.T("Not referred by anyone"), func() { f.setReferrer(0, ""); f.changed() })
	f.fields = append(f.fields, f.referredBy, f.clearReferredBy)
	f.referred = container.NewVBox()
	f.setUpMarks()
	f.cameVia, f.sent, f.lastAsk = widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel("")
	for _, l := range []*widget.Label{f.cameVia, f.sent, f.lastAsk} {
		l.Wrapping = fyne.TextWrapWord
	}
	f.followUps = container.NewVBox()
	f.givenBefore, f.ideas = container.NewVBox(), container.NewVBox()
	f.cardsSent = container.NewVBox()
	f.referralActions = container.NewGridWithColumns(2,
		widget.NewButtonWithIcon(app.T("Record a Referral From Them"), theme.MailForwardIcon(), func() {
			f.tab.nav.recordReferral(f.contact.ID, f.contact.Name())
		}),
		widget.NewButtonWithIcon(app.T("Log an Ask"), theme.MailSendIcon(), func() {
			f.tab.nav.logAsk(f.contact.ID, f.contact.Name())
			f.fillReferrals(f.contact)
		}),
		widget.NewButtonWithIcon(app.T("Add a Follow-up"), theme.ContentAddIcon(), func() {
			f.tab.nav.addFollowUp(f.contact.ID, f.contact.Name())
		}),
		widget.NewButtonWithIcon(app.T("Log an Interaction"), theme.HistoryIcon(), f.onLogInteraction),
		widget.NewButtonWithIcon(app.T("Their Referral Tree"), theme.ListIcon(), func() {
			f.tab.nav.showTree(f.contact.ID, f.contact.Name())
		}),
	)

	f.save = widget.NewButtonWithIcon(app.T("Save"), theme.DocumentSaveIcon(), func() { f.onSave() })
	f.save.Importance = widget.HighImportance
	f.trash = widget.NewButtonWithIcon(app.T("Move to Trash"), theme.DeleteIcon(), f.onTrash)
	f.restore = widget.NewButtonWithIcon(app.T("Restore"), theme.ContentUndoIcon(), f.onRestore)
	f.restore.Importance = widget.HighImportance
	f.trashNote = widget.NewLabel("")
	f.trashNote.Wrapping = fyne.TextWrapWord
	f.trashBanner = container.NewBorder(nil, nil, widget.NewIcon(theme.DeleteIcon()), f.restore, wrapped(f.trashNote))

	// One form, so every label lines up; headings sit in the value column.
	section := func(title string) *widget.FormItem {
		head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.SizeName = theme.SizeNameSubHeadingText
		return widget.NewFormItem("", head)
	}
	item := widget.NewFormItem
	form := widget.NewForm(
		section(app.T("Name")),
		item(app.T("Prefix"), f.prefix), item(app.T("Given name"), f.given), item(app.T("Middle names"), f.middle), item(app.T("Family name"), f.family),
		item(app.T("Suffix"), f.suffix), item(app.T("Nickname"), f.nickname), item(app.T("Display name"), f.display),
		item(app.T("Company"), f.company), item(app.T("Kind"), container.NewVBox(f.kinds, f.kindsError)), item(app.T("Tags"), f.tags),
		section(app.T("Reaching them")),
		item(app.T("Email"), f.emails), item(app.T("Phone"), container.NewVBox(f.phones, f.phonesError, f.phoneHint)),
		item(app.T("Postal address"), container.NewVBox(f.addresses.box, f.addressesError)),
		section(app.T("Dates")),
		item(app.T("Birthday"), f.birthday), item(app.T("Client since"), f.clientSince), item(app.T("Other dates"), f.occasions),
		item(app.T("Post takes"), f.mailLead), item(app.T("Keep in touch"), f.cadence),
		section(app.T("Relationship")),
		item(app.T("Referred by"), container.NewVBox(container.NewBorder(nil, nil, nil, f.clearReferredBy, f.referredBy), f.referredByError)),
		item(app.T("They referred"), f.referred),
		item(app.T("They treasure"), f.treasures), item("", f.doNotContact),
		section(app.T("Referrals")),
		item(app.T("Came to you"), f.cameVia),
		item(app.T("Referrals"), f.sent),
		item(app.T("Last asked"), f.lastAsk),
		item(app.T("To follow up"), f.followUps),
		item("", f.referralActions),
		section(app.T("Gifts")),
		item(app.T("Given before"), f.givenBefore),
		item(app.T("Ideas"), f.ideas),
		item(app.T("Cards sent"), f.cardsSent),
		section(app.T("Notes")),
		item(app.T("Notes"), f.notes),
	)
	header := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(f.status, f.trash, f.save), f.title),
		f.subtitle, f.trashBanner, widget.NewSeparator())
	f.scroll = container.NewVScroll(container.NewPadded(form))
	f.body = container.NewBorder(header, nil, nil, nil, f.scroll)

	f.empty = emptyHint(app.T("Choose a contact on the left, or press Ctrl+N for a new one."))
	f.body.Hide()
	return container.NewPadded(container.NewStack(f.empty, f.body))
}

// showPhoneHint says how each typed number reads as a number, in the
// owner's convention, and which ones do not read (a number without its
// country code, typed for a contact abroad, say): what duplicates and
// sync will compare.
func (f *contactForm) showPhoneHint() {
	phones := app.ParseLabeledLines(f.phones.Text)
	if len(phones) == 0 {
		f.phoneHint.SetText("")
		f.phoneHint.Hide()
		return
	}
	st, _ := f.tab.svc.Settings.Settings(context.Background())
	probe := app.Contact{Phones: phones}
	probe.Address, _ = f.addresses.collect()
	app.NormalizePhones(&probe, st.Region)
	var parts []string
	for _, p := range probe.Phones {
		if p.Normal == "" {
			parts = append(parts, app.Tf("⚠ %s does not read as a full number: add its country code (+44 …)", p.Value))
		} else {
			parts = append(parts, app.FormatPhone(p, st.Region))
		}
	}
	f.phoneHint.SetText(app.Tf("Reads as: %s", strings.Join(parts, " · ")))
	f.phoneHint.Show()
}

func kindNames() []string {
	names := make([]string, len(app.Kinds))
	for i, k := range app.Kinds {
		names[i] = k.String()
	}
	return names
}

func (f *contactForm) changed() {
	if f.loading {
		return
	}
	f.dirty = true
	f.status.SetText("")
	f.title.SetText(f.displayName())
}

// displayName is the name the form currently spells out.
func (f *contactForm) displayName() string {
	if f.given == nil {
		return f.contact.Name()
	}
	if name := app.ContactName(f.display.Text, f.given.Text, f.family.Text, f.company.Text); name != "" {
		return name
	}
	return app.T("New contact")
}

// show loads a contact from the store into the form; another contact
// than the one shown opens at the top of their page.
func (f *contactForm) show(id int64) {
	c, err := f.tab.svc.Contacts.FindContactByID(context.Background(), id)
	if err != nil {
		showError(err, f.tab.window)
		return
	}
	other := id != f.contact.ID
	f.editingNew = false
	f.fill(c)
	if other {
		f.scroll.ScrollToTop()
	}
}

// showNew empties the form for a new contact, at its top.
func (f *contactForm) showNew() {
	f.editingNew = true
	f.fill(&app.Contact{})
	f.scroll.ScrollToTop()
	f.title.SetText(app.T("New contact"))
	f.subtitle.SetText(app.T("Fill in what you know; only a name is needed."))
}

func (f *contactForm) fill(c *app.Contact) {
	f.loading = true
	defer func() { f.loading = false }()
	f.contact, f.dirty = c, false
	f.given.SetText(c.GivenName)
	f.family.SetText(c.FamilyName)
	f.prefix.SetText(c.Prefix)
	f.middle.SetText(c.MiddleName)
	f.suffix.SetText(c.Suffix)
	f.nickname.SetText(c.Nickname)
	f.display.SetText(c.DisplayName)
	f.company.SetText(c.Company)
	f.kinds.SetSelected(c.Kinds.Names())
	f.tags.SetText(strings.Join(c.Tags, ", "))
	f.emails.SetText(app.FormatLabeledLines(c.Emails))
	f.phones.SetText(app.FormatLabeledLines(c.Phones))
	f.addresses.fill(c)
	f.showPhoneHint()
	f.birthday.SetDate(c.Birthday)
	f.clientSince.SetDate(c.ClientSince)
	f.occasions.SetText(app.FormatOccasionLines(c.Occasions))
	f.mailLead.SetText(daysText(c.MailLeadDays))
	f.cadence.SetText(daysText(c.CadenceDays))
	f.treasures.SetText(c.Treasures)
	f.notes.SetText(c.Notes)
	f.doNotContact.SetChecked(c.DoNotContact)
	f.setReferrer(c.ReferredByID, f.referrerName(c.ReferredByID))
	f.fillReferred(c.ID)
	f.fillReferrals(c)
	f.fillGifts(c)
	f.fillCards(c)

	f.title.SetText(f.displayName())
	f.subtitle.SetText(f.describe(c))
	f.status.SetText("")
	trashed := !c.DeletedAt.IsZero()
	for _, w := range f.fields {
		if trashed {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if trashed {
		f.trashNote.SetText(app.Tf("In the trash since %s. It will be deleted for good after %s unless you restore it.",
			app.DateOf(c.DeletedAt.Local()).Long(), app.DateOf(c.DeletedAt.Add(app.TrashRetention).Local()).Long()))
		f.trashBanner.Show()
		f.save.Hide()
		f.trash.Hide()
	} else {
		f.trashBanner.Hide()
		f.save.Show()
		f.trash.Show()
		if c.ID == 0 {
			f.trash.Disable()
		} else {
			f.trash.Enable()
		}
	}
	f.empty.Hide()
	f.body.Show()
}

func (f *contactForm) describe(c *app.Contact) string {
	var parts []string
	if kinds := c.Kinds.Names(); len(kinds) > 0 {
		parts = append(parts, strings.Join(kinds, ", "))
	}
	if !c.CreatedAt.IsZero() {
		parts = append(parts, app.Tf("added %s", app.DateOf(c.CreatedAt.Local()).Format()))
	}
	if c.DoNotContact {
		parts = append(parts, app.T("do not contact"))
	}
	return strings.Join(parts, " · ")
}

func (f *contactForm) referrerName(id int64) string {
	if id == 0 {
		return ""
	}
	c, err := f.tab.svc.Contacts.FindContactByID(context.Background(), id)
	if err != nil {
		return app.Tf("contact %d", id)
	}
	return c.Name()
}

func (f *contactForm) setReferrer(id int64, name string) {
	f.referredByID = id
	f.marks.clearField(app.FieldReferredBy)
	if id == 0 {
		f.referredBy.SetText(app.T("Choose who sent them…"))
		f.clearReferredBy.Hide()
		return
	}
	f.referredBy.SetText(name)
	f.clearReferredBy.Show()
}

// collect reads the form into a contact, with every problem found: what
// cannot be read (a date, a number of days) and what the contact's own
// rules refuse, each at its field.
func (f *contactForm) collect() (*app.Contact, []app.FieldProblem) {
	var problems []app.FieldProblem
	bad := func(field app.Field, err error) {
		problems = append(problems, app.FieldProblem{Field: field, Err: err})
	}
	c := *f.contact
	c.GivenName, c.FamilyName, c.DisplayName, c.Company = f.given.Text, f.family.Text, f.display.Text, f.company.Text
	c.Prefix, c.MiddleName, c.Suffix, c.Nickname = f.prefix.Text, f.middle.Text, f.suffix.Text, f.nickname.Text
	c.Kinds = 0
	for _, name := range f.kinds.Selected {
		k, err := app.ParseKind(name)
		if err != nil {
			bad(app.FieldKinds, err)
		}
		c.Kinds |= k
	}
	c.Tags = app.ParseTags(f.tags.Text)
	c.Emails = app.ParseLabeledLines(f.emails.Text)
	c.Phones = app.ParseLabeledLines(f.phones.Text)
	c.Address, c.OtherAddresses = f.addresses.collect()
	var err error
	if c.Birthday, err = f.birthday.Date(); err != nil {
		bad(app.FieldBirthday, app.Errorf(app.EINVALID, "Birthday: %s", app.ErrorMessage(err)))
	}
	if c.ClientSince, err = f.clientSince.Date(); err != nil {
		bad(app.FieldClientSince, app.Errorf(app.EINVALID, "Client since: %s", app.ErrorMessage(err)))
	}
	if c.Occasions, err = app.ParseOccasionLines(f.occasions.Text); err != nil {
		bad(app.FieldOccasions, err)
	}
	if c.MailLeadDays, err = parseDays(app.T("Post takes"), f.mailLead.Text); err != nil {
		bad(app.FieldMailLead, err)
	}
	if c.CadenceDays, err = parseDays(app.T("Keep in touch"), f.cadence.Text); err != nil {
		bad(app.FieldCadence, err)
	}
	c.Treasures, c.Notes, c.DoNotContact, c.ReferredByID = f.treasures.Text, f.notes.Text, f.doNotContact.Checked, f.referredByID
	c.Normalize()
	found := map[app.Field]bool{}
	for _, p := range problems {
		found[p.Field] = true
	}
	for _, p := range c.Problems(app.DateOf(f.tab.svc.Now())) {
		if !found[p.Field] {
			problems = append(problems, p)
		}
	}
	// In the order the form shows them: the first is the one to go to.
	sort.SliceStable(problems, func(i, j int) bool { return formOrder[problems[i].Field] < formOrder[problems[j].Field] })
	return &c, problems
}

// formOrder is where each field stands on the contact's page.
var formOrder = func() map[app.Field]int {
	m := map[app.Field]int{}
	for i, f := range []app.Field{app.FieldPrefix, app.FieldName, app.FieldGiven, app.FieldMiddle, app.FieldFamily, app.FieldSuffix,
		app.FieldNickname, app.FieldDisplay, app.FieldCompany, app.FieldKinds, app.FieldTags, app.FieldEmails, app.FieldPhones,
		app.FieldAddresses, app.FieldBirthday, app.FieldClientSince, app.FieldOccasions, app.FieldMailLead, app.FieldCadence,
		app.FieldReferredBy, app.FieldTreasures, app.FieldNotes} {
		m[f] = i
	}
	return m
}()

// onSave saves the form; it reports whether the contact was saved. On a
// refusal the message says why and every typed value stays in place.
func (f *contactForm) onSave() bool {
	if !f.body.Visible() || !f.contact.DeletedAt.IsZero() {
		return false
	}
	c, problems := f.collect()
	if len(problems) > 0 {
		f.showProblems(problems)
		return false
	}
	ctx := context.Background()
	var err error
	if c.ID == 0 {
		err = f.tab.svc.Contacts.CreateContact(ctx, c)
	} else {
		err = f.tab.svc.Contacts.UpdateContact(ctx, c)
	}
	if err != nil {
		if app.ErrorCode(err) == app.EINVALID && c.ReferredByID != f.contact.ReferredByID {
			f.showProblems([]app.FieldProblem{{Field: app.FieldReferredBy, Err: err}}) // a loop in who referred whom
			return false
		}
		showError(err, f.tab.window)
		return false
	}
	f.marks.clear()
	f.status.Importance = widget.SuccessImportance
	f.editingNew = false
	f.tab.selectedID = c.ID
	f.contact.ID = c.ID // the same contact: the page stays where it is
	f.show(c.ID)
	f.status.SetText(app.T("Saved"))
	f.tab.afterChange()
	return true
}

func (f *contactForm) onTrash() {
	if !f.body.Visible() || f.contact.ID == 0 || !f.contact.DeletedAt.IsZero() {
		return
	}
	name := f.contact.Name()
	if err := f.tab.svc.Contacts.TrashContact(context.Background(), f.contact.ID); err != nil {
		showError(err, f.tab.window)
		return
	}
	f.show(f.contact.ID) // shows the trash banner with Restore: the undo
	f.status.SetText("")
	f.tab.afterChange()
	f.subtitle.SetText(app.Tf("%s was moved to the trash.", name))
}

func (f *contactForm) onRestore() {
	if err := f.tab.svc.Contacts.RestoreContact(context.Background(), f.contact.ID); err != nil {
		showError(err, f.tab.window)
		return
	}
	f.show(f.contact.ID)
	f.status.SetText(app.T("Restored"))
	f.tab.afterChange()
}

// onPickReferrer opens a search to choose who referred this contact.
func (f *contactForm) onPickReferrer() {
	pickContact(f.tab.window, f.tab.svc.Contacts, app.Tf("Who referred %s?", f.displayName()), f.contact.ID, func(c app.ContactSummary) {
		f.setReferrer(c.ID, c.Name)
		f.changed()
	})
}

// setUpMarks says where each field's problem is shown.
func (f *contactForm) setUpMarks() {
	f.kindsError, f.phonesError, f.addressesError, f.referredByError = widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel("")
	entries := map[app.Field]*textEntry{
		app.FieldGiven: f.given, app.FieldFamily: f.family, app.FieldDisplay: f.display, app.FieldCompany: f.company,
		app.FieldPrefix: f.prefix, app.FieldMiddle: f.middle, app.FieldSuffix: f.suffix, app.FieldNickname: f.nickname,
		app.FieldTags: f.tags, app.FieldEmails: f.emails, app.FieldOccasions: f.occasions, app.FieldMailLead: f.mailLead,
		app.FieldCadence: f.cadence, app.FieldTreasures: f.treasures, app.FieldNotes: f.notes,
	}
	f.marks.targets = map[app.Field]markTarget{}
	f.fieldOf = map[fyne.CanvasObject]app.Field{}
	for field, e := range entries {
		// A validator that finds nothing: the form then keeps room under
		// the entry for a mark's message, and typing clears it.
		e.Validator = func(string) error { return nil }
		f.marks.targets[field] = entryTarget(&e.Entry, e, e)
		f.fieldOf[e] = field
	}
	f.marks.targets[app.FieldName] = entryTarget(&f.given.Entry, f.given, f.given)
	for field, d := range map[app.Field]*dateField{app.FieldBirthday: f.birthday, app.FieldClientSince: f.clientSince} {
		f.marks.targets[field] = entryTarget(&d.Entry, d, d)
		f.fieldOf[d] = field
	}
	// Fields whose form item is more than the entry: the message in a
	// label of their own, the entry's edge red.
	phones := labelTarget(f.phonesError, f.phones, f.phones)
	edge := entryTarget(&f.phones.Entry, f.phones, f.phones)
	f.marks.targets[app.FieldPhones] = markTarget{set: func(err error) { phones.set(err); edge.set(err) }, focus: f.phones, at: f.phones}
	f.fieldOf[f.phones] = app.FieldPhones
	f.marks.targets[app.FieldKinds] = labelTarget(f.kindsError, nil, f.kinds)
	f.marks.targets[app.FieldAddresses] = labelTarget(f.addressesError, nil, f.addresses.box)
	f.marks.targets[app.FieldReferredBy] = labelTarget(f.referredByError, nil, f.referredBy)
}

// unmark clears the mark of the field being typed in (and the name's,
// which any name field answers).
func (f *contactForm) unmark(o fyne.CanvasObject) {
	if field, ok := f.fieldOf[o]; ok {
		f.marks.clearField(field)
	}
	switch f.fieldOf[o] {
	case app.FieldGiven, app.FieldFamily, app.FieldDisplay, app.FieldCompany:
		f.marks.clearField(app.FieldName)
	}
}

// showProblems marks every problem at its field, says how many there
// are, and takes the owner to the first.
func (f *contactForm) showProblems(problems []app.FieldProblem) {
	first, ok := f.marks.mark(problems)
	f.status.Importance = widget.DangerImportance
	f.status.SetText(problemCount(len(problems)))
	if !ok {
		return
	}
	if first.focus != nil {
		f.tab.window.Canvas().Focus(first.focus)
	}
	if first.at != nil && f.scroll != nil && f.scroll.Content != nil {
		d := fyne.CurrentApp().Driver()
		y := d.AbsolutePositionForObject(first.at).Y - d.AbsolutePositionForObject(f.scroll.Content).Y
		f.scroll.Offset = fyne.NewPos(0, max(0, y-40))
		f.scroll.Refresh()
	}
}
