package data_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/demo"
	"github.com/referable/referable/data"
)

func loadDemo(tb testing.TB, db *data.DB, n int) *data.ContactService {
	tb.Helper()
	if err := demo.Load(context.Background(), data.NewServices(db, app.DefaultSettings("US")), n, fixedNow); err != nil {
		tb.Fatal(err)
	}
	return data.NewContactService(db)
}

func TestDemoBusiness(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	svc := loadDemo(t, db, demo.DefaultContacts)
	live, _, err := svc.CountContacts(ctx)
	if err != nil || live != demo.DefaultContacts {
		t.Fatalf("live = %d, %v", live, err)
	}
	all, _, _ := svc.FindContacts(ctx, app.ContactFilter{})
	var referred, noYear, leap int
	depth := map[int64]int{}
	maxDepth := 0
	for _, r := range all {
		c, err := svc.FindContactByID(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.ReferredByID != 0 {
			referred++
		}
		if !c.Birthday.IsZero() && !c.Birthday.HasYear() {
			noYear++
		}
		if c.Birthday.Month == time.February && c.Birthday.Day == 29 {
			leap++
		}
		d := 0
		for id := c.ReferredByID; id != 0; d++ {
			p, err := svc.FindContactByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			id = p.ReferredByID
		}
		depth[c.ID] = d
		maxDepth = max(maxDepth, d)
	}
	if referred < live/2 || maxDepth < 3 || noYear == 0 || leap == 0 {
		t.Errorf("sample too thin: %d referred, deepest chain %d, %d birthdays without year, %d on Feb 29", referred, maxDepth, noYear, leap)
	}
	for _, q := range []string{"muller", "lukasz", "李", "山田", "李明", "Παπαδόπουλος", "Иванов"} {
		if got, _, _ := svc.FindContacts(ctx, app.ContactFilter{Query: q}); len(got) == 0 {
			t.Errorf("sample has nobody matching %q", q)
		}
	}
	if err := demo.Load(ctx, data.NewServices(db, app.DefaultSettings("US")), 10, fixedNow); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("loading into a full database = %v; want a conflict", err)
	}
	s, _ := data.NewSettingsService(db, app.DefaultSettings("US")).Settings(ctx)
	if s.BusinessName == "" {
		t.Fatal("sample did not set the business name")
	}

	// The ledger: every status, given referrals, asks, open follow-ups and a
	// good moment to ask, so every screen shows something real.
	stores := data.NewServices(db, app.DefaultSettings("US"))
	for _, st := range app.Statuses {
		if _, n, _ := stores.Referrals.FindReferrals(ctx, app.ReferralFilter{Status: st}); n == 0 {
			t.Errorf("no referral is %s", st.Label())
		}
	}
	if _, n, _ := stores.Referrals.FindGiven(ctx, 0, 0); n == 0 {
		t.Error("no given referrals")
	}
	if _, n, _ := stores.Asks.FindAsks(ctx, 0, 0); n == 0 {
		t.Error("no asks")
	}
	open, n, _ := stores.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true})
	if n == 0 || n > 40 {
		t.Errorf("%d open follow-ups; want a realistic handful", n)
	}
	kinds := map[app.FollowUpKind]bool{}
	for _, f := range open {
		kinds[f.Kind] = true
	}
	if !kinds[app.FollowContactLead] || !kinds[app.FollowThank] {
		t.Errorf("open follow-ups lack a new lead to contact or a referrer to thank: %v", kinds)
	}
	if sugg, _ := stores.Asks.SuggestAsks(ctx, day); len(sugg) == 0 {
		t.Error("nobody is a good moment to ask")
	}
	// Today has cards to post (Zoë's birthday in five days, 山田花子's in
	// fourteen, to Kyoto: both mail-by today), a date this week, and
	// someone to get in touch with.
	cards, _ := stores.Calendar.CardsDue(ctx, day)
	if len(cards) < 2 {
		t.Errorf("cards due: %+v", cards)
	}
	if n, _ := stores.Calendar.CountUpcoming(ctx, day, day.AddDays(6)); n < 2 {
		t.Errorf("%d dates this week", n)
	}
	if o, _ := stores.Calendar.KeepInTouchOverdue(ctx, day); len(o) == 0 {
		t.Error("nobody to get in touch with")
	}
	for _, st := range app.GiftStatuses {
		if _, n, _ := stores.Gifts.FindGifts(ctx, app.GiftFilter{Status: st}); n == 0 {
			t.Errorf("no gift is %s", st.Label())
		}
	}
}

// BenchmarkDemo100k measures `demo --contacts 100000` (goal < 15 s).
func BenchmarkDemo100k(b *testing.B) {
	for b.Loop() {
		loadDemo(b, mustOpenDB(b), demo.MaxContacts)
	}
}

// BenchmarkContactSearch types queries letter by letter into a database of
// 100,000 contacts, as the search box does. Goal: median < 5 ms.
func BenchmarkContactSearch(b *testing.B) {
	ctx := context.Background()
	svc := loadDemo(b, mustOpenDB(b), demo.MaxContacts)
	var queries []string
	for _, word := range []string{"muller", "johnson", "lukasz", "portland", "kowalski", "zoe mu"} {
		for i := 1; i <= len([]rune(word)); i++ {
			queries = append(queries, string([]rune(word)[:i]))
		}
	}
	var times []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		start := time.Now()
		// What the search box runs per keystroke: the first page of rows
		// and the count for the list's length.
		if _, _, err := svc.FindContacts(ctx, app.ContactFilter{Query: q, Limit: app.ContactPage}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkContactPage loads one page of the unfiltered list at the top,
// middle and end of 100,000 contacts, as the Contacts screen does while
// scrolling (it never loads every row).
func BenchmarkContactPage(b *testing.B) {
	ctx := context.Background()
	svc := loadDemo(b, mustOpenDB(b), demo.MaxContacts)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		offset := []int{0, 50_000, demo.MaxContacts - app.ContactPage}[i%3]
		rows, total, err := svc.FindContacts(ctx, app.ContactFilter{Offset: offset, Limit: app.ContactPage})
		if err != nil || len(rows) != app.ContactPage || total != demo.MaxContacts {
			b.Fatal(len(rows), total, err)
		}
	}
}
