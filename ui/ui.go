// Package ui is Referable's Fyne interface: one file per screen, each
// adapting the app package's services to widgets.
package ui

import (
	"context"
	"errors"
	"os"
	"runtime"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/app/davsync"
	"github.com/referable/referable/app/transfer"
	"github.com/referable/referable/assets"
)

// Services is what the screens work with.
type Services struct {
	app.Services
	Cards cards.Service
	// Printers keeps how each printer takes stock and its calibrations.
	Printers cards.PrinterStore
	// LoadSample fills an empty database with the sample business.
	LoadSample func(ctx context.Context) error
	Now        func() time.Time
	DBPath     string
	Backups    app.BackupService
	// Transfer imports and exports; Duplicates finds and merges.
	Transfer   transfer.Service
	Duplicates app.DuplicateService
	Version    string
	// Upkeep is the daily care of the book: check it, back it up, empty
	// old trash. It runs a little after start and then once a day; what
	// it cannot do is shown in the window.
	Upkeep func(ctx context.Context) error
	// QuickCheck runs SQLite's quick check of the book (data.DB's).
	QuickCheck func(ctx context.Context) error
	// Sync keeps what sync with the owner's CardDAV/CalDAV server knows.
	Sync davsync.Store
}

// UpkeepDelay lets the window settle before the day's upkeep (the
// backup holds the one connection for half a second on 100,000
// contacts).
var UpkeepDelay = 10 * time.Second

// mainUI is the window's content: a navigation rail of screens.
type mainUI struct {
	app    fyne.App
	window fyne.Window
	svc    Services

	tabs      *container.AppTabs
	today     *todayTab
	contacts  *contactsTab
	referrals *referralsTab
	calendar  *calendarTab
	gifts     *giftsTab
	cards     *cardsTab
	settings  *settingsTab

	importer   *importer
	sync       *syncer
	duplicates *duplicatesView
	undo       *undoer // the last action that can be taken back, and the status line
	menu       *fyne.MainMenu
	root       *fyne.Container // the window's content: the screens above the status line

	trayMenu *fyne.Menu     // nil without a tray
	trayDue  *fyne.MenuItem // the agenda's line in it

	todayItem, contactsItem, referralsItem, calendarItem, giftsItem, cardsItem, settingsItem *container.TabItem
}

// Create builds the app window's content, menu and shortcuts, and starts
// the reminders (a notification at start and daily, a tray entry).
func Create(a fyne.App, w fyne.Window, svc Services) fyne.CanvasObject {
	u := newMainUI(a, w, svc)
	if u.tabs.Selected() == u.todayItem {
		u.today.refreshInBackground()
	}
	a.Lifecycle().SetOnStarted(u.startReminders)
	return u.root
}

// CreateStarted is Create for a window already running (the book opened
// after the recovery view): the reminders start at once.
func CreateStarted(a fyne.App, w fyne.Window, svc Services) fyne.CanvasObject {
	u := newMainUI(a, w, svc)
	if u.tabs.Selected() == u.todayItem {
		u.today.refreshInBackground()
	}
	u.startReminders()
	return u.root
}

func newMainUI(a fyne.App, w fyne.Window, svc Services) *mainUI {
	if svc.Now == nil {
		svc.Now = time.Now
	}
	u := &mainUI{app: a, window: w, svc: svc, undo: newUndoer(w)}
	u.sync = &syncer{svc: svc, window: w, say: u.undo.say, changed: u.reloadAll}
	SetTheme(a)
	ApplyDateStyle(svc)
	initChoices()

	// Each screen is given the navigator (u) and reaches the others only
	// through it.
	u.contacts = newContactsTab(svc, w, u)
	u.referrals = newReferralsTab(svc, w, u)
	u.settings = newSettingsTab(a, svc, w, u)
	u.today = newTodayTab(svc, w, u, u.undo)
	u.calendar = newCalendarTab(svc, w, u)
	u.gifts = newGiftsTab(svc, w, u)
	u.cards = newCardsTab(svc, w, u)
	u.importer = &importer{svc: svc, window: w, nav: u}
	u.duplicates = &duplicatesView{svc: svc, window: w, nav: u}
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { u.importer.dropped(uris) })
	u.todayItem = container.NewTabItemWithIcon(app.T("Today"), theme.HomeIcon(), u.today.buildUI())
	u.contactsItem = container.NewTabItemWithIcon(app.T("Contacts"), theme.AccountIcon(), u.contacts.buildUI())
	u.referralsItem = container.NewTabItemWithIcon(app.T("Referrals"), theme.MailForwardIcon(), u.referrals.buildUI())
	u.calendarItem = container.NewTabItemWithIcon(app.T("Calendar"), theme.CalendarIcon(), u.calendar.buildUI())
	u.giftsItem = container.NewTabItemWithIcon(app.T("Gifts"), theme.NewThemedResource(assets.GiftIcon), u.gifts.buildUI())
	u.cardsItem = container.NewTabItemWithIcon(app.T("Cards"), theme.DocumentPrintIcon(), u.cards.buildUI())
	u.settingsItem = container.NewTabItemWithIcon(app.T("Settings"), theme.SettingsIcon(), u.settings.buildUI())
	u.tabs = container.NewAppTabs(
		u.todayItem,
		u.contactsItem,
		u.referralsItem,
		u.calendarItem,
		u.giftsItem,
		u.cardsItem,
		u.settingsItem,
	)
	u.tabs.SetTabLocation(container.TabLocationLeading)
	u.root = container.NewBorder(nil, u.undo.bar, nil, nil, u.tabs)
	// A new user starts on Contacts, where the welcome is; everyone else
	// on Today.
	if live, trashed, err := svc.Contacts.CountContacts(context.Background()); err == nil && live+trashed == 0 {
		u.tabs.Select(u.contactsItem)
	} else {
		u.tabs.Select(u.todayItem) // filled by Create, in the background
	}
	u.tabs.OnSelected = func(item *container.TabItem) {
		switch item {
		case u.todayItem:
			u.today.refresh()
		case u.calendarItem:
			u.calendar.refresh()
		case u.giftsItem:
			u.gifts.refresh()
		case u.cardsItem:
			u.cards.load()
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
		if top := w.Canvas().Overlays().Top(); top != nil {
			if e.Name == fyne.KeyEscape {
				dismissTop(top)
			}
			return // keys belong to the dialog
		}
		if e.Name == fyne.KeyDelete && u.tabs.Selected() == u.contactsItem {
			u.contacts.onTrash()
		}
	})
	return u
}

func (u *mainUI) makeMenu() *fyne.MainMenu {
	ctrl := fyne.KeyModifierShortcutDefault
	newContact := fyne.NewMenuItem(app.T("New Contact"), func() { u.showContacts(); u.contacts.onNew() })
	newContact.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: ctrl}
	save := fyne.NewMenuItem(app.T("Save Contact"), func() { u.showContacts(); u.contacts.save() })
	save.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: ctrl}
	find := fyne.NewMenuItem(app.T("Find Contact"), func() { u.showContacts(); u.window.Canvas().Focus(u.contacts.search) })
	find.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}
	trash := fyne.NewMenuItem(app.T("Move to Trash"), func() { u.showContacts(); u.contacts.onTrash() })
	trash.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyDelete, Modifier: ctrl}
	showTrash := fyne.NewMenuItem(app.T("Show Trash"), func() { u.showContacts(); u.contacts.setTrashView(true) })
	importItem := fyne.NewMenuItem(app.T("Import Contacts…"), u.importer.choose)
	importItem.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: ctrl}
	var exports []*fyne.MenuItem
	for i, f := range exportFormats {
		exports = append(exports, fyne.NewMenuItem(app.T(f.menu), func() { exportTo(u.svc, u.window, i) }))
	}
	exportItem := fyne.NewMenuItem(app.T("Export"), nil)
	exportItem.ChildMenu = fyne.NewMenu("", exports...)
	u.undo.menu.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl}
	findDuplicates := fyne.NewMenuItem(app.T("Find Duplicates…"), u.duplicates.show)
	undoImport := fyne.NewMenuItem(app.T("Undo Last Import…"), u.importer.undoLast)
	undoMerge := fyne.NewMenuItem(app.T("Undo Last Merge…"), u.duplicates.undoLast)
	newReferral := fyne.NewMenuItem(app.T("Record a Referral…"), func() { u.recordReferral(0, "") })
	newReferral.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: ctrl}
	logAsk := fyne.NewMenuItem(app.T("Log an Ask…"), func() { u.tabs.Select(u.referralsItem); u.logAsk(0, "") })
	addFollowUp := fyne.NewMenuItem(app.T("Add a Follow-up…"), func() { u.tabs.Select(u.referralsItem); u.addFollowUp(0, "") })
	sample := fyne.NewMenuItem(app.T("Load Sample Business…"), func() { u.showContacts(); u.contacts.onLoadSample() })
	settings := fyne.NewMenuItem(app.T("Settings"), func() { u.tabs.Select(u.settingsItem) })
	settings.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: ctrl}

	var screens []*fyne.MenuItem
	for i, item := range u.tabs.Items {
		mi := fyne.NewMenuItem(item.Text, func() { u.tabs.SelectIndex(i) })
		if i < 9 {
			mi.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyName(rune('1' + i)), Modifier: ctrl}
		}
		screens = append(screens, mi)
	}
	about := fyne.NewMenuItem(app.T("About Referable"), func() {
		dialog.ShowInformation(app.T("About Referable"), app.Tf("Referable %s\nKeeps the referrals that grow your business coming.\nEverything stays on this computer.\n\nDatabase: %s", u.svc.Version, u.svc.DBPath), u.window)
	})
	edit := fyne.NewMenu(app.T("Edit"), u.undo.menu, fyne.NewMenuItemSeparator(), find, trash, showTrash, fyne.NewMenuItemSeparator(),
		findDuplicates, undoMerge, undoImport)
	u.undo.main = edit
	shortcuts := fyne.NewMenuItem(app.T("Keyboard Shortcuts"), u.showShortcuts)
	shortcuts.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeySlash, Modifier: ctrl}
	u.menu = fyne.NewMainMenu(
		fyne.NewMenu(app.T("File"), newContact, save, fyne.NewMenuItemSeparator(), newReferral, logAsk, addFollowUp,
			fyne.NewMenuItemSeparator(), importItem, exportItem, sample, fyne.NewMenuItemSeparator(), settings),
		edit,
		fyne.NewMenu(app.T("View"), screens...),
		fyne.NewMenu(app.T("Help"), shortcuts, fyne.NewMenuItemSeparator(), about),
	)
	return u.menu
}

// Language is the owner's language, its two letters ("de"): the one the
// window speaks, which main sets before the window opens.
var Language = "en"

// ApplyDateStyle writes dates as the owner does: in their language, day
// or month first as their region (Settings) writes.
func ApplyDateStyle(svc Services) {
	region := ""
	if st, err := svc.Settings.Settings(context.Background()); err == nil {
		region = st.Region
	}
	app.Dates = app.StyleFor(Language, region)
	app.SetNumberStyle(Language, region)
}

// SetTheme gives an app window Referable's look, in the appearance the
// person chose.
func SetTheme(a fyne.App) {
	a.Settings().SetTheme(&warmTheme{appearance: a.Preferences().StringWithFallback(prefAppearance, AppearanceSystem)})
}

// reloadAll shows the data afresh after it was replaced underneath
// every screen (a restore, an undone import).
func (u *mainUI) reloadAll() {
	u.contacts.reload()
	u.settings.load()
	if fn := u.tabs.OnSelected; fn != nil {
		fn(u.tabs.Selected())
	}
}

func (u *mainUI) showContacts() { u.tabs.Select(u.contactsItem) }

func (u *mainUI) showToday() {
	u.tabs.Select(u.todayItem)
	u.today.refresh()
}

// notifyDue reads the agenda off the UI goroutine, shows its line in the
// tray, and sends one desktop notification of what is due, if anything.
func (u *mainUI) notifyDue() {
	inBackground(func() {
		a, err := app.LoadAgenda(context.Background(), u.svc.Services, app.DateOf(u.svc.Now()), 0, 1)
		if err != nil {
			fyne.LogError("summarise what is due", err)
			return
		}
		onUI(func() {
			if u.trayDue != nil {
				u.trayDue.Label = a.Summary()
				u.trayMenu.Refresh()
			}
			if a.Anything() {
				u.app.SendNotification(fyne.NewNotification(app.T("Referable: today"), a.Summary()))
			}
		})
	})
}

// startReminders notifies at start, and runs the one daily schedule while
// the app is open: the book's upkeep (check, backup, trash) a little
// after start and then each day, and each day after the first Today
// read again and a notification of what is due.
func (u *mainUI) startReminders() {
	u.startTray()
	u.sync.start()
	u.notifyDue()
	first := true
	daily(UpkeepDelay, func() bool {
		if !first {
			onUI(u.today.refreshInBackground)
			u.notifyDue()
		}
		first = false
		if u.svc.Upkeep == nil {
			return true
		}
		err := u.svc.Upkeep(context.Background())
		if errors.Is(err, context.Canceled) {
			return false // the book was closed
		} else if err != nil {
			onUI(func() {
				dialog.ShowError(errors.New(app.Tf("Referable's daily care of your book ran into a problem:\n\n%s\n\nYour data is unchanged. Settings → Backups → Back Up Now tries again.", app.ErrorMessage(err))), u.window)
			})
		}
		return true
	})
}

// startTray offers the tray entry: what is due (the agenda's line, kept
// up to date by notifyDue) and the screens to open. Fyne's tray crashes
// on quit without a D-Bus session (Linux): it is offered only when one
// exists.
func (u *mainUI) startTray() {
	desk, ok := u.app.(desktop.App)
	if !ok || (runtime.GOOS == "linux" && os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "") {
		return
	}
	show := func(item *container.TabItem) func() {
		return func() { u.window.Show(); u.window.RequestFocus(); u.tabs.Select(item) }
	}
	u.trayDue = fyne.NewMenuItem(app.T("Reading what is due…"), show(u.todayItem))
	u.trayMenu = fyne.NewMenu(app.T("Referable"), u.trayDue, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(app.T("Today"), show(u.todayItem)),
		fyne.NewMenuItem(app.T("Contacts"), show(u.contactsItem)),
		fyne.NewMenuItem(app.T("Referrals"), show(u.referralsItem)))
	desk.SetSystemTrayMenu(u.trayMenu)
}

// The navigator: how the screens reach each other.

func (u *mainUI) planGift(contactID int64, name string, occasion app.GiftOccasion, what string) {
	u.tabs.Select(u.giftsItem)
	u.gifts.editGift(app.Gift{ContactID: contactID, ContactName: name, Occasion: occasion, Status: app.GiftPlanned, What: what})
}

func (u *mainUI) openContact(id int64) {
	u.showContacts()
	u.contacts.open(id)
}

func (u *mainUI) recordReferral(referrerID int64, name string) {
	u.tabs.Select(u.referralsItem)
	u.referrals.onNewReferral(referrerID, name)
}

func (u *mainUI) logAsk(contactID int64, name string) { u.referrals.onLogAsk(contactID, name) }

func (u *mainUI) addFollowUp(contactID int64, name string) {
	u.referrals.onAddFollowUp(contactID, name)
}

func (u *mainUI) showTree(contactID int64, name string) {
	u.tabs.Select(u.referralsItem)
	u.referrals.showTree(contactID, name)
}

func (u *mainUI) prepareCard(contactID int64, template string) {
	u.tabs.Select(u.cardsItem) // loads the screen
	u.cards.prepare(contactID, template)
}

func (u *mainUI) reprintCard(s cards.Sent) {
	u.tabs.Select(u.cardsItem)
	u.cards.reprint(s)
}

func (u *mainUI) importContacts() { u.importer.choose() }

func (u *mainUI) syncer() *syncer { return u.sync }

func (u *mainUI) undoable(what string, undo func() error, after func()) {
	u.undo.did(what, undo, after)
}

// showError tells the user what went wrong in their words and logs the
// detail of errors that are not the user's to fix.
func showError(err error, w fyne.Window) {
	if app.ErrorCode(err) == app.EINTERNAL {
		fyne.LogError("referable", err)
	}
	dialog.ShowError(errors.New(app.ErrorMessage(err)), w)
}
