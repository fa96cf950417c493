package ui

import (
	"errors"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// dateField is a date as the owner writes it: shown in their words ("14
// September 1992", "September 14"), typed as they like ("14/9/1992",
// "14 Sept"), or picked on a calendar; a birthday may have no year.
// The text is checked as it is typed, its mistake said under it.
type dateField struct {
	widget.Entry
	noYear bool // a date without its year is allowed (a birthday)
	popUp  *widget.PopUp
	// now is today, where the calendar opens for an empty field.
	now func() time.Time
}

// newDateField makes a date field; noYear lets a date go without its
// year.
func newDateField(noYear bool, now func() time.Time) *dateField {
	f := &dateField{noYear: noYear, now: now}
	f.ExtendBaseWidget(f)
	example := app.Date{Year: 1992, Month: time.September, Day: 14}
	if noYear {
		f.SetPlaceHolder(app.Tf("%s, or %s if the year is unknown", example.Long(), app.Date{Month: example.Month, Day: example.Day}.Long()))
	} else {
		f.SetPlaceHolder(app.Tf("e.g. %s", example.Long()))
	}
	f.Validator = func(string) error {
		_, err := f.Date()
		if err != nil {
			return errors.New(app.ErrorMessage(err))
		}
		return nil
	}
	pick := newIconButton(theme.CalendarIcon(), app.T("Choose on a calendar"), f.openCalendar)
	pick.Importance = widget.LowImportance
	f.ActionItem = pick
	return f
}

// SetDate shows a date in the owner's words.
func (f *dateField) SetDate(d app.Date) { f.SetText(d.Long()) }

// Date reads the date typed; zero when empty.
func (f *dateField) Date() (app.Date, error) {
	d, err := app.ParseTypedDate(f.Text)
	if err != nil {
		return d, err
	}
	if !f.noYear && !d.IsZero() && !d.HasYear() {
		return d, app.Errorf(app.EINVALID, "Give the year too: %s.", app.Date{Year: f.now().Year(), Month: d.Month, Day: d.Day}.Long())
	}
	return d, nil
}

// openCalendar shows a calendar under the field, at the date typed (or
// today), with the year to choose and, for a birthday, No year.
func (f *dateField) openCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(f)
	if c == nil || f.Disabled() {
		return
	}
	shown, _ := f.Date()
	noYear := widget.NewCheck(app.T("No year"), nil)
	noYear.SetChecked(f.noYear && !shown.IsZero() && !shown.HasYear())
	start := f.now()
	if !shown.IsZero() {
		y := shown.Year
		if y == 0 {
			y = start.Year()
		}
		start = time.Date(y, shown.Month, shown.Day, 0, 0, 0, 0, time.UTC)
	}
	var years []string
	for y := f.now().Year() + 5; y >= 1900; y-- {
		years = append(years, strconv.Itoa(y))
	}
	year := widget.NewSelect(years, nil)
	holder := container.NewStack()
	var show func(t time.Time)
	pick := func(t time.Time) {
		d := app.DateOf(t)
		if noYear.Checked {
			d.Year = 0
		}
		f.SetDate(d)
		f.popUp.Hide()
		if f.OnChanged != nil {
			f.OnChanged(f.Text)
		}
	}
	show = func(t time.Time) {
		year.OnChanged = nil
		year.SetSelected(strconv.Itoa(t.Year()))
		year.OnChanged = func(s string) {
			y, _ := strconv.Atoi(s)
			show(time.Date(y, t.Month(), 1, 0, 0, 0, 0, time.UTC))
		}
		holder.Objects = []fyne.CanvasObject{widget.NewCalendar(t, pick)}
		holder.Refresh()
	}
	show(start)
	clear := widget.NewButton(app.T("Clear"), func() {
		f.SetText("")
		f.popUp.Hide()
		if f.OnChanged != nil {
			f.OnChanged("")
		}
	})
	top := []fyne.CanvasObject{widget.NewLabel(app.T("Year")), year}
	if f.noYear {
		top = append(top, noYear)
	}
	body := container.NewBorder(container.NewHBox(top...), container.NewHBox(clear), nil, nil, holder)
	f.popUp = widget.NewPopUp(body, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f)
	f.popUp.ShowAtPosition(pos.Add(fyne.NewPos(0, f.Size().Height)))
	f.popUp.Resize(fyne.NewSize(max(f.Size().Width, 320), f.popUp.MinSize().Height))
}
