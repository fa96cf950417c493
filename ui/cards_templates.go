package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app/cards"

	"github.com/referable/referable/app"
)

// onEditTemplate edits the selected template, or a copy of it.
func (t *cardsTab) onEditTemplate(copying bool) {
	tpl, ok := t.selectedTemplate()
	if !ok {
		return
	}
	title := widget.NewEntry()
	purpose := widget.NewSelect(labelsOf(cards.Purposes), nil)
	front := widget.NewEntry()
	inside := widget.NewMultiLineEntry()
	inside.Wrapping = fyne.TextWrapWord
	inside.SetMinRowsVisible(8)
	title.SetText(tpl.Title)
	purpose.SetSelected(tpl.Purpose.Label())
	front.SetText(tpl.Front)
	inside.SetText(tpl.Inside)
	dialogTitle := app.Tf("Edit “%s”", tpl.Title)
	if copying {
		title.SetText(app.Tf("%s (copy)", tpl.Title))
		dialogTitle = app.Tf("Copy “%s”", tpl.Title)
	}
	var fields []string
	for _, f := range cards.Fields {
		fields = append(fields, "{"+f.Name+"} "+app.T(f.Help))
	}
	help := widget.NewLabel(app.Tf("Merge fields: %s. When a field may be empty, say what to write instead, {referral_name|the friend you sent}, or leave its line out: {gift?}.",
		strings.Join(fields, "; ")))
	help.Wrapping = fyne.TextWrapWord
	help.Importance = widget.LowImportance
	items := []*widget.FormItem{
		widget.NewFormItem(app.T("Title"), title),
		widget.NewFormItem(app.T("Purpose"), purpose),
		widget.NewFormItem(app.T("Greeting"), front),
		widget.NewFormItem(app.T("Message"), inside),
		widget.NewFormItem("", wrapped(help)),
	}
	var extra []fyne.CanvasObject
	var d dialog.Dialog
	if !copying && (tpl.Edited || !tpl.Builtin) {
		label := app.T("Delete Template")
		if tpl.Builtin {
			label = app.T("Reset to Original")
		}
		del := widget.NewButtonWithIcon(label, theme.DeleteIcon(), func() {
			if err := t.svc.Cards.DeleteTemplate(context.Background(), tpl.Name); err != nil {
				showError(err, t.window)
				return
			}
			d.Hide()
			t.load()
		})
		del.Importance = widget.DangerImportance
		extra = append(extra, del)
	}
	d = formDialog(t.window, dialogTitle, app.T("Save"), items, func() error {
		next := tpl
		next.Title, next.Front, next.Inside = title.Text, front.Text, inside.Text
		if i := purpose.SelectedIndex(); i >= 0 {
			next.Purpose = cards.Purposes[i]
		}
		if copying {
			next.Name, next.Builtin, next.Edited = t.freeName(title.Text), false, false
		}
		if err := t.svc.Cards.SaveTemplate(context.Background(), &next); err != nil {
			return err
		}
		t.load()
		for i, tp := range t.templates {
			if tp.Name == next.Name {
				t.template.SetSelectedIndex(i)
			}
		}
		return nil
	}, extra...)
}

// freeName makes a name for a copied template that no template has.
func (t *cardsTab) freeName(title string) string {
	base := cards.NameFromTitle(title)
	if base == "" {
		base = "my-card"
	}
	taken := map[string]bool{}
	for _, tp := range t.templates {
		taken[tp.Name] = true
	}
	name := base
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	return name
}
