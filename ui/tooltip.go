package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tipButton is a button with only an icon, which says what it does when
// the pointer rests on it: Fyne's buttons have no tooltip of their own.
type tipButton struct {
	widget.Button
	Tip string

	tip    *widget.PopUp
	cancel func() // the pending show
}

// tipDelay is how long the pointer rests before the tip shows.
var tipDelay = 600 * time.Millisecond

// newIconButton is an icon-only button with a tooltip.
func newIconButton(icon fyne.Resource, tip string, tapped func()) *tipButton {
	b := &tipButton{Tip: tip}
	b.Icon, b.OnTapped = icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

var _ desktop.Hoverable = (*tipButton)(nil)

// MouseIn shows the tip once the pointer has rested.
func (b *tipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	if b.cancel != nil {
		b.cancel()
	}
	b.cancel = afterDelay(tipDelay, b.showTip)
}

// MouseOut hides it.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	if b.cancel != nil {
		b.cancel()
		b.cancel = nil
	}
	b.hideTip()
}

// Tapped hides the tip (and one about to show) and does what the
// button does.
func (b *tipButton) Tapped(e *fyne.PointEvent) {
	if b.cancel != nil {
		b.cancel()
		b.cancel = nil
	}
	b.hideTip()
	b.Button.Tapped(e)
}

func (b *tipButton) showTip() {
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil || b.Tip == "" || !b.Visible() {
		return
	}
	b.hideTip()
	text := widget.NewLabel(b.Tip)
	text.SizeName = theme.SizeNameCaptionText
	b.tip = widget.NewPopUp(text, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
	size := b.tip.MinSize()
	x := min(pos.X, c.Size().Width-size.Width)
	y := pos.Y + b.Size().Height + 2
	if y+size.Height > c.Size().Height {
		y = pos.Y - size.Height - 2 // above, at the window's foot
	}
	b.tip.ShowAtPosition(fyne.NewPos(max(x, 0), y))
}

func (b *tipButton) hideTip() {
	if b.tip != nil {
		b.tip.Hide()
		b.tip = nil
	}
}
