package main

import (
	"bytes"
	"os"
	"testing"
)

// The table Referable reads is the one the library's data makes: a new
// version of the library (or a hand edit) shows here.
func TestPostalTableIsGenerated(t *testing.T) {
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../app/cards/postal.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("app/cards/postal.json is not what scripts/genpostal makes: run go run ./scripts/genpostal > app/cards/postal.json")
	}
}
