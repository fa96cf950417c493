package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/app/printing"
)

// findServer finds the print server; tests point CUPS_SERVER at theirs.
var findServer = func() (printing.Server, string, error) {
	c, err := printing.FindCUPS()
	if err != nil {
		return nil, "", err
	}
	return c, c.Server, nil
}

// printDialog is the Print dialog: which printer, where on a partly used
// sheet to start, how the sheet goes through, and its calibration.
type printDialog struct {
	t      *cardsTab
	people []cards.Addressee
	noLog  bool // the cards were logged already (printed from a saved PDF)
	layout cards.Layout
	server printing.Server

	printers []printing.Printer
	printer  *widget.Select
	state    *widget.Label
	start    *widget.Select
	sheet    *canvas.Image
	sides    *widget.RadioGroup
	turn     *widget.RadioGroup
	calib    *widget.Label
	print    *widget.Button
	d        dialog.Dialog
}

// The choices of the Print dialog, worded by initChoices.
var sidesPrinter, sidesManual, turnRight, turnLeft string

// prefPrinter is the printer last printed on, offered first next time.
const prefPrinter = "cards.printer"

// choosePrinter asks where and how to print the cards for people, then
// prints them there; noLog when they were logged already.
func (t *cardsTab) choosePrinter(people []cards.Addressee, noLog bool) {
	if printing.ThroughSystem {
		t.printThroughSystem(people, noLog)
		return
	}
	p := &printDialog{t: t, people: people, noLog: noLog, layout: t.selectedLayout()}
	p.printer = widget.NewSelect(nil, func(string) { p.onPrinter() })
	p.state = widget.NewLabel(app.T("Looking for printers…"))
	p.state.Wrapping = fyne.TextWrapWord
	p.sheet = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))
	p.sheet.FillMode = canvas.ImageFillContain
	p.sheet.SetMinSize(fyne.NewSize(150, 190))
	var places []string
	for i := 1; i <= p.layout.PerSheet(); i++ {
		places = append(places, strconv.Itoa(i))
	}
	p.start = widget.NewSelect(places, func(string) { p.showSheet() })
	p.start.SetSelectedIndex(0)
	p.sides = widget.NewRadioGroup([]string{sidesPrinter, sidesManual}, nil)
	p.turn = widget.NewRadioGroup([]string{turnRight, turnLeft}, func(string) { p.saveSetup() })
	p.turn.Horizontal = true
	p.calib = widget.NewLabel("")
	p.calib.Wrapping = fyne.TextWrapWord
	calibrate := widget.NewButtonWithIcon(app.T("Calibrate…"), theme.ViewFullScreenIcon(), p.onCalibrate)

	form := widget.NewForm(widget.NewFormItem(app.T("Printer"), p.printer), widget.NewFormItem("", wrapped(p.state)))
	if p.layout.PerSheet() > 1 {
		item := widget.NewFormItem(app.T("Start at place"), p.start)
		item.HintText = app.T("On a sheet already partly used: the places before it are left as they are")
		form.AppendItem(item)
	}
	if p.layout.Sides == 2 {
		form.AppendItem(widget.NewFormItem(app.T("Both sides"), p.sides))
	}
	if p.layout.Landscape() {
		item := widget.NewFormItem(app.T("Wide stock goes in"), p.turn)
		item.HintText = app.T("Short edge first, turned the way your printer takes it: the calibration sheet shows which")
		form.AppendItem(item)
	}
	form.AppendItem(widget.NewFormItem(app.T("Calibration"), container.NewBorder(nil, nil, nil, container.NewVBox(calibrate), wrapped(p.calib))))
	p.print = widget.NewButtonWithIcon(app.T("Print"), theme.DocumentPrintIcon(), p.onPrint)
	p.print.Importance = widget.HighImportance
	p.print.Disable()
	cancel := widget.NewButton(app.T("Cancel"), func() { p.d.Hide() })
	body := container.NewBorder(nil, nil, nil, container.NewPadded(p.sheet), wrapHints(form))
	p.d = dialog.NewCustomWithoutButtons(app.Tf("Print %s", app.Plural(len(people), t.selectedLayout().Noun())), body, t.window)
	p.d.(*dialog.CustomDialog).SetButtons([]fyne.CanvasObject{cancel, p.print})
	p.d.Resize(fyne.NewSize(680, 0))
	t.printDialog = p
	p.d.Show()
	p.showSheet()
	p.load()
}

// load finds the printers off the UI goroutine.
func (p *printDialog) load() {
	inBackground(func() {
		server, where, err := findServer()
		var ps []printing.Printer
		if err == nil {
			ps, err = server.Printers(context.Background())
		}
		onUI(func() {
			p.server = server
			if err != nil {
				p.state.SetText(app.ErrorMessage(err))
				p.state.Importance = widget.WarningImportance
				p.state.Refresh()
				return
			}
			if len(ps) == 0 {
				p.state.SetText(app.Tf("The print server at %s has no printers: add yours in your system's printer settings, or save the cards as a PDF.", where))
				return
			}
			p.printers = ps
			labels := make([]string, len(ps))
			last := fyne.CurrentApp().Preferences().String(prefPrinter)
			pick := 0
			for i, pr := range ps {
				labels[i] = pr.Label()
				if pr.Name == last {
					pick = i
				}
			}
			p.printer.SetOptions(labels)
			p.printer.SetSelectedIndex(pick)
		})
	})
}

// chosen is the printer chosen, or false.
func (p *printDialog) chosen() (printing.Printer, bool) {
	i := p.printer.SelectedIndex()
	if i < 0 || i >= len(p.printers) {
		return printing.Printer{}, false
	}
	return p.printers[i], true
}

// onPrinter shows the printer's state, setup and calibration.
func (p *printDialog) onPrinter() {
	pr, ok := p.chosen()
	if !ok {
		return
	}
	ctx := context.Background()
	svc := p.t.svc.Printers
	setup, err := svc.PrinterSetup(ctx, pr.Name)
	if err != nil {
		showError(err, p.t.window)
		return
	}
	cal, err := svc.Calibration(ctx, pr.Name, p.layout.Name)
	if err != nil {
		showError(err, p.t.window)
		return
	}
	state := app.T("Ready.")
	if why := pr.Trouble(); why != "" {
		state = why
	} else if pr.State == printing.PrinterProcessing {
		state = app.T("Printing something else; the cards go next.")
	}
	if pr.Model != "" {
		state = pr.Model + ". " + state
	}
	p.state.SetText(state)
	p.state.Importance = map[bool]widget.Importance{true: widget.WarningImportance, false: widget.MediumImportance}[pr.Trouble() != ""]
	p.state.Refresh()
	p.turn.OnChanged = nil
	p.turn.SetSelected(map[int]string{90: turnRight, 270: turnLeft}[setup.Turn])
	p.turn.OnChanged = func(string) { p.saveSetup() }
	if setup.ManualDuplex || !pr.Duplex {
		p.sides.SetSelected(sidesManual)
	} else {
		p.sides.SetSelected(sidesPrinter)
	}
	p.calib.SetText(strings.ToUpper(cal.Describe()[:1]) + cal.Describe()[1:] + ".")
	p.print.Enable()
}

// saveSetup keeps how the printer takes wide stock.
func (p *printDialog) saveSetup() {
	pr, ok := p.chosen()
	if !ok {
		return
	}
	ctx := context.Background()
	setup, err := p.t.svc.Printers.PrinterSetup(ctx, pr.Name)
	if err == nil {
		setup.Turn = map[string]int{turnRight: 90, turnLeft: 270}[p.turn.Selected]
		setup.ManualDuplex = p.sides.Selected == sidesManual
		err = p.t.svc.Printers.SavePrinterSetup(ctx, setup)
	}
	if err != nil {
		showError(err, p.t.window)
	}
}

// startPlace is the place on the first sheet the cards start at, from 0.
func (p *printDialog) startPlace() int { return max(p.start.SelectedIndex(), 0) }

// showSheet draws the first sheet as it will print: the places already
// used grey, the first card in its place, the places after it outlined.
func (p *printDialog) showSheet() {
	if p.sheet == nil {
		return
	}
	p.sheet.Image = sheetMap(p.t, p.layout, p.startPlace())
	p.sheet.Refresh()
}

// sheetMap draws a layout's first sheet small: used places grey, the
// card shown in its place at start, the places after outlined.
func sheetMap(t *cardsTab, l cards.Layout, start int) image.Image {
	const px = 0.75 // pixels a millimetre
	w, h := int(l.Paper.W*px), int(l.Paper.H*px)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	rect := func(r cards.Rect) image.Rectangle {
		return image.Rect(int(r.X*px), int(r.Y*px), int((r.X+r.W)*px), int((r.Y+r.H)*px))
	}
	grey := image.NewUniform(color.RGBA{0xc8, 0xc8, 0xc8, 0xff})
	line := image.NewUniform(color.RGBA{0x99, 0x99, 0x99, 0xff})
	for i := 0; i < l.PerSheet(); i++ {
		r := rect(l.Slot(i))
		if i < start {
			draw.Draw(img, r.Inset(1), grey, image.Point{}, draw.Src)
			continue
		}
		for _, e := range []image.Rectangle{{r.Min, image.Pt(r.Max.X, r.Min.Y+1)}, {image.Pt(r.Min.X, r.Max.Y-1), r.Max},
			{r.Min, image.Pt(r.Min.X+1, r.Max.Y)}, {image.Pt(r.Max.X-1, r.Min.Y), r.Max}} {
			draw.Draw(img, e, line, image.Point{}, draw.Src)
		}
	}
	if t.current >= 0 && t.current < len(t.people) {
		if b, err := t.batch(); err == nil {
			if r, _, err := b.Recipient(t.person(t.current)); err == nil {
				if pages, _, err := cards.LayOut(t.book, b.Options(), r); err == nil && len(pages) > 0 {
					card := cards.Rasterize(&pages[0], l.Slot(0), px)
					at := rect(l.Slot(start))
					draw.Draw(img, card.Bounds().Add(at.Min), card, image.Point{}, draw.Over)
				}
			}
		}
	}
	return img
}

// onPrint prints on the printer chosen, following the job in a dialog
// that can cancel it; the cards are logged once the printer has printed
// them.
func (p *printDialog) onPrint() {
	pr, ok := p.chosen()
	if !ok || p.server == nil {
		return
	}
	t := p.t
	ctx, cancel := context.WithCancel(context.Background())
	setup, err := t.svc.Printers.PrinterSetup(ctx, pr.Name)
	var cal cards.Calibration
	if err == nil {
		cal, err = t.svc.Printers.Calibration(ctx, pr.Name, p.layout.Name)
	}
	b, berr := t.batch()
	if err == nil {
		err = berr
	}
	if err != nil {
		cancel()
		showError(err, t.window)
		return
	}
	p.saveSetup()
	fyne.CurrentApp().Preferences().SetString(prefPrinter, pr.Name)
	p.d.Hide()
	status := widget.NewLabel(app.T("Laying out the cards…"))
	status.Wrapping = fyne.TextWrapWord
	stop := widget.NewButtonWithIcon(app.T("Cancel Printing"), theme.CancelIcon(), cancel)
	progress := dialog.NewCustomWithoutButtons(app.Tf("Printing on %s", pr.Label()), container.NewVBox(widget.NewProgressBarInfinite(), wrapped(status)), t.window)
	progress.SetButtons([]fyne.CanvasObject{stop})
	progress.Resize(fyne.NewSize(460, 0))
	progress.Show()
	to := cards.ToPrinter{Server: p.server, Printer: pr.Name, Setup: setup, Calibration: cal, Manual: p.sides.Selected == sidesManual,
		Progress: func(st printing.JobStatus) { onUI(func() { status.SetText(st.Say()) }) },
		TurnOver: func(instructions string) error { return t.askTurnOver(ctx, instructions) }}
	b.Start = p.startPlace()
	to.Prepare(&b)
	printer := cards.Printer{Book: t.book, Cards: t.svc.Cards, Now: t.svc.Now}
	job := cards.PrintJob{Batch: b, To: p.people, Where: app.Tf("the printer %s", pr.Name), NoLog: p.noLog,
		Send: to.Send(ctx, p.layout, t.jobTitle())}
	inBackground(func() {
		res, err := printer.Print(ctx, job)
		onUI(func() {
			cancel()
			progress.Hide()
			if err != nil {
				showError(err, t.window)
				return
			}
			t.printed(res, b, app.Tf("on %s", pr.Label()))
		})
	})
}

// jobTitle names a print job in the printer's queue.
func (t *cardsTab) jobTitle() string {
	tpl, _ := t.selectedTemplate()
	return tpl.Title
}

// askTurnOver asks, from the printing goroutine, for the sheets to be
// turned over; it returns once the owner answers (nil to print side 2).
func (t *cardsTab) askTurnOver(ctx context.Context, instructions string) error {
	answer := make(chan bool, 1)
	onUI(func() {
		msg := widget.NewLabel(instructions)
		msg.Wrapping = fyne.TextWrapWord
		dialog.ShowCustomConfirm(app.T("Turn the sheets over"), app.T("Print Side 2"), app.T("Stop"), container.New(&textWidthLayout{minSize: fyne.NewSize(420, 80)}, msg),
			func(ok bool) { answer <- ok }, t.window)
	})
	select {
	case ok := <-answer:
		if !ok {
			return app.Errorf(app.EINVALID, "Side 2 was not printed; nothing is logged as sent.")
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// printThroughSystem saves the cards as a PDF and hands it to the
// system's PDF handler to print (Windows), saying how to print it at
// its true size.
func (t *cardsTab) printThroughSystem(people []cards.Addressee, noLog bool) {
	dialog.ShowConfirm(app.T("Print through your PDF viewer"), printing.SystemNote(), func(ok bool) {
		if !ok {
			return
		}
		b, err := t.batch()
		if err != nil {
			showError(err, t.window)
			return
		}
		path := filepath.Join(os.TempDir(), fmt.Sprintf("referable-%s.pdf", cards.NameFromTitle(t.jobTitle())))
		printer := cards.Printer{Book: t.book, Cards: t.svc.Cards, Now: t.svc.Now}
		job := cards.PrintJob{Batch: b, To: people, Where: path, NoLog: noLog, Save: func(write func(io.Writer) error) error {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				return err
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
				return err
			}
			return printing.PrintThroughSystem(path)
		}}
		inBackground(func() {
			res, err := printer.Print(context.Background(), job)
			onUI(func() {
				if err != nil {
					showError(err, t.window)
					return
				}
				t.printed(res, b, app.T("through your PDF viewer"))
			})
		})
	}, t.window)
}

// mmEntry is an entry for millimetres, saying its unit.
func mmEntry(e *widget.Entry) fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, widget.NewLabel("mm"), e)
}

// onCalibrate prints a calibration sheet for the printer and stock, and
// takes what the owner measures on it.
func (p *printDialog) onCalibrate() {
	pr, ok := p.chosen()
	if !ok || p.server == nil {
		return
	}
	t, l := p.t, p.layout
	ctx := context.Background()
	setup, err := t.svc.Printers.PrinterSetup(ctx, pr.Name)
	var cal cards.Calibration
	if err == nil {
		cal, err = t.svc.Printers.Calibration(ctx, pr.Name, l.Name)
	}
	if err != nil {
		showError(err, t.window)
		return
	}
	left, top, ruler := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	left.SetPlaceHolder("20")
	top.SetPlaceHolder("20")
	ruler.SetPlaceHolder(fmt.Sprintf("%.0f", cards.RulerLength(l)))
	sheetState := widget.NewLabel("")
	sheetState.Wrapping = fyne.TextWrapWord
	printSheet := widget.NewButtonWithIcon(app.T("Print the Calibration Sheet"), theme.DocumentPrintIcon(), nil)
	printSheet.OnTapped = func() {
		printSheet.Disable()
		sheetState.SetText(app.T("Printing…"))
		var buf bytes.Buffer
		if err := t.book.WriteCalibrationSheet(l, pr.Name, cards.FeedFor(l, setup, cal), &buf, t.svc.Now()); err != nil {
			showError(err, t.window)
			return
		}
		job := printing.Job{Printer: pr.Name, Title: app.Tf("Referable calibration sheet %s", l.Name), Media: l.Media, PDF: buf.Bytes()}
		inBackground(func() {
			_, err := printing.Print(ctx, p.server, job, func(st printing.JobStatus) { onUI(func() { sheetState.SetText(st.Say()) }) })
			onUI(func() {
				printSheet.Enable()
				if err != nil {
					sheetState.SetText(app.ErrorMessage(err))
					return
				}
				sheetState.SetText(app.T("Printed. Measure it and type what you find below."))
			})
		})
	}
	intro := widget.NewLabel(app.Tf("Print the sheet on %s, then measure with a ruler: from the left edge and from the top edge of the %s to the centre of cross A, and the length of the ruler from 0 to %.0f.",
		app.T(l.Description), map[bool]string{true: app.T("card or envelope"), false: app.T("sheet")}[l.PerSheet() == 1], cards.RulerLength(l)))
	intro.Wrapping = fyne.TextWrapWord
	now := widget.NewLabel(app.Tf("Now: %s.", cal.Describe()))
	now.Importance = widget.LowImportance
	now.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{
		widget.NewFormItem("", wrapped(intro)), widget.NewFormItem("", wrapped(now)),
		widget.NewFormItem("", printSheet), widget.NewFormItem("", wrapped(sheetState)),
		{Text: app.T("Cross A from the left"), Widget: mmEntry(left), HintText: app.T("It should be 20 mm")},
		{Text: app.T("Cross A from the top"), Widget: mmEntry(top), HintText: app.T("It should be 20 mm")},
		{Text: app.T("The ruler"), Widget: mmEntry(ruler), HintText: app.Tf("It should be %.0f mm; leave it empty if you did not measure it", cards.RulerLength(l))},
	}
	formDialog(t.window, app.Tf("Calibrate %s", pr.Label()), app.T("Save"), items, func() error {
		var m cards.Measured
		for _, f := range []struct {
			e     *widget.Entry
			v     *float64
			label string
		}{{left, &m.Left, app.T("Cross A from the left")}, {top, &m.Top, app.T("Cross A from the top")}, {ruler, &m.Ruler, app.T("The ruler")}} {
			text := strings.ReplaceAll(strings.TrimSpace(f.e.Text), ",", ".")
			if text == "" && f.e == ruler {
				continue
			}
			n, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return app.Errorf(app.EINVALID, "%s: %q is not a number of millimetres, such as 20.5.", f.label, f.e.Text)
			}
			*f.v = n
		}
		if err := m.Check(l); err != nil {
			return err
		}
		next := cal.Calibrate(l, setup, m)
		next.On = app.Date{}
		if err := t.svc.Printers.SaveCalibration(ctx, next); err != nil {
			return err
		}
		p.onPrinter()
		return nil
	})
}
