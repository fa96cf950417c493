package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/assets"
)

// unknownTexts are the texts the window asked to translate that no
// translation has: a text built from pieces, or a value given to T.
var unknownTexts = struct {
	sync.Mutex
	seen map[string]string
}{seen: map[string]string{}}

// TestMain runs the window's tests with a T that notes every text it is
// asked for that English (and so every language) lacks, and fails the
// run when there is one: the extractor reads the code's literals, this
// catches what is only known when the window runs.
func TestMain(m *testing.M) {
	keys := map[string]bool{}
	b, err := assets.Translations.ReadFile("translations/en.json")
	if err == nil {
		var raw map[string]json.RawMessage
		err = json.Unmarshal(b, &raw)
		for k := range raw {
			keys[k] = true
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "en.json:", err)
		os.Exit(2)
	}
	app.Speak(app.Words{T: func(s string) string {
		if !keys[s] {
			unknownTexts.Lock()
			unknownTexts.seen[s] = "T"
			unknownTexts.Unlock()
		}
		return s
	}, Form: func(one, other string, n int) string {
		if !keys[other] {
			unknownTexts.Lock()
			unknownTexts.seen[other] = "TN"
			unknownTexts.Unlock()
		}
		if n == 1 {
			return one
		}
		return other
	}})
	code := m.Run()
	if len(unknownTexts.seen) > 0 {
		var list []string
		for s, how := range unknownTexts.seen {
			list = append(list, fmt.Sprintf("%s(%q)", how, s))
		}
		sort.Strings(list)
		fmt.Fprintf(os.Stderr, "FAIL: the window asked to translate %d texts no translation has:\n  %s\n", len(list), strings.Join(list, "\n  "))
		code = 1
	}
	os.Exit(code)
}

// TestWindowSpeaksEachLanguage opens the window in each language
// Referable ships, through Fyne's own lang package as the app does, and
// visits every screen: nothing may be missing (Fyne logs "Translation
// failure" for a missing text), and the screens read in the language.
func TestWindowSpeaksEachLanguage(t *testing.T) {
	want := map[string][]string{
		"en": {"Today", "Contacts", "Referrals", "Settings", "Language"},
		"de": {"Heute", "Kontakte", "Empfehlungen", "Einstellungen", "Sprache"},
		"fr": {"Aujourd'hui", "Contacts", "Recommandations", "Réglages", "Langue"},
		"es": {"Hoy", "Contactos", "Recomendaciones", "Ajustes", "Idioma"},
	}
	inEachLanguage(t, "de", func(t *testing.T, tongue Tongue, u *mainUI, logged *bytes.Buffer) {
		seen := map[string]bool{}
		for _, item := range u.tabs.Items {
			u.tabs.Select(item)
			texts(u.window.Canvas(), seen)
		}
		u.showShortcuts()
		texts(u.window.Canvas(), seen)
		for _, w := range want[tongue.Code] {
			if !seen[w] {
				t.Errorf("the window in %s shows no %q", tongue.Name, w)
			}
		}
		if strings.Contains(logged.String(), "Translation failure") {
			t.Errorf("Fyne could not translate:\n%s", logged.String())
		}
	})
}

// inEachLanguage opens the window on the sample business in each
// language (the race build in raceTongue only: it is slow) and hands it
// to fn, with what Fyne logged.
func inEachLanguage(t *testing.T, raceTongue string, fn func(t *testing.T, tongue Tongue, u *mainUI, logged *bytes.Buffer)) {
	for _, tongue := range Tongues {
		t.Run(tongue.Code, func(t *testing.T) {
			if raceDetector && tongue.Code != raceTongue {
				t.Skipf("the race build opens the window in %s only; the plain build in every language", raceTongue)
			}
			var logged bytes.Buffer
			speak(t, tongue.Code, &logged)
			u, _ := withSample(t)
			fn(t, tongue, u, &logged)
		})
	}
}

// TestWindowFitsALaptop: in every language the window can be made as
// small as 1024×600 (a 1280-pixel laptop screen at 125 %): no screen's
// sections, headings or titles hold it wider or taller. French, German
// and Spanish words once held it at 1,270 to 1,400 pixels, wider than
// many laptops' screens.
func TestWindowFitsALaptop(t *testing.T) {
	inEachLanguage(t, "fr", func(t *testing.T, tongue Tongue, u *mainUI, _ *bytes.Buffer) {
		for _, item := range u.tabs.Items {
			u.tabs.Select(item)
			if m := u.window.Content().MinSize(); m.Width > 1024 || m.Height > 600 {
				t.Errorf("in %s, on %s, the window cannot be smaller than %.0f×%.0f", tongue.Name, item.Text, m.Width, m.Height)
			}
		}
	})
}

// TestDatesAndMoneyFollowTheLanguage: German writes "22. November" and
// "1.250,00 €"; French "22 novembre"; Spanish "22 de noviembre".
func TestDatesAndMoneyFollowTheLanguage(t *testing.T) {
	day := app.Date{Year: 2026, Month: time.November, Day: 22}
	for code, want := range map[string][2]string{
		"de": {"Sonntag, 22. November", "1.250,00\u00a0€"},
		"fr": {"dimanche 22 novembre", "1\u00a0250,00\u00a0€"},
		"es": {"domingo, 22 de noviembre", "1.250,00\u00a0€"},
	} {
		speak(t, code, nil)
		app.Dates = app.StyleFor(code, "")
		app.SetNumberStyle(code, "")
		if got := day.WithWeekday(false); got != want[0] {
			t.Errorf("%s: %q, want %q", code, got, want[0])
		}
		if got := app.Money(125000).Format("EUR"); got != want[1] {
			t.Errorf("%s: %q, want %q", code, got, want[1])
		}
		if d, err := app.ParseTypedDate(want[0][strings.Index(want[0], "22"):]); err != nil || d.Month != time.November || d.Day != 22 {
			t.Errorf("%s: %q reads as %v (%v)", code, want[0], d, err)
		}
	}
}

// TestLanguageChoiceIsKept: Settings keeps the language chosen for the
// next start, and "as the system" forgets it.
func TestLanguageChoiceIsKept(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("REFERABLE_LANGUAGE", "")
	u, _ := withSample(t)
	choice, note := u.settings.languageChoice()
	choice.SetSelected("Deutsch")
	if ChosenLanguage() != "de" || !note.Visible() || !strings.Contains(note.Text, "Deutsch") {
		t.Fatalf("chose Deutsch: kept %q, note %q (shown %v)", ChosenLanguage(), note.Text, note.Visible())
	}
	choice.SetSelectedIndex(0)
	if ChosenLanguage() != "" {
		t.Fatalf("as the system: kept %q", ChosenLanguage())
	}
	if err := ChooseLanguage("tlh"); err == nil {
		t.Fatal("a language Referable does not speak was kept")
	}
}

// speak sets Referable up in a language as main does, noting Fyne's log
// in logged, and puts English back after the test.
func speak(t *testing.T, code string, logged *bytes.Buffer) {
	t.Helper()
	t.Setenv("REFERABLE_LANGUAGE", code)
	t.Setenv("LANGUAGE", "")
	if logged != nil {
		log.SetOutput(logged)
	}
	before := app.Speak(app.English)
	app.Speak(before)
	SetUpLanguage()
	t.Cleanup(func() {
		log.SetOutput(os.Stderr)
		os.Setenv("LANGUAGE", "en")
		en, _ := assets.Translations.ReadFile("translations/en.json")
		_ = lang.AddTranslationsForLocale(en, fyne.Locale("en")) // Fyne's own words in English again
		app.Speak(before)
		Language = "en"
		app.Dates = app.EnglishDates(true)
		app.SetNumberStyle("en", "US")
	})
}

// texts notes every text drawn on the canvas, its overlays included.
func texts(c fyne.Canvas, seen map[string]bool) {
	for _, o := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
		find(o, func(x *canvas.Text) bool { seen[x.Text] = true; return false })
		find(o, func(l *widget.Label) bool { seen[l.Text] = true; return false })
		find(o, func(b *widget.Button) bool { seen[b.Text] = true; return false })
	}
}
