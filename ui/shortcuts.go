package ui

import (
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// Keys that are not on a menu, as the shortcuts list names them.
var otherShortcuts = [][2]string{
	{"Delete", app.N("Move the chosen contact to the trash (in the contacts list)")},
	{"Enter", app.N("Pick the first match (a contact search, the Cards screen's name search)")},
	{"Escape", app.N("Close a dialog (its Cancel or Close) or a list, when no field has the cursor")},
	{"Tab / Shift+Tab", app.N("Next and previous field")},
}

// shortcutRows lists every shortcut of the menus, in their order, then
// the keys that are not on a menu: what Help → Keyboard Shortcuts shows.
func (u *mainUI) shortcutRows() [][2]string {
	var rows [][2]string
	for _, m := range u.menu.Items {
		for _, item := range m.Items {
			if sc, ok := item.Shortcut.(*desktop.CustomShortcut); ok {
				rows = append(rows, [2]string{keysText(sc), m.Label + " → " + item.Label})
			}
		}
	}
	for _, o := range otherShortcuts {
		rows = append(rows, [2]string{keyName(o[0]), app.T(o[1])})
	}
	return rows
}

// keysText writes a shortcut as the keyboard says it: Ctrl+N (⌘N on a
// Mac).
func keysText(sc *desktop.CustomShortcut) string {
	var mods []string
	if sc.Modifier&fyne.KeyModifierControl != 0 {
		mods = append(mods, app.T("Ctrl"))
	}
	if sc.Modifier&fyne.KeyModifierSuper != 0 {
		mods = append(mods, map[bool]string{true: "⌘", false: app.T("Super")}[runtime.GOOS == "darwin"])
	}
	if sc.Modifier&fyne.KeyModifierAlt != 0 {
		mods = append(mods, app.T("Alt"))
	}
	if sc.Modifier&fyne.KeyModifierShift != 0 {
		mods = append(mods, app.T("Shift"))
	}
	key := keyName(string(sc.KeyName))
	switch sc.KeyName {
	case fyne.KeySlash:
		key = "/"
	case fyne.KeyComma:
		key = ","
	}
	return strings.Join(append(mods, key), "+")
}

// showShortcuts lists every keyboard shortcut.
func (u *mainUI) showShortcuts() {
	grid := container.New(layout.NewFormLayout())
	for _, r := range u.shortcutRows() {
		keys := widget.NewLabelWithStyle(r[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true, Monospace: true})
		what := widget.NewLabel(r[1])
		what.Wrapping = fyne.TextWrapWord
		grid.Add(keys)
		grid.Add(what)
	}
	scroll := container.NewVScroll(grid)
	scroll.SetMinSize(fyne.NewSize(560, 440))
	dialog.ShowCustom(app.T("Keyboard Shortcuts"), app.T("Close"), scroll, u.window)
}

// keyName is a key as the owner's keyboard names it: Delete is "Entf"
// on a German one.
func keyName(key string) string {
	switch key {
	case "Delete":
		return app.Tc("key", "Delete")
	case "Enter":
		return app.Tc("key", "Enter")
	case "Escape":
		return app.Tc("key", "Escape")
	case "Tab / Shift+Tab":
		return app.Tc("key", "Tab / Shift+Tab")
	}
	return key
}
