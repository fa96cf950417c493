package app

// Services bundles the stores the app works with, so the window, the
// command line and the sample business are wired the same way.
type Services struct {
	Contacts  ContactService
	Settings  SettingsService
	Referrals ReferralService
	FollowUps FollowUpService
	Asks      AskService
	Calendar  CalendarService
	Gifts     GiftService
}
