package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// undoShown is how long the status line offers Undo after an action;
// Edit → Undo keeps it until the next action.
var undoShown = 8 * time.Second

// undoer keeps the last action a screen can take back (a card logged as
// sent, a follow-up done, a call logged) and offers it twice: an Undo
// in the window's status line for a few seconds, and Edit → Undo.
type undoer struct {
	window fyne.Window
	menu   *fyne.MenuItem // Edit → Undo
	main   *fyne.Menu     // the menu holding it, refreshed when it changes

	text   *widget.Label
	button *widget.Button
	bar    *fyne.Container // the status line

	last   *undoable
	shown  int    // counts actions: only the latest one's timer hides the bar
	cancel func() // stops the timer of the action shown
}

// undoable is one action and how to take it back.
type undoable struct {
	what  string       // "Card Sent for Anaïs Leclerc": said in the status line and the menu
	undo  func() error // takes it back in the book
	after func()       // shows the screen afresh once undone
}

func newUndoer(w fyne.Window) *undoer {
	u := &undoer{window: w}
	u.text = widget.NewLabel("")
	u.text.Truncation = fyne.TextTruncateEllipsis
	u.button = widget.NewButtonWithIcon(app.T("Undo"), theme.ContentUndoIcon(), u.undoLast)
	close := newIconButton(theme.CancelIcon(), app.T("Hide"), u.hideBar)
	close.Importance = widget.LowImportance
	u.bar = container.NewBorder(widget.NewSeparator(), nil, nil, container.NewHBox(u.button, close), u.text)
	u.bar.Hide()
	u.menu = fyne.NewMenuItem(app.T("Undo"), u.undoLast)
	u.menu.Disabled = true
	return u
}

// did records an action that can be undone and offers Undo for it.
func (u *undoer) did(what string, undo func() error, after func()) {
	u.last = &undoable{what: what, undo: undo, after: after}
	u.say(what + ".")
	u.button.Show()
	u.setMenu(app.Tf("Undo %s", what))
}

// say shows a line in the status bar for a few seconds.
func (u *undoer) say(line string) {
	u.text.SetText(line)
	u.button.Hide() // a line said is no action to undo; did shows it again
	u.bar.Show()
	u.shown++
	shown := u.shown
	if u.cancel != nil {
		u.cancel()
	}
	u.cancel = afterDelay(undoShown, func() {
		if shown == u.shown {
			u.hideBar()
		}
	})
}

func (u *undoer) hideBar() { u.bar.Hide() }

// undoLast takes the last action back, once.
func (u *undoer) undoLast() {
	a := u.last
	if a == nil {
		return
	}
	u.last = nil
	u.setMenu(app.T("Undo"))
	if err := a.undo(); err != nil {
		showError(err, u.window)
		return
	}
	u.say(app.Tf("Undone: %s.", a.what))
	u.button.Hide()
	if a.after != nil {
		a.after()
	}
}

func (u *undoer) setMenu(label string) {
	u.menu.Label = label
	u.menu.Disabled = u.last == nil
	if u.main != nil {
		u.main.Refresh()
	}
}
