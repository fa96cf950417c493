package data_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/data"
)

type stores struct {
	db        *data.DB
	contacts  *data.ContactService
	referrals *data.ReferralService
	followUps *data.FollowUpService
	asks      *data.AskService
}

func newStores(t testing.TB) stores {
	db := mustOpenDB(t)
	return stores{db, data.NewContactService(db), data.NewReferralService(db), data.NewFollowUpService(db),
		data.NewAskService(db, data.NewSettingsService(db, app.DefaultSettings("US")))}
}

func (s stores) contact(t *testing.T, c app.Contact) int64 {
	t.Helper()
	if err := s.contacts.CreateContact(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func (s stores) openFollowUps(t *testing.T, contactID int64) []app.FollowUp {
	t.Helper()
	fs, _, err := s.followUps.FindFollowUps(context.Background(), app.FollowUpFilter{OpenOnly: true, ContactID: contactID})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

var day = app.DateOf(fixedNow)

func TestReferralPipeline(t *testing.T) {
	ctx := context.Background()
	s := newStores(t)
	zoe := s.contact(t, app.Contact{GivenName: "Zoë", FamilyName: "Müller", Kinds: app.KindClient | app.KindReferrer})

	// A referral with a lead created on the spot.
	r := &app.Referral{ReferrerID: zoe, ReceivedOn: day, AskedFor: "Boiler replacement", Source: "climbing gym"}
	lead := &app.Contact{GivenName: "Ana", FamilyName: "Lima", Kinds: app.KindProspect}
	if err := s.referrals.CreateReferral(ctx, r, lead); err != nil {
		t.Fatal(err)
	}
	ana := lead.ID
	if got, _ := s.contacts.FindContactByID(ctx, ana); got.ReferredByID != zoe {
		t.Fatalf("the new lead is not under Zoë in the tree: %+v", got)
	}
	if fs := s.openFollowUps(t, ana); len(fs) != 1 || fs[0].Kind != app.FollowContactLead || fs[0].Due != day.AddDays(1) {
		t.Fatalf("lead follow-ups = %+v", fs)
	}
	if fs := s.openFollowUps(t, zoe); len(fs) != 1 || fs[0].Kind != app.FollowThank {
		t.Fatalf("referrer follow-ups = %+v", fs)
	}

	// Forward moves; the contact-the-lead task closes once contacted.
	if err := s.referrals.MoveReferral(ctx, r.ID, app.StatusContacted, 0, day); err != nil {
		t.Fatal(err)
	}
	if fs := s.openFollowUps(t, ana); len(fs) != 0 {
		t.Fatalf("contact-the-lead still open: %+v", fs)
	}
	if fs := s.openFollowUps(t, zoe); len(fs) != 2 || fs[1].Kind != app.FollowKeepPosted {
		t.Fatalf("keep-posted missing: %+v", fs)
	}
	// Backwards, a value before winning: refused, nothing saved.
	for _, bad := range []struct {
		to    app.Status
		value app.Money
		want  string
	}{
		{app.StatusNew, 0, "cannot go back"},
		{app.StatusMeeting, 5000, "only when the referral is won"},
		{app.StatusWon, -5, "negative"},
	} {
		if err := s.referrals.MoveReferral(ctx, r.ID, bad.to, bad.value, day); !strings.Contains(app.ErrorMessage(err), bad.want) {
			t.Errorf("move to %s with %d = %v; want %q", bad.to, bad.value, err, bad.want)
		}
	}
	if err := s.referrals.MoveReferral(ctx, r.ID, app.StatusMeeting, 0, day.AddDays(-1)); !strings.Contains(app.ErrorMessage(err), "cannot be dated before") {
		t.Fatalf("a move dated before the last = %v", err)
	}
	if err := s.referrals.MoveReferral(ctx, r.ID, app.StatusMeeting, 0, day.AddDays(1)); !strings.Contains(app.ErrorMessage(err), "no later than today") {
		t.Fatalf("a move dated tomorrow = %v", err)
	}
	if got, _ := s.referrals.FindReferralByID(ctx, r.ID); got.Status != app.StatusContacted || len(got.History) != 2 {
		t.Fatalf("after refused moves: %+v", got)
	}
	if err := s.referrals.MoveReferral(ctx, r.ID, app.StatusWon, 480000, day); err != nil {
		t.Fatal(err)
	}
	got, _ := s.referrals.FindReferralByID(ctx, r.ID)
	if got.Status != app.StatusWon || got.ValueWon != 480000 || len(got.History) != 3 || got.ReferrerName != "Zoë Müller" || got.LeadName != "Ana Lima" {
		t.Fatalf("won referral = %+v", got)
	}
	if err := s.referrals.MoveReferral(ctx, r.ID, app.StatusLost, 0, day); !strings.Contains(app.ErrorMessage(err), "already Won") {
		t.Fatalf("won → lost = %v", err)
	}
	// Still owed: the first thank-you and the thank-you for the business;
	// the "in touch" update gave way to the newer news.
	zoeTasks := s.openFollowUps(t, zoe)
	if len(zoeTasks) != 2 || zoeTasks[0].Kind != app.FollowThank || zoeTasks[1].Kind != app.FollowThankWon {
		t.Fatalf("referrer's tasks after the win = %+v", zoeTasks)
	}

	// Edits keep status; self and loops are refused.
	got.Note = "Paid in full"
	if err := s.referrals.UpdateReferral(ctx, got); err != nil {
		t.Fatal(err)
	}
	if err := s.referrals.CreateReferral(ctx, &app.Referral{ReferrerID: zoe, LeadID: zoe, ReceivedOn: day}, nil); !strings.Contains(app.ErrorMessage(err), "cannot refer themselves") {
		t.Fatalf("self referral = %v", err)
	}
	if err := s.referrals.CreateReferral(ctx, &app.Referral{ReferrerID: ana, LeadID: zoe, ReceivedOn: day}, nil); !strings.Contains(app.ErrorMessage(err), "loop") {
		t.Fatalf("loop = %v", err)
	}
	if err := s.referrals.CreateReferral(ctx, &app.Referral{ReferrerID: zoe, ReceivedOn: day}, &app.Contact{}); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("nameless new lead = %v", err)
	}
	if live, _, _ := s.contacts.CountContacts(ctx); live != 2 {
		t.Fatalf("a refused referral left a contact behind: %d live", live)
	}

	// Summary, tree and lists.
	sum, err := s.referrals.ReferralSummary(ctx, zoe)
	if err != nil || sum.Sent != 1 || sum.SentWon != 1 || sum.ValueWon != 480000 || sum.Given != 0 {
		t.Fatalf("summary = %+v, %v", sum, err)
	}
	if sum, _ := s.referrals.ReferralSummary(ctx, ana); sum.CameVia == nil || sum.CameVia.ReferrerID != zoe {
		t.Fatalf("Ana came via = %+v", sum.CameVia)
	}
	rows, n, err := s.referrals.FindReferrals(ctx, app.ReferralFilter{Query: "boiler"})
	if err != nil || n != 1 || rows[0].ID != r.ID {
		t.Fatalf("search boiler = %v %d %v", rows, n, err)
	}
	if _, n, _ := s.referrals.FindReferrals(ctx, app.ReferralFilter{Open: true}); n != 0 {
		t.Fatalf("open referrals = %d", n)
	}
	if _, n, _ := s.referrals.FindReferrals(ctx, app.ReferralFilter{Query: "muller"}); n != 1 {
		t.Fatalf("search by referrer = %d", n)
	}

	// A trashed lead hides the referral and the follow-ups.
	if err := s.contacts.TrashContact(ctx, ana); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := s.referrals.FindReferrals(ctx, app.ReferralFilter{}); n != 0 {
		t.Fatalf("referral of a trashed lead still listed")
	}
	if err := s.referrals.CreateReferral(ctx, &app.Referral{ReferrerID: ana, LeadID: zoe, ReceivedOn: day}, nil); !strings.Contains(app.ErrorMessage(err), "trash") {
		t.Fatalf("referral from a trashed contact = %v", err)
	}
}

func TestReferralTreeAndReciprocity(t *testing.T) {
	ctx := context.Background()
	s := newStores(t)
	root := s.contact(t, app.Contact{GivenName: "Margaret", Kinds: app.KindReferrer})
	parent := root
	var ids []int64
	for i, name := range []string{"Bea", "Cy", "Dee"} {
		r := &app.Referral{ReferrerID: parent, ReceivedOn: day}
		lead := &app.Contact{GivenName: name}
		if err := s.referrals.CreateReferral(ctx, r, lead); err != nil {
			t.Fatal(err)
		}
		if err := s.referrals.MoveReferral(ctx, r.ID, app.StatusWon, app.Money(1000*(i+1)), day); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, lead.ID)
		parent = lead.ID
	}
	// A second branch under the root, and a second referral from her.
	if err := s.referrals.CreateReferral(ctx, &app.Referral{ReferrerID: root, ReceivedOn: day}, &app.Contact{GivenName: "Eve"}); err != nil {
		t.Fatal(err)
	}
	nodes, err := s.referrals.ReferralTree(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 5 || nodes[0].ID != root || nodes[0].Descendants != 4 || nodes[0].TreeValue != 6000 {
		t.Fatalf("tree = %+v", nodes)
	}
	for _, n := range nodes {
		if n.ID == ids[2] && (n.Depth != 3 || n.ParentID != ids[1]) {
			t.Fatalf("Dee = %+v", n)
		}
	}
	if _, err := s.referrals.ReferralTree(ctx, 9999); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("tree of nobody = %v", err)
	}

	// Margaret sent two and got none back; giving her one clears her.
	rec, err := s.referrals.Reciprocity(ctx, 2)
	if err != nil || len(rec) != 1 || rec[0].ContactID != root || rec[0].Received != 2 {
		t.Fatalf("reciprocity = %+v, %v", rec, err)
	}
	g := &app.GivenReferral{ToID: root, ForID: ids[0], GivenOn: day, Note: "Bea is selling her flat"}
	if err := s.referrals.CreateGiven(ctx, g); err != nil {
		t.Fatal(err)
	}
	if rec, _ := s.referrals.Reciprocity(ctx, 2); len(rec) != 0 {
		t.Fatalf("after giving back: %+v", rec)
	}
	g.Outcome = app.GivenWon
	if err := s.referrals.UpdateGiven(ctx, g); err != nil {
		t.Fatal(err)
	}
	given, n, err := s.referrals.FindGiven(ctx, root, 10)
	if err != nil || n != 1 || given[0].Outcome != app.GivenWon || given[0].ToName != "Margaret" || given[0].ForName != "Bea" {
		t.Fatalf("given = %+v %d %v", given, n, err)
	}
	for _, bad := range []app.GivenReferral{
		{ToID: root, ForID: root, GivenOn: day},
		{ToID: root, GivenOn: day.AddDays(3)},
		{ToID: 0, GivenOn: day},
		{ToID: root, GivenOn: day, Outcome: "maybe"},
	} {
		if err := s.referrals.CreateGiven(ctx, &bad); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("given %+v = %v; want invalid", bad, err)
		}
	}

	p, err := s.referrals.Progress(ctx, day, time.Monday, 4)
	if err != nil || len(p.Weeks) != 4 || p.Weeks[3].Received != 4 || p.Weeks[3].Given != 1 || p.Months[3].Received != 4 || p.Weeks[2].Received != 0 {
		t.Fatalf("progress = %+v, %v", p, err)
	}
}

func TestFollowUpsAndAsks(t *testing.T) {
	ctx := context.Background()
	s := newStores(t)
	zoe := s.contact(t, app.Contact{GivenName: "Zoë", Kinds: app.KindClient})
	quiet := s.contact(t, app.Contact{GivenName: "Quinn", Kinds: app.KindClient, DoNotContact: true})
	newClient := s.contact(t, app.Contact{GivenName: "Nia", Kinds: app.KindClient, ClientSince: day.AddDays(-3)})

	// The owner's own follow-up: snooze, then done; no second closing.
	f := &app.FollowUp{ContactID: zoe, Title: "Call about the quote", Due: day}
	if err := s.followUps.CreateFollowUp(ctx, f); err != nil {
		t.Fatal(err)
	}
	if err := s.followUps.SnoozeFollowUp(ctx, f.ID, day); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("snooze to today = %v", err)
	}
	if err := s.followUps.SnoozeFollowUp(ctx, f.ID, day.AddDays(7)); err != nil {
		t.Fatal(err)
	}
	if fs := s.openFollowUps(t, zoe); fs[0].Due != day.AddDays(7) {
		t.Fatalf("snoozed = %+v", fs)
	}
	if err := s.followUps.CloseFollowUp(ctx, f.ID, app.FollowDone); err != nil {
		t.Fatal(err)
	}
	if err := s.followUps.CloseFollowUp(ctx, f.ID, app.FollowSkipped); !strings.Contains(app.ErrorMessage(err), "already done") {
		t.Fatalf("close twice = %v", err)
	}
	if err := s.followUps.CreateFollowUp(ctx, &app.FollowUp{ContactID: zoe, Due: day}); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("follow-up without a title = %v", err)
	}

	// New client Nia is a good moment; Quinn never is.
	sugg, err := s.asks.SuggestAsks(ctx, day)
	if err != nil || len(sugg) != 1 || sugg[0].ContactID != newClient {
		t.Fatalf("suggestions = %+v, %v", sugg, err)
	}
	// Asking her: one gentle follow-up; answering closes it and starts the cool-down.
	a := &app.Ask{ContactID: newClient, On: day, Channel: app.ChannelPhone}
	if err := s.asks.LogAsk(ctx, a); err != nil {
		t.Fatal(err)
	}
	fs := s.openFollowUps(t, newClient)
	if len(fs) != 1 || fs[0].Kind != app.FollowGentle || fs[0].Due != day.AddDays(14) {
		t.Fatalf("gentle follow-up = %+v", fs)
	}
	if err := s.asks.AnswerAsk(ctx, a.ID, app.AnswerGave); err != nil {
		t.Fatal(err)
	}
	if fs := s.openFollowUps(t, newClient); len(fs) != 0 {
		t.Fatalf("gentle follow-up still open after an answer: %+v", fs)
	}
	if sugg, _ := s.asks.SuggestAsks(ctx, day); len(sugg) != 0 {
		t.Fatalf("suggested again within the cool-down: %+v", sugg)
	}
	if err := s.asks.LogAsk(ctx, &app.Ask{ContactID: zoe, On: day, Channel: "carrier pigeon"}); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("unknown channel = %v", err)
	}
	asks, n, _ := s.asks.FindAsks(ctx, 0, 10)
	if n != 1 || asks[0].Answer != app.AnswerGave || asks[0].ContactName != "Nia" {
		t.Fatalf("asks = %+v", asks)
	}

	// Referral month: Zoë only (Nia was just asked, Quinn is do-not-contact).
	c, err := s.asks.BuildCampaign(ctx, "2026-12", day)
	if err != nil || len(c.Entries) != 1 || c.Entries[0].ContactID != zoe {
		t.Fatalf("campaign = %+v, %v", c, err)
	}
	if err := s.asks.CampaignAnswered(ctx, c.ID, zoe, app.AnswerGave); !strings.Contains(app.ErrorMessage(err), "asked before") {
		t.Fatalf("answer before asking = %v", err)
	}
	if err := s.asks.CampaignAsked(ctx, c.ID, zoe, app.ChannelCard, day); err != nil {
		t.Fatal(err)
	}
	if err := s.asks.CampaignAnswered(ctx, c.ID, zoe, app.AnswerDeclined); err != nil {
		t.Fatal(err)
	}
	again, err := s.asks.BuildCampaign(ctx, "2026-12", day)
	todo, asked, answered := again.Counts()
	if err != nil || todo != 0 || asked != 0 || answered != 1 || again.Entries[0].Answer != app.AnswerDeclined {
		t.Fatalf("campaign after answers = %+v %v", again, err)
	}
	if _, err := s.asks.FindCampaign(ctx, "2027-01"); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("unplanned month = %v", err)
	}
	if _, err := s.asks.BuildCampaign(ctx, "December", day); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("bad month = %v", err)
	}
	_ = quiet
}

// Today's Done and Called can be taken back: a follow-up closed opens
// again as it was, an interaction logged goes, and its card reminder
// and cadence come back.
func TestUndoCloseAndInteraction(t *testing.T) {
	ctx := context.Background()
	s := newStores(t)
	cal := data.NewCalendarService(s.db, data.NewSettingsService(s.db, app.DefaultSettings("US")))
	zoe := s.contact(t, app.Contact{GivenName: "Zoë"})
	f := &app.FollowUp{ContactID: zoe, Kind: app.FollowCustom, Title: "Call Zoë", Due: day}
	if err := s.followUps.CreateFollowUp(ctx, f); err != nil {
		t.Fatal(err)
	}
	if err := s.followUps.CloseFollowUp(ctx, f.ID, app.FollowDone); err != nil {
		t.Fatal(err)
	}
	if err := s.followUps.ReopenFollowUp(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	if fs := s.openFollowUps(t, zoe); len(fs) != 1 || fs[0].Due != day || fs[0].Title != "Call Zoë" {
		t.Fatalf("after reopening: %+v", fs)
	}
	if err := s.followUps.ReopenFollowUp(ctx, 9999); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("reopening nothing: %v", err)
	}

	i := &app.Interaction{ContactID: zoe, On: day, Kind: app.InteractionCall}
	if err := cal.LogInteraction(ctx, i); err != nil || i.ID == 0 {
		t.Fatal(i.ID, err)
	}
	if err := cal.DeleteInteraction(ctx, i.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := cal.FindInteractions(ctx, zoe, 5); len(got) != 0 {
		t.Fatalf("after undo: %+v", got)
	}
	if err := cal.DeleteInteraction(ctx, i.ID); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("deleting twice: %v", err)
	}
}

// A referral's move, a gift's deletion, an ask, a referral month's Asked
// and a follow-up's Next Week can each be taken back, leaving the book as
// it was: the referral's status, value, history and follow-ups, and the
// card that named it still naming it.
func TestUndoReferralGiftAskAndSnooze(t *testing.T) {
	ctx := context.Background()
	s := newStores(t)
	gifts := data.NewGiftService(s.db, data.NewSettingsService(s.db, app.DefaultSettings("US")))
	cs := data.NewCardService(s.db, data.NewSettingsService(s.db, app.DefaultSettings("US")))
	zoe := s.contact(t, app.Contact{GivenName: "Zoë", Kinds: app.KindReferrer})
	r := &app.Referral{ReferrerID: zoe, ReceivedOn: day}
	if err := s.referrals.CreateReferral(ctx, r, &app.Contact{GivenName: "Ana"}); err != nil {
		t.Fatal(err)
	}
	if err := cs.LogSent(ctx, []cards.Sent{{ContactID: zoe, Template: "thank-you-referral", Title: "Thanks", Purpose: cards.PurposeThanks,
		Layout: "flat-a6", ReferralID: r.ID, Front: "Thank you", Inside: "For Ana"}}); err != nil {
		t.Fatal(err)
	}
	before := append(s.openFollowUps(t, zoe), s.openFollowUps(t, r.LeadID)...)
	snap, err := s.referrals.SnapshotReferral(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.referrals.MoveReferral(ctx, r.ID, app.StatusWon, 120000, day); err != nil {
		t.Fatal(err)
	}
	if err := s.referrals.RestoreReferral(ctx, snap); err != nil {
		t.Fatal(err)
	}
	back, _ := s.referrals.FindReferralByID(ctx, r.ID)
	after := append(s.openFollowUps(t, zoe), s.openFollowUps(t, r.LeadID)...)
	if back.Status != app.StatusNew || back.ValueWon != 0 || len(back.History) != 1 || len(after) != len(before) {
		t.Fatalf("after undoing Won: %+v, %d follow-ups open, %d before", back, len(after), len(before))
	}
	if sent, _ := cs.FindSent(ctx, zoe, 1); len(sent) != 1 || sent[0].ReferralID != r.ID {
		t.Fatalf("undoing the move unlinked the card: %+v", sent)
	}

	g := &app.Gift{ContactID: zoe, ReferralID: r.ID, What: "Orchid", Occasion: app.ForReferral, Status: app.GiftPlanned}
	if err := gifts.CreateGift(ctx, g); err != nil {
		t.Fatal(err)
	}
	gs, _ := gifts.SnapshotGift(ctx, g.ID)
	if err := gifts.DeleteGift(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := gifts.RestoreGift(ctx, gs); err != nil {
		t.Fatal(err)
	}
	if found, _, _ := gifts.FindGifts(ctx, app.GiftFilter{ContactID: zoe}); len(found) != 1 || found[0].ID != g.ID || found[0].What != "Orchid" {
		t.Fatalf("the deleted gift came back as %+v", found)
	}

	a := &app.Ask{ContactID: zoe, On: day, Channel: app.ChannelPhone, Answer: app.AnswerNone}
	if err := s.asks.LogAsk(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.asks.DeleteAsk(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if asks, _, _ := s.asks.FindAsks(ctx, zoe, 5); len(asks) != 0 {
		t.Fatalf("the ask stayed: %+v", asks)
	}
	for _, f := range s.openFollowUps(t, zoe) {
		if f.Kind == app.FollowGentle {
			t.Fatal("the ask's gentle follow-up stayed")
		}
	}

	fu := s.openFollowUps(t, r.LeadID)[0]
	if err := s.followUps.SnoozeFollowUp(ctx, fu.ID, day.AddDays(7)); err != nil {
		t.Fatal(err)
	}
	if err := s.followUps.SetFollowUpDue(ctx, fu.ID, fu.Due); err != nil {
		t.Fatal(err)
	}
	if again := s.openFollowUps(t, r.LeadID)[0]; again.Due != fu.Due {
		t.Fatalf("Next Week undone: due %v, was %v", again.Due, fu.Due)
	}
}
