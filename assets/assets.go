// Package assets embeds what the app ships besides code: the icon, and
// the card fonts (their licences are in fonts/).
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app icon: a referral tree.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

//go:embed fonts/*.ttf
var fonts embed.FS

// HandwritingFonts are the card fonts by name, in the order offered.
var HandwritingFonts = []struct{ Name, File string }{
	{"Caveat", "fonts/Caveat-Regular.ttf"},
	{"Patrick Hand", "fonts/PatrickHand-Regular.ttf"},
	{"Dancing Script", "fonts/DancingScript-Regular.ttf"},
}

// Font returns an embedded font file.
func Font(file string) ([]byte, error) { return fonts.ReadFile(file) }
