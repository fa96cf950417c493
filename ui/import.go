package ui

import (
	"context"
	"io"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/transfer"
)

// importer walks a file through import: read it, map a CSV's columns if
// need be, show what it holds (new, duplicates, problems at their line),
// save it whole on the person's word, and offer to undo it.
type importer struct {
	svc    Services
	window fyne.Window
	nav    navigator
	// then imports the next of several files dropped at once.
	then func()

	name    string
	table   *transfer.Table // a CSV's cells, for mapping again
	mapping transfer.Mapping
	batch   *transfer.Batch
	matches []app.ImportMatch
}

// maxShown bounds the problems and duplicates listed in the preview.
const maxShown = 200

// choose asks for a file and imports it.
func (im *importer) choose() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			showError(err, im.window)
			return
		}
		if r == nil {
			return // cancelled
		}
		rememberFolder(r.URI())
		im.read(r.URI().Name(), r)
	}, im.window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".vcf", ".vcard", ".csv", ".txt"}))
	startInLastFolder(d)
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// dropped imports files dragged onto the window, one after the other.
func (im *importer) dropped(uris []fyne.URI) {
	if len(uris) == 0 {
		return
	}
	r, err := storage.Reader(uris[0])
	if err != nil {
		showError(app.Errorf(app.EINVALID, "%s cannot be read: %v", uris[0].Name(), err), im.window)
		return
	}
	if len(uris) > 1 {
		im.then = func() { im.dropped(uris[1:]) }
	}
	im.read(uris[0].Name(), r)
}

// read reads and parses the file off the UI goroutine.
func (im *importer) read(name string, r io.ReadCloser) {
	wait := dialog.NewCustomWithoutButtons(app.Tf("Reading %s…", name), widget.NewProgressBarInfinite(), im.window)
	wait.Show()
	inBackground(func() {
		body, err := io.ReadAll(io.LimitReader(r, transfer.MaxFileSize+1))
		r.Close()
		if err == nil && len(body) > transfer.MaxFileSize {
			err = app.Errorf(app.EINVALID, "%s is over %d MB, too big to be an address book.", name, transfer.MaxFileSize>>20)
		}
		onUI(func() {
			wait.Hide()
			if err != nil {
				showError(err, im.window)
				return
			}
			im.start(name, body)
		})
	})
}

// start reads a file's contents: a vCard straight to the preview, a CSV
// through the column mapping when its layout is not one we know.
func (im *importer) start(name string, body []byte) {
	im.name, im.table, im.batch = name, nil, nil
	today := app.DateOf(im.svc.Now())
	// Parsing a large file takes a moment: off the UI goroutine.
	busy(app.Tf("Reading %s…", name), im.window, func() error {
		kind, err := transfer.Sniff(name, body)
		if err != nil {
			return err
		}
		if kind == transfer.KindVCard {
			im.batch, err = transfer.ReadVCardFile(name, body, today)
			return err
		}
		table, err := transfer.ReadTable(body)
		if err != nil {
			return app.Errorf(app.EINVALID, "%s: %s", name, app.ErrorMessage(err))
		}
		im.table, im.mapping = table, transfer.GuessMapping(table.Header)
		return nil
	}, func() {
		switch {
		case im.batch != nil:
			im.preview()
		case im.mapping.Dialect == "CSV": // the dialect's name, not words
			im.showMapping()
		default:
			im.readTable()
		}
	})
}

func (im *importer) readTable() {
	im.batch = im.table.Records(im.mapping, app.DateOf(im.svc.Now()))
	im.batch.File = im.name
	im.preview()
}

// showMapping lets the person say what each column holds, with the
// guess filled in and the first rows shown as they would be read.
func (im *importer) showMapping() {
	names := make([]string, len(transfer.Fields))
	for i, f := range transfer.Fields {
		names[i] = f.String()
	}
	sample := widget.NewLabel("")
	sample.Wrapping = fyne.TextWrapWord
	showSample := func() {
		b := im.table.Records(transfer.Mapping{Dialect: im.mapping.Dialect, Columns: im.mapping.Columns}, app.DateOf(im.svc.Now()))
		var lines []string
		for i, r := range b.Records {
			if i == 3 {
				break
			}
			lines = append(lines, describeImported(&r.Contact))
		}
		if len(lines) == 0 {
			lines = append(lines, app.T("No contact can be read with these columns yet: choose which column holds the name."))
		}
		sample.SetText(strings.Join(lines, "\n"))
	}
	form := container.New(layout.NewFormLayout())
	for i, h := range im.table.Header {
		i := i
		example := ""
		for _, row := range im.table.Rows {
			if i < len(row) && strings.TrimSpace(row[i]) != "" {
				example = app.Clip(strings.ReplaceAll(strings.TrimSpace(row[i]), "\n", " "), 40)
				break
			}
		}
		choice := widget.NewSelect(names, func(s string) {
			im.mapping.Columns[i] = transfer.Column{Field: transfer.ParseField(s), LabelFrom: -1}
			showSample()
		})
		current := im.mapping.Columns[i].Field
		if current == transfer.Event {
			current = transfer.Anniversary
		}
		choice.Selected = current.String()
		if !slices.Contains(names, choice.Selected) {
			choice.Selected = transfer.Ignore.String()
		}
		head := widget.NewLabelWithStyle(app.Clip(h, 30), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		ex := widget.NewLabel(example)
		ex.Importance = widget.LowImportance
		ex.Truncation = fyne.TextTruncateEllipsis
		form.Add(head)
		form.Add(container.NewGridWithColumns(2, choice, ex))
	}
	showSample()
	intro := widget.NewLabel(app.Tf("Say what each column of %s holds. Columns left as “(not imported)” are skipped.", im.name))
	intro.Wrapping = fyne.TextWrapWord
	previewTitle := widget.NewLabelWithStyle(app.T("The first contacts, as they would come in:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	content := container.NewBorder(intro, container.NewVBox(widget.NewSeparator(), previewTitle, sample), nil, nil,
		container.NewVScroll(form))
	d := dialog.NewCustomConfirm(app.Tf("Import %s: columns", im.name), app.T("Continue"), app.T("Cancel"), content, func(ok bool) {
		if ok {
			im.readTable()
		}
	}, im.window)
	d.Resize(fyne.NewSize(760, 600))
	d.Show()
}

// preview shows what the file holds and asks before saving anything.
func (im *importer) preview() {
	b := im.batch
	cs := make([]*app.Contact, len(b.Records))
	for i := range b.Records {
		cs[i] = &b.Records[i].Contact
	}
	var matches []app.ImportMatch
	busy(app.T("Looking for contacts you have already…"), im.window, func() (err error) {
		matches, err = im.svc.Duplicates.MatchExisting(context.Background(), cs)
		return err
	}, func() { im.showPreview(matches) })
}

func (im *importer) showPreview(matches []app.ImportMatch) {
	b := im.batch
	im.matches = matches
	skipped, sure := b.Skipped(), app.SureMatches(matches)
	fresh := len(b.Records) - sure
	possible := ""
	if n := len(matches) - sure; n > 0 {
		possible = app.Tf(" · %d possibly the same (imported, for review)", n)
	}

	counts := widget.NewLabelWithStyle(app.Tf("%s: %d new · %s%s · %s", app.Plural(len(b.Records)+skipped, "contact"),
		fresh, app.Plural(sure, "duplicate"), possible, app.Plural(skipped, "error")), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	format := widget.NewLabel(app.Tf("Read as %s, in %s.", b.Format, b.Encoding))
	format.Importance = widget.LowImportance

	var details []string
	for i, p := range b.Problems {
		if i == maxShown {
			details = append(details, app.Tf("… and %d more", len(b.Problems)-maxShown))
			break
		}
		mark := "⚠ "
		if p.Skipped {
			mark = "✖ "
		}
		details = append(details, mark+p.String())
	}
	for i, m := range matches {
		if i == maxShown {
			details = append(details, app.Tf("… and %d more duplicates", len(matches)-maxShown))
			break
		}
		r := b.Records[m.Record]
		if m.Possible {
			details = append(details, app.Tf("? %s: %s may be the same as %s (%s)", r.Where, r.Contact.Name(), m.Existing, m.Reason))
		} else {
			details = append(details, app.Tf("= %s: %s looks like %s (%s)", r.Where, r.Contact.Name(), m.Existing, m.Reason))
		}
	}
	list := widget.NewList(func() int { return len(details) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(details[i]) })
	legend := widget.NewLabel(app.T("✖ left out   ⚠ a value not kept   = already in Referable   ? possibly the same: imported, for review"))
	legend.Importance = widget.LowImportance

	leaveOut := app.T("Leave duplicates out")
	dupChoice := widget.NewRadioGroup([]string{leaveOut, app.T("Add them too (merge them later)")}, nil)
	dupChoice.SetSelected(leaveOut)
	accept := widget.NewCheck(app.Tf("Import the %s that could be read", app.Plural(len(b.Records), "contact")), nil)

	var d *dialog.CustomDialog
	importButton := widget.NewButtonWithIcon("", theme.DownloadIcon(), nil) // its words are set below
	importButton.Importance = widget.HighImportance
	update := func() {
		n := fresh
		if dupChoice.Selected != leaveOut {
			n = len(b.Records)
		}
		importButton.SetText(app.TN("Import %d Contact", "Import %d Contacts", n))
		if n == 0 || (skipped > 0 && !accept.Checked) {
			importButton.Disable()
		} else {
			importButton.Enable()
		}
	}
	dupChoice.OnChanged = func(string) { update() }
	accept.OnChanged = func(bool) { update() }
	update()
	importButton.OnTapped = func() {
		d.Hide()
		im.save(dupChoice.Selected == leaveOut)
	}
	cancel := widget.NewButton(app.T("Cancel"), func() { d.Hide() })

	top := container.NewVBox(counts, format)
	var bottom []fyne.CanvasObject
	if sure > 0 {
		bottom = append(bottom, dupChoice)
	}
	if skipped > 0 {
		warn := widget.NewLabel(app.Tf("%s could not be read (marked ✖). Nothing is imported unless you accept the rest.", app.Plural(skipped, "contact")))
		warn.Wrapping = fyne.TextWrapWord
		warn.Importance = widget.WarningImportance
		bottom = append(bottom, warn, accept)
	}
	if len(details) > 0 {
		bottom = append(bottom, legend)
	}
	var middle fyne.CanvasObject = list
	if len(details) == 0 {
		ok := widget.NewLabel(app.T("Every contact reads cleanly."))
		ok.Importance = widget.SuccessImportance
		middle = container.NewVBox(ok)
	}
	content := container.NewBorder(top, container.NewVBox(bottom...), nil, nil, middle)
	d = dialog.NewCustomWithoutButtons(app.Tf("Import %s", im.name), content, im.window)
	buttons := []fyne.CanvasObject{cancel}
	if im.table != nil {
		buttons = append(buttons, widget.NewButton(app.T("Change Columns…"), func() { d.Hide(); im.showMapping() }))
	}
	d.SetButtons(append(buttons, importButton))
	d.Resize(fyne.NewSize(760, 560))
	d.Show()
}

// save imports the batch off the UI goroutine, with a progress bar on
// large files, then offers to undo it.
func (im *importer) save(skipDuplicates bool) {
	b := im.batch
	bar := widget.NewProgressBar()
	progress := dialog.NewCustomWithoutButtons(app.Tf("Importing %s", im.name), bar, im.window)
	if len(b.Records) > 200 {
		progress.Show()
	}
	opts := transfer.Options{SkipDuplicates: skipDuplicates, Progress: func(done, total int) {
		onUI(func() { bar.SetValue(float64(done) / float64(total)) })
	}}
	inBackground(func() {
		res, err := im.svc.Transfer.Import(context.Background(), b, opts)
		onUI(func() {
			progress.Hide()
			if err != nil {
				showError(app.Errorf(app.EINVALID, "Nothing was imported from %s: %s", im.name, app.ErrorMessage(err)), im.window)
				return
			}
			im.done(res)
		})
	})
}

func (im *importer) done(res transfer.Result) {
	im.nav.reloadAll()
	if then := im.then; then != nil {
		im.then = nil
		defer then()
	}
	msg := app.Tf("%s came in from %s.", app.Plural(res.Added, "contact"), im.name)
	if res.Possible > 0 {
		msg += app.Tf("\n%s may be the same as someone already here: Edit → Find Duplicates shows them side by side.", app.Plural(res.Possible, "contact"))
	}
	if res.Duplicates > 0 {
		msg += app.Tf("\n%s already here were left out.", app.Plural(res.Duplicates, "duplicate"))
	}
	if res.Added == 0 {
		dialog.ShowInformation(app.T("Nothing new"), app.Tf("Everyone in %s is in Referable already.", im.name), im.window)
		return
	}
	showDoneWithUndo(app.T("Imported"), msg+"\n\n"+app.T("Changed your mind? Undo takes this whole import back out (also in Edit → Undo Last Import)."),
		app.T("Undo Import"), fyne.NewSize(420, 110), func() { im.undo(res.Import) }, im.window)
}

// undoLast asks before undoing the latest import.
func (im *importer) undoLast() {
	last, err := im.svc.Transfer.LastImport(context.Background())
	if err != nil {
		showError(err, im.window)
		return
	}
	if last == nil {
		dialog.ShowInformation(app.T("Undo import"), app.T("There is no import to undo."), im.window)
		return
	}
	msg := widget.NewLabel(app.Tf("Take out the %s imported from %s on %s?\n\nAnything recorded on them since — referrals, gifts, cards — goes with them. "+
		"A backup is taken first.", app.Plural(last.Contacts, "contact"), last.File, app.Moment(last.ImportedAt)))
	msg.Wrapping = fyne.TextWrapWord
	dialog.NewCustomConfirm(app.T("Undo import"), app.T("Undo Import"), app.T("Cancel"), container.NewGridWrap(fyne.NewSize(440, 120), msg), func(ok bool) {
		if ok {
			im.undo(*last)
		}
	}, im.window).Show()
}

func (im *importer) undo(imp app.Import) {
	busy(app.T("Undoing the import…"), im.window, func() error {
		return im.svc.Transfer.UndoImport(context.Background(), imp.ID)
	}, func() {
		im.nav.reloadAll()
		dialog.ShowInformation(app.T("Import undone"), app.Tf("The contacts from %s are out again.", imp.File), im.window)
	})
}

// describeImported is one line about a contact read from a file.
func describeImported(c *app.Contact) string {
	parts := []string{c.Name()}
	if len(c.Emails) > 0 && c.Emails[0].Value != c.Name() {
		parts = append(parts, c.Emails[0].Value)
	}
	if len(c.Phones) > 0 {
		parts = append(parts, c.Phones[0].Value)
	}
	if c.Address.Locality != "" {
		parts = append(parts, c.Address.Locality)
	}
	if !c.Birthday.IsZero() {
		parts = append(parts, app.Tf("born %s", c.Birthday.Long()))
	}
	return strings.Join(parts, " · ")
}
