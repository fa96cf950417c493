package ui

import (
	"time"

	"fyne.io/fyne/v2"
)

// The one seam between the UI goroutine and slow work. Screens start
// slow work with inBackground and hand every result back with onUI;
// a pause before work (the preview's wait while the owner types) goes
// through afterDelay. The app runs them as goroutines, fyne.Do and a
// timer; tests replace them so each step runs on the test's goroutine,
// in order, and the race detector has nothing to find.
var (
	inBackground = func(work func()) { go work() }
	onUI         = fyne.Do
	afterDelay   = func(d time.Duration, f func()) (cancel func()) {
		t := time.AfterFunc(d, func() { onUI(f) })
		return func() { t.Stop() }
	}
	// daily runs f off the UI goroutine after first, then once a day
	// for as long as f says to go on.
	daily = func(first time.Duration, f func() (again bool)) {
		go func() {
			time.Sleep(first)
			for f() {
				time.Sleep(24 * time.Hour)
			}
		}()
	}
)
