//go:build race

package ui

// raceDetector is set in a -race build: the walk through every screen
// in every language runs there in German only (the plain run does all
// four), which keeps make test well inside its time.
const raceDetector = true
