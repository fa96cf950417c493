// Package davsync keeps the book in step with the address book, calendar
// and task list the owner already has on a CardDAV/CalDAV server
// (Nextcloud, Fastmail, iCloud, Radicale…), so a new client's number is
// on their phone and a follow-up ticked there is done here.
//
// The book stays the truth for the app: sync is a connection the owner
// sets up, and runs when asked or every few minutes. Contacts go both
// ways: each side's changes since they last agreed (the base each link
// keeps) are merged field by field; a field both changed differently
// keeps the owner's value in the contact and the server's in the
// conflict list, so nothing is lost. What the app does not read on a
// card (a photo, another app's fields) is written back untouched. The
// yearly dates are published to a calendar; the open follow-ups are
// tasks, and a task completed on the phone closes its follow-up.
//
// Everything read from the server in one sync is applied in one
// transaction: a server that goes away midway leaves the book as it
// was. A new card's link is written before its upload, so a sync cut
// short (even killed) resumes without a second card.
package davsync

import (
	"context"
	"time"
)

// Account is the connection the owner set up: the server and the
// collections on it. The password is not here: Passwords keeps it.
type Account struct {
	ServerURL, Username          string
	AddressBook, AddressBookName string // the collection's path, and its name as the server shows it
	// CalendarServerURL is where the calendar and task list are, when a
	// service keeps them on a host of their own (iCloud, Fastmail): the
	// same user and password; "" is ServerURL.
	CalendarServerURL      string
	Calendar, CalendarName string // the yearly dates; "" publishes none
	Tasks, TasksName       string // the open follow-ups; "" makes none
	EveryMinutes           int    // 0: only when asked
	LastSyncAt             time.Time
	LastResult             string
	LastOK                 bool
}

// Link is a contact as a card on the server.
type Link struct {
	UID       string
	ContactID int64 // 0 once the contact is gone for good
	Href      string
	ETag      string // "" while the card's upload is under way
	Base      string // the fields both sides last agreed, as JSON
	Card      string // the server's card as last seen
	UpdatedAt string // the contact's updated_at when they agreed
}

// ObjectLink is a yearly date or a task on the server.
type ObjectLink struct {
	UID        string
	FollowUpID int64 // tasks only
	Href, ETag string
	Hash       string // of what was last written, to write only what changed
	Done       bool   // tasks: completed on one side or the other
}

// Conflict is a field of a contact both sides changed differently: the
// contact keeps Mine, and Theirs waits for the owner to choose.
type Conflict struct {
	ID          int64
	ContactID   int64
	ContactName string
	Field       string // a key of the fields (Fields)
	Mine        string
	Theirs      string
	FoundAt     time.Time
}

// LocalContact is a contact as sync sees the book: when it last
// changed, and whether it is in the trash.
type LocalContact struct {
	ID        int64
	UpdatedAt string
	Trashed   bool
}

// Store keeps what sync knows, in the book. Its writes join the
// transaction of Atomically when ctx carries one.
type Store interface {
	Account(ctx context.Context) (Account, error) // ENOTFOUND when none is set up
	// SaveAccount sets the connection up or changes it: a new server or
	// address book starts afresh (the links go, the contacts stay).
	SaveAccount(ctx context.Context, a Account) error
	ForgetAccount(ctx context.Context) error
	Tokens(ctx context.Context) (contacts, tasks string, err error)
	SetTokens(ctx context.Context, contacts, tasks string) error
	SetResult(ctx context.Context, at time.Time, result string, ok bool) error

	Links(ctx context.Context) ([]Link, error)
	PutLink(ctx context.Context, l Link) error
	DeleteLink(ctx context.Context, uid string) error
	LocalContacts(ctx context.Context) ([]LocalContact, error)

	AddConflict(ctx context.Context, c Conflict) error
	Conflicts(ctx context.Context) ([]Conflict, error)
	DeleteConflict(ctx context.Context, id int64) error

	EventLinks(ctx context.Context) ([]ObjectLink, error)
	PutEventLink(ctx context.Context, l ObjectLink) error
	DeleteEventLink(ctx context.Context, uid string) error
	TaskLinks(ctx context.Context) ([]ObjectLink, error)
	PutTaskLink(ctx context.Context, l ObjectLink) error
	DeleteTaskLink(ctx context.Context, uid string) error

	// Atomically runs fn in one transaction: all of it, or none.
	Atomically(ctx context.Context, fn func(ctx context.Context) error) error
}
