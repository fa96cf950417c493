package davsync_test

import (
	"context"
	"encoding/xml"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
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
	t    testing.TB
}

func newBook(t testing.TB, srv *davtest.Server, name string) *book {
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
// down, a contact on both (the same email) is matched, not doubled, while
// one sharing only a landline with a clearly different name is not; a
// second book gets them all, referral links included; nothing changes
// on a sync with nothing to do.
func TestFirstSyncBothWays(t *testing.T) {
	for name, start := range servers(t) {
		t.Run(name, func(t *testing.T) {
			srv := start(t)
			phone := davtest.Phone{S: srv}
			phone.Put("phone-ana", "BEGIN:VCARD\nVERSION:3.0\nUID:phone-ana\nFN:Ana Lima\nN:Lima;Ana;;;\nEMAIL;TYPE=INTERNET:ana@example.com\nTEL;TYPE=CELL:+1 503 555 0101\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\nX-SOCIALPROFILE;type=twitter:ana\nEND:VCARD")
			phone.Put("phone-bo", "BEGIN:VCARD\nVERSION:3.0\nUID:phone-bo\nFN:Bo Chen\nN:Chen;Bo;;;\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-09-14\nEND:VCARD")
			// The family landline Nadia shares: another person, not Nadia.
			phone.Put("phone-lukasz", "BEGIN:VCARD\nVERSION:3.0\nUID:phone-lukasz\nFN:Łukasz Nowak\nN:Nowak;Łukasz;;;\nTEL;TYPE=HOME:+1 503 555 0147\nEND:VCARD")

			a := newBook(t, srv, "a")
			zoe := a.add(app.Contact{GivenName: "Zoë", FamilyName: "Müller", Kinds: app.KindClient | app.KindReferrer, Treasures: "her Labrador",
				Emails: []app.Labeled{{Label: "work", Value: "zoe@example.com"}}, Birthday: app.Date{Month: time.March, Day: 3}})
			a.add(app.Contact{GivenName: "Nadia", FamilyName: "Baker", ReferredByID: zoe.ID, Kinds: app.KindClient,
				ClientSince: app.Date{Year: 2020, Month: time.May, Day: 1}, Phones: []app.Labeled{{Label: "home", Value: "(503) 555-0147"}}})
			a.add(app.Contact{GivenName: "Ana", FamilyName: "Lima", Emails: []app.Labeled{{Value: "ana@example.com"}}, Notes: "met at the fair"})

			rep := a.run()
			if rep.Down.Created != 2 || rep.Up.Created != 2 || rep.Conflicts != 0 {
				t.Fatalf("first sync: %+v\n%s", rep, strings.Join(rep.Lines, "\n"))
			}
			got := a.byName()
			if len(got) != 5 || got["Łukasz Nowak"] == nil || got["Ana Lima"].Notes != "met at the fair" || len(got["Ana Lima"].Phones) != 1 || got["Bo Chen"].Birthday != (app.Date{Month: time.September, Day: 14}) {
				t.Fatalf("the book after the first sync: %v", names(got))
			}
			cards := phone.Cards()
			if len(cards) != 5 {
				t.Fatalf("the server has %d cards, want 5", len(cards))
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
			if rep.Down.Created != 5 || rep.Up.Total() != 0 {
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

// TestChangesBothWays: after the first sync, a change on each side goes
// across; a field both change differently keeps the owner's value and
// waits in the conflict list with the server's; a card deleted on the
// phone moves its contact to the trash, and a contact trashed in the
// book takes its card off the server.
func TestChangesBothWays(t *testing.T) {
	for name, start := range servers(t) {
		t.Run(name, func(t *testing.T) {
			srv := start(t)
			phone := davtest.Phone{S: srv}
			a := newBook(t, srv, "a")
			zoe := a.add(app.Contact{GivenName: "Zoë", FamilyName: "Müller", Notes: "likes jazz", Company: "Cacao"})
			bo := a.add(app.Contact{GivenName: "Bo", FamilyName: "Chen", Emails: []app.Labeled{{Value: "bo@example.com"}}})
			cy := a.add(app.Contact{GivenName: "Cy", FamilyName: "Park"})
			a.run()
			hrefOf := func(n string) string {
				for h, d := range phone.Cards() {
					if strings.Contains(d, "FN:"+n) {
						return h
					}
				}
				t.Fatalf("no card for %s", n)
				return ""
			}

			// The phone edits Zoë's company and Bo's email list; the book
			// edits Zoë's notes and company too, and Cy goes to the trash.
			zoeHref := hrefOf("Zoë Müller")
			card := phone.Get(zoeHref)
			card = strings.Replace(card, "ORG:Cacao", "ORG:Cacao Berlin", 1)
			card = strings.Replace(card, "END:VCARD", "TEL;TYPE=CELL:+49 151 2345678\r\nEND:VCARD", 1)
			phone.Put(strings.TrimSuffix(strings.TrimPrefix(zoeHref, srv.AddressBook), ".vcf"), card)
			boCard := phone.Get(hrefOf("Bo Chen"))
			phone.Put(strings.TrimSuffix(strings.TrimPrefix(hrefOf("Bo Chen"), srv.AddressBook), ".vcf"),
				strings.Replace(boCard, "END:VCARD", "EMAIL;TYPE=WORK:bo@work.example\r\nEND:VCARD", 1))
			z, _ := a.svc.Contacts.FindContactByID(ctx, zoe.ID)
			z.Notes, z.Company = "likes jazz and opera", "Cacao GmbH"
			if err := a.svc.Contacts.UpdateContact(ctx, z); err != nil {
				t.Fatal(err)
			}
			b, _ := a.svc.Contacts.FindContactByID(ctx, bo.ID)
			b.Emails = append(b.Emails, app.Labeled{Label: "home", Value: "bo@home.example"})
			if err := a.svc.Contacts.UpdateContact(ctx, b); err != nil {
				t.Fatal(err)
			}
			if err := a.svc.Contacts.TrashContact(ctx, cy.ID); err != nil {
				t.Fatal(err)
			}

			rep := a.run()
			z, _ = a.svc.Contacts.FindContactByID(ctx, zoe.ID)
			if z.Notes != "likes jazz and opera" || z.Company != "Cacao GmbH" || len(z.Phones) != 1 || rep.Conflicts != 1 {
				t.Fatalf("Zoë after both changed: %+v (report %+v)", z, rep)
			}
			conflicts, _ := a.sync.Conflicts(ctx)
			if len(conflicts) != 1 || conflicts[0].Field != "company" || conflicts[0].Mine != "Cacao GmbH" || conflicts[0].Theirs != "Cacao Berlin" {
				t.Fatalf("conflicts: %+v", conflicts)
			}
			b, _ = a.svc.Contacts.FindContactByID(ctx, bo.ID)
			if len(b.Emails) != 3 {
				t.Fatalf("Bo's emails, each side adding one: %+v", b.Emails)
			}
			zc := phone.Get(zoeHref)
			if !strings.Contains(zc, "likes jazz and opera") || !strings.Contains(zc, "+49 151 2345678") {
				t.Fatalf("Zoë's card after the merge:\n%s", zc)
			}
			for _, d := range phone.Cards() {
				if strings.Contains(d, "Cy Park") {
					t.Fatal("Cy's card is still on the server after Cy went to the trash")
				}
			}
			if len(phone.Cards()) != 2 {
				t.Fatalf("%d cards on the server, want 2", len(phone.Cards()))
			}

			// The phone deletes Bo: Bo goes to the book's trash.
			phone.Delete(hrefOf("Bo Chen"))
			rep = a.run()
			b, _ = a.svc.Contacts.FindContactByID(ctx, bo.ID)
			if b.DeletedAt.IsZero() || rep.Down.Deleted != 1 {
				t.Fatalf("Bo deleted on the phone: in the book's trash %v (report %+v)", !b.DeletedAt.IsZero(), rep)
			}
		})
	}
}

// TestEtagChangedUnderUs: the server's card changes between the pull
// and the push (another client wrote it): the upload is refused (412),
// the new version is read and merged, and nothing is lost.
func TestEtagChangedUnderUs(t *testing.T) {
	srv := davtest.StartRadicale(t)
	phone := davtest.Phone{S: srv}
	a := newBook(t, srv, "a")
	zoe := a.add(app.Contact{GivenName: "Zoë", FamilyName: "Müller"})
	a.run()
	var href string
	for h := range phone.Cards() {
		href = h
	}
	z, _ := a.svc.Contacts.FindContactByID(ctx, zoe.ID)
	z.Notes = "from the book"
	if err := a.svc.Contacts.UpdateContact(ctx, z); err != nil {
		t.Fatal(err)
	}
	// The phone writes after the book's pull would have read the card:
	// the transport lets the pull through, then the phone writes.
	e := a.engine()
	wrote := false
	e.Transport = roundTrip(func(req *http.Request) (*http.Response, error) {
		if req.Method == http.MethodPut && !wrote {
			wrote = true
			card := phone.Get(href)
			phone.Put(strings.TrimSuffix(strings.TrimPrefix(href, srv.AddressBook), ".vcf"), strings.Replace(card, "END:VCARD", "TITLE:Owner\r\nEND:VCARD", 1))
		}
		return http.DefaultTransport.RoundTrip(req)
	})
	if _, err := e.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	card := phone.Get(href)
	if !strings.Contains(card, "from the book") || !strings.Contains(card, "TITLE:Owner") {
		t.Fatalf("after a 412 the card lost a side:\n%s", card)
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestExpiredSyncToken: a token the server no longer takes falls back to
// comparing everything, and the sync goes on.
func TestExpiredSyncToken(t *testing.T) {
	for name, start := range servers(t) {
		t.Run(name, func(t *testing.T) {
			srv := start(t)
			phone := davtest.Phone{S: srv}
			a := newBook(t, srv, "a")
			a.add(app.Contact{GivenName: "Zoë", FamilyName: "Müller"})
			a.run()
			if err := a.sync.SetTokens(ctx, "http://radicale.org/ns/sync/expired-token-0000", ""); err != nil {
				t.Fatal(err)
			}
			phone.Put("phone-dee", "BEGIN:VCARD\nVERSION:4.0\nUID:phone-dee\nFN:Dee Ray\nN:Ray;Dee;;;\nBDAY:--0229\nEND:VCARD")
			rep := a.run()
			got := a.byName()
			if !rep.FullListing || got["Dee Ray"] == nil || got["Dee Ray"].Birthday != (app.Date{Month: time.February, Day: 29}) || len(got) != 2 {
				t.Fatalf("after an expired token: full listing %v, book %v", rep.FullListing, names(got))
			}
		})
	}
}

// TestServerGoingAwayMidSync: the server stops answering after the
// changes are listed: nothing of the pull is applied, and the next sync
// brings everything, once.
func TestServerGoingAwayMidSync(t *testing.T) {
	srv := davtest.StartRadicale(t)
	phone := davtest.Phone{S: srv}
	for i := range 30 {
		phone.Put("p"+strconv.Itoa(i), "BEGIN:VCARD\nVERSION:3.0\nUID:p"+strconv.Itoa(i)+"\nFN:Person "+strconv.Itoa(i)+"\nN:"+strconv.Itoa(i)+";Person;;;\nEND:VCARD")
	}
	a := newBook(t, srv, "a")
	e := a.engine()
	n := 0
	e.Transport = roundTrip(func(req *http.Request) (*http.Response, error) {
		n++
		if n > 1 { // the listing went through; the cards do not come
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
		}
		return http.DefaultTransport.RoundTrip(req)
	})
	if _, err := e.Sync(ctx); err == nil {
		t.Fatal("a sync whose server went away says nothing")
	} else if !davsync.Offline(err) {
		t.Fatalf("the server going away is not said as offline: %v", err)
	}
	if got := a.byName(); len(got) != 0 {
		t.Fatalf("half a pull was applied: %d contacts", len(got))
	}
	a.run()
	if got := a.byName(); len(got) != 30 {
		t.Fatalf("after the server came back: %d contacts, want 30", len(got))
	}
	if c := phone.Cards(); len(c) != 30 {
		t.Fatalf("the server has %d cards, want 30", len(c))
	}
}

// calendarObjects reads every object of a calendar collection, by href.
func calendarObjects(t *testing.T, srv *davtest.Server, collection string) map[string]string {
	t.Helper()
	body := `<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>`
	resp, err := srv.Do("REPORT", collection, body, "application/xml; charset=utf-8", http.Header{"Depth": {"1"}})
	if err != nil || resp.StatusCode != 207 {
		t.Fatalf("calendar-query: %v %v", err, resp)
	}
	var ms struct {
		Responses []struct {
			Href     string `xml:"DAV: href"`
			Propstat []struct {
				Prop struct {
					Data string `xml:"urn:ietf:params:xml:ns:caldav calendar-data"`
				} `xml:"DAV: prop"`
			} `xml:"DAV: propstat"`
		} `xml:"DAV: response"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&ms); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range ms.Responses {
		for _, ps := range r.Propstat {
			if ps.Prop.Data != "" {
				out[r.Href] = ps.Prop.Data
			}
		}
	}
	return out
}

// TestCalendarAndTasks: the yearly dates are published with the ICS
// export's rules and an alarm on the mail-by day; a date removed from
// the book goes from the calendar; an open follow-up is a task, ticking
// it done on the phone closes the follow-up, and one closed in the book
// completes its task.
func TestCalendarAndTasks(t *testing.T) {
	for name, start := range servers(t) {
		t.Run(name, func(t *testing.T) {
			srv := start(t)
			a := newBook(t, srv, "a")
			acct, _ := a.sync.Account(ctx)
			acct.Calendar, acct.Tasks = srv.Calendar, srv.Tasks
			if err := a.sync.SaveAccount(ctx, acct); err != nil {
				t.Fatal(err)
			}
			zoe := a.add(app.Contact{GivenName: "Zoë", FamilyName: "Müller", Birthday: app.Date{Month: time.February, Day: 29}})
			bo := a.add(app.Contact{GivenName: "Bo", FamilyName: "Chen", ClientSince: app.Date{Year: 2019, Month: time.June, Day: 1}})
			for _, title := range []string{"Thank Łukasz for referring Bo", "Call Zoë about the quote"} {
				f := app.FollowUp{ContactID: zoe.ID, Kind: app.FollowCustom, Title: title, Due: app.DateOf(time.Now()).AddDays(3)}
				if err := a.svc.FollowUps.CreateFollowUp(ctx, &f); err != nil {
					t.Fatal(err)
				}
			}
			a.run()
			events := 0
			for _, d := range calendarObjects(t, srv, srv.Calendar) {
				if strings.Contains(d, "VEVENT") {
					events++
					if strings.Contains(d, "Zoë Müller") && (!strings.Contains(d, "BYMONTHDAY=-1") || !strings.Contains(d, "TRIGGER:-P5D")) {
						t.Errorf("Zoë's Feb 29 birthday:\n%s", d)
					}
				}
			}
			if events != 2 {
				t.Fatalf("%d events on the calendar, want 2", events)
			}
			tasks := map[string]string{}
			for h, d := range calendarObjects(t, srv, srv.Tasks) {
				if strings.Contains(d, "VTODO") {
					tasks[h] = d
				}
			}
			if len(tasks) != 2 {
				t.Fatalf("%d tasks, want 2", len(tasks))
			}
			// The phone ticks "Thank Łukasz" done.
			for h, d := range tasks {
				if strings.Contains(d, "Thank Łukasz") {
					done := strings.Replace(d, "STATUS:NEEDS-ACTION", "STATUS:COMPLETED\r\nCOMPLETED:20261204T120000Z", 1)
					resp, err := srv.Do("PUT", h, done, "text/calendar; charset=utf-8", nil)
					if err != nil || resp.StatusCode/100 != 2 {
						t.Fatalf("completing the task: %v %v", err, resp)
					}
				}
			}
			// The book removes Bo's client-since date and closes the other.
			b, _ := a.svc.Contacts.FindContactByID(ctx, bo.ID)
			b.ClientSince = app.Date{}
			if err := a.svc.Contacts.UpdateContact(ctx, b); err != nil {
				t.Fatal(err)
			}
			open, _, _ := a.svc.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true})
			for _, f := range open {
				if strings.HasPrefix(f.Title, "Call") {
					if err := a.svc.FollowUps.CloseFollowUp(ctx, f.ID, app.FollowDone); err != nil {
						t.Fatal(err)
					}
				}
			}
			rep := a.run()
			open, _, _ = a.svc.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true})
			if len(open) != 0 || rep.TasksDone != 1 {
				t.Fatalf("after the phone ticked one and the book closed the other: %d open (report %+v)", len(open), rep)
			}
			completedN, events := 0, 0
			for _, d := range calendarObjects(t, srv, srv.Tasks) {
				if strings.Contains(d, "VTODO") && strings.Contains(d, "STATUS:COMPLETED") {
					completedN++
				}
			}
			for _, d := range calendarObjects(t, srv, srv.Calendar) {
				if strings.Contains(d, "VEVENT") {
					events++
				}
			}
			if completedN != 2 || (srv.Calendar != srv.Tasks && events != 1) {
				t.Fatalf("completed tasks %d (want 2), events %d (want 1)", completedN, events)
			}
		})
	}
}

// TestKilledSyncResumes: a sync killed (-9) while it uploads a book of
// 300 contacts is resumed by the next one, which ends with each contact
// on the server once, and every link with its ETag.
func TestKilledSyncResumes(t *testing.T) {
	if os.Getenv("DAVSYNC_HELPER_DB") != "" {
		t.Skip("the helper runs in TestHelperSync")
	}
	srv := davtest.StartRadicale(t)
	a := newBook(t, srv, "a")
	var cs []*app.Contact
	for i := range 300 {
		cs = append(cs, &app.Contact{GivenName: "Person", FamilyName: strconv.Itoa(i), Emails: []app.Labeled{{Value: "p" + strconv.Itoa(i) + "@example.com"}}})
	}
	if err := a.svc.Contacts.CreateContacts(ctx, cs); err != nil {
		t.Fatal(err)
	}
	a.db.Close()
	path := a.db.Path
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSync$", "-test.count=1")
	cmd.Env = append(os.Environ(), "DAVSYNC_HELPER_DB="+path, "DAVSYNC_HELPER_PASSWORD="+srv.Password)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cards := filepath.Join(srv.Dir, "collections", "collection-root", srv.User, "contacts")
	deadline := time.Now().Add(60 * time.Second)
	for {
		files, _ := filepath.Glob(filepath.Join(cards, "*.vcf"))
		if len(files) >= 40 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the helper sync uploaded nothing in a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	files, _ := filepath.Glob(filepath.Join(cards, "*.vcf"))
	if len(files) >= 300 {
		t.Skip("the helper finished before it could be killed")
	}
	t.Logf("killed with %d of 300 cards up", len(files))

	db, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := &book{db: db, svc: data.NewServices(db, app.DefaultSettings("US")), sync: data.NewSyncService(db), srv: srv, t: t}
	b.run()
	got := (davtest.Phone{S: srv}).Cards()
	if len(got) != 300 {
		t.Fatalf("after the resume the server has %d cards, want 300", len(got))
	}
	links, _ := b.sync.Links(ctx)
	for _, l := range links {
		if l.ETag == "" || l.ContactID == 0 {
			t.Fatalf("a link left unfinished: %+v", l)
		}
	}
	if len(b.byName()) != 300 || len(links) != 300 {
		t.Fatalf("%d contacts, %d links, want 300 each", len(b.byName()), len(links))
	}
}

// TestHelperSync is the sync TestKilledSyncResumes kills: it runs only
// in the process that test starts.
func TestHelperSync(t *testing.T) {
	path := os.Getenv("DAVSYNC_HELPER_DB")
	if path == "" {
		t.Skip("run by TestKilledSyncResumes")
	}
	db, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	svc := data.NewServices(db, app.DefaultSettings("US"))
	e := &davsync.Engine{Store: data.NewSyncService(db), Contacts: svc.Contacts, FollowUps: svc.FollowUps, Calendar: svc.Calendar,
		Settings: svc.Settings, Password: os.Getenv("DAVSYNC_HELPER_PASSWORD")}
	e.Sync(ctx)
}

// TestAWeekOfEdits: two books and a phone keep one address book through
// a week of edits on all three sides, syncing in turn: at the end both
// books and the server hold the same people with the same fields, none
// doubled and no edit lost; the one field both books changed differently
// is in a conflict list with the other's value.
func TestAWeekOfEdits(t *testing.T) {
	for name, start := range servers(t) {
		t.Run(name, func(t *testing.T) {
			srv := start(t)
			phone := davtest.Phone{S: srv}
			a, b := newBook(t, srv, "a"), newBook(t, srv, "b")
			edit := func(bk *book, name string, fn func(c *app.Contact)) {
				t.Helper()
				c := bk.byName()[name]
				if c == nil {
					t.Fatalf("%s is not in the book", name)
				}
				fn(c)
				if err := bk.svc.Contacts.UpdateContact(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
			phoneEdit := func(name string, fn func(card string) string) {
				t.Helper()
				for href, card := range phone.Cards() {
					if strings.Contains(card, "FN:"+name) {
						phone.Put(strings.TrimSuffix(strings.TrimPrefix(href, srv.AddressBook), ".vcf"), fn(card))
						return
					}
				}
				t.Fatalf("the phone has no %s", name)
			}
			addLine := func(line string) func(string) string {
				return func(card string) string { return strings.Replace(card, "END:VCARD", line+"\r\nEND:VCARD", 1) }
			}

			// Monday: A has the business; B is new; the phone has a friend.
			zoe := a.add(app.Contact{GivenName: "Zoë", FamilyName: "Müller", Kinds: app.KindReferrer})
			a.add(app.Contact{GivenName: "Nadia", FamilyName: "Baker", ReferredByID: zoe.ID, Kinds: app.KindClient})
			a.add(app.Contact{GivenName: "José", FamilyName: "García", Company: "García Bakery"})
			phone.Put("phone-emeka", "BEGIN:VCARD\nVERSION:3.0\nUID:phone-emeka\nFN:Emeka Johnson\nN:Johnson;Emeka;;;\nTEL;TYPE=CELL:+1 503 555 0199\nEND:VCARD")
			a.run()
			b.run()
			// Tuesday: the phone adds Emeka's email; B adds a tag to Zoë.
			phoneEdit("Emeka Johnson", addLine("EMAIL;TYPE=HOME:emeka@example.com"))
			edit(b, "Zoë Müller", func(c *app.Contact) { c.Tags = append(c.Tags, "vip") })
			b.run()
			a.run()
			// Wednesday: A adds a new client referred by Zoë; the phone adds a birthday to José.
			zoeA := a.byName()["Zoë Müller"]
			a.add(app.Contact{GivenName: "Liam", FamilyName: "Sato", ReferredByID: zoeA.ID, Kinds: app.KindClient})
			phoneEdit("José García", addLine("BDAY:1980-07-14"))
			a.run()
			b.run()
			// Thursday: both books change José's company differently; the phone
			// renames nothing but adds a photo to Nadia.
			edit(a, "José García", func(c *app.Contact) { c.Company = "García & Sons" })
			edit(b, "José García", func(c *app.Contact) { c.Company = "Panadería García" })
			phoneEdit("Nadia Baker", addLine("PHOTO;ENCODING=b;TYPE=JPEG:QUJD"))
			a.run()
			b.run()
			// Friday: B trashes Liam; A notes what Emeka treasures.
			if err := b.svc.Contacts.TrashContact(ctx, b.byName()["Liam Sato"].ID); err != nil {
				t.Fatal(err)
			}
			edit(a, "Emeka Johnson", func(c *app.Contact) { c.Treasures = "Arsenal" })
			b.run()
			a.run()
			// The weekend: a last round each.
			b.run()
			a.run()

			ga, gb := a.byName(), b.byName()
			cards := phone.Cards()
			if len(ga) != 4 || len(gb) != 4 || len(cards) != 4 || ga["Liam Sato"] != nil {
				t.Fatalf("A has %v, B has %v, the server %d cards; want 4 each (Liam in the trash)", names(ga), names(gb), len(cards))
			}
			for n, ca := range ga {
				cb := gb[n]
				if cb == nil {
					t.Fatalf("B lacks %s", n)
				}
				fa, fb := davsync.FieldsOf(ca, ""), davsync.FieldsOf(cb, "")
				if n != "José García" && !fa.Equal(fb) {
					t.Errorf("%s differs:\nA %v\nB %v", n, fa, fb)
				}
				if (ca.ReferredByID != 0) != (cb.ReferredByID != 0) {
					t.Errorf("%s: referred in one book and not the other", n)
				}
			}
			if !slices.Contains(ga["Zoë Müller"].Tags, "vip") || ga["Emeka Johnson"].Treasures != "Arsenal" || len(gb["Emeka Johnson"].Emails) != 1 ||
				gb["José García"].Birthday != (app.Date{Year: 1980, Month: time.July, Day: 14}) || ga["Nadia Baker"].ReferredByID != ga["Zoë Müller"].ID {
				t.Fatalf("an edit of the week was lost:\nZoë %+v\nEmeka %+v\nJosé %+v", ga["Zoë Müller"], gb["Emeka Johnson"], gb["José García"])
			}
			ca, _ := a.sync.Conflicts(ctx)
			cb, _ := b.sync.Conflicts(ctx)
			if len(ca)+len(cb) != 1 {
				t.Fatalf("conflicts: A %+v, B %+v; want the company once", ca, cb)
			}
			for _, card := range cards {
				if strings.Contains(card, "Nadia Baker") && !strings.Contains(card, "QUJD") {
					t.Fatalf("Nadia's photo was lost:\n%s", card)
				}
			}
		})
	}
}
