package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

func findEntry(obj fyne.CanvasObject, placeholder string) *widget.Entry {
	e, _ := find(obj, func(e *widget.Entry) bool { return e.PlaceHolder == placeholder })
	return e
}

// pick chooses a contact in the picker dialog on top.
func pick(t *testing.T, w fyne.Window, query string) {
	t.Helper()
	picker := w.Canvas().Overlays().Top()
	test.Type(w.Canvas().Focused().(*widget.Entry), query)
	list, ok := find(picker, func(*widget.List) bool { return true })
	if !ok || list.Length() == 0 {
		t.Fatalf("the picker finds nobody for %q", query)
	}
	list.Select(0)
}

func TestReferralThroughThePipeline(t *testing.T) {
	u, w, svc := newTestUI(t)
	ctx := context.Background()
	zoe := &app.Contact{GivenName: "Zoë", FamilyName: "Müller", Kinds: app.KindClient | app.KindReferrer}
	if err := svc.Contacts.CreateContact(ctx, zoe); err != nil {
		t.Fatal(err)
	}
	u.tabs.Select(u.referralsItem)
	p := u.referrals.pipeline
	if p.noRows.Hidden || len(p.rows) != 0 {
		t.Fatal("an empty pipeline does not say what will show there")
	}

	// Record a referral from Zoë of a new lead, named on the spot.
	test.Tap(findButton(u.referralsItem.Content, "Record a Referral"))
	d := w.Canvas().Overlays().Top()
	test.Tap(findButton(d, "Choose who sent them…"))
	pick(t, w, "muller")
	test.Type(findEntry(d, "Given name"), "Ana")
	test.Type(findEntry(d, "Family name"), "Lima")
	test.Type(findEntry(d, "Phone or email, to contact them at once"), "+1 503 555 0199")
	test.Type(findEntry(d, "What they need, e.g. boiler replacement"), "Boiler replacement")
	test.Tap(findButton(d, "Record"))
	if w.Canvas().Overlays().Top() != nil {
		t.Fatalf("the dialog stayed open: %v", findLabelIn(d))
	}
	if len(p.rows) != 1 || p.selected == nil || p.selected.LeadName != "Ana Lima" || p.selected.Status != app.StatusNew {
		t.Fatalf("pipeline after recording = %+v", p.rows)
	}
	ana := p.selected.LeadID

	// The follow-ups appear: contact Ana at once, thank Zoë.
	u.referrals.tabs.SelectIndex(1)
	f := u.referrals.followUps
	if len(f.rows) != 2 || f.rows[0].ContactID != ana || f.rows[1].ContactID != zoe.ID {
		t.Fatalf("follow-ups = %+v", f.rows)
	}

	// Move forward; backwards is not offered.
	u.referrals.tabs.SelectIndex(0)
	test.Tap(p.moves[app.StatusContacted])
	if p.selected.Status != app.StatusContacted || !p.moves[app.StatusContacted].Disabled() || p.moves[app.StatusMeeting].Disabled() {
		t.Fatalf("after Contacted: %+v", p.selected)
	}
	// Won asks the value; a value that is not money is refused in place.
	test.Tap(p.moves[app.StatusWon])
	won := w.Canvas().Overlays().Top()
	value := findEntry(won, "e.g. 1250.00 (USD)")
	test.Type(value, "lots")
	test.Tap(findButton(won, "Mark Won"))
	if w.Canvas().Overlays().Top() != won || findLabelIn(won) == "" {
		t.Fatal("a value that is not money closed the dialog without a message")
	}
	value.SetText("1,250")
	// What was done beyond what was asked is asked with the win, kept on
	// the job, and said on the card after it ({extra}).
	findEntry(won, "e.g. I also fixed the dripping garden tap.").SetText("I also bled every radiator.")
	test.Tap(findButton(won, "Mark Won"))
	if p.selected.Status != app.StatusWon || p.selected.ValueWon != 125000 || p.value.Text != "$1,250.00" {
		t.Fatalf("after Won: %+v, value shown %q", p.selected, p.value.Text)
	}
	if p.selected.Extra != "I also bled every radiator." || p.extra.Text != p.selected.Extra {
		t.Fatalf("beyond what was asked: %q, shown %q", p.selected.Extra, p.extra.Text)
	}
	u.prepareCard(p.selected.LeadID, "end-of-project")
	if !strings.Contains(u.cards.inside.Text, "\n\nI also bled every radiator.\n\n") {
		t.Fatalf("the end-of-project card: %q", u.cards.inside.Text)
	}
	u.tabs.Select(u.referralsItem)

	// Follow-ups now: thank Zoë for referring, thank her for the business.
	u.referrals.tabs.SelectIndex(1)
	if len(f.rows) != 2 || f.rows[0].Kind != app.FollowThank || f.rows[1].Kind != app.FollowThankWon {
		t.Fatalf("follow-ups after the win = %+v", f.rows)
	}
	test.Tap(findButton(u.referrals.tabs.Items[1].Content, "Done"))
	if len(f.rows) != 1 || f.count.Text != "1 open follow-up" {
		t.Fatalf("after Done: %+v, %q", f.rows, f.count.Text)
	}
	test.Tap(findButton(u.referrals.tabs.Items[1].Content, "Next Week"))
	if f.rows[0].Due != app.DateOf(testNow).AddDays(2+snoozeDays) {
		t.Fatalf("snoozed to %v", f.rows[0].Due)
	}

	// Zoë's page shows what she sent and the win.
	u.openContact(zoe.ID)
	if got := u.contacts.form.sent.Text; got != "Sent you 1 referral, 1 won, $1,250.00; you sent them 0 referrals." {
		t.Fatalf("Zoë's referrals line = %q", got)
	}
	u.openContact(ana)
	if got := u.contacts.form.cameVia.Text; got != "Referred by Zoë Müller on Nov 22, 2026, for Boiler replacement — Won" {
		t.Fatalf("Ana came via = %q", got)
	}

	// The tree from Zoë: Ana under her, with the value.
	u.tabs.Select(u.referralsItem)
	u.referrals.tabs.SelectIndex(4)
	u.referrals.tree.show(zoe.ID, zoe.Name())
	if got := u.referrals.tree.summary.Text; got != "1 person came to you through Zoë Müller, over 1 generation; $1,250.00 won from them." {
		t.Fatalf("tree summary = %q", got)
	}
	// Open Contact opens Zoë until someone else in the tree is chosen.
	tree := u.referrals.tree
	if tree.open.Disabled() {
		t.Fatal("Open Contact is not offered for the tree's root")
	}
	for id, n := range tree.nodes {
		if n.ID == p.selected.LeadID {
			tree.tree.Select(id)
		}
	}
	test.Tap(tree.open)
	if u.tabs.Selected() != u.contactsItem || u.contacts.form.contact.ID != p.selected.LeadID {
		t.Fatalf("Open Contact opened %d, want the lead %d", u.contacts.form.contact.ID, p.selected.LeadID)
	}
}

// findLabelIn returns the first danger-styled label's text in a dialog:
// the refusal message.
func findLabelIn(obj fyne.CanvasObject) string {
	l, ok := find(obj, func(l *widget.Label) bool {
		return l.Importance == widget.DangerImportance && l.Visible() && l.Text != ""
	})
	if !ok {
		return ""
	}
	return l.Text
}

// newClientOnAsking adds Nia, a client since three days (a good moment
// to ask), and shows the Referrals screen's Asking.
func newClientOnAsking(t *testing.T, u *mainUI, svc Services) *app.Contact {
	t.Helper()
	nia := &app.Contact{GivenName: "Nia", Kinds: app.KindClient, ClientSince: app.DateOf(testNow).AddDays(-3)}
	if err := svc.Contacts.CreateContact(context.Background(), nia); err != nil {
		t.Fatal(err)
	}
	u.tabs.Select(u.referralsItem)
	u.referrals.tabs.SelectIndex(2)
	return nia
}

func TestAskAndReferralMonth(t *testing.T) {
	u, w, svc := newTestUI(t)
	nia := newClientOnAsking(t, u, svc)
	a := u.referrals.asks
	if len(a.suggestions) != 1 || a.suggestions[0].ContactID != nia.ID {
		t.Fatalf("suggestions = %+v", a.suggestions)
	}
	test.Tap(findButton(u.referrals.tabs.Items[2].Content, "Log Ask"))
	test.Tap(findButton(w.Canvas().Overlays().Top(), "Log"))
	if len(a.asks) != 1 || len(a.suggestions) != 0 {
		t.Fatalf("after logging: asks %+v, suggestions %+v", a.asks, a.suggestions)
	}
	// Nia was just asked: next month's list leaves her out, and says why.
	u.referrals.tabs.SelectIndex(6)
	m := u.referrals.month
	m.month.SetSelectedIndex(3)
	test.Tap(m.plan)
	if m.campaign == nil || len(m.campaign.Entries) != 0 || m.none.Hidden {
		t.Fatalf("campaign = %+v", m.campaign)
	}
}

// A contact's page reaches the Referrals screen through the navigator:
// their tree, a referral from them, an ask.
func TestContactPageActionsOpenReferrals(t *testing.T) {
	u, svc := withSample(t)
	found, _, err := svc.Contacts.FindContacts(context.Background(), app.ContactFilter{Query: "Zoë Müller"})
	if err != nil || len(found) != 1 {
		t.Fatalf("Zoë: %v, %v", found, err)
	}
	zoe := found[0]
	u.openContact(zoe.ID)
	test.Tap(findButton(u.contacts.form.referralActions, "Their Referral Tree"))
	if u.tabs.Selected() != u.referralsItem || u.referrals.tabs.SelectedIndex() != 4 || u.referrals.tree.root.ID != zoe.ID {
		t.Fatalf("the tree shows %d on tab %d", u.referrals.tree.root.ID, u.referrals.tabs.SelectedIndex())
	}
	if !strings.Contains(u.referrals.tree.summary.Text, "came to you through") {
		t.Fatalf("tree summary = %q", u.referrals.tree.summary.Text)
	}
	u.openContact(zoe.ID)
	test.Tap(findButton(u.contacts.form.referralActions, "Record a Referral From Them"))
	if u.tabs.Selected() != u.referralsItem {
		t.Fatal("Record a Referral From Them did not open Referrals")
	}
	if top := u.window.Canvas().Overlays().Top(); top == nil || findButton(top, "Zoë Müller") == nil {
		t.Fatal("no referral dialog with Zoë as the referrer")
	}
}

// A good moment to ask, a thank-you follow-up on the Referrals screen
// and on the contact's page each offer Prepare Card with the fitting
// template; the contact page's own Prepare Card takes the card due.
func TestPrepareCardFromReferralsAndContact(t *testing.T) {
	u, _, svc := newTestUI(t)
	ctx := context.Background()
	nia := newClientOnAsking(t, u, svc)
	test.Tap(findButton(u.referrals.tabs.Items[2].Content, "Prepare Card"))
	c := u.cards
	if tpl, _ := c.selectedTemplate(); u.tabs.Selected() != u.cardsItem || tpl.Purpose != cards.PurposeRequest || len(c.people) != 1 || c.people[0].ContactID != nia.ID {
		t.Fatalf("a good moment to ask opens %q for %+v", tpl.Name, c.people)
	}

	lead := &app.Contact{GivenName: "Łukasz"}
	if err := svc.Referrals.CreateReferral(ctx, &app.Referral{ReferrerID: nia.ID, ReceivedOn: app.DateOf(testNow)}, lead); err != nil {
		t.Fatal(err)
	}
	u.tabs.Select(u.referralsItem)
	u.referrals.tabs.SelectIndex(1)
	u.referrals.followUps.refresh()
	var thank *widget.Button
	for i := range u.referrals.followUps.rows {
		if u.referrals.followUps.rows[i].Kind == app.FollowThank {
			u.referrals.followUps.list.ScrollTo(i)
		}
	}
	thank, _ = find(u.referrals.tabs.Items[1].Content, func(b *widget.Button) bool { return b.Text == "Prepare Card" && b.Visible() })
	if thank == nil {
		t.Fatal("the thank-you follow-up offers no Prepare Card")
	}
	test.Tap(thank)
	if tpl, _ := c.selectedTemplate(); tpl.Purpose != cards.PurposeThanks || !strings.Contains(c.inside.Text, "Łukasz") {
		t.Fatalf("the thank-you opens %q: %q", tpl.Name, c.inside.Text)
	}

	u.openContact(nia.ID)
	if findButton(u.contacts.form.followUps, "Prepare Card") == nil {
		t.Fatal("the contact's page offers no card for the thank-you owed")
	}
	selectTemplate(t, c, "welcome")
	test.Tap(findButton(u.contacts.form.cardsSent, "Prepare Card…"))
	if tpl, _ := c.selectedTemplate(); tpl.Purpose != cards.PurposeRequest && tpl.Purpose != cards.PurposeThanks {
		t.Fatalf("the contact's Prepare Card opens %q, not the card they are due", tpl.Name)
	}
}
