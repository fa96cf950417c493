package ui

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/jeandeaual/go-locale"

	"github.com/referable/referable/app"
	"github.com/referable/referable/assets"
)

// A Tongue is a language Referable speaks: its two letters and its name
// in itself.
type Tongue struct{ Code, Name string }

// Tongues are the languages Referable speaks, each complete (the
// translations test keeps them so).
var Tongues = []Tongue{{"en", "English"}, {"de", "Deutsch"}, {"fr", "Français"}, {"es", "Español"}}

func speaks(code string) bool {
	for _, t := range Tongues {
		if t.Code == code {
			return true
		}
	}
	return false
}

// languageFile keeps the language chosen in Settings: it belongs to the
// computer, as the appearance does, and the command line reads it too,
// so it is a file of its own rather than a Fyne preference. Empty, or
// no file, is the system's language.
func languageFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "referable", "language"), nil
}

// ChosenLanguage is the language chosen in Settings: "" follows the
// system. REFERABLE_LANGUAGE, when set, chooses for this run.
func ChosenLanguage() string {
	if code := strings.TrimSpace(os.Getenv("REFERABLE_LANGUAGE")); code != "" {
		return code
	}
	path, err := languageFile()
	if err != nil {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	if code := strings.TrimSpace(string(b)); speaks(code) {
		return code
	}
	return ""
}

// ChooseLanguage keeps the language for the next start ("" follows the
// system). Fyne reads the language once, as it starts: the window speaks
// the new one after a restart.
func ChooseLanguage(code string) error {
	if code != "" && !speaks(code) {
		return app.Errorf(app.EINVALID, "Referable does not speak %q.", code)
	}
	path, err := languageFile()
	if err != nil {
		return err
	}
	if code == "" {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(code+"\n"), 0o600)
}

// SystemLanguage is the first of the system's languages Referable
// speaks, or English.
func SystemLanguage() string {
	all, _ := locale.GetLocales()
	for _, l := range all {
		base, _, _ := strings.Cut(strings.ReplaceAll(l, "_", "-"), "-")
		if base = strings.ToLower(base); speaks(base) {
			return base
		}
	}
	return "en"
}

// SetUpLanguage makes Referable speak the chosen language, or the
// system's: Fyne's own words (its dialogs' buttons, the file dialog)
// and Referable's, with its dates written as that language does. It is
// called once, before any window or text is made.
func SetUpLanguage() string {
	code := ChosenLanguage()
	if code == "" {
		code = SystemLanguage()
	}
	if !speaks(code) {
		code = "en"
	}
	// Fyne picks the language from the system's list as it loads
	// translations; where the system says so by LANGUAGE (Linux and the
	// BSDs), name ours first, keeping the region for dates and money.
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" && runtime.GOOS != "android" && runtime.GOOS != "ios" {
		region, _ := locale.GetRegion()
		tag := code
		if region != "" {
			tag += "_" + strings.ToUpper(region)
		}
		os.Setenv("LANGUAGE", tag)
	}
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		fyne.LogError("Referable's translations", err)
	}
	// Where Fyne reads the system some other way (Windows, macOS) or
	// not at all (the C locale), it may still have picked another of
	// its languages: lay ours over whichever it can pick.
	if lang.L(languageKey) != code {
		words, err := assets.Translations.ReadFile("translations/" + code + ".json")
		if err == nil {
			overlay := []string{"en"}
			all, _ := locale.GetLocales()
			for _, l := range all {
				base, _, _ := strings.Cut(strings.ReplaceAll(l, "_", "-"), "-")
				overlay = append(overlay, strings.ToLower(base))
			}
			for _, tag := range overlay {
				if tag != code {
					_ = lang.AddTranslationsForLocale(words, fyne.Locale(tag))
				}
			}
		}
	}
	Language = code
	app.Speak(app.Words{
		T:    func(s string) string { return lang.L(s) },
		Form: func(one, other string, n int) string { return lang.LocalizePluralKey(other, other, n) },
	})
	return code
}

// languageKey names, in each translation, the language it is in.
const languageKey = "referable.language"

// tongueName is a language's name in itself, as Settings lists it.
func tongueName(code string) string {
	for _, t := range Tongues {
		if t.Code == code {
			return t.Name
		}
	}
	return code
}
