package davsync_test

import (
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/testkit/davtest"
)

// TestAppleDates: the dates an iPhone keeps under its own labels
// (itemN.X-ABDATE and X-ABLabel, a year-less one in 1604) come into the
// book; the book's dates, a new one too, go back in that form so the
// iPhone shows them; a date the iPhone changes comes back; and the
// card, read again, is no change.
func TestAppleDates(t *testing.T) {
	for name, start := range servers(t) {
		t.Run(name, func(t *testing.T) {
			srv := start(t)
			a := newBook(t, srv, "a")
			phone := davtest.Phone{S: srv}
			href := phone.Put("ann", `BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 18.1//EN
UID:ann
FN:Ann Lee
N:Lee;Ann;;;
item1.X-ABDATE;type=pref:2015-06-20
item1.X-ABLabel:_$!<Anniversary>!$_
item2.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-03-02
item2.X-ABLabel:First job
END:VCARD`)
			a.run()
			ann := a.byName()["Ann Lee"]
			want := []app.Occasion{{Label: "Anniversary", Date: app.Date{Year: 2015, Month: time.June, Day: 20}}, {Label: "First job", Date: app.Date{Month: time.March, Day: 2}}}
			if len(ann.Occasions) != 2 || ann.Occasions[0] != want[0] || ann.Occasions[1] != want[1] {
				t.Fatalf("the iPhone's dates came in as %+v", ann.Occasions)
			}

			// The book moves one date and adds another.
			ann.Occasions[1].Date.Day = 3
			ann.Occasions = append(ann.Occasions, app.Occasion{Label: "Moved in", Date: app.Date{Year: 2021, Month: time.October, Day: 1}})
			if err := a.svc.Contacts.UpdateContact(ctx, ann); err != nil {
				t.Fatal(err)
			}
			a.run()
			card := phone.Get(href)
			for _, line := range []string{"X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-03-03", "X-ABLabel:First job", "X-ABDATE:2021-10-01", "X-ABLabel:Moved in", "X-ABDATE:2015-06-20", "X-ABLabel:_$!<Anniversary>!$_"} {
				if !strings.Contains(strings.ReplaceAll(card, "X-ABLABEL", "X-ABLabel"), line) {
					t.Errorf("the card has no %q for the iPhone:\n%s", line, card)
				}
			}
			if n := strings.Count(card, "X-ABDATE"); n != 3 {
				t.Errorf("%d X-ABDATEs on the card, want 3:\n%s", n, card)
			}

			// The iPhone changes the anniversary in its own form.
			lines := strings.Split(card, "\r\n")
			for i, l := range lines {
				if strings.Contains(l, "X-ABDATE") && strings.Contains(l, "2015-06-20") {
					lines[i] = strings.Replace(l, "2015-06-20", "2015-06-21", 1)
				}
			}
			phone.Put("ann", strings.Join(lines, "\r\n"))
			rep := a.run()
			if rep.Down.Updated != 1 {
				t.Errorf("the iPhone's change: %+v", rep)
			}
			ann = a.byName()["Ann Lee"]
			found := false
			for _, o := range ann.Occasions {
				found = found || (o.Label == "Anniversary" && o.Date == app.Date{Year: 2015, Month: time.June, Day: 21})
			}
			if !found || len(ann.Occasions) != 3 {
				t.Errorf("after the iPhone moved the anniversary: %+v", ann.Occasions)
			}
			// Read again: in step.
			if rep := a.run(); rep.Up.Total()+rep.Down.Total() != 0 {
				t.Errorf("a sync with nothing new changed things: %+v\n%s", rep, strings.Join(rep.Lines, "\n"))
			}
		})
	}
}
