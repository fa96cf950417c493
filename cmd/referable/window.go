package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/assets"
	"github.com/referable/referable/data"
	"github.com/referable/referable/ui"
)

// raiser is how a second copy of the app brings this window to the
// front: set on the UI side once the window exists, called from the
// socket's goroutine.
type raiser struct {
	mu sync.Mutex
	f  func()
}

func (r *raiser) set(f func()) { r.mu.Lock(); r.f = f; r.mu.Unlock() }

func (r *raiser) call() {
	r.mu.Lock()
	f := r.f
	r.mu.Unlock()
	if f != nil {
		f()
	}
}

// session is the app window on one database file: the book when it
// opens, the recovery view when it cannot, and back again.
type session struct {
	ctx  context.Context
	a    fyne.App
	w    fyne.Window
	path string

	mu      sync.Mutex
	db      *data.DB
	stop    context.CancelFunc
	started bool
}

func newSession(ctx context.Context, path string, raise *raiser) *session {
	a := fyneapp.NewWithID("io.github.referable.referable")
	a.SetIcon(assets.Icon)
	ui.SetTheme(a)
	w := a.NewWindow("Referable")
	// A second copy of the app started on this database brings this
	// window to the front instead.
	raise.set(func() { fyne.Do(func() { w.Show(); w.RequestFocus() }) })
	w.Resize(fyne.NewSize(1200, 780))
	w.SetMaster()
	return &session{ctx: ctx, a: a, w: w, path: path}
}

func runGUI(ctx context.Context, path string, db *data.DB, raise *raiser) error {
	s := newSession(ctx, path, raise)
	s.showBook(db)
	s.w.ShowAndRun()
	s.closeBook()
	return nil
}

// runRecovery opens the window on the recovery view: the database could
// not be opened as it is.
func runRecovery(ctx context.Context, path string, h data.Health, raise *raiser) error {
	fmt.Fprintf(os.Stderr, "referable: %s\n", h.Message())
	s := newSession(ctx, path, raise)
	s.showRecovery(h)
	s.w.ShowAndRun()
	s.closeBook()
	return nil
}

// showBook puts the open database in the window, checks it at once in
// the background, and looks after it daily.
func (s *session) showBook(db *data.DB) {
	s.closeBook()
	ctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	s.db, s.stop = db, cancel
	started := s.started
	s.mu.Unlock()
	svc := newServices(db)
	svc.Upkeep = func(context.Context) error { return s.upkeep(ctx, db, svc) }
	if started {
		s.w.SetContent(ui.CreateStarted(s.a, s.w, svc))
	} else {
		s.w.SetContent(ui.Create(s.a, s.w, svc))
		s.mu.Lock()
		s.started = true
		s.mu.Unlock()
	}
	if db.ReadOnly {
		dialog.ShowInformation(app.T("Read only"), app.Tf("Referable can read %s but not write to it (the file, its folder or the disk is read-only); changes will not be saved.", s.path), s.w)
	}
	go func() {
		if err := db.QuickCheck(ctx); err != nil {
			s.damaged(ctx, err)
		}
	}()
}

// damaged switches to the recovery view when err says the book is
// damaged; it reports whether it did.
func (s *session) damaged(ctx context.Context, err error) bool {
	var he *data.HealthError
	if !errors.As(err, &he) || ctx.Err() != nil {
		return false
	}
	fyne.Do(func() { s.showRecovery(he.Health) })
	return true
}

// upkeep is the day's care of the book: the quick check, the daily
// backup (verified before it counts), then the trash forgets contacts
// older than 30 days — a purge always has a backup from before it.
func (s *session) upkeep(ctx context.Context, db *data.DB, svc ui.Services) error {
	if err := db.QuickCheck(ctx); err != nil {
		if s.damaged(ctx, err) || ctx.Err() != nil {
			return context.Canceled
		}
		return err
	}
	if _, err := svc.Backups.DailyBackup(ctx); err != nil {
		if s.damaged(ctx, err) || ctx.Err() != nil {
			return context.Canceled
		}
		return app.Errorf(app.EINVALID, "The daily backup could not be taken: %s", app.ErrorMessage(err))
	}
	if _, err := svc.Contacts.PurgeTrash(ctx, svc.Now().Add(-app.TrashRetention)); err != nil && ctx.Err() == nil {
		return app.Errorf(app.EINVALID, "Old contacts could not be emptied from the trash: %s", app.ErrorMessage(err))
	}
	return ctx.Err()
}

// closeBook closes the database the window had, if any.
func (s *session) closeBook() {
	s.mu.Lock()
	db, stop := s.db, s.stop
	s.db, s.stop = nil, nil
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
	if db != nil {
		db.Close()
	}
}

// showRecovery shows what is wrong with the book, with its backups to
// restore in a click. The book's daily care stops at once; its database
// is closed when the owner acts (restore, look again, start anew), so
// the screens it replaces finish what they were reading.
func (s *session) showRecovery(h data.Health) {
	s.mu.Lock()
	if s.stop != nil {
		s.stop()
	}
	s.mu.Unlock()
	s.w.SetMainMenu(nil)
	r := ui.Recovery{Title: recoveryTitle(h.Condition), Message: h.Message(), Backups: h.Backups, Retry: s.lookAgain}
	switch h.Condition {
	case data.ReadOnly, data.NotAFile, data.Busy:
	default:
		r.Check = data.CheckBackup
		r.Restore = s.restore
	}
	if h.Condition == data.Missing || h.Condition == data.Empty {
		r.StartNew = func() error {
			s.closeBook()
			db, err := data.StartNewBook(s.ctx, s.path)
			if err != nil {
				return err
			}
			s.showBook(db)
			return nil
		}
	}
	s.w.SetContent(ui.NewRecoveryView(s.w, r))
}

func recoveryTitle(c data.Condition) string {
	switch c {
	case data.Missing:
		return app.T("The database is missing")
	case data.Empty:
		return app.T("The database is empty")
	case data.Newer:
		return app.T("This database is from a newer Referable")
	case data.ReadOnly:
		return app.T("The database cannot be written")
	case data.NotAFile:
		return app.T("That is not a database file")
	case data.Foreign:
		return app.T("That is not a Referable database")
	case data.Busy:
		return app.T("Another program is using the database")
	}
	return app.T("The database is damaged")
}

// restore puts a backup in place of the book and opens it (called off
// the UI goroutine by the recovery view).
func (s *session) restore(ctx context.Context, from, passphrase string) (string, error) {
	s.closeBook()
	kept, err := data.Restore(ctx, s.path, from, passphrase)
	if err != nil {
		return "", err
	}
	db, err := data.Open(ctx, s.path)
	if err != nil {
		return "", err
	}
	fyne.Do(func() { s.showBook(db) })
	msg := app.Tf("Referable now holds %s.", filepath.Base(from))
	if kept != "" {
		msg += "\n\n" + app.Tf("The file as it was is kept as %s in the backups folder.", filepath.Base(kept))
	}
	return msg, nil
}

// lookAgain opens the file again after the owner fixed it (its mode, a
// program that held it).
func (s *session) lookAgain() {
	s.closeBook()
	db, err := data.Open(s.ctx, s.path)
	var he *data.HealthError
	switch {
	case errors.As(err, &he):
		s.showRecovery(he.Health)
	case err != nil:
		dialog.ShowError(errors.New(app.ErrorMessage(err)), s.w)
	default:
		s.showBook(db)
	}
}

// showAlreadyOpen tells a person who started a second copy of the app
// on the same database, in a window of its own: they may have started it
// from a desktop menu, with no terminal to read.
func showAlreadyOpen(open alreadyOpen) {
	fmt.Fprintf(os.Stderr, "referable: %s\n", open.Error())
	a := fyneapp.NewWithID("io.github.referable.referable")
	a.SetIcon(assets.Icon)
	ui.SetTheme(a)
	w := a.NewWindow(app.T("Referable is already open"))
	msg := widget.NewLabel(open.Error())
	msg.Wrapping = fyne.TextWrapWord
	ok := widget.NewButton(app.T("OK"), a.Quit)
	ok.Importance = widget.HighImportance
	w.SetContent(container.NewPadded(container.NewVBox(container.NewGridWrap(fyne.NewSize(420, 70), msg), container.NewCenter(ok))))
	w.SetFixedSize(true)
	w.CenterOnScreen()
	if open.raised { // the other window is in front now: this note goes by itself
		go func() { time.Sleep(6 * time.Second); fyne.Do(a.Quit) }()
	}
	w.ShowAndRun()
}
