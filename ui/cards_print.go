package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

// onPrint saves the cards as a PDF: Save as PDF.
func (t *cardsTab) onPrint() {
	t.toPrinter = false
	t.startPrint()
}

// onPrintToPrinter prints the cards on one of the owner's printers.
func (t *cardsTab) onPrintToPrinter() {
	t.toPrinter = true
	t.startPrint()
}

// startPrint checks every card first: those with a hole in them are held
// back and listed with one click to fix each; the rest go to the file
// the owner chooses or to their printer, are logged once there, and the
// PDF is offered to open.
func (t *cardsTab) startPrint() {
	if len(t.people) == 0 {
		return
	}
	if t.heldDialog != nil {
		t.heldDialog.Hide()
		t.heldDialog = nil
	}
	t.checkPeople(func(ok []cards.Addressee, held []cards.Held) {
		if len(held) > 0 {
			t.showHeld(ok, held)
			return
		}
		t.askAgain(ok)
	})
}

// askAgain asks before printing a second card for the same occasion
// (this year's birthday, the same referral's thank-you) for anyone who
// already got one; then it asks where to save.
func (t *cardsTab) askAgain(people []cards.Addressee) {
	tpl, _ := t.selectedTemplate()
	today := app.DateOf(t.svc.Now())
	repeats, err := cards.RepeatsOf(context.Background(), t.svc.Cards, people, tpl.Purpose, today)
	if err != nil {
		showError(err, t.window)
		return
	}
	if len(repeats) == 0 || !t.selectedLayout().IsCard() {
		t.destination(people)
		return
	}
	var lines []string
	again := map[int64]bool{}
	for _, r := range repeats {
		again[r.ContactID] = true
		lines = append(lines, app.Tf("%s got one on %s", r.ContactName, r.On.Format()))
	}
	var rest []cards.Addressee
	for _, a := range people {
		if !again[a.ContactID] {
			rest = append(rest, a)
		}
	}
	msg := app.Tf("A %q card for this occasion was already sent: %s. Print another?", tpl.Title, app.NameList(lines, 10))
	leave := app.T("Leave Them Out")
	if len(repeats) == 1 {
		leave = app.Tf("Leave %s Out", repeats[0].ContactName)
	}
	var d dialog.Dialog
	buttons := []fyne.CanvasObject{widget.NewButton(app.T("Cancel"), func() { d.Hide() })}
	if len(rest) > 0 {
		buttons = append(buttons, widget.NewButton(leave, func() { d.Hide(); t.destination(rest) }))
	}
	printAgain := widget.NewButton(app.T("Print Again"), func() { d.Hide(); t.destination(people) })
	printAgain.Importance = widget.HighImportance
	buttons = append(buttons, printAgain)
	body := widget.NewLabel(msg)
	body.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons(app.T("Send a second card?"), wrapped(body), t.window)
	d.(*dialog.CustomDialog).SetButtons(buttons)
	d.Resize(fyne.NewSize(480, 0))
	t.heldDialog = d
	d.Show()
}

// destination sends the cards that passed every check where the owner
// chose: a printer, or a PDF file.
func (t *cardsTab) destination(people []cards.Addressee) {
	if t.toPrinter {
		t.choosePrinter(people, false)
		return
	}
	t.chooseFile(people)
}

// chooseFile asks where to save the cards for people, then prints them.
func (t *cardsTab) chooseFile(people []cards.Addressee) {
	tpl, _ := t.selectedTemplate()
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showError(err, t.window)
			return
		}
		if w == nil {
			return // cancelled
		}
		rememberFolder(w.URI())
		t.printTo(w, people)
	}, t.window)
	save.SetFileName(fmt.Sprintf("%s-%s.pdf", tpl.Name, app.DateOf(t.svc.Now())))
	save.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	startInLastFolder(save)
	save.Resize(fyne.NewSize(800, 560))
	save.Show()
}

// printTo prints the batch into the file chosen, off the UI goroutine.
// The PDF is made in memory and written at the end, so a failure leaves
// the file empty rather than half a PDF.
func (t *cardsTab) printTo(file fyne.URIWriteCloser, people []cards.Addressee) {
	b, err := t.batch()
	if err != nil {
		file.Close()
		showError(err, t.window)
		return
	}
	bar := widget.NewProgressBar()
	progress := dialog.NewCustomWithoutButtons(app.Tf("Printing %s", app.Plural(len(people), "card")), bar, t.window)
	if len(people) > 200 {
		progress.Show()
	}
	b.Progress = func(done, total int) { onUI(func() { bar.SetValue(float64(done) / float64(total)) }) }
	printer := cards.Printer{Book: t.book, Cards: t.svc.Cards, Now: t.svc.Now}
	job := cards.PrintJob{Batch: b, To: people, Where: file.URI().Name(), Save: func(write func(io.Writer) error) error {
		var buf bytes.Buffer
		err := write(&buf)
		if err == nil && file.URI().Scheme() == "file" {
			// Names and addresses: private, like the database and the command line's PDFs.
			err = os.Chmod(file.URI().Path(), 0o600)
		}
		if err == nil {
			_, err = file.Write(buf.Bytes())
		}
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		return err
	}}
	inBackground(func() {
		res, err := printer.Print(context.Background(), job)
		onUI(func() {
			progress.Hide()
			if err != nil {
				showError(err, t.window)
				return
			}
			t.savedPDF(file.URI(), res, b)
		})
	})
}

// savedPDF says the cards are saved and offers to open the PDF or print
// them on a printer.
func (t *cardsTab) savedPDF(pdf fyne.URI, res cards.Printed, b cards.Batch) {
	msg := app.Tf("%s saved to %s.", app.Plural(res.Cards, b.Layout.Noun()), pdf.Name())
	if b.Layout.Sides == 2 {
		msg += "\n" + map[bool]string{true: app.T("Print it on both sides of the sheet, turned over on its short edge, at actual size."), false: app.T("Print it on both sides of the sheet, turned over on its long edge, at actual size.")}[b.Layout.ShortEdge]
	}
	open := widget.NewButtonWithIcon(app.T("Open PDF"), theme.FileIcon(), func() {
		u, err := url.Parse(pdf.String())
		if err == nil {
			err = fyne.CurrentApp().OpenURL(u)
		}
		if err != nil {
			showError(err, t.window)
		}
	})
	people := t.printable()
	for i := range people {
		people[i].DoNotContact = false // sent to already, with the owner's leave
	}
	var printed []cards.Addressee
	for _, a := range people {
		for _, s := range res.Logged {
			if s.ContactID == a.ContactID {
				printed = append(printed, a)
			}
		}
	}
	if !b.Layout.IsCard() {
		printed = people
	}
	print := widget.NewButtonWithIcon(app.T("Print…"), theme.DocumentPrintIcon(), func() { t.choosePrinter(printed, true) })
	print.Importance = widget.HighImportance
	t.done(res, b, msg, open, print)
}

// printed says the cards are on paper.
func (t *cardsTab) printed(res cards.Printed, b cards.Batch, where string) {
	t.done(res, b, app.Tf("%s printed %s.", app.Plural(res.Cards, b.Layout.Noun()), where))
}

// done tells what a print did, with the buttons given beside Close; the
// font and stock just used are offered next time, and the words changed
// for the cards printed are done with.
func (t *cardsTab) done(res cards.Printed, b cards.Batch, msg string, buttons ...*widget.Button) {
	if st, err := t.svc.Settings.Settings(context.Background()); err == nil {
		st.CardFont, st.CardLayout = b.Hand, b.Layout.Name
		st.CardVariation, st.CardInk = t.handSettings()
		if err := t.svc.Settings.SaveSettings(context.Background(), st); err != nil {
			fyne.LogError("save card settings", err)
		}
	}
	if logged := len(res.Logged); logged > 0 {
		msg += app.Tf("\n%s logged as sent today; their follow-ups and card reminders are done.", app.Plural(logged, "card"))
	}
	for i, p := range res.Problems {
		if i == 8 {
			msg += app.Tf("\n… and %d more to check.", len(res.Problems)-8)
			break
		}
		msg += "\n" + app.Tf("Check: %s", p.String())
	}
	body := widget.NewLabel(msg)
	body.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	objs := []fyne.CanvasObject{widget.NewButton(app.T("Close"), func() { d.Hide() })}
	for _, b := range buttons {
		tapped := b.OnTapped
		b.OnTapped = func() { d.Hide(); tapped() }
		objs = append(objs, b)
	}
	d = dialog.NewCustomWithoutButtons(app.T("Cards printed"), wrapped(body), t.window)
	d.(*dialog.CustomDialog).SetButtons(objs)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	// A card printed is done: its changed words go with it; the words
	// changed for anyone not printed stay.
	for _, c := range res.Logged {
		delete(t.edits, c.ContactID)
	}
	t.loadPeople()
}
