package ui

import (
	"context"
	"math"
	"slices"
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
	nav    navigator

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
	return &settingsTab{app: a, svc: svc, window: w, nav: nav, backups: &backupsSection{svc: svc, window: w, nav: nav}}
}

func (s *settingsTab) buildUI() fyne.CanvasObject {
	s.ownerName = widget.NewEntry()
	s.ownerName.SetPlaceHolder(app.T("Sam Rivera"))
	s.signature = widget.NewEntry()
	s.signature.SetPlaceHolder(app.T("How you sign cards, e.g. Sam"))
	s.businessName = widget.NewEntry()
	s.businessName.SetPlaceHolder(app.T("Rivera Plumbing & Heating"))
	s.returnAddress = widget.NewMultiLineEntry()
	s.returnAddress.SetPlaceHolder(app.T("The return address printed on envelopes"))
	s.returnAddress.SetMinRowsVisible(4)
	s.currency = widget.NewSelectEntry(currencies)
	s.paper = widget.NewRadioGroup([]string{app.PaperLetter, app.PaperA4}, nil)
	s.paper.Horizontal = true
	s.weekStart = widget.NewRadioGroup([]string{app.WeekdayName(time.Sunday), app.WeekdayName(time.Monday)}, nil)
	s.weekStart.Horizontal = true
	s.appearance = widget.NewSelect(appearanceNames, func(string) {
		choice := appearances[max(0, s.appearance.SelectedIndex())]
		s.app.Preferences().SetString(prefAppearance, choice)
		s.app.Settings().SetTheme(&warmTheme{appearance: choice})
	})
	s.appearance.SetSelectedIndex(max(0, slices.Index(appearances, s.app.Preferences().StringWithFallback(prefAppearance, AppearanceSystem))))
	s.cooldown, s.gentle = widget.NewEntry(), widget.NewEntry()
	s.askPS = widget.NewMultiLineEntry()
	s.askPS.Wrapping = fyne.TextWrapWord
	s.askPS.SetMinRowsVisible(2)
	s.askPS.SetPlaceHolder(app.T("Empty: no P.S."))
	s.mailLead = widget.NewEntry()
	s.offsetX, s.offsetY = widget.NewEntry(), widget.NewEntry()
	s.giftBudget = widget.NewEntry()
	s.giftBudget.SetPlaceHolder(app.T("e.g. 600 (empty: no budget)"))
	s.tagCadences = widget.NewEntry()
	s.tagCadences.SetPlaceHolder(app.T("e.g. vip: 60, realtor: 90"))
	s.leap = widget.NewRadioGroup(leapNames, nil)
	s.leap.Horizontal = true
	s.status = widget.NewLabel("")
	s.status.Importance = widget.SuccessImportance

	form := widget.NewForm(
		widget.NewFormItem(app.T("Your name"), s.ownerName),
		widget.NewFormItem(app.T("Signature"), s.signature),
		widget.NewFormItem(app.T("Business name"), s.businessName),
		widget.NewFormItem(app.T("Return address"), s.returnAddress),
		widget.NewFormItem(app.T("Currency"), s.currency),
		widget.NewFormItem(app.T("Paper size"), s.paper),
		widget.NewFormItem(app.T("Week starts on"), s.weekStart),
		widget.NewFormItem(app.T("Ask again after"), container.NewBorder(nil, nil, nil, widget.NewLabel(app.T("days")), s.cooldown)),
		widget.NewFormItem(app.T("Gentle follow-up"), container.NewBorder(nil, nil, nil, widget.NewLabel(app.T("days")), s.gentle)),
		widget.NewFormItem(app.T("Referral P.S."), s.askPS),
		widget.NewFormItem(app.T("Post takes"), container.NewBorder(nil, nil, nil, widget.NewLabel(app.T("days")), s.mailLead)),
		widget.NewFormItem(app.T("Feb 29 birthdays"), s.leap),
		widget.NewFormItem(app.T("Keep in touch by tag"), s.tagCadences),
		widget.NewFormItem(app.T("Gift budget a year"), s.giftBudget),
		widget.NewFormItem(app.T("Printer offset"), container.NewGridWithColumns(2,
			container.NewBorder(nil, nil, nil, widget.NewLabel(app.T("mm right")), s.offsetX),
			container.NewBorder(nil, nil, nil, widget.NewLabel(app.T("mm down")), s.offsetY))),
	)
	form.Items[4].HintText = app.T("A three-letter code, used for referral values and gift costs")
	form.Items[5].HintText = app.T("For cards and envelopes; the default follows your region")
	form.Items[7].HintText = app.T("Asking the same person too often feels pushy")
	form.Items[8].HintText = app.T("Days after an unanswered ask: one reminder, then the matter rests")
	form.Items[9].HintText = app.T("Birthday and anniversary cards carry it ({ask_ps}) only when it is fine to ask again; such a card counts as an ask")
	form.Items[10].HintText = app.T("A card reminder comes this many days before the day; a contact can have their own")
	form.Items[11].HintText = app.T("Where they fall in years without a Feb 29")
	form.Items[12].HintText = app.T("Days between touches for everyone with the tag")
	form.Items[14].HintText = app.T("If a test print lands off, move everything by this much (negative: left or up)")
	wrapHints(form)
	save := widget.NewButtonWithIcon(app.T("Save Settings"), theme.DocumentSaveIcon(), s.onSave)
	save.Importance = widget.HighImportance

	heading := widget.NewLabelWithStyle(app.T("Settings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	dbLabel := widget.NewLabel(app.Tf("Your database: %s", s.svc.DBPath))
	dbLabel.Importance = widget.LowImportance
	dbLabel.Wrapping = fyne.TextWrapBreak
	choice, note := s.languageChoice()
	language := widget.NewFormItem(app.T("Language"), choice)
	language.HintText = app.T("Referable speaks the language chosen from its next start")
	display := wrapHints(widget.NewForm(widget.NewFormItem(app.T("Appearance"), s.appearance), language))
	backups := s.backups.buildUI()
	s.load()
	return container.NewVScroll(container.NewPadded(container.NewVBox(
		heading, form, container.NewHBox(save, s.status), widget.NewSeparator(),
		widget.NewLabelWithStyle(app.T("This computer"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), display, note, dbLabel,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(app.T("Backups"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), backups,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(app.T("Sync"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.buildSync())))
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
	s.leap.SetSelected(leapNames[map[bool]int{false: 0, true: 1}[st.LeapOnMarch1]])
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
	}{{s.cooldown, &st.AskCooldownDays, app.T("Ask again after")}, {s.gentle, &st.GentleAfterDays, app.T("Gentle follow-up")}, {s.mailLead, &st.MailLeadDays, app.T("Post takes")}} {
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
	}{{s.offsetX, &st.PrintOffsetX, app.T("Printer offset right")}, {s.offsetY, &st.PrintOffsetY, app.T("Printer offset down")}} {
		mm, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(f.entry.Text), ",", "."), 64)
		if err != nil {
			showError(app.Errorf(app.EINVALID, "%s: %q is not a number of millimetres, such as 1.5 or -2.", f.label, f.entry.Text), s.window)
			return
		}
		*f.field = int(math.Round(mm * 10))
	}
	st.LeapOnMarch1 = s.leap.Selected == leapNames[1]
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
	ApplyDateStyle(s.svc)
	if err := s.saveCadences(cadences); err != nil {
		showError(err, s.window)
		return
	}
	s.load()
	s.status.SetText(app.T("Saved"))
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

// languageChoice chooses the language Referable speaks: the system's, or
// one of its own. Fyne reads the language once, as it starts, so the
// choice is kept for the next start, and the window says so.
func (s *settingsTab) languageChoice() (*widget.Select, *widget.Label) {
	codes := []string{""}
	names := []string{app.Tf("As the system (%s)", tongueName(SystemLanguage()))}
	for _, t := range Tongues {
		codes, names = append(codes, t.Code), append(names, t.Name)
	}
	choice := widget.NewSelect(names, nil)
	note := widget.NewLabel("")
	note.Importance = widget.WarningImportance
	note.Hide()
	choice.SetSelectedIndex(max(0, slices.Index(codes, ChosenLanguage())))
	choice.OnChanged = func(string) {
		code := codes[max(0, choice.SelectedIndex())]
		if err := ChooseLanguage(code); err != nil {
			showError(err, s.window)
			return
		}
		next := code
		if next == "" {
			next = SystemLanguage()
		}
		if next == Language {
			note.Hide()
			return
		}
		note.SetText(app.Tf("Close Referable and open it again to see it in %s.", tongueName(next)))
		note.Show()
	}
	return choice, note
}
