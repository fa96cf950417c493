package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/referable/referable/app"
)

func TestGiftsScreen(t *testing.T) {
	u, svc := withSample(t)
	ctx := context.Background()
	u.tabs.Select(u.giftsItem)
	g := u.gifts
	if len(g.gifts) == 0 || !strings.Contains(g.budget.Text, "spent") {
		t.Fatalf("gifts %d, budget %q", len(g.gifts), g.budget.Text)
	}
	g.status.SetSelected(app.GiftIdea.Label())
	if len(g.gifts) != 1 || g.gifts[0].Status != app.GiftIdea {
		t.Fatalf("ideas = %+v", g.gifts)
	}
	g.status.SetSelectedIndex(0)

	// Planning for Zoë what she was given before: warned, then kept.
	zoe, _, _ := svc.Contacts.FindContacts(ctx, app.ContactFilter{Query: "zoe muller"})
	before, _, _ := svc.Gifts.FindGifts(ctx, app.GiftFilter{ContactID: zoe[0].ID})
	g.editGift(app.Gift{ContactID: zoe[0].ID, ContactName: zoe[0].Name, Occasion: app.ForHoliday, Status: app.GiftPlanned})
	d := u.window.Canvas().Overlays().Top()
	test.Type(findEntry(d, "e.g. a box of dark chocolate"), "A box of dark chocolates")
	cost := findEntry(d, "e.g. 25.00 (USD)")
	test.Type(cost, "-5")
	test.Tap(findButton(d, "Save"))
	if msg := findLabelIn(d); !strings.Contains(msg, "negative") {
		t.Fatalf("negative cost message = %q", msg)
	}
	cost.SetText("24.50")
	test.Tap(findButton(d, "Save"))
	if msg := findLabelIn(d); !strings.Contains(msg, "Already given to Zoë Müller") {
		t.Fatalf("no warning for the same gift twice: %q", msg)
	}
	test.Tap(findButton(d, "Save"))
	if u.window.Canvas().Overlays().Top() != nil {
		t.Fatal("Save after the warning did not save")
	}
	after, _, _ := svc.Gifts.FindGifts(ctx, app.GiftFilter{ContactID: zoe[0].ID})
	if len(after) != len(before)+1 {
		t.Fatalf("gifts for Zoë: %d, was %d", len(after), len(before))
	}
	// Her page remembers what she was given, and an idea from what she
	// treasures becomes a planned gift in one click.
	u.openContact(zoe[0].ID)
	f := u.contacts.form
	if !hasLabel(f.givenBefore, "Planned · Holiday: A box of dark chocolates") {
		t.Fatal("the contact page does not list the new gift")
	}
	test.Tap(findButton(f.ideas, "Plan"))
	if !hasLabel(f.givenBefore, "Planned · Other occasion: Dark chocolate") {
		t.Fatal("Plan did not make the idea a planned gift")
	}
	// The Gifts screen filters by contact.
	u.tabs.Select(u.giftsItem)
	g.contact.Set(zoe[0].ID, zoe[0].Name)
	for _, gift := range g.gifts {
		if gift.ContactID != zoe[0].ID {
			t.Fatalf("filtered by Zoë, got %s's gift", gift.ContactName)
		}
	}
}
