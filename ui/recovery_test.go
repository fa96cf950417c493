package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// The recovery view says what is wrong, checks each backup, offers only
// the good ones, and restores the chosen one in a click and a confirm.
func TestRecoveryViewRestoresAGoodBackup(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Referable")
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local)
	restored := ""
	r := Recovery{
		Title:   "The database is damaged",
		Message: "The database /x/referable.db is damaged (SQLite's check says: …).",
		Backups: []app.Backup{{Path: "/x/backups/good.db", Taken: now, Reason: "Daily", Size: 4096},
			{Path: "/x/backups/bad.db", Taken: now.Add(-24 * time.Hour), Reason: "Daily", Size: 4096}},
		Check: func(_ context.Context, path string) error {
			if strings.Contains(path, "bad") {
				return errors.New("damaged")
			}
			return nil
		},
		Restore: func(_ context.Context, path, _ string) (string, error) { restored = path; return "Restored.", nil },
		Retry:   func() {},
	}
	w.SetContent(NewRecoveryView(w, r))
	view := w.Content()
	if _, ok := find(view, func(l *widget.Label) bool { return strings.Contains(l.Text, "is damaged") }); !ok {
		t.Error("the view does not say what is wrong")
	}
	if _, ok := find(view, func(l *widget.Label) bool { return l.Text == "damaged: not offered" }); !ok {
		t.Error("the damaged backup is not marked")
	}
	var buttons []*widget.Button
	find(view, func(b *widget.Button) bool {
		if b.Text == "Restore" {
			buttons = append(buttons, b)
		}
		return false
	})
	if len(buttons) != 2 || buttons[0].Disabled() || !buttons[1].Disabled() {
		t.Fatalf("Restore buttons: want the good one enabled and the damaged one disabled")
	}
	test.Tap(buttons[0])
	tapDialogButton(t, w, "Yes")
	tapDialogButton(t, w, "OK")
	if restored != "/x/backups/good.db" {
		t.Errorf("restored %q", restored)
	}
	if findButton(view, "Look Again") == nil || findButton(view, "Restore from a File…") == nil {
		t.Error("no way to look again or to restore from a file")
	}
}

// What the daily upkeep cannot do (a backup on a full disk) is shown in
// the window, not only on stderr.
func TestUpkeepFailureIsShownInTheWindow(t *testing.T) {
	u, w, _ := newTestUI(t)
	u.svc.Upkeep = func(context.Context) error {
		return app.Errorf(app.EINVALID, "The daily backup could not be taken: %s", "The disk is full.")
	}
	u.startReminders()
	if !hasText(topDialog(t, w), "The daily backup could not be taken") {
		t.Fatal("the failed backup is not shown in the window")
	}
}
