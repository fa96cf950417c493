package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// calendarTab is a month grid of birthdays, anniversaries and other
// dates, with the agenda of the coming 60 days beside it.
type calendarTab struct {
	svc    Services
	window fyne.Window
	nav    navigator

	month    app.Date // first of the month shown
	title    *widget.Label
	weekdays []*widget.Label
	cells    []*dayCell
	agenda   *widget.List
	upcoming []app.Upcoming
	more     *widget.Label
}

const (
	gridDays     = 42 // six weeks
	perCell      = 3
	agendaDays   = 60
	agendaLength = 100
)

// dayCell is one day of the grid: its number and first occasions.
type dayCell struct {
	bg      *canvas.Rectangle
	number  *widget.Label
	entries []*widget.Hyperlink
	more    *widget.Label
	box     *fyne.Container
}

func newCalendarTab(svc Services, w fyne.Window, nav navigator) *calendarTab {
	return &calendarTab{svc: svc, window: w, nav: nav}
}

func (t *calendarTab) today() app.Date { return app.DateOf(t.svc.Now()) }

func (t *calendarTab) buildUI() fyne.CanvasObject {
	d := t.today()
	t.month = app.Date{Year: d.Year, Month: d.Month, Day: 1}
	t.title = heading("", theme.SizeNameSubHeadingText)
	prev := newIconButton(theme.NavigateBackIcon(), app.T("Previous month"), func() { t.shift(-1) })
	next := newIconButton(theme.NavigateNextIcon(), app.T("Next month"), func() { t.shift(1) })
	todayButton := widget.NewButton(app.T("Today"), func() {
		d := t.today()
		t.month = app.Date{Year: d.Year, Month: d.Month, Day: 1}
		t.refresh()
	})
	header := container.NewBorder(nil, nil, container.NewHBox(prev, todayButton, next), nil, t.title)

	var heads []fyne.CanvasObject
	for i := 0; i < 7; i++ {
		l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		t.weekdays = append(t.weekdays, l)
		heads = append(heads, l)
	}
	var cells []fyne.CanvasObject
	for i := 0; i < gridDays; i++ {
		c := &dayCell{bg: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))}
		c.bg.StrokeColor, c.bg.StrokeWidth = theme.Color(theme.ColorNameSeparator), 1
		c.number = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		c.number.Truncation = fyne.TextTruncateEllipsis
		list := container.NewVBox(c.number)
		for j := 0; j < perCell; j++ {
			link := widget.NewHyperlink("", nil)
			link.Truncation = fyne.TextTruncateEllipsis
			c.entries = append(c.entries, link)
			list.Add(link)
		}
		c.more = widget.NewLabel("")
		c.more.Importance = widget.LowImportance
		c.more.Truncation = fyne.TextTruncateEllipsis
		list.Add(c.more)
		c.box = container.NewStack(c.bg, container.New(&cellLayout{}, list))
		t.cells = append(t.cells, c)
		cells = append(cells, c.box)
	}
	grid := container.NewBorder(container.NewGridWithColumns(7, heads...), nil, nil, nil, container.NewGridWithColumns(7, cells...))

	t.more = lowLabel("")
	t.agenda = widget.NewList(func() int { return len(t.upcoming) }, newTwoLineRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			u := t.upcoming[i]
			setTwoLineRow(o, u.Title(), app.Tf("%s · post by %s", u.On.ShortDay(), u.MailBy.Format()))
		})
	t.agenda.OnSelected = func(i widget.ListItemID) {
		t.agenda.UnselectAll()
		t.showOccasion(t.upcoming[i])
	}
	agenda := container.NewBorder(heading(app.T("Coming 60 days"), theme.SizeNameSubHeadingText), t.more, nil, nil, t.agenda)
	split := container.NewHSplit(container.NewBorder(header, nil, nil, nil, grid), agenda)
	split.Offset = 0.7
	return split
}

// cellLayout clips a day cell's list to its space, so a busy day never
// stretches the grid.
type cellLayout struct{}

func (cellLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(60, 60) }

func (cellLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (t *calendarTab) shift(months int) {
	t.month = app.DateOf(t.month.Time().AddDate(0, months, 0))
	t.refresh()
}

func (t *calendarTab) showOccasion(u app.Upcoming) {
	occasionDialog(t.window, t.svc, u, t.nav, t.refresh)
}

// refresh fills the grid for the month shown and the agenda from today.
func (t *calendarTab) refresh() {
	if t.title == nil {
		return
	}
	ctx := context.Background()
	st, err := t.svc.Settings.Settings(ctx)
	if err != nil {
		showError(err, t.window)
		return
	}
	t.title.SetText(app.MonthYear(t.month.Year, t.month.Month))
	for i, l := range t.weekdays {
		l.SetText(app.WeekdayShort(time.Weekday((int(st.WeekStart) + i) % 7)))
	}
	first := app.WeekStart(t.month, st.WeekStart)
	days, err := t.svc.Calendar.Days(ctx, first, first.AddDays(gridDays-1), perCell)
	if err != nil {
		showError(err, t.window)
		return
	}
	today := t.today()
	for i, c := range t.cells {
		day := first.AddDays(i)
		c.number.SetText(fmt.Sprint(day.Day))
		switch {
		case day == today:
			c.number.Importance = widget.HighImportance
			c.bg.FillColor = theme.Color(theme.ColorNameSelection)
		case day.Month != t.month.Month:
			c.number.Importance = widget.LowImportance
			c.bg.FillColor = theme.Color(theme.ColorNameBackground)
		default:
			c.number.Importance = widget.MediumImportance
			c.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
		}
		c.number.Refresh()
		c.bg.Refresh()
		occ := days[day]
		for j, b := range c.entries {
			if j < len(occ.First) {
				u := occ.First[j]
				b.SetText(u.Name)
				b.OnTapped = func() { t.showOccasion(u) }
				b.Show()
			} else {
				b.Hide()
			}
		}
		if extra := occ.Total - len(occ.First); extra > 0 {
			c.more.SetText(app.Tf("+%d more", extra))
			c.more.Show()
		} else {
			c.more.Hide()
		}
	}
	up, err := t.svc.Calendar.Upcoming(ctx, today, today.AddDays(agendaDays), agendaLength)
	if err != nil {
		showError(err, t.window)
		return
	}
	total, err := t.svc.Calendar.CountUpcoming(ctx, today, today.AddDays(agendaDays))
	if err != nil {
		showError(err, t.window)
		return
	}
	t.upcoming = up
	switch {
	case total == 0:
		t.more.SetText(app.T("Nothing in the coming 60 days. Birthdays, client-since dates and other dates on contacts appear here."))
	case total > len(up):
		t.more.SetText(app.Tf("The first %d of %d; the month grid shows every day.", len(up), total))
	default:
		t.more.SetText(app.TN("%d date", "%d dates", total))
	}
	t.agenda.Refresh()
}
