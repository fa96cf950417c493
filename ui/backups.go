package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/transfer"
)

// backupsSection is the part of Settings that lists the backups the app
// keeps and restores one.
type backupsSection struct {
	svc    Services
	window fyne.Window
	rows   *fyne.Container
	status *widget.Label
	nav    navigator // reloads every screen after the data was replaced
}

func (b *backupsSection) buildUI() fyne.CanvasObject {
	b.rows = container.NewVBox()
	b.status = widget.NewLabel("")
	b.status.Importance = widget.LowImportance
	b.status.Wrapping = fyne.TextWrapWord
	now := widget.NewButtonWithIcon(app.T("Back Up Now"), theme.DocumentSaveIcon(), b.onBackUpNow)
	fromFile := widget.NewButtonWithIcon(app.T("Restore from a File…"), theme.FolderOpenIcon(), b.onRestoreFile)
	about := widget.NewLabel(app.T("Referable backs up your database when it starts each day and before every upgrade, " +
		"and keeps the last 14 days and one a week for 8 weeks before that."))
	about.Wrapping = fyne.TextWrapWord
	about.Importance = widget.LowImportance
	return container.NewVBox(about, b.rows, container.NewHBox(now, fromFile), b.status)
}

// load lists the backups, newest first.
func (b *backupsSection) load() {
	list, err := b.svc.Backups.Backups(context.Background())
	b.rows.RemoveAll()
	if err != nil {
		b.rows.Add(widget.NewLabel(app.Tf("The backups cannot be listed: %s", app.ErrorMessage(err))))
		return
	}
	if len(list) == 0 {
		empty := widget.NewLabel(app.T("No backups yet: the first is taken the next time Referable starts, or now with Back Up Now."))
		empty.Wrapping = fyne.TextWrapWord
		b.rows.Add(empty)
		return
	}
	b.status.SetText(app.Tf("Kept in %s", filepath.Dir(list[0].Path)))
	for _, bk := range list {
		bk := bk
		when := widget.NewLabel(app.Moment(bk.Taken))
		reason := widget.NewLabel(bk.Reason)
		reason.Importance = widget.LowImportance
		size := widget.NewLabel(formatBytes(bk.Size))
		size.Importance = widget.LowImportance
		restore := widget.NewButton(app.T("Restore…"), func() { b.confirmRestore(bk.Path, app.Tf("the backup of %s", app.Moment(bk.Taken))) })
		b.rows.Add(container.NewBorder(nil, nil, nil, restore, container.NewGridWithColumns(3, when, reason, size)))
	}
}

func (b *backupsSection) onBackUpNow() {
	var bk app.Backup
	busy(app.T("Backing up…"), b.window, func() (err error) {
		bk, err = b.svc.Backups.BackUpNow(context.Background())
		return err
	}, func() {
		b.load()
		b.status.SetText(app.Tf("Backed up to %s", bk.Path))
	})
}

func (b *backupsSection) onRestoreFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			showError(err, b.window)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		if r.URI().Scheme() != "file" {
			showError(app.Errorf(app.EINVALID, "Only a file on this computer can be restored."), b.window)
			return
		}
		rememberFolder(r.URI())
		b.confirmRestore(r.URI().Path(), filepath.Base(r.URI().Path()))
	}, b.window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db", ".json", ".age"}))
	startInLastFolder(d)
	d.Show()
}

// confirmRestore asks before replacing everything, then restores in the
// background with the window showing a wait.
func (b *backupsSection) confirmRestore(path, what string) {
	msg := widget.NewLabel(app.Tf("Replace everything in Referable with %s?\n\n"+
		"Contacts, referrals, follow-ups, gifts, cards and settings all go back to how they were then. "+
		"The database as it is now is kept as a backup first, so you can come back to it.", what))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(app.T("Restore a backup"), app.T("Restore"), app.T("Cancel"), container.NewGridWrap(fyne.NewSize(460, 150), msg), func(ok bool) {
		if ok {
			b.restore(path, "")
		}
	}, b.window)
	d.Show()
}

func (b *backupsSection) restore(path, pass string) {
	wait := dialog.NewCustomWithoutButtons(app.T("Restoring…"), widget.NewProgressBarInfinite(), b.window)
	wait.Show()
	inBackground(func() {
		kept, err := b.svc.Backups.Restore(context.Background(), path, pass)
		onUI(func() {
			wait.Hide()
			if errors.Is(err, transfer.ErrPassphraseNeeded) {
				askPassphrase(app.Tf("%s is encrypted", filepath.Base(path)), false, b.window,
					func(pass string) { b.restore(path, pass) })
				return
			}
			if err != nil {
				showError(err, b.window)
				return
			}
			b.nav.reloadAll()
			b.load()
			dialog.ShowInformation(app.T("Restored"), app.Tf("Referable now holds %s.\n\nThe database as it was is kept as %s\nin the list of backups.", filepath.Base(path), filepath.Base(kept)), b.window)
		})
	})
}

// formatBytes says a file size as people read it.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return app.Tf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return app.Tf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return app.Tf("%d KB", n>>10)
	}
	return strings.TrimSpace(app.Tf("%d bytes", n))
}

// askPassphrase asks for the passphrase of an encrypted export; a new one
// is typed twice and must be long enough.
func askPassphrase(title string, isNew bool, w fyne.Window, then func(string)) {
	pass := widget.NewPasswordEntry()
	again := widget.NewPasswordEntry()
	items := []*widget.FormItem{widget.NewFormItem(app.T("Passphrase"), pass)}
	if isNew {
		items[0].HintText = app.Tf("At least %d characters: a few words you will remember. Without it the file cannot be opened.", transfer.MinPassphrase)
		items = append(items, widget.NewFormItem(app.T("Again"), again))
	}
	d := dialog.NewForm(title, app.T("OK"), app.T("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		if isNew {
			if err := transfer.CheckPassphrase(pass.Text); err != nil {
				showError(err, w)
				return
			}
			if again.Text != pass.Text {
				showError(app.Errorf(app.EINVALID, "The two passphrases differ."), w)
				return
			}
		}
		then(pass.Text)
	}, w)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
	w.Canvas().Focus(pass)
}
