package davsync_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/referable/referable/app/testkit/davtest"
)

// TestACardThatCannotBeSaved: among a phone's new cards, one Referable
// cannot keep (a post that takes 99 days) is left alone on the server and
// said, and the others still come in, on the first sync and later.
func TestACardThatCannotBeSaved(t *testing.T) {
	srv := davtest.StartRadicale(t)
	phone := davtest.Phone{S: srv}
	card := func(uid, name, extra string) string {
		return fmt.Sprintf("BEGIN:VCARD\nVERSION:3.0\nUID:%s\nFN:%s\nN:%s;;;;\n%sEND:VCARD", uid, name, name, extra)
	}
	phone.Put("a", card("a", "Ames", ""))
	bad := phone.Put("b", card("b", "Brook", "X-REFERABLE-MAIL-LEAD-DAYS:99\n"))
	phone.Put("c", card("c", "Cole", ""))
	book := newBook(t, srv, "book")
	rep := book.run()
	got := book.byName()
	if rep.Down.Created != 2 || got["Ames"] == nil || got["Cole"] == nil || got["Brook"] != nil {
		t.Fatalf("first sync: %+v, book %v", rep, names(got))
	}
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], bad) || !strings.Contains(rep.Problems[0], "60") {
		t.Errorf("the problem is not said: %q", rep.Problems)
	}
	if cards := phone.Cards(); len(cards) != 3 {
		t.Errorf("the server has %d cards, want the 3 (the one left alone too)", len(cards))
	}
	// Later: more new cards, and the bad one mended on the phone.
	phone.Put("d", card("d", "Dale", ""))
	phone.Put("b", card("b", "Brook", "X-REFERABLE-MAIL-LEAD-DAYS:9\n"))
	rep = book.run()
	got = book.byName()
	if rep.Down.Created != 2 || got["Brook"] == nil || got["Brook"].MailLeadDays != 9 || got["Dale"] == nil || len(rep.Problems) != 0 {
		t.Fatalf("second sync: %+v, book %v", rep, names(got))
	}
}
