package app

import "fmt"

// T says a text in the owner's language: the English text is the key.
// The window and the command line set it (to Fyne's lang.L) before
// anything is shown; left alone, as in tests, the text stays English.
var T = func(s string) string { return s }

// TN says a text that counts, in the owner's language, with the count
// in it ("%d card" for one, "%d cards" for more, or the forms the
// language has). Left alone, it chooses between English's two.
var TN = func(one, other string, n int) string {
	if n == 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(other, n)
}

// Tf is T with the text's verbs filled in, as fmt.Sprintf does; a
// translation may take them in another order (%[2]s before %[1]s).
func Tf(format string, args ...any) string { return fmt.Sprintf(T(format), args...) }
