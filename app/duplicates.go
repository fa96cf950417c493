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
// with a duplicate; each says why in its first letter. region is the
// owner's, for numbers written without a country code (PhoneRegion).
func DuplicateKeys(c *Contact, region string) []string {
	var keys []string
	for _, e := range c.Emails {
		if v := strings.ToLower(strings.TrimSpace(e.Value)); v != "" {
			keys = append(keys, "e"+v)
		}
	}
	phoneRegion := PhoneRegion(c, region)
	for _, p := range c.Phones {
		v := p.Normal // stored on saving: no parsing a whole book again
		if v == "" {
			v = PhoneKey(p.Value, phoneRegion)
		}
		if v != "" {
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
		return Tf("same email %s", key[1:])
	case 'p':
		return T("same phone number")
	case 'b':
		return T("same name and birthday")
	case 'c':
		return T("same name and company")
	}
	return ""
}

// SureDuplicate says whether sharing key makes records named a and b
// the same person. A shared email or phone alone between two clearly
// different names is only possibly the same (a family's landline, an
// office's address, a typo): such a record is imported and listed for
// review, never left out.
func SureDuplicate(key, a, b string) bool {
	if key == "" || (key[0] != 'e' && key[0] != 'p') {
		return true // name and birthday, name and company: the name matched
	}
	return !NamesDiffer(a, b)
}

// NamesDiffer reports whether two names clearly belong to different
// people: both are known, and one's words are not the other's (as
// "Ana Lima" and "Ana M. Lima", "J. Doe" and "John Doe" are).
func NamesDiffer(a, b string) bool {
	wa, wb := strings.Fields(NameKey(a)), strings.Fields(NameKey(b))
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	// Every word of the shorter name is a word of the longer, or its
	// initial.
	for _, w := range wa {
		found := false
		for _, v := range wb {
			if v == w || transliterated(v) == transliterated(w) || (len([]rune(w)) == 1 && strings.HasPrefix(v, w)) || (len([]rune(v)) == 1 && strings.HasPrefix(w, v)) {
				found = true
				break
			}
		}
		if !found {
			return true
		}
	}
	return false
}

// transliterated undoes the spellings a name takes when its letters are
// typed without accents: German ae, oe, ue for ä, ö, ü (and ss for ß,
// which folding already gives), so Mueller is Müller (folded "muller").
func transliterated(w string) string {
	return strings.NewReplacer("ae", "a", "oe", "o", "ue", "u").Replace(w)
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
	// Possible marks a match that is only possibly the same person (a
	// shared phone or email, different names): imported, for review.
	Possible bool
}

// SureMatches counts the matches that are surely the same person: the
// ones an import leaves out.
func SureMatches(ms []ImportMatch) int {
	n := 0
	for _, m := range ms {
		if !m.Possible {
			n++
		}
	}
	return n
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
