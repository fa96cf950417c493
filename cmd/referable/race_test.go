//go:build race

package main

// raceDetector is set in a -race build: the kill and memory tests measure
// the program itself, so they run in the plain build (make test runs
// them there).
const raceDetector = true
