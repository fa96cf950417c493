package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
)

var today = app.Date{Year: 2026, Month: time.November, Day: 22}

func TestStatusMoves(t *testing.T) {
	for _, tc := range []struct {
		from, to app.Status
		wantErr  string
	}{
		{app.StatusNew, app.StatusContacted, ""},
		{app.StatusNew, app.StatusMeeting, ""},
		{app.StatusNew, app.StatusWon, ""},
		{app.StatusNew, app.StatusLost, ""},
		{app.StatusContacted, app.StatusMeeting, ""},
		{app.StatusMeeting, app.StatusWon, ""},
		{app.StatusMeeting, app.StatusLost, ""},
		{app.StatusContacted, app.StatusNew, "cannot go back"},
		{app.StatusMeeting, app.StatusContacted, "cannot go back"},
		{app.StatusMeeting, app.StatusMeeting, "cannot go back"},
		{app.StatusWon, app.StatusLost, "already Won"},
		{app.StatusLost, app.StatusWon, "already Lost"},
		{app.StatusNew, "archived", "not a referral status"},
	} {
		t.Run(string(tc.from)+"→"+string(tc.to), func(t *testing.T) {
			err := tc.from.CheckMove(tc.to)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), tc.wantErr) {
				t.Fatalf("err = %v; want %q", err, tc.wantErr)
			}
		})
	}
}

func TestReferralValidate(t *testing.T) {
	ok := app.Referral{ReferrerID: 1, LeadID: 2, ReceivedOn: today, Status: app.StatusNew}
	for _, tc := range []struct {
		name    string
		edit    func(*app.Referral)
		wantErr string
	}{
		{"fine", func(*app.Referral) {}, ""},
		{"self", func(r *app.Referral) { r.LeadID = 1 }, "cannot refer themselves"},
		{"no referrer", func(r *app.Referral) { r.ReferrerID = 0 }, "who sent"},
		{"no lead", func(r *app.Referral) { r.LeadID = 0 }, "who was referred"},
		{"no date", func(r *app.Referral) { r.ReceivedOn = app.Date{} }, "date it came in"},
		{"future", func(r *app.Referral) { r.ReceivedOn = today.AddDays(1) }, "future"},
		{"value while open", func(r *app.Referral) { r.ValueWon = 100 }, "only once the referral is won"},
		{"negative value", func(r *app.Referral) { r.Status, r.ValueWon = app.StatusWon, -1 }, "negative"},
		{"won with value", func(r *app.Referral) { r.Status, r.ValueWon = app.StatusWon, 125000 }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ok
			tc.edit(&r)
			err := r.Validate(today)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && !strings.Contains(app.ErrorMessage(err), tc.wantErr) {
				t.Fatalf("Validate = %v; want %q", err, tc.wantErr)
			}
		})
	}
}

func TestFollowUpRules(t *testing.T) {
	zoe := &app.Contact{ID: 1, GivenName: "Zoë", FamilyName: "Müller"}
	li := &app.Contact{ID: 2, DisplayName: "李明"}
	quiet := &app.Contact{ID: 3, GivenName: "Quinn", DoNotContact: true}
	r := app.Referral{ID: 9, ReferrerID: 1, LeadID: 2, ReceivedOn: today}

	type want struct {
		kind    app.FollowUpKind
		contact int64
		due     app.Date
		title   string
	}
	check := func(t *testing.T, got []app.FollowUp, wants []want) {
		t.Helper()
		if len(got) != len(wants) {
			t.Fatalf("got %d follow-ups %+v, want %d", len(got), got, len(wants))
		}
		for i, w := range wants {
			g := got[i]
			if g.Kind != w.kind || g.ContactID != w.contact || g.Due != w.due || g.Title != w.title || g.ReferralID != 9 {
				t.Errorf("follow-up %d = %+v, want %+v", i, g, w)
			}
		}
	}
	t.Run("new referral: contact the lead at once, thank the referrer", func(t *testing.T) {
		check(t, app.FollowUpsForNewReferral(r, zoe, li, today), []want{
			{app.FollowContactLead, 2, today.AddDays(1), "Contact 李明, referred by Zoë Müller"},
			{app.FollowThank, 1, today.AddDays(2), "Thank Zoë Müller for referring 李明"},
		})
	})
	t.Run("do-not-contact referrer is not put on the list", func(t *testing.T) {
		check(t, app.FollowUpsForNewReferral(r, quiet, li, today), []want{
			{app.FollowContactLead, 2, today.AddDays(1), "Contact 李明, referred by Quinn"},
		})
		if got := app.FollowUpsForMove(r, app.StatusWon, quiet, li, today); len(got) != 0 {
			t.Fatalf("won with a do-not-contact referrer: %+v", got)
		}
	})
	for _, tc := range []struct {
		to   app.Status
		want []want
	}{
		{app.StatusContacted, []want{{app.FollowKeepPosted, 1, today.AddDays(3), "Tell Zoë Müller you have been in touch with 李明"}}},
		{app.StatusMeeting, []want{{app.FollowKeepPosted, 1, today.AddDays(3), "Tell Zoë Müller you are meeting 李明"}}},
		{app.StatusWon, []want{{app.FollowThankWon, 1, today.AddDays(2), "Thank Zoë Müller for the business 李明 brought"}}},
		{app.StatusLost, []want{{app.FollowKeepPosted, 1, today.AddDays(3), "Let Zoë Müller know kindly how it went with 李明"}}},
	} {
		t.Run("moved to "+string(tc.to), func(t *testing.T) {
			check(t, app.FollowUpsForMove(r, tc.to, zoe, li, today), tc.want)
		})
	}
}

func TestSuggestAsks(t *testing.T) {
	const cooldown = 90
	recent, old := today.AddDays(-5), today.AddDays(-200)
	cands := []app.AskCandidate{
		{ContactID: 1, Name: "won recently, never asked", Kinds: app.KindClient, LastWon: recent},
		{ContactID: 2, Name: "won recently, asked 30 days ago", Kinds: app.KindClient, LastWon: recent, LastAsk: today.AddDays(-30)},
		{ContactID: 3, Name: "won recently, asked 90 days ago", Kinds: app.KindClient, LastWon: today.AddDays(-1), LastAsk: today.AddDays(-90)},
		{ContactID: 4, Name: "won recently, do not contact", Kinds: app.KindClient, LastWon: recent, DoNotContact: true},
		{ContactID: 5, Name: "won long ago", Kinds: app.KindClient, LastWon: old},
		{ContactID: 6, Name: "prospect, not a client", Kinds: app.KindProspect, LastWon: recent},
		{ContactID: 7, Name: "new client", Kinds: app.KindClient, ClientSince: today.AddDays(-10)},
		{ContactID: 8, Name: "sent us someone", Kinds: app.KindClient | app.KindReferrer, LastSent: today.AddDays(-2)},
		{ContactID: 9, Name: "client on 31st day", Kinds: app.KindClient, ClientSince: today.AddDays(-31)},
	}
	got := app.SuggestAsks(cands, today, cooldown)
	var ids []int64
	for _, s := range got {
		ids = append(ids, s.ContactID)
		if s.Reason == "" {
			t.Errorf("%s: no reason given", s.Name)
		}
	}
	want := []int64{3, 8, 1, 7} // most recent moment first
	if len(ids) != len(want) {
		t.Fatalf("suggested %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("suggested %v, want %v", ids, want)
		}
	}
}

func TestGentleFollowUpAndCooldown(t *testing.T) {
	a := app.Ask{ID: 4, ContactID: 1, On: today}
	f := app.GentleFollowUp(a, "Zoë", 14)
	if f.Due != today.AddDays(14) || f.AskID != 4 || f.Kind != app.FollowGentle {
		t.Fatalf("gentle follow-up = %+v", f)
	}
	if got := app.NextAskDate(today, 90); got != (app.Date{Year: 2027, Month: time.February, Day: 20}) {
		t.Fatalf("next ask = %v", got)
	}
	if !app.NextAskDate(app.Date{}, 90).IsZero() {
		t.Fatal("never asked must have no waiting date")
	}
}

func TestWeekStartAndSumTree(t *testing.T) {
	// Sunday 22 Nov 2026.
	if got := app.WeekStart(today, time.Monday); got != (app.Date{Year: 2026, Month: time.November, Day: 16}) {
		t.Errorf("Monday week of %v starts %v", today, got)
	}
	if got := app.WeekStart(today, time.Sunday); got != today {
		t.Errorf("Sunday week of %v starts %v", today, got)
	}
	nodes := []app.TreeNode{
		{ID: 3, ParentID: 2, Depth: 2, ValueWon: 500},
		{ID: 1, Depth: 0, ValueWon: 100},
		{ID: 2, ParentID: 1, Depth: 1},
		{ID: 4, ParentID: 1, Depth: 1, ValueWon: 50},
	}
	app.SumTree(nodes)
	byID := map[int64]app.TreeNode{}
	for _, n := range nodes {
		byID[n.ID] = n
	}
	if r := byID[1]; r.Descendants != 3 || r.TreeValue != 650 {
		t.Errorf("root = %+v", r)
	}
	if n := byID[2]; n.Descendants != 1 || n.TreeValue != 500 {
		t.Errorf("node 2 = %+v", n)
	}
}
