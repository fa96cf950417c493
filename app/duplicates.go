package app

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// Two records are the same person when they share an email address or a
// phone number, or have the same name and either the same birthday or
// the same company. DuplicateKeys lists the keys a contact would share
// with a duplicate; each says why in its first letter.
func DuplicateKeys(c *Contact) []string {
	var keys []string
	for _, e := range c.Emails {
		if v := strings.ToLower(strings.TrimSpace(e.Value)); v != "" {
			keys = append(keys, "e"+v)
		}
	}
	for _, p := range c.Phones {
		if v := PhoneKey(p.Value); v != "" {
			keys = append(keys, "p"+v)
		}
	}
	if name := NameKey(c.Name()); name != "" {
		if !c.Birthday.IsZero() {
			keys = append(keys, "b"+name+"|"+c.Birthday.String())
		}
		if co := NameKey(c.Company); co != "" && co != name {
			keys = append(keys, "c"+name+"|"+co)
		}
	}
	return keys
}

// DuplicateReason says in words why two contacts sharing key look alike.
func DuplicateReason(key string) string {
	if key == "" {
		return ""
	}
	switch key[0] {
	case 'e':
		return "same email " + key[1:]
	case 'p':
		return "same phone number"
	case 'b':
		return "same name and birthday"
	case 'c':
		return "same name and company"
	}
	return ""
}

// PhoneKey is a phone number's last nine digits (fewer if it has fewer
// than seven, none): "+1 (503) 555-0101" and "503.555.0101" match.
func PhoneKey(s string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if len(digits) < 7 {
		return ""
	}
	if len(digits) > 9 {
		digits = digits[len(digits)-9:]
	}
	return digits
}

// NameKey folds a name for comparing: case, accents, punctuation and
// spacing do not count.
func NameKey(s string) string {
	return strings.Join(strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

// DuplicatePair is two live contacts that look like one person.
type DuplicatePair struct {
	A, B   ContactSummary
	Reason string
}

// Import is one file brought in, which can be undone as a whole.
type Import struct {
	ID         int64
	File       string
	Format     string
	Contacts   int
	ImportedAt time.Time
	UndoneAt   time.Time
}

// ImportMatch is a record of a file that looks like a contact already
// in the database (ExistingID) or earlier in the same file (Record).
type ImportMatch struct {
	Record     int // index of the record in the file
	ExistingID int64
	Existing   string // their name
	Reason     string
}

// DuplicateService finds and merges duplicates, and brings files in.
type DuplicateService interface {
	// FindDuplicates lists pairs of live contacts that look alike.
	FindDuplicates(ctx context.Context) ([]DuplicatePair, error)
	// MatchExisting finds, for each contact, a live contact (or an
	// earlier contact of the list) it duplicates.
	MatchExisting(ctx context.Context, cs []*Contact) ([]ImportMatch, error)
	// Merge makes two contacts one: keep takes the values of merged (as
	// MergeContacts, or as the person chose in result) and every
	// referral, gift, card, follow-up and interaction of both; merged
	// goes to the trash.
	Merge(ctx context.Context, keepID, mergedID int64, result *Contact) (Merge, error)
	// UndoMerge puts both contacts back as they were.
	UndoMerge(ctx context.Context, id int64) error
	// LastMerge is the latest merge not undone, if any.
	LastMerge(ctx context.Context) (*Merge, error)
}
