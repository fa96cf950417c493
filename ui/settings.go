package ui

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

const prefAppearance = "appearance"

var currencies = []string{"USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY", "INR", "MXN", "BRL", "ZAR"}

// settingsTab edits the owner's details and preferences.
type settingsTab struct {
	app    fyne.App
	svc    Services
	window fyne.Window

	ownerName, signature, businessName *widget.Entry
	returnAddress                      *widget.Entry
	currency                           *widget.SelectEntry
	paper, weekStart                   *widget.RadioGroup
	appearance                         *widget.Select
	status                             *widget.Label
	cooldown, gentle                   *widget.Entry
	askPS                              *widget.Entry
	mailLead, tagCadences, giftBudget  *widget.Entry
	offsetX, offsetY                   *widget.Entry
	leap                               *widget.RadioGroup

	loaded app.Settings // as last read, so fields shown elsewhere survive a save

	backups *backupsSection
}

func newSettingsTab(a fyne.App, svc Services, w fyne.Window, nav navigator) *settingsTab {
	return &settingsTab{app: a, svc: svc, window: w, backups: &backupsSection{svc: svc, window: w, nav: nav}}
}

func (s *settingsTab) buildUI() fyne.CanvasObject {
	s.ownerName = widget.NewEntry()
	s.ownerName.SetPlaceHolder("Sam Rivera")
	s.signature = widget.NewEntry()
	s.signature.SetPlaceHolder("How you sign cards, e.g. Sam")
	s.businessName = widget.NewEntry()
	s.businessName.SetPlaceHolder("Rivera Plumbing & Heating")
	s.returnAddress = widget.NewMultiLineEntry()
	s.returnAddress.SetPlaceHolder("The return address printed on envelopes")
	s.returnAddress.SetMinRowsVisible(4)
	s.currency = widget.NewSelectEntry(currencies)
	s.paper = widget.NewRadioGroup([]string{app.PaperLetter, app.PaperA4}, nil)
	s.paper.Horizontal = true
	s.weekStart = widget.NewRadioGroup([]string{app.WeekdayName(time.Sunday), app.WeekdayName(time.Monday)}, nil)
	s.weekStart.Horizontal = true
	s.appearance = widget.NewSelect([]string{AppearanceSystem, AppearanceLight, AppearanceDark}, func(choice string) {
		s.app.Preferences().SetString(prefAppearance, choice)
		s.app.Settings().SetTheme(&warmTheme{appearance: choice})
	})
	s.appearance.SetSelected(s.app.Preferences().StringWithFallback(prefAppearance, AppearanceSystem))
	s.cooldown, s.gentle = widget.NewEntry(), widget.NewEntry()
	s.askPS = widget.NewMultiLineEntry()
	s.askPS.Wrapping = fyne.TextWrapWord
	s.askPS.SetMinRowsVisible(2)
	s.askPS.SetPlaceHolder("Empty: no P.S.")
	s.mailLead = widget.NewEntry()
	s.offsetX, s.offsetY = widget.NewEntry(), widget.NewEntry()
	s.giftBudget = widget.NewEntry()
	s.giftBudget.SetPlaceHolder("e.g. 600 (empty: no budget)")
	s.tagCadences = widget.NewEntry()
	s.tagCadences.SetPlaceHolder("e.g. vip: 60, realtor: 90")
	s.leap = widget.NewRadioGroup([]string{"February 28", "March 1"}, nil)
	s.leap.Horizontal = true
	s.status = widget.NewLabel("")
	s.status.Importance = widget.SuccessImportance

	form := widget.NewForm(
		widget.NewFormItem("Your name", s.ownerName),
		widget.NewFormItem("Signature", s.signature),
		widget.NewFormItem("Business name", s.businessName),
		widget.NewFormItem("Return address", s.returnAddress),
		widget.NewFormItem("Currency", s.currency),
		widget.NewFormItem("Paper size", s.paper),
		widget.NewFormItem("Week starts on", s.weekStart),
		widget.NewFormItem("Ask again after", container.NewBorder(nil, nil, nil, widget.NewLabel("days"), s.cooldown)),
		widget.NewFormItem("Gentle follow-up", container.NewBorder(nil, nil, nil, widget.NewLabel("days after an unanswered ask"), s.gentle)),
		widget.NewFormItem("Referral P.S.", s.askPS),
		widget.NewFormItem("Post takes", container.NewBorder(nil, nil, nil, widget.NewLabel("days"), s.mailLead)),
		widget.NewFormItem("Feb 29 birthdays", s.leap),
		widget.NewFormItem("Keep in touch by tag", s.tagCadences),
		widget.NewFormItem("Gift budget a year", s.giftBudget),
		widget.NewFormItem("Printer offset", container.NewGridWithColumns(2,
			container.NewBorder(nil, nil, nil, widget.NewLabel("mm right"), s.offsetX),
			container.NewBorder(nil, nil, nil, widget.NewLabel("mm down"), s.offsetY))),
	)
	form.Items[4].HintText = "A three-letter code, used for referral values and gift costs"
	form.Items[5].HintText = "For cards and envelopes; the default follows your region"
	form.Items[7].HintText = "Asking the same person too often feels pushy"
	form.Items[8].HintText = "One reminder, then the matter rests"
	form.Items[9].HintText = "Birthday and anniversary cards carry it ({ask_ps}) only when it is fine to ask again; such a card counts as an ask"
	form.Items[10].HintText = "A card reminder comes this many days before the day; a contact can have their own"
	form.Items[11].HintText = "Where they fall in years without a Feb 29"
	form.Items[12].HintText = "Days between touches for everyone with the tag"
	form.Items[14].HintText = "If a test print lands off, move everything by this much (negative: left or up)"
	save := widget.NewButtonWithIcon("Save Settings", theme.DocumentSaveIcon(), s.onSave)
	save.Importance = widget.HighImportance

	heading := widget.NewLabelWithStyle("Settings", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	dbLabel := widget.NewLabel("Your database: " + s.svc.DBPath)
	dbLabel.Importance = widget.LowImportance
	dbLabel.Wrapping = fyne.TextWrapBreak
	display := widget.NewForm(widget.NewFormItem("Appearance", s.appearance))
	backups := s.backups.buildUI()
	s.load()
	return container.NewVScroll(container.NewPadded(container.NewVBox(
		heading, form, container.NewHBox(save, s.status), widget.NewSeparator(),
		widget.NewLabelWithStyle("This computer", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), display, dbLabel,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Backups", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), backups)))
}

// load shows the stored settings.
func (s *settingsTab) load() {
	st, err := s.svc.Settings.Settings(context.Background())
	if err != nil {
		showError(err, s.window)
		return
	}
	s.loaded = st
	s.ownerName.SetText(st.OwnerName)
	s.signature.SetText(st.Signature)
	s.businessName.SetText(st.BusinessName)
	s.returnAddress.SetText(st.ReturnAddress)
	s.currency.SetText(st.Currency)
	s.paper.SetSelected(st.PaperSize)
	s.weekStart.SetSelected(app.WeekdayName(st.WeekStart))
	s.cooldown.SetText(strconv.Itoa(st.AskCooldownDays))
	s.gentle.SetText(strconv.Itoa(st.GentleAfterDays))
	s.askPS.SetText(st.AskPS)
	s.mailLead.SetText(strconv.Itoa(st.MailLeadDays))
	s.offsetX.SetText(strconv.FormatFloat(float64(st.PrintOffsetX)/10, 'f', -1, 64))
	s.offsetY.SetText(strconv.FormatFloat(float64(st.PrintOffsetY)/10, 'f', -1, 64))
	s.giftBudget.SetText(st.GiftBudget.Plain(st.Currency))
	s.leap.SetSelected(map[bool]string{false: "February 28", true: "March 1"}[st.LeapOnMarch1])
	if cad, err := s.svc.Calendar.TagCadences(context.Background()); err == nil {
		s.tagCadences.SetText(app.FormatCadences(cad))
	}
	s.status.SetText("")
	s.backups.load()
}

func (s *settingsTab) onSave() {
	st := s.loaded
	st.OwnerName, st.Signature, st.BusinessName = s.ownerName.Text, s.signature.Text, s.businessName.Text
	st.ReturnAddress, st.Currency, st.PaperSize = s.returnAddress.Text, s.currency.Text, s.paper.Selected
	st.AskPS = s.askPS.Text
	st.WeekStart = time.Monday
	if s.weekStart.Selected == app.WeekdayName(time.Sunday) {
		st.WeekStart = time.Sunday
	}
	for _, f := range []struct {
		entry *widget.Entry
		field *int
		label string
	}{{s.cooldown, &st.AskCooldownDays, "Ask again after"}, {s.gentle, &st.GentleAfterDays, "Gentle follow-up"}, {s.mailLead, &st.MailLeadDays, "Post takes"}} {
		n, err := strconv.Atoi(strings.TrimSpace(f.entry.Text))
		if err != nil {
			showError(app.Errorf(app.EINVALID, "%s: %q is not a number of days.", f.label, f.entry.Text), s.window)
			return
		}
		*f.field = n
	}
	for _, f := range []struct {
		entry *widget.Entry
		field *int
		label string
	}{{s.offsetX, &st.PrintOffsetX, "Printer offset right"}, {s.offsetY, &st.PrintOffsetY, "Printer offset down"}} {
		mm, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(f.entry.Text), ",", "."), 64)
		if err != nil {
			showError(app.Errorf(app.EINVALID, "%s: %q is not a number of millimetres, such as 1.5 or -2.", f.label, f.entry.Text), s.window)
			return
		}
		*f.field = int(math.Round(mm * 10))
	}
	st.LeapOnMarch1 = s.leap.Selected == "March 1"
	budget, err := app.ParseMoney(s.giftBudget.Text, st.Currency)
	if err != nil {
		showError(app.Errorf(app.EINVALID, "Gift budget: %s", app.ErrorMessage(err)), s.window)
		return
	}
	st.GiftBudget = budget
	cadences, err := app.ParseCadences(s.tagCadences.Text)
	if err != nil {
		showError(err, s.window)
		return
	}
	if err := s.svc.Settings.SaveSettings(context.Background(), st); err != nil {
		showError(err, s.window)
		return
	}
	applyDateStyle(s.svc)
	if err := s.saveCadences(cadences); err != nil {
		showError(err, s.window)
		return
	}
	s.load()
	s.status.SetText("Saved")
}

// saveCadences sets the tag cadences typed and clears the ones removed.
func (s *settingsTab) saveCadences(want map[string]int) error {
	ctx := context.Background()
	have, err := s.svc.Calendar.TagCadences(ctx)
	if err != nil {
		return err
	}
	for tag := range have {
		if _, ok := want[tag]; !ok {
			if err := s.svc.Calendar.SetTagCadence(ctx, tag, 0); err != nil {
				return err
			}
		}
	}
	for tag, days := range want {
		if err := s.svc.Calendar.SetTagCadence(ctx, tag, days); err != nil {
			return err
		}
	}
	return nil
}
