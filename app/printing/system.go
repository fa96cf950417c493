package printing

import (
	"runtime"

	"github.com/referable/referable/app"
)

// ThroughSystem reports whether this system prints through its own PDF
// handler (Windows) rather than CUPS: Referable then hands it the PDF,
// and the owner chooses the printer and "actual size" in its dialog.
var ThroughSystem = runtime.GOOS == "windows"

// SystemNote is what the owner is told when printing goes through the
// system's PDF handler, in their language.
func SystemNote() string {
	return app.T("On Windows, Referable opens the cards in your PDF viewer's Print dialog: choose your printer, set the size to \"Actual size\" (not \"Fit\"), and choose the paper the cards are on.")
}
