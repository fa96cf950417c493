// Package assets embeds what the app ships besides code: the icon, and
// the card fonts (their licences are in fonts/).
package assets

import (
	"embed"
	"fmt"

	"fyne.io/fyne/v2"
	"github.com/go-fonts/liberation/liberationsansregular"

	"github.com/referable/referable/app/cards"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app icon: a referral tree.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

//go:embed fonts/*.ttf
var fonts embed.FS

// droidSansFallback is 4 MB: embedded as bytes, it is not copied when read.
//
//go:embed fonts/DroidSansFallbackFull.ttf
var droidSansFallback []byte

// HandwritingFonts are the card fonts by name, in the order offered.
var HandwritingFonts = []struct{ Name, File string }{
	{"Caveat", "fonts/Caveat-Regular.ttf"},
	{"Patrick Hand", "fonts/PatrickHand-Regular.ttf"},
	{"Dancing Script", "fonts/DancingScript-Regular.ttf"},
}

// Fonts for what is not handwriting: addresses are set in a plain sans
// (Liberation Sans, metric-compatible with Arial), and characters no other
// font has — Chinese, Japanese, Korean — in Droid Sans Fallback.
const (
	AddressFont  = "Liberation Sans"
	FallbackFont = "Droid Sans Fallback"
)

// CardFont returns the TrueType file of a card font by name.
func CardFont(name string) ([]byte, error) {
	switch name {
	case AddressFont:
		return liberationsansregular.TTF, nil
	case FallbackFont:
		return droidSansFallback, nil
	}
	for _, f := range HandwritingFonts {
		if f.Name == name {
			return fonts.ReadFile(f.File)
		}
	}
	return nil, fmt.Errorf("there is no card font %q", name)
}

// CardFontBook is the font book cards are set from: the handwriting
// fonts, then Liberation Sans, then Droid Sans Fallback.
func CardFontBook() *cards.FontBook {
	hands := make([]string, len(HandwritingFonts))
	for i, f := range HandwritingFonts {
		hands[i] = f.Name
	}
	return cards.NewFontBook(CardFont, hands, AddressFont, FallbackFont)
}
