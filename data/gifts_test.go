package data_test

import (
	"context"
	"strings"
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/data"
)

func TestGiftLog(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	svc := data.NewServices(db, app.DefaultSettings("US"))
	zoe := &app.Contact{GivenName: "Zoë", Treasures: "dark chocolate"}
	if err := svc.Contacts.CreateContact(ctx, zoe); err != nil {
		t.Fatal(err)
	}
	r := &app.Referral{ReferrerID: zoe.ID, ReceivedOn: day}
	if err := svc.Referrals.CreateReferral(ctx, r, &app.Contact{GivenName: "Ana"}); err != nil {
		t.Fatal(err)
	}

	// A thank-you planned, bought, then given: the thank follow-up closes.
	g := &app.Gift{ContactID: zoe.ID, ReferralID: r.ID, What: "Dark chocolate", Occasion: app.ForReferral, Status: app.GiftPlanned}
	if err := svc.Gifts.CreateGift(ctx, g); err != nil {
		t.Fatal(err)
	}
	g.Status, g.Cost, g.Where = app.GiftBought, 2450, "Cacao Portland"
	if err := svc.Gifts.UpdateGift(ctx, g); err != nil {
		t.Fatal(err)
	}
	if fs, _, _ := svc.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true, ContactID: zoe.ID}); len(fs) != 1 {
		t.Fatalf("thank follow-up before giving: %+v", fs)
	}
	g.Status, g.GivenOn = app.GiftGiven, day
	if err := svc.Gifts.UpdateGift(ctx, g); err != nil {
		t.Fatal(err)
	}
	if fs, _, _ := svc.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true, ContactID: zoe.ID}); len(fs) != 0 {
		t.Fatalf("the thank-you gift did not close the follow-up: %+v", fs)
	}

	// Never the same gift twice.
	similar, err := svc.Gifts.SimilarGiven(ctx, zoe.ID, "a box of dark chocolates", 0)
	if err != nil || len(similar) != 1 {
		t.Fatalf("similar = %+v, %v", similar, err)
	}
	if s, _ := svc.Gifts.SimilarGiven(ctx, zoe.ID, "Bouldering day pass", 0); len(s) != 0 {
		t.Fatalf("a different gift flagged: %+v", s)
	}

	// Bad input: refused, nothing saved.
	for _, bad := range []app.Gift{
		{ContactID: zoe.ID, What: "Wine", Occasion: app.ForHoliday, Status: app.GiftBought, Cost: -500},
		{ContactID: zoe.ID, What: "Wine", Occasion: app.ForHoliday, Status: app.GiftGiven, GivenOn: day.AddDays(2)},
		{ContactID: r.LeadID, ReferralID: r.ID, What: "Wine", Occasion: app.ForReferral, Status: app.GiftIdea},
	} {
		if err := svc.Gifts.CreateGift(ctx, &bad); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("gift %+v = %v; want invalid", bad, err)
		}
	}
	g.Status = app.GiftBought
	if err := svc.Gifts.UpdateGift(ctx, g); !strings.Contains(app.ErrorMessage(err), "was given") {
		t.Fatalf("given → bought = %v", err)
	}
	if err := svc.Contacts.TrashContact(ctx, r.LeadID); err != nil {
		t.Fatal(err)
	}
	if err := svc.Gifts.CreateGift(ctx, &app.Gift{ContactID: r.LeadID, What: "Welcome basket", Occasion: app.ForWelcome, Status: app.GiftIdea}); !strings.Contains(app.ErrorMessage(err), "trash") {
		t.Fatalf("gift for a trashed contact = %v", err)
	}

	// The budget: spend by month and contact, cost per referral won.
	if err := svc.Referrals.MoveReferral(ctx, r.ID, app.StatusWon, 100000, day); err != nil {
		t.Fatal(err)
	}
	if err := svc.Gifts.CreateGift(ctx, &app.Gift{ContactID: zoe.ID, What: "Orchid", Occasion: app.ForBirthday, Status: app.GiftBought, Cost: 3000}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Gifts.CreateGift(ctx, &app.Gift{ContactID: zoe.ID, What: "Gym pass", Occasion: app.ForHoliday, Status: app.GiftIdea, Cost: 9000}); err != nil {
		t.Fatal(err)
	}
	st, _ := svc.Settings.Settings(ctx)
	st.GiftBudget = 50000
	if err := svc.Settings.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	b, err := svc.Gifts.Budget(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if b.Budget != 50000 || b.Spent != 5450 || b.ByMonth[10] != 5450 || b.ReferralsWon != 1 || b.CostPerReferralWon() != 2450 ||
		len(b.ByContact) != 1 || b.ByContact[0].Gifts != 2 {
		t.Fatalf("budget = %+v", b)
	}
	gifts, n, _ := svc.Gifts.FindGifts(ctx, app.GiftFilter{Year: 2026})
	if n != 3 || gifts[0].Status != app.GiftBought || gifts[2].Status != app.GiftGiven {
		t.Fatalf("gifts, open first = %+v", gifts)
	}
}
