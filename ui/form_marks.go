package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// fieldMarks shows a form's problems where they are: each field's
// message at the field, all at once, the first one in view and focused.
// A field's mark goes as soon as it is typed in.
type fieldMarks struct {
	targets map[app.Field]markTarget
	marked  []markTarget
	said    []string // the messages marked, in order
}

// markTarget is one field as marks see it: how to say its problem, how
// to clear it, where to take the owner.
type markTarget struct {
	set   func(err error) // nil clears
	focus fyne.Focusable
	at    fyne.CanvasObject // what to scroll into view
}

// entryTarget marks an entry: its own red edge and, in a form, the
// message under it.
func entryTarget(e *widget.Entry, focus fyne.Focusable, at fyne.CanvasObject) markTarget {
	return markTarget{set: func(err error) {
		e.AlwaysShowValidationError = err != nil
		if err == nil && e.Validator != nil {
			err = e.Validator(e.Text)
		}
		if err != nil {
			err = errors.New(app.ErrorMessage(err)) // the form shows Error(): the words, not the code
		}
		e.SetValidationError(err)
	}, focus: focus, at: at}
}

// labelTarget marks a field that is not an entry by a message beside it.
func labelTarget(l *widget.Label, focus fyne.Focusable, at fyne.CanvasObject) markTarget {
	l.Importance = widget.DangerImportance
	l.SizeName = theme.SizeNameCaptionText // as a form says an entry's mistake
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return markTarget{set: func(err error) {
		if err == nil {
			l.Hide()
			return
		}
		l.SetText(app.ErrorMessage(err))
		l.Show()
	}, focus: focus, at: at}
}

// mark shows problems, clearing the last ones; it returns the first
// problem's target (ok false when none has one).
func (m *fieldMarks) mark(problems []app.FieldProblem) (markTarget, bool) {
	m.clear()
	var first markTarget
	found := false
	for _, p := range problems {
		t, ok := m.targets[p.Field]
		if !ok {
			continue
		}
		t.set(p.Err)
		m.marked = append(m.marked, t)
		m.said = append(m.said, app.ErrorMessage(p.Err))
		if !found {
			first, found = t, true
		}
	}
	return first, found
}

// clear takes every mark away.
func (m *fieldMarks) clear() {
	for _, t := range m.marked {
		t.set(nil)
	}
	m.marked, m.said = nil, nil
}

// clearField takes one field's mark away (it is being typed in).
func (m *fieldMarks) clearField(f app.Field) {
	if t, ok := m.targets[f]; ok {
		t.set(nil)
	}
}

// problemCount says in one line how many fields need attention.
func problemCount(n int) string {
	return app.TN("%d field needs attention: it is marked below.", "%d fields need attention: each is marked below.", n)
}
