package ui

import (
	"context"
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// exportFormats are what File → Export offers.
var exportFormats = []struct {
	ext, menu, what string
	write           func(svc Services, w io.Writer) (int, error)
}{
	{"vcf", "Contacts as vCard…", "contacts", func(svc Services, w io.Writer) (int, error) {
		return svc.Transfer.ExportVCard(context.Background(), w)
	}},
	{"csv", "Contacts as CSV (Google)…", "contacts", func(svc Services, w io.Writer) (int, error) {
		return svc.Transfer.ExportCSV(context.Background(), w)
	}},
	{"json", "Everything as JSON…", "", func(svc Services, w io.Writer) (int, error) {
		return 0, svc.Transfer.ExportJSON(context.Background(), w)
	}},
}

// exportTo asks where to save and writes the export there, off the UI
// goroutine; the file is private, like the database.
func exportTo(svc Services, window fyne.Window, format int) {
	f := exportFormats[format]
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showError(err, window)
			return
		}
		if w == nil {
			return // cancelled
		}
		wait := dialog.NewCustomWithoutButtons("Exporting…", widget.NewProgressBarInfinite(), window)
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
			fyne.Do(func() {
				wait.Hide()
				if err != nil {
					showError(err, window)
					return
				}
				msg := fmt.Sprintf("Everything in Referable is in %s.\nRestore it with Settings → Backups → Restore from a File.", w.URI().Name())
				if f.what != "" {
					msg = fmt.Sprintf("%s written to %s.", app.Plural(n, "contact"), w.URI().Name())
				}
				dialog.ShowInformation("Exported", msg, window)
			})
		})
	}, window)
	save.SetFileName(fmt.Sprintf("referable-%s.%s", app.DateOf(svc.Now()), f.ext))
	save.SetFilter(storage.NewExtensionFileFilter([]string{"." + f.ext}))
	startInHome(save)
	save.Resize(fyne.NewSize(800, 560))
	save.Show()
}
