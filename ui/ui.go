// Package ui is Referable's Fyne interface: one file per screen, each
// adapting the app package's services to widgets.
package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// Services is what the screens work with.
type Services struct {
	app.Services
	// LoadSample fills an empty database with the sample business.
	LoadSample func(ctx context.Context) error
	Now        func() time.Time
	DBPath     string
	Version    string
}

// mainUI is the window's content: a navigation rail of screens.
type mainUI struct {
	app    fyne.App
	window fyne.Window
	svc    Services

	tabs      *container.AppTabs
	contacts  *contactsTab
	referrals *referralsTab
	settings  *settingsTab

	contactsItem, referralsItem, settingsItem *container.TabItem
}

// Create builds the app window's content, menu and shortcuts.
func Create(a fyne.App, w fyne.Window, svc Services) fyne.CanvasObject {
	return newMainUI(a, w, svc).tabs
}

func newMainUI(a fyne.App, w fyne.Window, svc Services) *mainUI {
	if svc.Now == nil {
		svc.Now = time.Now
	}
	u := &mainUI{app: a, window: w, svc: svc}
	a.Settings().SetTheme(&warmTheme{appearance: a.Preferences().StringWithFallback(prefAppearance, AppearanceSystem)})

	u.contacts = newContactsTab(svc, w)
	u.referrals = newReferralsTab(svc, w, u.showContact)
	u.contacts.referrals = u.referrals
	u.contacts.showReferrals = func() { u.tabs.Select(u.referralsItem) }
	u.settings = newSettingsTab(a, svc, w)
	u.contactsItem = container.NewTabItemWithIcon("Contacts", theme.AccountIcon(), u.contacts.buildUI())
	u.referralsItem = container.NewTabItemWithIcon("Referrals", theme.MailForwardIcon(), u.referrals.buildUI())
	u.settingsItem = container.NewTabItemWithIcon("Settings", theme.SettingsIcon(), u.settings.buildUI())
	u.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Today", theme.HomeIcon(), u.comingSoon("Today",
			"Your day at a glance will live here: cards to post today so they arrive on time, birthdays and client anniversaries this week, leads to contact, referrers to thank and keep posted, and people you have not been in touch with for a while.")),
		u.contactsItem,
		u.referralsItem,
		container.NewTabItemWithIcon("Calendar", theme.CalendarIcon(), u.comingSoon("Calendar",
			"A month view of birthdays, client anniversaries and other dates, with each card's mail-by date so it arrives in time. The dates you enter on contacts now will appear here.")),
		container.NewTabItemWithIcon("Gifts", theme.ContentAddIcon(), u.comingSoon("Gifts",
			"What you gave to whom, for what and at what cost; ideas drawn from what each person treasures; and a warning before you give the same gift twice. Note what people treasure on their contact page now.")),
		container.NewTabItemWithIcon("Cards", theme.DocumentPrintIcon(), u.comingSoon("Cards",
			"Thank-you cards and notes in handwriting fonts, laid out for real card stock and envelopes, printed to PDF and logged per contact. Postal addresses and your return address (in Settings) are already used for envelopes.")),
		u.settingsItem,
	)
	u.tabs.SetTabLocation(container.TabLocationLeading)
	u.tabs.Select(u.contactsItem)
	u.tabs.OnSelected = func(item *container.TabItem) {
		switch item {
		case u.settingsItem:
			u.settings.load()
		case u.referralsItem:
			u.referrals.refresh()
		case u.contactsItem:
			u.contacts.refreshShown()
		}
	}
	w.SetMainMenu(u.makeMenu())
	w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyDelete && u.tabs.Selected() == u.contactsItem {
			u.contacts.onTrash()
		}
	})
	return u
}

func (u *mainUI) makeMenu() *fyne.MainMenu {
	ctrl := fyne.KeyModifierShortcutDefault
	newContact := fyne.NewMenuItem("New Contact", func() { u.showContacts(); u.contacts.onNew() })
	newContact.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: ctrl}
	save := fyne.NewMenuItem("Save Contact", func() { u.showContacts(); u.contacts.form.onSave() })
	save.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: ctrl}
	find := fyne.NewMenuItem("Find Contact", func() { u.showContacts(); u.window.Canvas().Focus(u.contacts.search) })
	find.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}
	trash := fyne.NewMenuItem("Move to Trash", func() { u.showContacts(); u.contacts.onTrash() })
	trash.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyDelete, Modifier: ctrl}
	showTrash := fyne.NewMenuItem("Show Trash", func() { u.showContacts(); u.contacts.setTrashView(true) })
	importItem := fyne.NewMenuItem("Import Contacts…", func() { u.contacts.onImport() })
	newReferral := fyne.NewMenuItem("Record a Referral…", func() { u.tabs.Select(u.referralsItem); u.referrals.onNewReferral(0, "") })
	newReferral.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: ctrl}
	logAsk := fyne.NewMenuItem("Log an Ask…", func() { u.tabs.Select(u.referralsItem); u.referrals.onLogAsk(0, "") })
	addFollowUp := fyne.NewMenuItem("Add a Follow-up…", func() { u.tabs.Select(u.referralsItem); u.referrals.onAddFollowUp(0, "") })
	sample := fyne.NewMenuItem("Load Sample Business…", func() { u.showContacts(); u.contacts.onLoadSample() })
	settings := fyne.NewMenuItem("Settings", func() { u.tabs.Select(u.settingsItem) })
	settings.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: ctrl}

	var screens []*fyne.MenuItem
	for i, item := range u.tabs.Items {
		mi := fyne.NewMenuItem(item.Text, func() { u.tabs.SelectIndex(i) })
		if i < 9 {
			mi.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyName(rune('1' + i)), Modifier: ctrl}
		}
		screens = append(screens, mi)
	}
	about := fyne.NewMenuItem("About Referable", func() {
		dialog.ShowInformation("About Referable", "Referable "+u.svc.Version+
			"\nKeeps the referrals that grow your business coming.\nEverything stays on this computer.\n\nDatabase: "+u.svc.DBPath, u.window)
	})
	return fyne.NewMainMenu(
		fyne.NewMenu("File", newContact, save, fyne.NewMenuItemSeparator(), newReferral, logAsk, addFollowUp,
			fyne.NewMenuItemSeparator(), importItem, sample, fyne.NewMenuItemSeparator(), settings),
		fyne.NewMenu("Edit", find, trash, showTrash),
		fyne.NewMenu("View", screens...),
		fyne.NewMenu("Help", about),
	)
}

func (u *mainUI) showContacts() { u.tabs.Select(u.contactsItem) }

// showContact opens one contact's page from another screen.
func (u *mainUI) showContact(id int64) {
	u.showContacts()
	u.contacts.open(id)
}

// comingSoon is a screen not yet built: it says what is coming and links
// to what already works, so no pane is ever blank.
func (u *mainUI) comingSoon(title, what string) fyne.CanvasObject {
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	body := widget.NewLabel(what)
	body.Wrapping = fyne.TextWrapWord
	soon := widget.NewLabel("Coming in a next version of Referable.")
	soon.Importance = widget.LowImportance
	toContacts := widget.NewButtonWithIcon("Open Contacts", theme.AccountIcon(), u.showContacts)
	toContacts.Importance = widget.HighImportance
	newContact := widget.NewButtonWithIcon("Add a Contact", theme.ContentAddIcon(), func() { u.showContacts(); u.contacts.onNew() })
	toSettings := widget.NewButtonWithIcon("Your Details", theme.SettingsIcon(), func() { u.tabs.Select(u.settingsItem) })
	return container.NewPadded(container.NewVBox(heading, wrapped(body), soon, container.NewHBox(toContacts, newContact, toSettings)))
}

// showError tells the user what went wrong in their words and logs the
// detail of errors that are not the user's to fix.
func showError(err error, w fyne.Window) {
	if app.ErrorCode(err) == app.EINTERNAL {
		fyne.LogError("referable", err)
	}
	dialog.ShowError(errors.New(app.ErrorMessage(err)), w)
}
