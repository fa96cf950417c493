package app_test

import (
	"strings"
	"testing"

	"github.com/referable/referable/app"
)

func TestSimilarGifts(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"Dark chocolate", "dark chocolates", true},
		{"A bottle of Rioja", "Rioja", true},
		{"Rioja wine", "a bottle of Rioja wine", true},
		{"Bouldering gym day pass", "Day pass for the bouldering gym", true},
		{"Orchid", "Orchids", true},
		{"Müller's café voucher", "muller cafe voucher", true},
		{"Dark chocolate", "Milk chocolate truffles", false},
		{"Jazz vinyl record", "Jazz concert tickets", false},
		{"Golf balls", "Gift card", false},
		{"", "", true},
	} {
		if got := app.SimilarGifts(tc.a, tc.b); got != tc.want {
			t.Errorf("SimilarGifts(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestGiftStatusMoves(t *testing.T) {
	for _, tc := range []struct {
		from, to app.GiftStatus
		wantErr  string
	}{
		{app.GiftIdea, app.GiftPlanned, ""},
		{app.GiftIdea, app.GiftGiven, ""},
		{app.GiftPlanned, app.GiftBought, ""},
		{app.GiftBought, app.GiftPlanned, ""},
		{app.GiftBought, app.GiftIdea, "one step"},
		{app.GiftGiven, app.GiftBought, "was given"},
		{app.GiftGiven, app.GiftGiven, ""},
		{app.GiftIdea, "lost", "not a gift status"},
	} {
		err := tc.from.CheckMove(tc.to)
		if tc.wantErr == "" && err != nil || tc.wantErr != "" && !strings.Contains(app.ErrorMessage(err), tc.wantErr) {
			t.Errorf("%s → %s = %v; want %q", tc.from, tc.to, err, tc.wantErr)
		}
	}
}

func TestGiftValidate(t *testing.T) {
	ok := app.Gift{ContactID: 1, What: "Dark chocolate", Occasion: app.ForReferral, Status: app.GiftPlanned, Cost: 2500}
	for _, tc := range []struct {
		name    string
		edit    func(*app.Gift)
		wantErr string
	}{
		{"fine", func(*app.Gift) {}, ""},
		{"no contact", func(g *app.Gift) { g.ContactID = 0 }, "whom"},
		{"nothing", func(g *app.Gift) { g.What = " " }, "what the gift is"},
		{"negative cost", func(g *app.Gift) { g.Cost = -1 }, "negative"},
		{"given without a day", func(g *app.Gift) { g.Status = app.GiftGiven }, "needs the day"},
		{"given tomorrow", func(g *app.Gift) { g.Status, g.GivenOn = app.GiftGiven, today.AddDays(1) }, "future"},
		{"day before giving", func(g *app.Gift) { g.GivenOn = today }, "only once"},
		{"no occasion", func(g *app.Gift) { g.Occasion = "" }, "what the gift is for"},
		{"given today", func(g *app.Gift) { g.Status, g.GivenOn = app.GiftGiven, today }, ""},
	} {
		g := ok
		tc.edit(&g)
		err := g.Validate(today)
		if tc.wantErr == "" && err != nil || tc.wantErr != "" && !strings.Contains(app.ErrorMessage(err), tc.wantErr) {
			t.Errorf("%s: %v; want %q", tc.name, err, tc.wantErr)
		}
	}
}

func TestIdeasAndBudget(t *testing.T) {
	got := app.IdeasFromTreasures("dark chocolate, bouldering;\nStudio Ghibli films, ")
	if len(got) != 3 || got[0] != "dark chocolate" || got[2] != "Studio Ghibli films" {
		t.Fatalf("ideas = %q", got)
	}
	b := app.Budget{ThankYouSpent: 10000, ReferralsWon: 3}
	if b.CostPerReferralWon() != 3333 {
		t.Fatalf("cost per referral = %d", b.CostPerReferralWon())
	}
	if (app.Budget{}).CostPerReferralWon() != 0 {
		t.Fatal("no referrals won must cost nothing per referral")
	}
}
