// Package fynelocale gives Fyne a locale it can read, before Fyne reads
// it: the one place the app mends the environment for Fyne.
//
// Fyne reads the locale while its packages start (fyne.io/fyne/v2/lang's
// init), and cannot parse "C.UTF-8", which is how most servers,
// containers and CI run: every command, even one that opens no window,
// then logged "Fyne error: Error parsing user locale C" three times. The
// plain C and POSIX locales it reads as English. This package is imported
// by main for its init, which Go runs before Fyne's: it imports nothing
// that Fyne does, and its path sorts before golang.org/x/text, which
// Fyne's lang package waits for (TestNoFyneLogsOnTheCommandLine keeps it
// so).
package fynelocale

import (
	"os"
	"strings"
)

func init() { Mend() }

// Mend sets the environment so Fyne reads the C locales as English and
// the window's text input stays UTF-8; other locales are left alone.
func Mend() {
	locale := ""
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = os.Getenv(env); locale != "" {
			break
		}
	}
	if locale == "" && os.Getenv("LC_CTYPE") == "" {
		// No locale at all: keyboard input in the window needs UTF-8.
		os.Setenv("LANG", "C.UTF-8")
		locale = "C.UTF-8"
	}
	base, _, _ := strings.Cut(locale, ".")
	if (base == "C" || base == "POSIX") && locale != base && os.Getenv("LANGUAGE") == "" {
		// LANGUAGE names only the language of messages: Fyne reads it
		// where the locale is a C one with a charset, gettext likewise.
		os.Setenv("LANGUAGE", "en")
	}
}
