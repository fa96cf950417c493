package ui

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/davsync"
)

// SyncDelay lets the window settle before the first sync of a session.
var SyncDelay = 5 * time.Second

// periodically runs f off the UI goroutine after first, then every
// every() for as long as f says to go on (tests replace it).
var periodically = func(first time.Duration, every func() time.Duration, f func() (again bool)) {
	go func() {
		time.Sleep(first)
		for f() {
			time.Sleep(every())
		}
	}()
}

// syncer syncs the book with the owner's server: a little after the
// window opens, every few minutes while it is open, and when asked. It
// never blocks the window; an unreachable server is a quiet line.
type syncer struct {
	svc    Services
	window fyne.Window
	// changed is called (on the UI goroutine) when a sync changed the
	// book, to show it afresh; say puts a line in the window's status.
	changed func()
	say     func(string)
	// shown is called after each sync, for Settings to show its result.
	shown func()

	mu       sync.Mutex
	running  bool
	password string // for this session, when the keyring holds none
	last     string // the last sync's line, for Settings
	lastOK   bool
}

// start runs the background syncs while the window is open.
func (s *syncer) start() {
	if s.svc.Sync == nil {
		return
	}
	periodically(SyncDelay, s.interval, func() bool {
		acct, err := s.svc.Sync.Account(context.Background())
		if err == nil && acct.EveryMinutes > 0 {
			s.run(false)
		}
		return true
	})
}

func (s *syncer) interval() time.Duration {
	if acct, err := s.svc.Sync.Account(context.Background()); err == nil && acct.EveryMinutes > 0 {
		return time.Duration(acct.EveryMinutes) * time.Minute
	}
	return 5 * time.Minute // look again for an account set up meanwhile
}

// passwordFor is the account's password: the session's, else the
// keyring's.
func (s *syncer) passwordFor(acct davsync.Account) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.password != "" {
		return s.password
	}
	return davsync.Password(acct)
}

// run syncs once, off the UI goroutine. asked is the owner's Sync Now:
// it asks for a missing password and shows an error; a background sync
// only says what happened in a line.
func (s *syncer) run(asked bool) {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return
	}
	s.running = true
	s.mu.Unlock()
	done := func() {
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
	}
	inBackground(func() {
		defer done()
		ctx := context.Background()
		acct, err := s.svc.Sync.Account(ctx)
		if err != nil {
			return
		}
		password := s.passwordFor(acct)
		if password == "" {
			onUI(func() {
				if asked {
					s.askPassword(acct, func() { s.run(true) })
				} else {
					s.report(app.T("Sync needs the password: Settings → Sync → Sync Now asks for it."), false, false)
				}
			})
			return
		}
		e := davsync.New(s.svc.Sync, s.svc.Services, password)
		e.Now = s.svc.Now
		rep, err := e.Sync(ctx)
		onUI(func() {
			changedBook := rep.Down.Total()+rep.TasksDone+rep.Conflicts > 0
			switch {
			case err == nil:
				s.report(app.Tf("Synced %s: %s", app.Moment(s.svc.Now()), rep.Summary()), true, changedBook)
			case errors.As(err, new(*davsync.OfflineError)):
				s.report(app.ErrorMessage(err), false, false) // quiet: it is tried again
			default:
				s.report(app.Tf("Sync did not finish: %s", app.ErrorMessage(err)), false, changedBook)
				if asked {
					showError(err, s.window)
				}
			}
		})
	})
}

// report shows a sync's outcome: in Settings, and in the window's status
// line when the book changed or the owner asked.
func (s *syncer) report(line string, ok, changedBook bool) {
	s.mu.Lock()
	s.last, s.lastOK = line, ok
	s.mu.Unlock()
	if changedBook && s.changed != nil {
		s.changed()
	}
	if (changedBook || !ok) && s.say != nil {
		s.say(line)
	}
	if s.shown != nil {
		s.shown()
	}
}

// askPassword asks for the password for this session (the keyring had
// none), then runs then.
func (s *syncer) askPassword(acct davsync.Account, then func()) {
	pw := widget.NewPasswordEntry()
	keep := widget.NewCheck(app.T("Keep it in this computer's keyring"), nil)
	keep.SetChecked(true)
	formDialogThen(s.window, app.Tf("Password for %s", acct.Username), app.T("Sync"), []*widget.FormItem{
		widget.NewFormItem(app.T("Password"), pw), widget.NewFormItem("", keep),
	}, func() error {
		if pw.Text == "" {
			return app.Errorf(app.EINVALID, "Type the password (for iCloud, Fastmail or Nextcloud, an app password).")
		}
		s.mu.Lock()
		s.password = pw.Text
		s.mu.Unlock()
		if keep.Checked {
			_ = davsync.SavePassword(acct, pw.Text) // without a keyring, it is asked for each session
		}
		return nil
	}, then)
}

// syncSection is Settings → Sync: connect a server, see the last sync,
// sync now, settle conflicts, disconnect.
type syncSection struct {
	t    *settingsTab
	s    *syncer
	box  *fyne.Container
	last *widget.Label
}

func (t *settingsTab) buildSync() fyne.CanvasObject {
	sec := &syncSection{t: t, s: t.nav.syncer(), box: container.NewVBox()}
	if sec.s == nil || t.svc.Sync == nil {
		return sec.box
	}
	sec.s.shown = sec.refresh
	sec.refresh()
	return sec.box
}

// refresh shows the section as the account is: connected, or not.
func (sec *syncSection) refresh() {
	acct, err := sec.t.svc.Sync.Account(context.Background())
	sec.box.RemoveAll()
	if err != nil {
		intro := emptyNote(app.T("Keep your contacts in step with the address book your phone reads, and see the yearly dates and follow-ups in your calendar and task list: connect the CardDAV/CalDAV server you already use (Nextcloud, Fastmail, iCloud, Radicale…). The book stays on this computer; sync runs when you ask and every few minutes while Referable is open."))
		sec.box.Add(wrapped(intro))
		sec.box.Add(container.NewHBox(widget.NewButtonWithIcon(app.T("Connect a Server…"), theme.LoginIcon(), func() { sec.connect(davsync.Account{EveryMinutes: 15}) })))
		return
	}
	where := app.Tf("Connected to %s as %s: address book %q.", acct.ServerURL, acct.Username, acct.AddressBookName)
	if acct.Calendar != "" {
		where += " " + app.Tf("Yearly dates on %q.", acct.CalendarName)
	}
	if acct.Tasks != "" {
		where += " " + app.Tf("Follow-ups as tasks on %q.", acct.TasksName)
	}
	sec.box.Add(wrapped(widget.NewLabel(where)))
	sec.last = emptyNote("")
	sec.s.mu.Lock()
	line, ok := sec.s.last, sec.s.lastOK
	sec.s.mu.Unlock()
	if line == "" && !acct.LastSyncAt.IsZero() {
		line, ok = app.Tf("Last sync %s: %s", app.Moment(acct.LastSyncAt), acct.LastResult), acct.LastOK
	} else if line == "" {
		line, ok = app.T("Not synced yet."), true
	}
	sec.last.SetText(line)
	if !ok {
		sec.last.Importance = widget.WarningImportance
	}
	sec.box.Add(wrapped(sec.last))
	every := widget.NewSelect(everyChoices(), nil)
	every.SetSelectedIndex(everyIndex(acct.EveryMinutes))
	every.OnChanged = func(string) {
		acct.EveryMinutes = everyMinutes[every.SelectedIndex()]
		if err := sec.t.svc.Sync.SaveAccount(context.Background(), acct); err != nil {
			showError(err, sec.t.window)
		}
	}
	conflicts, _ := sec.t.svc.Sync.Conflicts(context.Background())
	choose := widget.NewButtonWithIcon(app.TN("%d Conflict to Choose…", "%d Conflicts to Choose…", len(conflicts)), theme.WarningIcon(), func() { sec.showConflicts() })
	if len(conflicts) == 0 {
		choose.Hide()
	} else {
		choose.Importance = widget.WarningImportance
	}
	now := widget.NewButtonWithIcon(app.T("Sync Now"), theme.ViewRefreshIcon(), func() {
		sec.last.SetText(app.T("Syncing…"))
		sec.last.Importance = widget.MediumImportance
		sec.last.Refresh()
		sec.s.run(true)
	})
	now.Importance = widget.HighImportance
	change := widget.NewButton(app.T("Change…"), func() { sec.connect(acct) })
	disconnect := widget.NewButton(app.T("Disconnect…"), func() {
		dialog.ShowConfirm(app.T("Disconnect from the server?"), app.T("The book keeps its contacts and the server keeps its cards; they are no longer kept in step."), func(ok bool) {
			if !ok {
				return
			}
			davsync.ForgetPassword(acct)
			if err := sec.t.svc.Sync.ForgetAccount(context.Background()); err != nil {
				showError(err, sec.t.window)
			}
			sec.s.mu.Lock()
			sec.s.password, sec.s.last = "", ""
			sec.s.mu.Unlock()
			sec.refresh()
		}, sec.t.window)
	})
	sec.box.Add(wrapHints(widget.NewForm(widget.NewFormItem(app.T("Sync every"), every))))
	sec.box.Add(container.NewHBox(now, choose, change, disconnect))
}

var everyMinutes = []int{5, 15, 30, 60, 0}

func everyChoices() []string {
	return []string{app.TN("%d minute", "%d minutes", 5), app.TN("%d minute", "%d minutes", 15), app.TN("%d minute", "%d minutes", 30),
		app.TN("%d minute", "%d minutes", 60), app.T("Only when I ask")}
}

func everyIndex(m int) int {
	for i, v := range everyMinutes {
		if v == m {
			return i
		}
	}
	return 1
}

// connect asks for the server, finds what the account has on it, and
// has the owner choose the address book (and a calendar and task list,
// if they like).
func (sec *syncSection) connect(acct davsync.Account) {
	server, user, password, calServer := widget.NewEntry(), widget.NewEntry(), widget.NewPasswordEntry(), widget.NewEntry()
	server.SetPlaceHolder("https://cloud.example.com/remote.php/dav")
	server.SetText(acct.ServerURL)
	user.SetText(acct.Username)
	calServer.SetPlaceHolder(app.T("The same server"))
	calServer.SetText(acct.CalendarServerURL)
	hint := emptyNote(app.T("Nextcloud: https://HOST/remote.php/dav · Fastmail: carddav.fastmail.com · iCloud: contacts.icloud.com (their calendars, on caldav.…, are found by themselves) · Radicale: its address. Use an app password where the service offers them (iCloud and Fastmail ask for one)."))
	formDialogThen(sec.t.window, app.T("Connect a Server"), app.T("Connect"), []*widget.FormItem{
		widget.NewFormItem(app.T("Server"), server), widget.NewFormItem(app.T("User name"), user),
		widget.NewFormItem(app.T("Password"), password),
		{Text: app.T("Calendar server"), Widget: calServer, HintText: app.T("Only for a service that keeps its calendars on a host of their own")},
		widget.NewFormItem("", wrapped(hint)),
	}, func() error {
		if server.Text == "" || user.Text == "" || password.Text == "" {
			return app.Errorf(app.EINVALID, "Fill in the server, the user name and the password.")
		}
		return nil
	}, func() {
		url, name, pw, calURL := server.Text, user.Text, password.Text, calServer.Text
		var found davsync.Found
		busy(app.T("Looking at the server…"), sec.t.window, func() error {
			var err error
			found, err = davsync.Discover(context.Background(), url, calURL, name, pw, nil)
			return err
		}, func() {
			acct.ServerURL, acct.Username = url, name
			sec.choose(acct, found, pw)
		})
	})
}

// choose has the owner pick the collections after discovery, then saves
// the account and syncs.
func (sec *syncSection) choose(acct davsync.Account, found davsync.Found, password string) {
	const newOne = -1
	type option struct {
		col  davsync.Collection
		kind int // 0 an existing one, newOne to make
	}
	pickList := func(cols []davsync.Collection, none, make string, current string, filter func(davsync.Collection) bool) (*widget.Select, []option) {
		var opts []option
		var names []string
		if none != "" {
			opts, names = append(opts, option{}), append(names, none)
		}
		selected := -1
		for _, c := range cols {
			if filter(c) {
				if c.Path == current {
					selected = len(opts)
				}
				opts, names = append(opts, option{col: c}), append(names, c.Name)
			}
		}
		opts, names = append(opts, option{kind: newOne}), append(names, make)
		sel := widget.NewSelect(names, nil)
		switch {
		case selected >= 0:
			sel.SetSelectedIndex(selected)
		case none == "" && len(opts) > 1:
			sel.SetSelectedIndex(0)
		default:
			sel.SetSelectedIndex(0)
		}
		return sel, opts
	}
	book, bookOpts := pickList(found.Books, "", app.Tf("New address book %q", "Referable"), acct.AddressBook, func(davsync.Collection) bool { return true })
	cal, calOpts := pickList(found.Calendars, app.T("None: keep them in Referable"), app.Tf("New calendar %q", app.T("Referable dates")), acct.Calendar, func(c davsync.Collection) bool { return c.Events })
	tasks, taskOpts := pickList(found.Calendars, app.T("None: keep them in Referable"), app.Tf("New task list %q", app.T("Referable follow-ups")), acct.Tasks, func(c davsync.Collection) bool { return c.Tasks })
	every := widget.NewSelect(everyChoices(), nil)
	every.SetSelectedIndex(everyIndex(acct.EveryMinutes))
	items := []*widget.FormItem{
		{Text: app.T("Contacts"), Widget: book, HintText: app.T("The address book your phone reads; both are kept in step")},
		{Text: app.T("Yearly dates"), Widget: cal, HintText: app.T("Birthdays and anniversaries as yearly events, with an alarm on the day to post the card")},
		{Text: app.T("Follow-ups"), Widget: tasks, HintText: app.T("The open follow-ups as tasks: one ticked on the phone is done here")},
		{Text: app.T("Sync every"), Widget: every},
	}
	formDialogThen(sec.t.window, app.Tf("Sync with %s", acct.ServerURL), app.T("Save and Sync"), items, func() error { return nil }, func() {
		b, c, k := bookOpts[book.SelectedIndex()], calOpts[cal.SelectedIndex()], taskOpts[tasks.SelectedIndex()]
		acct.EveryMinutes = everyMinutes[max(0, every.SelectedIndex())]
		busy(app.T("Connecting…"), sec.t.window, func() error {
			ctx := context.Background()
			made := func(o option, name string, addressBook bool) (davsync.Collection, error) {
				if o.kind != newOne {
					return o.col, nil
				}
				return davsync.Create(ctx, found, password, name, addressBook, nil)
			}
			ab, err := made(b, "Referable", true)
			if err != nil {
				return err
			}
			acct.AddressBook, acct.AddressBookName = ab.Path, ab.Name
			acct.Calendar, acct.CalendarName, acct.Tasks, acct.TasksName = "", "", "", ""
			if c.kind == newOne || c.col.Path != "" {
				cc, err := made(c, app.T("Referable dates"), false)
				if err != nil {
					return err
				}
				acct.Calendar, acct.CalendarName = cc.Path, cc.Name
			}
			if k.kind == newOne || k.col.Path != "" {
				kc, err := made(k, app.T("Referable follow-ups"), false)
				if err != nil {
					return err
				}
				acct.Tasks, acct.TasksName = kc.Path, kc.Name
			}
			acct.CalendarServerURL = ""
			if acct.Calendar != "" || acct.Tasks != "" {
				acct.CalendarServerURL = found.CalendarServerURL
			}
			return sec.t.svc.Sync.SaveAccount(ctx, acct)
		}, func() {
			sec.s.mu.Lock()
			sec.s.password = password
			sec.s.mu.Unlock()
			if err := davsync.SavePassword(acct, password); err != nil {
				sec.s.say(app.ErrorMessage(err))
			}
			sec.refresh()
			sec.s.run(true)
		})
	})
}

// showConflicts lists the fields both sides changed differently: the
// book keeps the owner's value; each can take the server's instead.
func (sec *syncSection) showConflicts() {
	ctx := context.Background()
	conflicts, err := sec.t.svc.Sync.Conflicts(ctx)
	if err != nil {
		showError(err, sec.t.window)
		return
	}
	rows := container.NewVBox()
	var d dialog.Dialog
	for _, c := range conflicts {
		c := c
		title := widget.NewLabelWithStyle(app.Tf("%s · %s", c.ContactName, davsync.FieldName(c.Field)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		mine := wrapped(widget.NewLabel(app.Tf("Here: %s", orNothing(davsync.ShowField(c.Field, c.Mine)))))
		theirs := wrapped(widget.NewLabel(app.Tf("On the server: %s", orNothing(davsync.ShowField(c.Field, c.Theirs)))))
		var row *fyne.Container
		keep := widget.NewButton(app.T("Keep Mine"), func() {
			if err := davsync.KeepMine(ctx, sec.t.svc.Sync, c); err != nil {
				showError(err, sec.t.window)
				return
			}
			row.Hide()
		})
		take := widget.NewButton(app.T("Take Theirs"), func() {
			if err := davsync.TakeTheirs(ctx, sec.t.svc.Sync, sec.t.svc.Contacts, c); err != nil {
				showError(err, sec.t.window)
				return
			}
			row.Hide()
			if sec.s.changed != nil {
				sec.s.changed()
			}
		})
		row = container.NewVBox(title, mine, theirs, container.NewHBox(keep, take), widget.NewSeparator())
		rows.Add(row)
	}
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(520, 360))
	intro := wrapped(emptyNote(app.T("These fields changed differently here and on the server since the last sync. The book keeps yours, and the server has it too; take theirs where it is the right one.")))
	d = dialog.NewCustom(app.T("Conflicts"), app.T("Close"), container.NewBorder(intro, nil, nil, nil, scroll), sec.t.window)
	d.SetOnClosed(sec.refresh)
	d.Show()
}

func orNothing(s string) string {
	if s == "" {
		return app.T("(nothing)")
	}
	return s
}
