package ui

import (
	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

// initChoices words the choices screens offer in the owner's language:
// set once the language is, before any screen is built. What is stored
// of a choice never depends on its words.
var leapNames []string

func initChoices() {
	toChosen, toTag, toOccasions = cards.ToChosen.Label(), cards.ToTag.Label(), cards.ToComing.Label()
	toMonth, toDue = cards.ToMonth.Label(), cards.ToDue.Label()
	recipientSources = []string{toChosen, toTag, toOccasions, toDue, toMonth}
	sourceOf = map[string]cards.Source{toChosen: cards.ToChosen, toTag: cards.ToTag,
		toOccasions: cards.ToComing, toMonth: cards.ToMonth, toDue: cards.ToDue}
	variationNames = []string{app.T("Off"), app.T("Subtle"), app.T("Natural")}
	inkNames = []string{app.T("Blue-black"), app.T("Blue"), app.T("Black")}
	allKinds, allTags = app.T("All kinds"), app.T("All tags")
	kindChoices = []string{allKinds, app.T("Clients"), app.T("Referrers"), app.T("Prospects"), app.T("Partners")}
	showOpen, showAll = app.T("Open (New, Contacted, Meeting)"), app.T("All referrals")
	sidesPrinter, sidesManual = app.T("The printer prints both sides"), app.T("I turn the sheets over myself")
	turnRight, turnLeft = app.T("Turned right"), app.T("Turned left")
	wholeCard = app.T("Whole card")
	panelViews = []previewView{{app.T("Greeting"), cards.PanelFront}, {app.T("Message"), cards.PanelInside}, {app.T("Address"), cards.PanelAddress}}
	appearanceNames = []string{app.T("Follow the system"), app.T("Light"), app.T("Dark")}
	leapNames = []string{app.T("February 28"), app.T("March 1")}
}
