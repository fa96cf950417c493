package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Appearance choices, kept in the app's preferences (they belong to this
// computer, not to the database); appearanceNames words them, in the
// same order (initChoices).
const (
	AppearanceSystem = "Follow the system"
	AppearanceLight  = "Light"
	AppearanceDark   = "Dark"
)

var (
	appearances     = []string{AppearanceSystem, AppearanceLight, AppearanceDark}
	appearanceNames []string
)

// warmTheme is Referable's look: cream paper and terracotta ink in the
// light, warm charcoal in the dark, with roomier text for reading.
type warmTheme struct {
	appearance string
}

var _ fyne.Theme = (*warmTheme)(nil)

func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

func rgba(hex uint32, a uint8) color.NRGBA {
	c := rgb(hex)
	c.A = a
	return c
}

var lightColors = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          rgb(0xFAF6F0),
	theme.ColorNameForeground:          rgb(0x2B2622),
	theme.ColorNamePrimary:             rgb(0xB5542D),
	theme.ColorNameForegroundOnPrimary: rgb(0xFFFFFF),
	theme.ColorNameButton:              rgb(0xEFE6DA),
	theme.ColorNameDisabledButton:      rgb(0xEDE7DF),
	theme.ColorNameDisabled:            rgb(0xA89F95),
	theme.ColorNameInputBackground:     rgb(0xFFFDF9),
	theme.ColorNameInputBorder:         rgb(0xD9CCBC),
	theme.ColorNameHeaderBackground:    rgb(0xF3EBE0),
	theme.ColorNameMenuBackground:      rgb(0xFFFDF9),
	theme.ColorNameOverlayBackground:   rgb(0xFFFDF9),
	theme.ColorNamePlaceHolder:         rgb(0x8A7F74),
	theme.ColorNameHover:               rgba(0xB5542D, 0x1A),
	theme.ColorNamePressed:             rgba(0xB5542D, 0x33),
	theme.ColorNameFocus:               rgba(0xB5542D, 0x66),
	theme.ColorNameSelection:           rgba(0xB5542D, 0x33),
	theme.ColorNameSeparator:           rgb(0xE6DCCF),
	theme.ColorNameScrollBar:           rgba(0x2B2622, 0x55),
	theme.ColorNameHyperlink:           rgb(0x9A4424),
	theme.ColorNameSuccess:             rgb(0x4C8A4C),
	theme.ColorNameWarning:             rgb(0xC8902A),
	theme.ColorNameError:               rgb(0xB3261E),
}

var darkColors = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          rgb(0x221D19),
	theme.ColorNameForeground:          rgb(0xEFE7DE),
	theme.ColorNamePrimary:             rgb(0xE08A5F),
	theme.ColorNameForegroundOnPrimary: rgb(0x221D19),
	theme.ColorNameButton:              rgb(0x3A312A),
	theme.ColorNameDisabledButton:      rgb(0x2E2722),
	theme.ColorNameDisabled:            rgb(0x6F655C),
	theme.ColorNameInputBackground:     rgb(0x2B2520),
	theme.ColorNameInputBorder:         rgb(0x4A4038),
	theme.ColorNameHeaderBackground:    rgb(0x2B241F),
	theme.ColorNameMenuBackground:      rgb(0x2B2520),
	theme.ColorNameOverlayBackground:   rgb(0x2B2520),
	theme.ColorNamePlaceHolder:         rgb(0x9C8F83),
	theme.ColorNameHover:               rgba(0xE08A5F, 0x1F),
	theme.ColorNamePressed:             rgba(0xE08A5F, 0x3D),
	theme.ColorNameFocus:               rgba(0xE08A5F, 0x73),
	theme.ColorNameSelection:           rgba(0xE08A5F, 0x40),
	theme.ColorNameSeparator:           rgb(0x3A322B),
	theme.ColorNameScrollBar:           rgba(0xEFE7DE, 0x55),
	theme.ColorNameHyperlink:           rgb(0xF0A57E),
	theme.ColorNameSuccess:             rgb(0x7DBB7D),
	theme.ColorNameWarning:             rgb(0xE3B257),
	theme.ColorNameError:               rgb(0xF2867E),
}

func (t *warmTheme) Color(name fyne.ThemeColorName, variant fyne.ThemeVariant) color.Color {
	switch t.appearance {
	case AppearanceLight:
		variant = theme.VariantLight
	case AppearanceDark:
		variant = theme.VariantDark
	}
	colors := lightColors
	if variant == theme.VariantDark {
		colors = darkColors
	}
	if c, ok := colors[name]; ok {
		return c
	}
	return theme.DefaultTheme().Color(name, variant)
}

func (t *warmTheme) Font(style fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(style) }

func (t *warmTheme) Icon(name fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(name)
}

func (t *warmTheme) Size(name fyne.ThemeSizeName) float32 {
	switch name {
	case theme.SizeNameText:
		return 14
	case theme.SizeNameHeadingText:
		return 22
	case theme.SizeNameSubHeadingText:
		return 17
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 6
	}
	return theme.DefaultTheme().Size(name)
}
