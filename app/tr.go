package app

import (
	"fmt"
	"strings"
	"sync/atomic"
)

// Words are how texts are said in the owner's language: T a text, Form
// the form of a text that counts. The window and the command line set
// them (to Fyne's lang) before anything is shown, with Speak; left
// alone, as in tests, texts stay English.
type Words struct {
	T    func(text string) string
	Form func(one, other string, n int) string
}

// English is Words that say every text as written.
var English = Words{T: func(s string) string { return s }, Form: func(one, other string, n int) string {
	if n == 1 {
		return one
	}
	return other
}}

var words atomic.Pointer[Words]

func init() { words.Store(&English) }

// Speak makes texts be said with w from now on, and returns the words
// said before (safe while other goroutines are saying texts).
func Speak(w Words) Words {
	return *words.Swap(&w)
}

// T says a text in the owner's language: the English text is the key.
func T(s string) string { return words.Load().T(s) }

// Form is the form of a text that counts n things, in the owner's
// language: one's or other's translation, or another form the
// language has.
func Form(one, other string, n int) string { return words.Load().Form(one, other, n) }

// TN says a text that counts, in the owner's language, with the count
// in it: "%d card" for one, "%d cards" for more.
func TN(one, other string, n int) string {
	form := Form(one, other, n)
	if !strings.Contains(form, "%") {
		return form // "the card was": the count goes without saying
	}
	return fmt.Sprintf(form, n)
}

// TNf is TN for a text with more in it than its count: the form is
// chosen by n and filled with args, as fmt.Sprintf does.
func TNf(one, other string, n int, args ...any) string {
	return fmt.Sprintf(Form(one, other, n), args...)
}

// Tf is T with the text's verbs filled in, as fmt.Sprintf does; a
// translation may take them in another order (%[2]s before %[1]s).
func Tf(format string, args ...any) string { return fmt.Sprintf(T(format), args...) }

// N marks a text to translate where it is shown, not where it is
// written: a table's English words, set before the owner's language is
// known, each given to T when it is put on screen.
func N(s string) string { return s }

// Tc says a text that reads differently in another language by where
// it is used: Tc("gift status", "Given") and the tab of referrals given
// share their English, not their French. Its key is the text with its
// context: "Given (gift status)".
func Tc(context, text string) string {
	key := text + " (" + context + ")"
	if s := T(key); s != key {
		return s
	}
	return text
}
