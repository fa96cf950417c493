package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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

// Every button with only an icon says what it does when the pointer
// rests on it; the Gifts screen's icon is not a plus.
func TestIconButtonsHaveTips(t *testing.T) {
	u, _ := withSample(t)
	// Every icon-only button of the app's own is a tipButton with words.
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for i, line := range strings.Split(string(src), "\n") {
			if strings.Contains(line, `NewButtonWithIcon("",`) && !strings.Contains(line, "its words are set below") {
				t.Errorf("%s:%d: a button with an icon and no words: use newIconButton and say what it does", f, i+1)
			}
			if strings.Contains(line, `newIconButton(`) && strings.Contains(line, `, "",`) {
				t.Errorf("%s:%d: an icon button with no tip", f, i+1)
			}
		}
	}
	if u.giftsItem.Icon.Name() == theme.ContentAddIcon().Name() {
		t.Error("the Gifts screen's icon is a plus")
	}
	b := u.today.openButton(1)
	w := test.NewTempWindow(t, b)
	b.MouseIn(&desktop.MouseEvent{})
	if top := w.Canvas().Overlays().Top(); top == nil || !hasText(top, "Open the contact") {
		t.Error("resting on an icon button shows no tip")
	}
	b.MouseOut()
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the tip stays after the pointer leaves")
	}
}

// The goals' legend shows the bars' own colours, in dark as in light;
// the referral month's meter is empty at 0 % and full at 100 %.
func TestChartsSayWhatTheyShow(t *testing.T) {
	for _, appearance := range []string{AppearanceLight, AppearanceDark} {
		test.NewTempApp(t).Settings().SetTheme(&warmTheme{appearance: appearance})
		legend := newChartLegend()
		test.NewTempWindow(t, legend)
		rects := []*canvas.Rectangle{}
		find(legend, func(r *canvas.Rectangle) bool { rects = append(rects, r); return false })
		chart := newBarChart()
		chart.set([]bar{{label: "Nov", dark: 3, light: 1}}, 0)
		test.NewTempWindow(t, chart)
		bars := []*canvas.Rectangle{}
		find(chart, func(r *canvas.Rectangle) bool { bars = append(bars, r); return false })
		if len(rects) < 2 || len(bars) < 2 || rects[0].FillColor != bars[0].FillColor || rects[1].FillColor != bars[1].FillColor {
			t.Errorf("%s: the legend's colours are not the bars'", appearance)
		}
	}
	m := newMeter()
	w := test.NewTempWindow(t, m)
	w.Resize(fyne.NewSize(400, 40))
	m.set(0, "0 % asked")
	r := test.WidgetRenderer(m).(*meterRenderer)
	if r.done.Size().Width != 0 {
		t.Errorf("at 0 %% the meter is %v full", r.done.Size().Width)
	}
	m.set(1, "100 % asked")
	if r.done.Size().Width != r.track.Size().Width {
		t.Error("at 100 % the meter is not full")
	}
}

// "and N more…" on Today opens that section whole, in place, and Show
// fewer closes it: it never throws the owner into an unfiltered list.
func TestTodayMoreOpensInPlace(t *testing.T) {
	u, _ := withSample(t)
	td := u.today
	if td.overN <= todayRows {
		t.Skipf("the sample has %d people to get in touch with, not more than %d", td.overN, todayRows)
	}
	more, ok := find(td.overdue, func(h *widget.Hyperlink) bool { return strings.HasPrefix(h.Text, "and ") })
	if !ok {
		t.Fatal("no “and N more…” under Keep in touch")
	}
	more.OnTapped() // as a click on its words does
	if u.tabs.Selected() != u.todayItem {
		t.Fatal("“and N more…” left Today")
	}
	called := 0
	find(td.overdue, func(b *widget.Button) bool {
		if b.Text == "Called" {
			called++
		}
		return false
	})
	if called != td.overN {
		t.Fatalf("opened, Keep in touch shows %d of %d", called, td.overN)
	}
	fewer, ok := find(td.overdue, func(h *widget.Hyperlink) bool { return h.Text == "Show fewer" })
	if !ok {
		t.Fatal("no Show fewer")
	}
	fewer.OnTapped()
	if _, ok := find(td.overdue, func(h *widget.Hyperlink) bool { return strings.HasPrefix(h.Text, "and ") }); !ok {
		t.Error("Show fewer did not close the section")
	}
}

// Help → Keyboard Shortcuts lists every shortcut of the menus, and
// README's table has each of them.
func TestKeyboardShortcutsListed(t *testing.T) {
	u, _ := withSample(t)
	rows := u.shortcutRows()
	readme, _ := os.ReadFile("../README.md")
	for _, m := range u.menu.Items {
		for _, item := range m.Items {
			sc, ok := item.Shortcut.(*desktop.CustomShortcut)
			if !ok {
				continue
			}
			keys, listed := keysText(sc), false
			for _, r := range rows {
				listed = listed || r[0] == keys && strings.Contains(r[1], item.Label)
			}
			if !listed {
				t.Errorf("%s → %s (%s) is not in the shortcuts list", m.Label, item.Label, keys)
			}
			if k := strings.TrimPrefix(keys, "Ctrl+"); !strings.Contains(string(readme), "| "+keys+" |") && !(k >= "1" && k <= "7") {
				t.Errorf("README's keyboard table has no %s", keys)
			}
		}
	}
	u.showShortcuts()
	if top := u.window.Canvas().Overlays().Top(); top == nil || !hasText(top, "Edit → Undo") {
		t.Error("Help → Keyboard Shortcuts shows no list")
	}
}
