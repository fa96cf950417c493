package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/transfer"
)

// exportFormats are what File → Export offers.
type exportFormat struct {
	ext, menu, what string
	write           func(svc Services, w io.Writer) (int, error)
}

var exportFormats = []exportFormat{
	{"vcf", app.N("Contacts as vCard…"), "contacts", func(svc Services, w io.Writer) (int, error) {
		return svc.Transfer.ExportVCard(context.Background(), w)
	}},
	{"csv", app.N("Contacts as CSV (Google)…"), "contacts", func(svc Services, w io.Writer) (int, error) {
		return svc.Transfer.ExportCSV(context.Background(), w)
	}},
	{"json", app.N("Everything as JSON…"), "", func(svc Services, w io.Writer) (int, error) {
		return 0, svc.Transfer.ExportJSON(context.Background(), w)
	}},
	{"json.age", app.N("Everything as JSON, Encrypted…"), "", nil}, // written by exportEncrypted
}

// exportTo asks where to save and writes the export there, off the UI
// goroutine; the file is private, like the database.
func exportTo(svc Services, window fyne.Window, format int) {
	f := exportFormats[format]
	if f.write == nil {
		askPassphrase(app.T("Encrypt the export"), true, window, func(pass string) {
			f.write = func(svc Services, w io.Writer) (int, error) {
				enc, err := transfer.Encrypt(w, pass)
				if err != nil {
					return 0, err
				}
				if err := svc.Transfer.ExportJSON(context.Background(), enc); err != nil {
					return 0, err
				}
				return 0, enc.Close()
			}
			saveExport(svc, window, f)
		})
		return
	}
	saveExport(svc, window, f)
}

func saveExport(svc Services, window fyne.Window, f exportFormat) {
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showError(err, window)
			return
		}
		if w == nil {
			return // cancelled
		}
		rememberFolder(w.URI())
		wait := dialog.NewCustomWithoutButtons(app.T("Exporting…"), widget.NewProgressBarInfinite(), window)
		wait.Show()
		inBackground(func() {
			var n int
			if w.URI().Scheme() == "file" {
				err = os.Chmod(w.URI().Path(), 0o600)
			}
			if err == nil {
				n, err = f.write(svc, w)
			}
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			onUI(func() {
				wait.Hide()
				if err != nil {
					showError(err, window)
					return
				}
				msg := app.Tf("Everything in Referable is in %s.\nRestore it with Settings → Backups → Restore from a File.", w.URI().Name())
				if f.what != "" {
					msg = app.Tf("%s written to %s.", app.Plural(n, "contact"), w.URI().Name())
				}
				dialog.ShowInformation(app.T("Exported"), msg, window)
			})
		})
	}, window)
	save.SetFileName(fmt.Sprintf("referable-%s.%s", app.DateOf(svc.Now()), f.ext))
	save.SetFilter(storage.NewExtensionFileFilter([]string{"." + f.ext[strings.LastIndexByte(f.ext, '.')+1:]}))
	startInLastFolder(save)
	save.Resize(fyne.NewSize(800, 560))
	save.Show()
}
