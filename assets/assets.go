// Package assets embeds what the app ships besides code: the icon, and
// the card fonts (their licences are in fonts/).
package assets

import (
	"embed"
	"fmt"
	"unicode"

	"fyne.io/fyne/v2"
	"github.com/go-fonts/liberation/liberationsansregular"

	"github.com/referable/referable/app/cards"
)

//go:embed icon.png
var iconPNG []byte

// Translations are the interface's words in each language Referable
// speaks, as go-i18n JSON: translations/en.json, de.json, fr.json and
// es.json, the English text the key of each.
//
//go:embed translations/*.json
var Translations embed.FS

// Icon is the app icon: a referral tree.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

//go:embed icons/gift.svg
var giftSVG []byte

// GiftIcon is a wrapped present, for the Gifts screen: an SVG in one
// colour, which the theme paints as it does its own icons.
var GiftIcon = fyne.NewStaticResource("gift.svg", giftSVG)

// droidSansFallback is 4 MB: embedded as bytes, it is not copied when
// read. (gofpdf writes zeros into a font's padding between tables while
// it cuts a subset, so the bytes must be writable: not a string.)
//
//go:embed fonts/DroidSansFallbackFull.ttf
var droidSansFallback []byte

// The fonts, each embedded as bytes as droidSansFallback is: a font
// read from an embed.FS is copied onto the heap, which a batch of
// 10,000 cards feels.
var (
	//go:embed fonts/Caveat-Regular.ttf
	caveat []byte
	//go:embed fonts/PatrickHand-Regular.ttf
	patrickHand []byte
	//go:embed fonts/DancingScript-Regular.ttf
	dancingScript []byte
	//go:embed fonts/PlaypenSans-Regular.ttf
	playpenSans []byte
	//go:embed fonts/Kalam-Regular.ttf
	kalam []byte
	//go:embed fonts/ArefRuqaa-Regular.ttf
	arefRuqaa []byte
	//go:embed fonts/PlaypenSansHebrew-Regular.ttf
	playpenSansHebrew []byte
	//go:embed fonts/NotoEmoji-Regular.ttf
	notoEmoji []byte
)

// HandwritingFonts are the card fonts by name, in the order offered.
var HandwritingFonts = []struct {
	Name string
	TTF  []byte
}{
	{"Caveat", caveat},
	{"Patrick Hand", patrickHand},
	{"Dancing Script", dancingScript},
}

var (
	//go:embed fonts/Gaegu-Regular.ttf
	gaegu []byte
	//go:embed fonts/Yomogi-Regular.ttf
	yomogi []byte
)

// ScriptFonts are handwriting fonts for the scripts the hands lack, in
// the order they are tried for a character: Greek, Devanagari, Arabic,
// Hebrew, Korean, and Yomogi for Japanese and Chinese (a hand's kanji; what it
// lacks falls to Droid Sans Fallback).
var ScriptFonts = []struct {
	Name    string
	TTF     func() ([]byte, error)
	Scripts []*unicode.RangeTable // what it is used for: its own script only
	Shape   bool                  // its script is shaped and drawn as glyphs
}{
	{"Playpen Sans", bytesOf(playpenSans), []*unicode.RangeTable{unicode.Greek}, false},
	{"Kalam", bytesOf(kalam), []*unicode.RangeTable{unicode.Devanagari}, true},
	{"Aref Ruqaa", bytesOf(arefRuqaa), []*unicode.RangeTable{unicode.Arabic}, true},
	{"Playpen Sans Hebrew", bytesOf(playpenSansHebrew), []*unicode.RangeTable{unicode.Hebrew}, true},
	{"Gaegu", bytesOf(gaegu), []*unicode.RangeTable{unicode.Hangul, cards.CJKPunctuation}, false},
	{"Yomogi", bytesOf(yomogi), []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, cards.CJKPunctuation}, false},
	{"Noto Emoji", bytesOf(notoEmoji), []*unicode.RangeTable{cards.Emoji}, true}, // monochrome outlines, drawn as glyphs
}

func bytesOf(b []byte) func() ([]byte, error) { return func() ([]byte, error) { return b, nil } }

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
			return f.TTF, nil
		}
	}
	for _, f := range ScriptFonts {
		if f.Name == name {
			return f.TTF()
		}
	}
	return nil, fmt.Errorf("there is no card font %q", name)
}

// CardFontBook is the font book cards are set from: the handwriting
// fonts, then the script hands, then Liberation Sans, then Droid Sans
// Fallback.
func CardFontBook() *cards.FontBook {
	hands := make([]string, len(HandwritingFonts))
	for i, f := range HandwritingFonts {
		hands[i] = f.Name
	}
	scripts := make([]cards.ScriptFont, len(ScriptFonts))
	for i, f := range ScriptFonts {
		scripts[i] = cards.ScriptFont{Name: f.Name, Scripts: f.Scripts, Shape: f.Shape}
	}
	return cards.NewFontBook(CardFont, hands, scripts, AddressFont, FallbackFont)
}
