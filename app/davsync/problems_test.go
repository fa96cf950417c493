package davsync_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/davsync"
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

// TestServerOutOfReachIsSaidOnce: a server that does not answer is an
// OfflineError (the window's quiet line) that says so once, plainly,
// and the account keeps that as the last sync's result.
func TestServerOutOfReachIsSaidOnce(t *testing.T) {
	srv := davtest.StartRadicale(t)
	book := newBook(t, srv, "book")
	srv.Stop()
	_, err := book.engine().Sync(ctx)
	msg := app.ErrorMessage(err)
	if !errors.As(err, new(*davsync.OfflineError)) || !davsync.Offline(err) {
		t.Fatalf("not an offline error: %#v", err)
	}
	if strings.Count(msg, "cannot be reached") != 1 || !strings.Contains(msg, "connection refused") || strings.Contains(msg, "Something went wrong") || strings.Contains(msg, "http://") {
		t.Errorf("said as %q", msg)
	}
	if acct, _ := book.sync.Account(ctx); acct.LastOK || acct.LastResult != msg {
		t.Errorf("the account keeps %q (ok %v)", acct.LastResult, acct.LastOK)
	}
}
