package app

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// FollowUpKind says why a follow-up exists.
type FollowUpKind string

const (
	FollowContactLead FollowUpKind = "contact_lead" // a new lead: reach them at once
	FollowKeepPosted  FollowUpKind = "keep_posted"  // tell the referrer how it goes
	FollowThank       FollowUpKind = "thank"        // thank for the referral
	FollowThankWon    FollowUpKind = "thank_won"    // thank for the business it brought
	FollowGentle      FollowUpKind = "gentle"       // an ask went unanswered
	FollowCustom      FollowUpKind = "custom"       // the owner's own
)

// FollowUpState is whether a follow-up is still to do.
type FollowUpState string

const (
	FollowOpen    FollowUpState = "open"
	FollowDone    FollowUpState = "done"
	FollowSkipped FollowUpState = "skipped"
)

// FollowUp is a task with a due date, made by the app or the owner.
type FollowUp struct {
	ID         int64
	ContactID  int64 // whom to reach
	ReferralID int64 // the referral it is about, if any
	AskID      int64 // the ask it follows, if any
	Kind       FollowUpKind
	Title      string
	Due        Date
	State      FollowUpState
	ClosedOn   Date

	ContactName string
}

// Validate checks a follow-up the owner writes.
func (f *FollowUp) Validate() error {
	if f.ContactID == 0 {
		return Errorf(EINVALID, "Choose whom the follow-up is with.")
	}
	if f.Title == "" {
		return Errorf(EINVALID, "Say what to do, e.g. “Call about the boiler quote”.")
	}
	if !f.Due.HasYear() {
		return Errorf(EINVALID, "The follow-up needs a due date with a year.")
	}
	if err := f.Due.Validate(); err != nil {
		return err
	}
	return checkText(T("Follow-up"), f.Title, MaxNameLen)
}

// Text is what the follow-up says, in the owner's language. The app
// writes its own follow-ups' titles in English, whatever the owner
// speaks, so that they read in the language of the day they are shown:
// a title the owner wrote is shown as written.
func (f FollowUp) Text() string {
	if f.Kind == FollowCustom || f.Kind == "" {
		return f.Title
	}
	titlesOnce.Do(func() {
		for _, t := range followUpTitles {
			re := "^" + strings.ReplaceAll(regexp.QuoteMeta(t), "%s", "(.+?)") + "$"
			titleRes = append(titleRes, regexp.MustCompile(re))
		}
	})
	for i, re := range titleRes {
		if m := re.FindStringSubmatch(f.Title); m != nil {
			args := make([]any, len(m)-1)
			for j, a := range m[1:] {
				args[j] = a
			}
			return Tf(followUpTitles[i], args...)
		}
	}
	return f.Title
}

// followUpTitles are the titles the app gives its own follow-ups.
var followUpTitles = []string{
	N("Contact %s, referred by %s"), N("Thank %s for referring %s"), N("Thank %s for the business %s brought"),
	N("Let %s know kindly how it went with %s"), N("Tell %s you have been in touch with %s"), N("Tell %s you are meeting %s"),
	N("Follow up gently with %s about your referral request"),
}

var (
	titlesOnce sync.Once
	titleRes   []*regexp.Regexp
)

// Overdue reports whether the follow-up is open and past due.
func (f *FollowUp) Overdue(today Date) bool {
	return f.State == FollowOpen && today.After(f.Due)
}

// How soon each automatic follow-up falls due, in days. A new lead is
// contacted at once: the referrer is watching how their referral is
// treated (DOMAIN: after a referral).
const (
	ContactLeadDays = 1
	ThankDays       = 2
	KeepPostedDays  = 3
)

// FollowUpsForNewReferral is what a new referral asks of the owner: reach
// the lead within a day, and thank the referrer, every time. Nobody marked
// do-not-contact is put on the list.
func FollowUpsForNewReferral(r Referral, referrer, lead *Contact, today Date) []FollowUp {
	var out []FollowUp
	if !lead.DoNotContact {
		out = append(out, FollowUp{ContactID: lead.ID, ReferralID: r.ID, Kind: FollowContactLead,
			Title: fmt.Sprintf("Contact %s, referred by %s", lead.Name(), referrer.Name()), Due: today.AddDays(ContactLeadDays)})
	}
	if !referrer.DoNotContact {
		out = append(out, FollowUp{ContactID: referrer.ID, ReferralID: r.ID, Kind: FollowThank,
			Title: fmt.Sprintf("Thank %s for referring %s", referrer.Name(), lead.Name()), Due: today.AddDays(ThankDays)})
	}
	return out
}

// FollowUpsForMove is what a status change asks: keep the referrer posted
// (the relationship, not the confidential details), and when the lead is
// won, thank the referrer for the business, which tells them too.
func FollowUpsForMove(r Referral, to Status, referrer, lead *Contact, today Date) []FollowUp {
	if referrer.DoNotContact {
		return nil
	}
	f := FollowUp{ContactID: referrer.ID, ReferralID: r.ID, Kind: FollowKeepPosted, Due: today.AddDays(KeepPostedDays)}
	switch to {
	case StatusWon:
		f.Kind, f.Due = FollowThankWon, today.AddDays(ThankDays)
		f.Title = fmt.Sprintf("Thank %s for the business %s brought", referrer.Name(), lead.Name())
	case StatusLost:
		f.Title = fmt.Sprintf("Let %s know kindly how it went with %s", referrer.Name(), lead.Name())
	case StatusContacted:
		f.Title = fmt.Sprintf("Tell %s you have been in touch with %s", referrer.Name(), lead.Name())
	case StatusMeeting:
		f.Title = fmt.Sprintf("Tell %s you are meeting %s", referrer.Name(), lead.Name())
	default:
		return nil
	}
	return []FollowUp{f}
}

// Channel is how an ask for referrals was made.
type Channel string

const (
	ChannelInPerson Channel = "in_person"
	ChannelPhone    Channel = "phone"
	ChannelEmail    Channel = "email"
	ChannelCard     Channel = "card"
	ChannelEvent    Channel = "event"
)

// Channels lists the channels in display order.
var Channels = []Channel{ChannelInPerson, ChannelPhone, ChannelEmail, ChannelCard, ChannelEvent}

// Label is the channel as people read it.
func (c Channel) Label() string {
	switch c {
	case ChannelInPerson:
		return T("In person")
	case ChannelPhone:
		return T("Phone")
	case ChannelEmail:
		return T("Email")
	case ChannelCard:
		return T("Card")
	case ChannelEvent:
		return T("Event")
	}
	return string(c)
}

// Phrase says how an ask was made, to follow a date: "in person", "by
// phone", "at an event".
func (c Channel) Phrase() string {
	switch c {
	case ChannelInPerson:
		return T("in person")
	case ChannelPhone:
		return T("by phone")
	case ChannelEmail:
		return T("by email")
	case ChannelCard:
		return T("by card")
	case ChannelEvent:
		return T("at an event")
	}
	return string(c)
}

// Answer is what came of an ask. Silence or a no is normal.
type Answer string

const (
	AnswerNone     Answer = "no_answer"
	AnswerGave     Answer = "gave"
	AnswerDeclined Answer = "declined"
)

// Answers lists the answers in display order.
var Answers = []Answer{AnswerNone, AnswerGave, AnswerDeclined}

// Label is the answer as people read it.
func (a Answer) Label() string {
	switch a {
	case AnswerGave:
		return T("Gave a referral")
	case AnswerDeclined:
		return T("Declined")
	}
	return T("No answer yet")
}

// Ask is one request for referrals.
type Ask struct {
	ID        int64
	ContactID int64
	On        Date
	Channel   Channel
	Answer    Answer
	Note      string

	ContactName string
}

// Validate checks an ask before it is saved.
func (a *Ask) Validate(today Date) error {
	if a.ContactID == 0 {
		return Errorf(EINVALID, "Choose whom you asked.")
	}
	if !a.On.HasYear() {
		return Errorf(EINVALID, "The ask needs a date.")
	}
	if err := validateDate(T("Asked on"), a.On, today); err != nil {
		return err
	}
	if a.Answer == "" {
		a.Answer = AnswerNone
	}
	ok := false
	for _, c := range Channels {
		ok = ok || c == a.Channel
	}
	if !ok {
		return Errorf(EINVALID, "Choose how you asked: in person, phone, email, card or event.")
	}
	if a.Answer != AnswerNone && a.Answer != AnswerGave && a.Answer != AnswerDeclined {
		return Errorf(EINVALID, "%q is not an answer.", a.Answer)
	}
	return checkText(T("Note"), a.Note, MaxTextLen)
}

// GentleFollowUp is the one reminder after an unanswered ask; after it the
// matter rests (asking again too soon feels pushy).
func GentleFollowUp(a Ask, name string, afterDays int) FollowUp {
	return FollowUp{ContactID: a.ContactID, AskID: a.ID, Kind: FollowGentle, Due: a.On.AddDays(afterDays),
		Title: fmt.Sprintf("Follow up gently with %s about your referral request", name)}
}

// NextAskDate is the first day it is good to ask again after last.
func NextAskDate(last Date, cooldownDays int) Date {
	if last.IsZero() {
		return Date{}
	}
	return last.AddDays(cooldownDays)
}

// PositiveMomentDays is how recent a won job or a new start must be for
// the moment to count as satisfaction at its peak.
const PositiveMomentDays = 30

// AskCandidate is what the good-moment rule knows of a contact.
type AskCandidate struct {
	ContactID    int64
	Name         string
	Kinds        Kind
	DoNotContact bool
	LastAsk      Date // zero when never asked
	LastWon      Date // their job (as a lead) won
	LastSent     Date // the last referral they sent us
	ClientSince  Date
}

// AskSuggestion is a contact it is a good moment to ask, and why.
type AskSuggestion struct {
	AskCandidate
	Moment Date
	Reason string
}

// SuggestAsks picks the clients to ask now: satisfaction is at a peak (a
// job won or a new start within the last month, or they just sent us
// someone), the cool-down since the last ask has passed, and they are not
// marked do-not-contact. The most recent moments come first.
func SuggestAsks(cands []AskCandidate, today Date, cooldownDays int) []AskSuggestion {
	var out []AskSuggestion
	since := today.AddDays(-PositiveMomentDays)
	recent := func(d Date) bool { return d.HasYear() && !since.After(d) && !d.After(today) }
	for _, c := range cands {
		if c.DoNotContact || !c.Kinds.Has(KindClient) {
			continue
		}
		if next := NextAskDate(c.LastAsk, cooldownDays); !next.IsZero() && next.After(today) {
			continue
		}
		s := AskSuggestion{AskCandidate: c}
		switch {
		case recent(c.LastWon):
			s.Moment, s.Reason = c.LastWon, Tf("Job won %s: they are happiest now", c.LastWon.Format())
		case recent(c.LastSent):
			s.Moment, s.Reason = c.LastSent, Tf("Sent you a referral %s", c.LastSent.Format())
		case recent(c.ClientSince):
			s.Moment, s.Reason = c.ClientSince, Tf("New client since %s", c.ClientSince.Format())
		default:
			continue
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Moment.After(out[j].Moment) })
	return out
}

// CampaignState is where one person stands in a referral month.
type CampaignState string

const (
	CampaignTodo     CampaignState = "todo"
	CampaignAsked    CampaignState = "asked"
	CampaignAnswered CampaignState = "answered"
)

// Campaign is a referral month: everyone to contact, first asking how we
// can help them, then asking for referrals.
type Campaign struct {
	ID      int64
	Month   string // YYYY-MM
	Entries []CampaignEntry
}

// CampaignEntry is one person on a referral month's list.
type CampaignEntry struct {
	ContactID int64
	Name      string
	State     CampaignState
	AskID     int64
	Answer    Answer
}

// Counts tallies the list by state.
func (c *Campaign) Counts() (todo, asked, answered int) {
	for _, e := range c.Entries {
		switch e.State {
		case CampaignTodo:
			todo++
		case CampaignAsked:
			asked++
		case CampaignAnswered:
			answered++
		}
	}
	return todo, asked, answered
}

// FollowUpFilter selects follow-ups.
type FollowUpFilter struct {
	OpenOnly  bool
	ContactID int64
	DueBy     Date // open ones due on or before this day
	Offset    int
	Limit     int
}

// FollowUpService keeps the owner's tasks.
type FollowUpService interface {
	// FindFollowUps lists follow-ups by due date, and how many match.
	FindFollowUps(ctx context.Context, f FollowUpFilter) ([]FollowUp, int, error)
	CreateFollowUp(ctx context.Context, f *FollowUp) error
	// CloseFollowUp marks one done or skipped.
	CloseFollowUp(ctx context.Context, id int64, state FollowUpState) error
	// ReopenFollowUp opens a closed one again: the undo of closing it.
	ReopenFollowUp(ctx context.Context, id int64) error
	// SetFollowUpDue puts an open follow-up's due date back (any day).
	SetFollowUpDue(ctx context.Context, id int64, due Date) error
	SnoozeFollowUp(ctx context.Context, id int64, until Date) error
}

// AskService keeps asks for referrals and referral months.
type AskService interface {
	// LogAsk saves an ask; an unanswered one gets one gentle follow-up.
	LogAsk(ctx context.Context, a *Ask) error
	// DeleteAsk takes an ask back, with its gentle follow-up.
	DeleteAsk(ctx context.Context, id int64) error
	// UnmarkAsked puts a person of a referral month back to do.
	UnmarkAsked(ctx context.Context, campaignID, contactID int64) error
	// AnswerAsk records the answer and closes the gentle follow-up.
	AnswerAsk(ctx context.Context, id int64, answer Answer) error
	FindAsks(ctx context.Context, contactID int64, limit int) ([]Ask, int, error)
	SuggestAsks(ctx context.Context, today Date) ([]AskSuggestion, error)

	// BuildCampaign makes (or returns) the referral month list for month
	// (YYYY-MM): active clients and referrers not asked within the cool-down.
	BuildCampaign(ctx context.Context, month string, today Date) (*Campaign, error)
	FindCampaign(ctx context.Context, month string) (*Campaign, error)
	// CampaignAsked logs an ask for one person on the list.
	CampaignAsked(ctx context.Context, campaignID, contactID int64, channel Channel, today Date) error
	// CampaignAnswered records their answer.
	CampaignAnswered(ctx context.Context, campaignID, contactID int64, answer Answer) error
}

// ParseMonth reads a referral month as YYYY-MM: its first day.
func ParseMonth(month string) (Date, error) {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return Date{}, Errorf(EINVALID, "%q is not a month; write it as YYYY-MM.", month)
	}
	return DateOf(t), nil
}

// CampaignKinds are the people a referral month asks: clients and
// referrers (never those marked do-not-contact).
const CampaignKinds = KindClient | KindReferrer

// CampaignAskedSince is the day after which an ask keeps a person off the
// referral month of start, built on day: the cool-down counts back from
// the later of the two.
func CampaignAskedSince(start, day Date, cooldownDays int) Date {
	ref := start
	if day.After(ref) {
		ref = day
	}
	return ref.AddDays(-cooldownDays)
}
