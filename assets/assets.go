// Package assets embeds what the app ships besides code: the icon now,
// and the card fonts with their licences as they arrive.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app icon: a referral tree.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
