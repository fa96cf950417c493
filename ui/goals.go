package ui

import (
	"context"
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// goalsView sets the referral targets and charts progress against them.
type goalsView struct {
	tab *referralsTab

	recvWeek, recvMonth, givenWeek, givenMonth *widget.Entry
	status                                     *widget.Label
	weeks, months                              *barChart
}

// chartPeriods is how many weeks and months the chart shows.
const chartPeriods = 8

func (v *goalsView) buildUI() fyne.CanvasObject {
	num := func() *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(app.T("0 for none"))
		return e
	}
	v.recvWeek, v.recvMonth, v.givenWeek, v.givenMonth = num(), num(), num(), num()
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	save := widget.NewButtonWithIcon(app.T("Save Goals"), theme.DocumentSaveIcon(), v.onSave)
	form := widget.NewForm(
		widget.NewFormItem(app.T("Received a week"), v.recvWeek), widget.NewFormItem(app.T("Received a month"), v.recvMonth),
		widget.NewFormItem(app.T("Given a week"), v.givenWeek), widget.NewFormItem(app.T("Given a month"), v.givenMonth))
	v.weeks, v.months = newBarChart(), newBarChart()
	legend := newChartLegend()
	charts := container.NewGridWithRows(2,
		container.NewBorder(heading(app.T("By week"), theme.SizeNameSubHeadingText), nil, nil, nil, v.weeks),
		container.NewBorder(heading(app.T("By month"), theme.SizeNameSubHeadingText), nil, nil, nil, v.months))
	left := container.NewVBox(heading(app.T("Your referral goals"), theme.SizeNameSubHeadingText),
		wrapped(emptyNote(app.T("Set how many referrals you want, and plan time each week to earn and give them."))), form, save, wrapped(v.status), legend)
	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(charts))
	split.Offset = 0.35
	return split
}

func (v *goalsView) refresh() {
	if v.weeks == nil {
		return
	}
	st := v.tab.settings()
	v.recvWeek.SetText(strconv.Itoa(st.GoalReceivedWeek))
	v.recvMonth.SetText(strconv.Itoa(st.GoalReceivedMonth))
	v.givenWeek.SetText(strconv.Itoa(st.GoalGivenWeek))
	v.givenMonth.SetText(strconv.Itoa(st.GoalGivenMonth))
	p, err := v.tab.svc.Referrals.Progress(context.Background(), v.tab.today(), st.WeekStart, chartPeriods)
	if err != nil {
		showError(err, v.tab.window)
		return
	}
	week, month := p.Weeks[len(p.Weeks)-1], p.Months[len(p.Months)-1]
	v.status.SetText(app.Tf("This week: %s. This month: %s.",
		progressText(week, st.GoalReceivedWeek, st.GoalGivenWeek), progressText(month, st.GoalReceivedMonth, st.GoalGivenMonth)))
	v.weeks.set(periodBars(p.Weeks), st.GoalReceivedWeek)
	v.months.set(periodBars(p.Months), st.GoalReceivedMonth)
}

// periodBars charts referrals received (dark) and given (light).
func periodBars(ps []app.Period) []bar {
	out := make([]bar, len(ps))
	for i, p := range ps {
		out[i] = bar{label: p.Label, dark: p.Received, light: p.Given, text: fmt.Sprintf("%d/%d", p.Received, p.Given)}
	}
	return out
}

func progressText(p app.Period, recvGoal, givenGoal int) string {
	of := func(n, goal int) string {
		if goal == 0 {
			return strconv.Itoa(n)
		}
		return app.Tf("%d of %d", n, goal)
	}
	return app.Tf("%s received, %s given", of(p.Received, recvGoal), of(p.Given, givenGoal))
}

func (v *goalsView) onSave() {
	st := v.tab.settings()
	targets := []struct {
		entry *widget.Entry
		field *int
		label string
	}{
		{v.recvWeek, &st.GoalReceivedWeek, app.T("Received a week")}, {v.recvMonth, &st.GoalReceivedMonth, app.T("Received a month")},
		{v.givenWeek, &st.GoalGivenWeek, app.T("Given a week")}, {v.givenMonth, &st.GoalGivenMonth, app.T("Given a month")},
	}
	for _, t := range targets {
		n, err := strconv.Atoi(t.entry.Text)
		if t.entry.Text == "" {
			n, err = 0, nil
		}
		if err != nil {
			showError(app.Errorf(app.EINVALID, "%s: %q is not a whole number.", t.label, t.entry.Text), v.tab.window)
			return
		}
		*t.field = n
	}
	if err := v.tab.svc.Settings.SaveSettings(context.Background(), st); err != nil {
		showError(err, v.tab.window)
		return
	}
	v.refresh()
}

// bar is one period of a bar chart: a dark and a light bar side by side,
// with a caption above.
type bar struct {
	label       string
	dark, light int
	text        string
}

// barChart draws pairs of bars per period with a goal line.
type barChart struct {
	widget.BaseWidget
	bars []bar
	goal int
}

func newBarChart() *barChart {
	c := &barChart{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *barChart) set(bars []bar, goal int) {
	c.bars, c.goal = bars, goal
	c.Refresh()
}

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{chart: c}
	r.rebuild()
	return r
}

type barChartRenderer struct {
	chart   *barChart
	objects []fyne.CanvasObject
	rects   []*canvas.Rectangle // dark, light, dark, light…
	labels  []*canvas.Text
	counts  []*canvas.Text
	goal    *canvas.Line
}

func (r *barChartRenderer) rebuild() {
	fg := theme.Color(theme.ColorNameForeground)
	r.objects, r.rects, r.labels, r.counts = nil, nil, nil, nil
	for _, b := range r.chart.bars {
		dark := canvas.NewRectangle(receivedColor())
		light := canvas.NewRectangle(givenColor())
		label := canvas.NewText(b.label, fg)
		label.TextSize = theme.CaptionTextSize()
		label.Alignment = fyne.TextAlignCenter
		count := canvas.NewText(b.text, fg)
		count.TextSize = theme.CaptionTextSize()
		count.Alignment = fyne.TextAlignCenter
		r.rects = append(r.rects, dark, light)
		r.labels, r.counts = append(r.labels, label), append(r.counts, count)
		r.objects = append(r.objects, dark, light, label, count)
	}
	r.goal = canvas.NewLine(goalColor())
	r.goal.StrokeWidth = 2
	r.goal.Hidden = r.chart.goal == 0
	r.objects = append(r.objects, r.goal)
}

// The chart's colours, the same in its legend: received in the theme's
// own colour, given in the text's colour, faded (distinct in light and
// dark alike), the goal in the error colour.
func receivedColor() color.Color { return theme.Color(theme.ColorNamePrimary) }
func givenColor() color.Color    { return withAlpha(theme.Color(theme.ColorNameForeground), 0x80) }
func goalColor() color.Color     { return theme.Color(theme.ColorNameError) }

// chartLegend says what the bars and the line are, with their colours.
type chartLegend struct{ widget.BaseWidget }

func newChartLegend() *chartLegend {
	l := &chartLegend{}
	l.ExtendBaseWidget(l)
	return l
}

func (l *chartLegend) CreateRenderer() fyne.WidgetRenderer {
	swatch := func() *canvas.Rectangle {
		r := canvas.NewRectangle(nil)
		r.SetMinSize(fyne.NewSize(14, 14))
		return r
	}
	line := canvas.NewRectangle(nil)
	line.SetMinSize(fyne.NewSize(18, 2))
	received, given := swatch(), swatch()
	key := func(mark fyne.CanvasObject, text string) fyne.CanvasObject {
		t := widget.NewLabel(text)
		t.Importance = widget.LowImportance
		return container.NewHBox(container.NewCenter(mark), t)
	}
	box := container.NewHBox(key(received, app.T("Received")), key(given, app.T("Given")), key(line, app.T("Goal")))
	paint := func() {
		received.FillColor, given.FillColor, line.FillColor = receivedColor(), givenColor(), goalColor()
		for _, r := range []*canvas.Rectangle{received, given, line} {
			r.Refresh()
		}
	}
	paint()
	return &legendRenderer{WidgetRenderer: widget.NewSimpleRenderer(box), paint: paint}
}

type legendRenderer struct {
	fyne.WidgetRenderer
	paint func()
}

// Refresh paints the keys again: the theme may have changed.
func (r *legendRenderer) Refresh() {
	r.paint()
	r.WidgetRenderer.Refresh()
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

func (r *barChartRenderer) Layout(size fyne.Size) {
	n := len(r.chart.bars)
	if n == 0 {
		return
	}
	top := 2 * theme.CaptionTextSize()
	bottom := 2 * theme.CaptionTextSize()
	plot := size.Height - top - bottom
	scale := r.chart.goal
	for _, b := range r.chart.bars {
		scale = max(scale, b.dark, b.light)
	}
	scale = max(scale, 1)
	slot := size.Width / float32(n)
	barW := slot * 0.3
	h := func(v int) float32 { return plot * float32(v) / float32(scale) }
	for i, b := range r.chart.bars {
		x := slot * float32(i)
		for j, v := range []int{b.dark, b.light} {
			rect := r.rects[2*i+j]
			rect.Resize(fyne.NewSize(barW, h(v)))
			rect.Move(fyne.NewPos(x+slot*0.15+float32(j)*barW, top+plot-h(v)))
		}
		r.labels[i].Resize(fyne.NewSize(slot, bottom))
		r.labels[i].Move(fyne.NewPos(x, top+plot))
		r.counts[i].Resize(fyne.NewSize(slot, top))
		r.counts[i].Move(fyne.NewPos(x, top+plot-max(h(b.dark), h(b.light))-top))
	}
	y := top + plot - h(r.chart.goal)
	r.goal.Position1, r.goal.Position2 = fyne.NewPos(0, y), fyne.NewPos(size.Width, y)
}

func (r *barChartRenderer) MinSize() fyne.Size { return fyne.NewSize(320, 160) }

func (r *barChartRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.chart.Size())
	canvas.Refresh(r.chart)
}

func (r *barChartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *barChartRenderer) Destroy()                     {}

// meter is a progress bar whose empty part reads as empty: a neutral
// track, the done part in the theme's colour, the words over it. (Fyne's
// progress bar fades the theme's colour for its track, which in the warm
// themes looks full at 0 %.)
type meter struct {
	widget.BaseWidget
	value float64 // 0 to 1
	text  string
}

func newMeter() *meter {
	m := &meter{}
	m.ExtendBaseWidget(m)
	return m
}

// set shows a fraction done, with the words said over it.
func (m *meter) set(value float64, text string) {
	m.value, m.text = max(0, min(1, value)), text
	m.Refresh()
}

func (m *meter) CreateRenderer() fyne.WidgetRenderer {
	r := &meterRenderer{m: m, track: canvas.NewRectangle(nil), done: canvas.NewRectangle(nil), label: canvas.NewText("", nil)}
	r.label.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

type meterRenderer struct {
	m           *meter
	track, done *canvas.Rectangle
	label       *canvas.Text
}

func (r *meterRenderer) Layout(size fyne.Size) {
	r.track.Resize(size)
	r.done.Resize(fyne.NewSize(size.Width*float32(r.m.value), size.Height))
	r.label.Resize(size)
}

func (r *meterRenderer) MinSize() fyne.Size {
	return fyne.NewSize(r.label.MinSize().Width+4*theme.Padding(), r.label.MinSize().Height+2*theme.Padding())
}

func (r *meterRenderer) Refresh() {
	r.track.FillColor = theme.Color(theme.ColorNameInputBorder)
	r.track.CornerRadius = theme.InputRadiusSize()
	r.done.FillColor = withAlpha(theme.Color(theme.ColorNamePrimary), 0xB0)
	r.done.CornerRadius = theme.InputRadiusSize()
	r.label.Text, r.label.Color = r.m.text, theme.Color(theme.ColorNameForeground)
	r.Layout(r.m.Size())
	canvas.Refresh(r.m)
}

func (r *meterRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.track, r.done, r.label}
}
func (r *meterRenderer) Destroy() {}
