package ui

import (
	"time"

	"github.com/zalando/go-keyring"
)

// In tests every step of the background seam runs on the test's own
// goroutine, in order: slow work at once, its result at once, the
// preview without waiting, the daily schedule once.
func init() {
	inBackground = func(work func()) { work() }
	onUI = func(f func()) { f() }
	afterDelay = func(_ time.Duration, f func()) func() { f(); return func() {} }
	daily = func(_ time.Duration, f func() bool) { f() }
	periodically = func(_ time.Duration, _ func() time.Duration, f func() bool) { f() }
	keyring.MockInit() // the tests keep no password in the computer's keyring
}
