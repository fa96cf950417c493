package ui

import (
	"context"
	"errors"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/transfer"
)

// Recovery is what the window shows instead of the book when the book
// cannot be opened as it is (damaged, empty, missing, from a newer
// version, read-only): what is wrong, and the way back in a click.
type Recovery struct {
	Title   string // "The database is damaged"
	Message string // what is wrong and what to do, in full
	Backups []app.Backup
	// Check verifies one backup (run off the UI goroutine); nil is good.
	Check func(ctx context.Context, path string) error
	// Restore puts a backup or export in place of the book and opens it,
	// returning what to tell the owner; nil when restoring cannot help (a
	// read-only folder).
	Restore func(ctx context.Context, path, passphrase string) (string, error)
	// Retry looks at the file again, after the owner fixed it.
	Retry func()
	// StartNew, when set, starts a new empty book at the same place.
	StartNew func() error
}

// NewRecoveryView builds the recovery screen.
func NewRecoveryView(w fyne.Window, r Recovery) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(r.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	msg := widget.NewLabel(r.Message)
	msg.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(container.NewHBox(widget.NewIcon(theme.WarningIcon()), title), msg)

	restore := func(path, what string) {
		d := dialog.NewConfirm(app.Tf("Restore %s?", what), app.T("Referable will check it, keep the current file in the backups folder, and open the book as it was then."), func(ok bool) {
			if ok {
				recoverFrom(w, r, path, "")
			}
		}, w)
		d.Show()
	}

	var rows fyne.CanvasObject = widget.NewLabel("")
	var actions []fyne.CanvasObject
	if r.Restore != nil {
		list := container.NewVBox()
		if len(r.Backups) == 0 {
			none := widget.NewLabel(app.T("There are no backups beside the database. If you keep a backup or an export elsewhere, restore it from a file."))
			none.Wrapping = fyne.TextWrapWord
			list.Add(none)
		}
		for i, bk := range r.Backups {
			bk := bk
			when := widget.NewLabel(app.Moment(bk.Taken))
			reason := widget.NewLabel(bk.Reason)
			reason.Importance = widget.LowImportance
			state := widget.NewLabel(app.T("checking…"))
			state.Importance = widget.LowImportance
			button := widget.NewButtonWithIcon(app.T("Restore"), theme.HistoryIcon(), func() { restore(bk.Path, app.Tf("the backup of %s", app.Moment(bk.Taken))) })
			if i == 0 {
				button.Importance = widget.HighImportance
			}
			button.Disable()
			list.Add(container.NewBorder(nil, nil, nil, button, container.NewGridWithColumns(3, when, reason, state)))
			if r.Check == nil {
				state.SetText(formatBytes(bk.Size))
				button.Enable()
				continue
			}
			inBackground(func() {
				err := r.Check(context.Background(), bk.Path)
				onUI(func() {
					if err != nil {
						state.SetText(app.T("damaged: not offered"))
						state.Importance = widget.DangerImportance
						state.Refresh()
						return
					}
					state.SetText(app.Tf("checked, %s", formatBytes(bk.Size)))
					button.Enable()
				})
			})
		}
		fromFile := widget.NewButtonWithIcon(app.T("Restore from a File…"), theme.FolderOpenIcon(), func() {
			d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
				if err != nil {
					showError(err, w)
					return
				}
				if rc == nil {
					return
				}
				rc.Close()
				if rc.URI().Scheme() != "file" {
					showError(app.Errorf(app.EINVALID, "Only a file on this computer can be restored."), w)
					return
				}
				rememberFolder(rc.URI())
				restore(rc.URI().Path(), filepath.Base(rc.URI().Path()))
			}, w)
			d.SetFilter(storage.NewExtensionFileFilter([]string{".db", ".json", ".age"}))
			startInLastFolder(d)
			d.Show()
		})
		head := widget.NewLabelWithStyle(app.T("Backups, newest good one first"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		rows = container.NewBorder(head, nil, nil, nil, container.NewVScroll(list))
		actions = append(actions, fromFile)
	}
	if r.Retry != nil {
		actions = append(actions, widget.NewButtonWithIcon(app.T("Look Again"), theme.ViewRefreshIcon(), r.Retry))
	}
	if r.StartNew != nil {
		actions = append(actions, widget.NewButtonWithIcon(app.T("Start a New Book"), theme.ContentAddIcon(), func() {
			dialog.ShowConfirm(app.T("Start a new, empty book?"), app.T("The backups stay in their folder; you can restore one later from Settings → Backups."), func(ok bool) {
				if ok {
					if err := r.StartNew(); err != nil {
						showError(err, w)
					}
				}
			}, w)
		}))
	}
	return container.NewPadded(container.NewBorder(top, container.NewHBox(actions...), nil, nil, rows))
}

// recoverFrom restores behind a wait, asking for a passphrase when the
// file is an encrypted export.
func recoverFrom(w fyne.Window, r Recovery, path, pass string) {
	wait := dialog.NewCustomWithoutButtons(app.T("Restoring…"), widget.NewProgressBarInfinite(), w)
	wait.Show()
	inBackground(func() {
		said, err := r.Restore(context.Background(), path, pass)
		onUI(func() {
			wait.Hide()
			switch {
			case errors.Is(err, transfer.ErrPassphraseNeeded):
				askPassphrase(app.Tf("%s is encrypted", filepath.Base(path)), false, w, func(pass string) { recoverFrom(w, r, path, pass) })
			case err != nil:
				showError(err, w)
			default:
				dialog.ShowInformation(app.T("Restored"), said, w)
			}
		})
	})
}
