package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// Enter in the contact picker picks the match typed.
func TestContactPickerEnterPicks(t *testing.T) {
	u, svc := withSample(t)
	var picked app.ContactSummary
	pickContact(u.window, svc.Contacts, "Choose", 0, func(c app.ContactSummary) { picked = c })
	top := u.window.Canvas().Overlays().Top()
	search, _ := find(top, func(e *widget.Entry) bool { return e.PlaceHolder == "Type a name…" })
	test.Type(search, "Zoë Mü")
	search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if picked.Name != "Zoë Müller" {
		t.Fatalf("Enter picked %+v", picked)
	}
	_ = context.Background()
}
