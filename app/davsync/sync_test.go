package davsync_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/davsync"
	"github.com/referable/referable/app/testkit/davtest"
	"github.com/referable/referable/data"
)

var ctx = context.Background()

// book is a Referable database with an account on a server.
type book struct {
	db   *data.DB
	svc  app.Services
	sync *data.SyncService
	srv  *davtest.Server
	t    *testing.T
}

func newBook(t *testing.T, srv *davtest.Server, name string) *book {
	t.Helper()
	db, err := data.Open(ctx, filepath.Join(t.TempDir(), name+".db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := &book{db: db, svc: data.NewServices(db, app.DefaultSettings("US")), sync: data.NewSyncService(db), srv: srv, t: t}
	acct := davsync.Account{ServerURL: srv.URL, Username: srv.User, AddressBook: srv.AddressBook, AddressBookName: "Contacts"}
	if err := b.sync.SaveAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *book) engine() *davsync.Engine {
	return &davsync.Engine{Store: b.sync, Contacts: b.svc.Contacts, FollowUps: b.svc.FollowUps, Calendar: b.svc.Calendar,
		Settings: b.svc.Settings, Password: b.srv.Password}
}

// run syncs the book, failing the test on an error.
func (b *book) run() davsync.Report {
	b.t.Helper()
	rep, err := b.engine().Sync(ctx)
	if err != nil {
		b.t.Fatalf("sync: %v\n%s", err, strings.Join(rep.Lines, "\n"))
	}
	return rep
}

func (b *book) add(c app.Contact) *app.Contact {
	b.t.Helper()
	if err := b.svc.Contacts.CreateContact(ctx, &c); err != nil {
		b.t.Fatal(err)
	}
	return &c
}

// byName finds the live contacts of the book by name.
func (b *book) byName() map[string]*app.Contact {
	b.t.Helper()
	rows, _, err := b.svc.Contacts.FindContacts(ctx, app.ContactFilter{Limit: 100000})
	if err != nil {
		b.t.Fatal(err)
	}
	out := map[string]*app.Contact{}
	for _, r := range rows {
		c, err := b.svc.Contacts.FindContactByID(ctx, r.ID)
		if err != nil {
			b.t.Fatal(err)
		}
		if _, dup := out[c.Name()]; dup {
			b.t.Fatalf("%s is in the book twice", c.Name())
		}
		out[c.Name()] = c
	}
	return out
}

func servers(t *testing.T) map[string]func(testing.TB) *davtest.Server {
	return map[string]func(testing.TB) *davtest.Server{"radicale": davtest.StartRadicale, "xandikos": davtest.StartXandikos}
}

// TestFirstSyncBothWays: a book's contacts go up, a phone's card comes
// down, a contact on both (the same email) is matched, not doubled; a
// second book gets them all, referral links included; nothing changes
// on a sync with nothing to do.
func TestFirstSyncBothWays(t *testing.T) {
	for name, start := range servers(t) {
		t.Run(name, func(t *testing.T) {
			srv := start(t)
			phone := davtest.Phone{S: srv}
			phone.Put("phone-ana", "BEGIN:VCARD\nVERSION:3.0\nUID:phone-ana\nFN:Ana Lima\nN:Lima;Ana;;;\nEMAIL;TYPE=INTERNET:ana@example.com\nTEL;TYPE=CELL:+1 503 555 0101\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\nX-SOCIALPROFILE;type=twitter:ana\nEND:VCARD")
			phone.Put("phone-bo", "BEGIN:VCARD\nVERSION:3.0\nUID:phone-bo\nFN:Bo Chen\nN:Chen;Bo;;;\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-09-14\nEND:VCARD")

			a := newBook(t, srv, "a")
			zoe := a.add(app.Contact{GivenName: "Zoë", FamilyName: "Müller", Kinds: app.KindClient | app.KindReferrer, Treasures: "her Labrador",
				Emails: []app.Labeled{{Label: "work", Value: "zoe@example.com"}}, Birthday: app.Date{Month: time.March, Day: 3}})
			a.add(app.Contact{GivenName: "Nadia", FamilyName: "Baker", ReferredByID: zoe.ID, Kinds: app.KindClient,
				ClientSince: app.Date{Year: 2020, Month: time.May, Day: 1}})
			a.add(app.Contact{GivenName: "Ana", FamilyName: "Lima", Emails: []app.Labeled{{Value: "ana@example.com"}}, Notes: "met at the fair"})

			rep := a.run()
			if rep.Down.Created != 1 || rep.Up.Created != 2 || rep.Conflicts != 0 {
				t.Fatalf("first sync: %+v\n%s", rep, strings.Join(rep.Lines, "\n"))
			}
			got := a.byName()
			if len(got) != 4 || got["Ana Lima"].Notes != "met at the fair" || len(got["Ana Lima"].Phones) != 1 || got["Bo Chen"].Birthday != (app.Date{Month: time.September, Day: 14}) {
				t.Fatalf("the book after the first sync: %v", names(got))
			}
			cards := phone.Cards()
			if len(cards) != 4 {
				t.Fatalf("the server has %d cards, want 4", len(cards))
			}
			ana := phone.Get(srv.AddressBook + "phone-ana.vcf")
			for _, want := range []string{"PHOTO;ENCODING=b;TYPE=JPEG:AAAA", "X-SOCIALPROFILE;TYPE=twitter:ana", "NOTE:met at the fair", "UID:phone-ana"} {
				if !strings.Contains(strings.ToUpper(ana), strings.ToUpper(want)) {
					t.Errorf("Ana's card lost or lacks %q:\n%s", want, ana)
				}
			}
			if again := a.run(); again.Down.Total()+again.Up.Total() != 0 {
				t.Fatalf("a second sync changed things: %+v\n%s", again, strings.Join(again.Lines, "\n"))
			}

			b := newBook(t, srv, "b")
			rep = b.run()
			if rep.Down.Created != 4 || rep.Up.Total() != 0 {
				t.Fatalf("second book: %+v\n%s", rep, strings.Join(rep.Lines, "\n"))
			}
			gb := b.byName()
			nadia, zoeB := gb["Nadia Baker"], gb["Zoë Müller"]
			if nadia == nil || zoeB == nil {
				t.Fatalf("the second book lacks Nadia or Zoë: %v", names(gb))
			}
			if nadia.ReferredByID != zoeB.ID || zoeB.Treasures != "her Labrador" || !zoeB.Kinds.Has(app.KindReferrer) ||
				nadia.ClientSince != (app.Date{Year: 2020, Month: time.May, Day: 1}) || zoeB.Birthday != (app.Date{Month: time.March, Day: 3}) {
				t.Fatalf("the second book does not hold what the first put up: Nadia %+v\nZoë %+v", nadia, zoeB)
			}
		})
	}
}

func names(m map[string]*app.Contact) []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	return out
}

