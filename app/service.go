package app

import "context"

// Services bundles the stores the app works with, so the window, the
// command line and the sample business are wired the same way.
type Services struct {
	// Atomically runs fn as one transaction over every store: all of
	// what it saves, or nothing. Nil runs fn as it is.
	Atomically func(ctx context.Context, fn func(ctx context.Context) error) error
	Contacts   ContactService
	Settings   SettingsService
	Referrals  ReferralService
	FollowUps  FollowUpService
	Asks       AskService
	Calendar   CalendarService
	Gifts      GiftService
}
