package davsync_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/davsync"
	"github.com/referable/referable/app/testkit/davtest"
)

// benchSize is how many contacts a benchmark syncs: the environment
// variable named, else def.
func benchSize(b *testing.B, name string, def int) int {
	if s := os.Getenv(name); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("%s=%q: want a number of contacts", name, s)
		}
		return n
	}
	return def
}

// sampleContact is the i-th contact of a benchmark book: what an owner
// keeps on a client (name, email, phone, mailing address, birthday,
// client since, kind, tags, notes, what they treasure).
func sampleContact(i int) app.Contact {
	return app.Contact{
		GivenName:   fmt.Sprintf("Given%d", i),
		FamilyName:  fmt.Sprintf("Family%d", i),
		Company:     fmt.Sprintf("Firm %d", i%500),
		Kinds:       app.KindClient,
		Tags:        []string{"bench", fmt.Sprintf("area-%d", i%20)},
		Emails:      []app.Labeled{{Label: "work", Value: fmt.Sprintf("person%d@example.com", i)}},
		Phones:      []app.Labeled{{Label: "cell", Value: fmt.Sprintf("+1 555 %03d %04d", i/10000%1000, i%10000)}},
		Address:     app.Address{Street: fmt.Sprintf("%d Main Street", i%900+1), Locality: "Springfield", Region: "IL", PostalCode: "62701", Country: "US"},
		Birthday:    app.Date{Year: 1950 + i%50, Month: time.Month(i%12 + 1), Day: i%28 + 1},
		ClientSince: app.Date{Year: 2010 + i%15, Month: time.Month((i+5)%12 + 1), Day: (i+9)%28 + 1},
		Notes:       "Met at the spring fair; prefers calls after five.",
		Treasures:   "sailing, dark chocolate",
	}
}

// BenchmarkFirstSync: a book of N contacts (REFERABLE_SYNC_BENCH_N,
// 1,000 unless said) goes up to an empty address book on a local
// Radicale and back down into an empty book, against a plain client
// doing the same work in the same run: a loop of PUTs of the same cards,
// then one REPORT reading them all. Each side has its own fresh server.
// ratio is Referable's time over the plain client's (the goal: ≤ 2).
//
// Radicale checks on every new card that its UID is not in the
// collection yet by reading every card there, so uploads cost Radicale
// O(n) each, for both clients alike: 10,000 cards take over an hour
// either way (docs/benchmarks.md).
func BenchmarkFirstSync(b *testing.B) {
	n := benchSize(b, "REFERABLE_SYNC_BENCH_N", 1000)
	var plainUp, plainDown, upT, downT time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		bookSrv := davtest.StartRadicale(b)
		plainSrv := davtest.StartRadicale(b)
		a := newBook(b, bookSrv, "a")
		down := newBook(b, bookSrv, "b")
		cards := make([]string, n)
		for k := range n {
			c := a.add(sampleContact(k))
			card, err := davsync.CardText(c, fmt.Sprintf("urn:uuid:plain-%d", k))
			if err != nil {
				b.Fatal(err)
			}
			cards[k] = card
		}
		phone := davtest.Phone{S: plainSrv}
		b.StartTimer()

		t0 := time.Now()
		for k, card := range cards {
			phone.Put(fmt.Sprintf("plain-%d", k), card)
		}
		plainUp += time.Since(t0)
		t0 = time.Now()
		if rep := a.run(); rep.Up.Created != n {
			b.Fatalf("%d contacts went up, not %d", rep.Up.Created, n)
		}
		upT += time.Since(t0)
		pd, rd := readDown(b, phone, down, n)
		plainDown, downT = plainDown+pd, downT+rd
		b.StopTimer()
		bookSrv.Stop()
		plainSrv.Stop()
	}
	per := func(d time.Duration) float64 { return d.Seconds() / float64(b.N) }
	b.ReportMetric(float64(n), "contacts")
	b.ReportMetric(per(plainUp+plainDown), "plain-s")
	b.ReportMetric(per(upT+downT), "referable-s")
	b.ReportMetric(per(upT)/per(plainUp), "up-ratio")
	b.ReportMetric(per(downT)/per(plainDown), "down-ratio")
	b.ReportMetric((upT+downT).Seconds()/(plainUp+plainDown).Seconds(), "ratio")
}

// BenchmarkFirstSyncDown: a phone's address book of N cards
// (REFERABLE_SYNC_BENCH_BOOK, 10,000 unless said, written into
// Radicale's folder beforehand) read into an empty book, against the
// plain client's one REPORT of the same cards in the same run.
func BenchmarkFirstSyncDown(b *testing.B) {
	n := benchSize(b, "REFERABLE_SYNC_BENCH_BOOK", 10000)
	srv, _ := seededServer(b, n)
	phone := davtest.Phone{S: srv}
	var plain, ref time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		book := newBook(b, srv, fmt.Sprintf("down%d", i))
		b.StartTimer()
		pd, rd := readDown(b, phone, book, n)
		plain, ref = plain+pd, ref+rd
		b.StopTimer()
		book.db.Close()
	}
	b.ReportMetric(float64(n), "contacts")
	b.ReportMetric(plain.Seconds()/float64(b.N), "plain-s")
	b.ReportMetric(ref.Seconds()/float64(b.N), "referable-s")
	b.ReportMetric(ref.Seconds()/plain.Seconds(), "ratio")
}

// readDown times the plain client's one REPORT of the address book's n
// cards, then the book's sync bringing them down.
func readDown(b *testing.B, phone davtest.Phone, book *book, n int) (plain, ref time.Duration) {
	t0 := time.Now()
	if got := len(phone.Cards()); got != n {
		b.Fatalf("the plain client read %d cards of %d", got, n)
	}
	plain = time.Since(t0)
	t0 = time.Now()
	if rep := book.run(); rep.Down.Created != n {
		b.Fatalf("%d contacts came down, not %d", rep.Down.Created, n)
	}
	return plain, time.Since(t0)
}

// seededServer is a Radicale holding n sample cards, by href.
func seededServer(b *testing.B, n int) (*davtest.Server, []string) {
	srv := davtest.StartRadicale(b)
	files := map[string]string{}
	hrefs := make([]string, n)
	for k := range n {
		c := sampleContact(k)
		c.ID = int64(k + 1)
		card, err := davsync.CardText(&c, fmt.Sprintf("urn:uuid:seed-%d", k))
		if err != nil {
			b.Fatal(err)
		}
		name := fmt.Sprintf("seed-%d.vcf", k)
		files[name] = card
		hrefs[k] = srv.AddressBook + name
	}
	srv.Seed(files)
	return srv, hrefs
}

// BenchmarkIncrementalSync: a book in step with an address book of
// 1,000 and of N contacts (REFERABLE_SYNC_BENCH_BOOK, 10,000 unless
// said) on a local
// Radicale; 10 contacts change in the book and 10 other cards on a
// phone; one sync takes both ways (the goal: < 1 s). plain-s is what a
// plain client pays on the same server in the same round: the phone's
// 10 uploads and one sync-collection (Radicale reads every card of the
// collection for each, so both grow with the book).
func BenchmarkIncrementalSync(b *testing.B) {
	for _, n := range []int{1000, benchSize(b, "REFERABLE_SYNC_BENCH_BOOK", 10000)} {
		b.Run(fmt.Sprintf("book=%d", n), func(b *testing.B) { incrementalSync(b, n) })
	}
}

func incrementalSync(b *testing.B, n int) {
	srv, hrefs := seededServer(b, n)
	book := newBook(b, srv, "book")
	if rep := book.run(); rep.Down.Created != n {
		b.Fatalf("%d contacts came down, not %d", rep.Down.Created, n)
	}
	ids := map[string]int64{} // by email
	rows, _, err := book.svc.Contacts.FindContacts(ctx, app.ContactFilter{Limit: n + 1})
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rows {
		c, err := book.svc.Contacts.FindContactByID(ctx, r.ID)
		if err != nil {
			b.Fatal(err)
		}
		ids[c.Emails[0].Value] = c.ID
	}
	phone := davtest.Phone{S: srv}
	token := syncToken(b, srv, "")
	var floor time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for k := range 10 {
			// The book changes contacts from the start of the list, the
			// phone from the end: 20 different contacts each round.
			mine := (i*10 + k) % (n / 2)
			c, err := book.svc.Contacts.FindContactByID(ctx, ids[fmt.Sprintf("person%d@example.com", mine)])
			if err != nil {
				b.Fatal(err)
			}
			c.Notes = fmt.Sprintf("Round %d: called about the kitchen.", i)
			if err := book.svc.Contacts.UpdateContact(ctx, c); err != nil {
				b.Fatal(err)
			}
			theirs := n - 1 - (i*10+k)%(n/2)
			href := hrefs[theirs]
			card := strings.Replace(dropFirst(phone.Get(href), "NICKNAME"), "END:VCARD", fmt.Sprintf("NICKNAME:Round %d\r\nEND:VCARD", i), 1)
			t0 := time.Now()
			phone.Put(strings.TrimSuffix(href[len(srv.AddressBook):], ".vcf"), card)
			floor += time.Since(t0)
		}
		// What a plain client pays for the same round on this server: its
		// 10 uploads (timed above) and asking what changed, one
		// sync-collection from a token.
		t0 := time.Now()
		token = syncToken(b, srv, token)
		floor += time.Since(t0)
		b.StartTimer()
		rep := book.run()
		if rep.Up.Updated != 10 || rep.Down.Updated != 10 {
			b.Fatalf("round %d: %d went up and %d came down, not 10 and 10:\n%s", i, rep.Up.Updated, rep.Down.Updated, strings.Join(rep.Lines, "\n"))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(n), "contacts")
	b.ReportMetric(floor.Seconds()/float64(b.N), "plain-s")
}

var tokenRE = regexp.MustCompile(`<[A-Za-z0-9]*:?sync-token>([^<]+)</`)

// syncToken asks the address book what changed since token, as a plain
// client would, and returns the next token.
func syncToken(b *testing.B, srv *davtest.Server, token string) string {
	body := `<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>` + token +
		`</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>`
	resp, err := srv.Do("REPORT", srv.AddressBook, body, "application/xml; charset=utf-8", nil)
	if err != nil || resp.StatusCode != 207 {
		b.Fatalf("sync-collection: %v %v", err, resp)
	}
	raw, _ := io.ReadAll(resp.Body)
	m := tokenRE.FindSubmatch(raw)
	if m == nil {
		b.Fatalf("no sync-token in %.300s", raw)
	}
	return string(m[1])
}

// dropFirst drops the first line of a card starting with name.
func dropFirst(card, name string) string {
	lines := strings.Split(card, "\r\n")
	for i, l := range lines {
		if strings.HasPrefix(l, name+":") || strings.HasPrefix(l, name+";") {
			return strings.Join(append(lines[:i:i], lines[i+1:]...), "\r\n")
		}
	}
	return card
}

// slow is a network with a round trip of its own: each request waits rtt
// before it goes, as one to a distant server would.
type slow struct {
	rtt   time.Duration
	inner http.RoundTripper
}

func (s slow) RoundTrip(r *http.Request) (*http.Response, error) {
	time.Sleep(s.rtt)
	return s.inner.RoundTrip(r)
}

// BenchmarkFirstSyncDistant: BenchmarkFirstSync's work, N contacts
// (REFERABLE_SYNC_BENCH_DISTANT_N, 300 unless said), to a server 30 ms
// away (a local Radicale behind a network that waits 30 ms a request),
// against the plain client's loop of PUTs and one REPORT over the same
// network in the same run.
func BenchmarkFirstSyncDistant(b *testing.B) {
	n := benchSize(b, "REFERABLE_SYNC_BENCH_DISTANT_N", 300)
	wan := slow{30 * time.Millisecond, http.DefaultTransport}
	var plain, ref time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		bookSrv, plainSrv := davtest.StartRadicale(b), davtest.StartRadicale(b)
		a, down := newBook(b, bookSrv, "a"), newBook(b, bookSrv, "b")
		hc := &http.Client{Transport: wan}
		send := func(method, href, body string, header http.Header) *http.Response {
			req, _ := http.NewRequest(method, strings.TrimSuffix(plainSrv.URL, "/")+href, strings.NewReader(body))
			req.SetBasicAuth(plainSrv.User, plainSrv.Password)
			for k, v := range header {
				req.Header[k] = v
			}
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode/100 != 2 {
				b.Fatalf("%s %s: %s", method, href, resp.Status)
			}
			return resp
		}
		cards := make([]string, n)
		for k := range n {
			c := a.add(sampleContact(k))
			cards[k], _ = davsync.CardText(c, fmt.Sprintf("urn:uuid:plain-%d", k))
		}
		b.StartTimer()
		t0 := time.Now()
		for k, card := range cards {
			send("PUT", fmt.Sprintf("%splain-%d.vcf", plainSrv.AddressBook, k), card, http.Header{"Content-Type": {"text/vcard"}, "If-None-Match": {"*"}})
		}
		send("REPORT", plainSrv.AddressBook, `<?xml version="1.0" encoding="utf-8"?><C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><C:address-data/></D:prop></C:addressbook-query>`,
			http.Header{"Depth": {"1"}, "Content-Type": {"application/xml"}})
		plain += time.Since(t0)
		t0 = time.Now()
		for _, bk := range []*book{a, down} {
			e := bk.engine()
			e.Transport = wan
			if _, err := e.Sync(ctx); err != nil {
				b.Fatal(err)
			}
		}
		ref += time.Since(t0)
		b.StopTimer()
		if got := len(down.byName()); got != n {
			b.Fatalf("%d contacts came down, not %d", got, n)
		}
		bookSrv.Stop()
		plainSrv.Stop()
	}
	b.ReportMetric(float64(n), "contacts")
	b.ReportMetric(plain.Seconds()/float64(b.N), "plain-s")
	b.ReportMetric(ref.Seconds()/float64(b.N), "referable-s")
	b.ReportMetric(ref.Seconds()/plain.Seconds(), "ratio")
}
