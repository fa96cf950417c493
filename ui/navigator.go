package ui

import (
	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

// navigator is how one screen asks for another: "open contact N",
// "prepare a card for N with template T". Each screen is given it when
// it is made, and reaches other screens only through it, never through
// their fields; the window (mainUI) is the one navigator.
type navigator interface {
	// openContact shows one contact's page.
	openContact(id int64)
	// showToday shows Today, read afresh.
	showToday()
	// recordReferral, logAsk and addFollowUp open the Referrals screen's
	// dialogs for a contact (0 and "" to choose one in the dialog).
	recordReferral(referrerID int64, name string)
	logAsk(contactID int64, name string)
	addFollowUp(contactID int64, name string)
	// showTree shows everyone who came through a contact.
	showTree(contactID int64, name string)
	// planGift opens the gift dialog for a contact and occasion.
	planGift(contactID int64, name string, occasion app.GiftOccasion, what string)
	// prepareCard opens the Cards screen with the template chosen and
	// the contact as its one recipient.
	prepareCard(contactID int64, template string)
	// reprintCard opens the Cards screen with a card from the register:
	// its person, template, stock, hand and words.
	reprintCard(s cards.Sent)
	// undoable offers to take back an action just done: an Undo in the
	// status line for a few seconds, and Edit → Undo until the next one.
	// what says it ("Done: Thank Zoë"); after shows the screen afresh.
	undoable(what string, undo func() error, after func())
	// importContacts starts an import.
	importContacts()
	// syncer is the book's sync with the owner's server (nil in tests
	// that build a screen alone).
	syncer() *syncer
	// reloadAll shows the data afresh after it changed underneath every
	// screen (a restore, an import or its undo, a merge).
	reloadAll()
}
