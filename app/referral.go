package app

import (
	"context"
	"time"
)

// Status is where a referred lead stands. Leads move forward only:
// New → Contacted → Meeting → Won or Lost; steps may be skipped.
type Status string

const (
	StatusNew       Status = "new"
	StatusContacted Status = "contacted"
	StatusMeeting   Status = "meeting"
	StatusWon       Status = "won"
	StatusLost      Status = "lost"
)

// Statuses lists the pipeline in order.
var Statuses = []Status{StatusNew, StatusContacted, StatusMeeting, StatusWon, StatusLost}

func (s Status) rank() int {
	switch s {
	case StatusNew:
		return 0
	case StatusContacted:
		return 1
	case StatusMeeting:
		return 2
	case StatusWon, StatusLost:
		return 3
	}
	return -1
}

// Label is the status as people read it.
func (s Status) Label() string {
	switch s {
	case StatusNew:
		return T("New")
	case StatusContacted:
		return T("Contacted")
	case StatusMeeting:
		return T("Meeting")
	case StatusWon:
		return T("Won")
	case StatusLost:
		return T("Lost")
	}
	return string(s)
}

// Closed reports whether the lead is won or lost.
func (s Status) Closed() bool { return s == StatusWon || s == StatusLost }

// ParseStatus reads a status by name or label.
func ParseStatus(name string) (Status, error) {
	for _, s := range Statuses {
		if string(s) == name || s.Label() == name {
			return s, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a referral status (new, contacted, meeting, won, lost).", name)
}

// CheckMove refuses a move that is not forward along the pipeline.
func (s Status) CheckMove(to Status) error {
	if to.rank() < 0 {
		return Errorf(EINVALID, "%q is not a referral status.", to)
	}
	if s.Closed() {
		return Errorf(EINVALID, "This referral is already %s; a closed referral does not move again.", s.Label())
	}
	if to.rank() <= s.rank() {
		return Errorf(EINVALID, "A referral moves forward only: it is %s, so it cannot go back to %s.", s.Label(), to.Label())
	}
	return nil
}

// StatusChange records when a referral reached a status.
type StatusChange struct {
	Status Status
	On     Date
}

// Referral is a lead a referrer sent us.
type Referral struct {
	ID         int64
	ReferrerID int64
	LeadID     int64
	ReceivedOn Date
	AskedFor   string // what the lead wants done
	Source     string // how it came: "introduced by email", "at BNI"
	Status     Status
	History    []StatusChange
	ValueWon   Money
	Note       string
	// Extra is what was done beyond what was asked, in the owner's own
	// sentence ("I also fixed the dripping garden tap."): the card after
	// the job reminds the client of it ({extra}).
	Extra string

	// Filled in by queries, for display.
	ReferrerName, LeadName string
}

// Validate checks a referral before it is saved.
func (r *Referral) Validate(today Date) error {
	if r.ReferrerID == 0 {
		return Errorf(EINVALID, "Choose who sent the referral.")
	}
	if r.LeadID == 0 {
		return Errorf(EINVALID, "Choose or name the person who was referred.")
	}
	if r.ReferrerID == r.LeadID {
		return Errorf(EINVALID, "Someone cannot refer themselves: choose a different lead or referrer.")
	}
	if !r.ReceivedOn.HasYear() {
		return Errorf(EINVALID, "The referral needs the date it came in.")
	}
	if err := validateDate(T("Received on"), r.ReceivedOn, today); err != nil {
		return err
	}
	if r.ValueWon < 0 {
		return Errorf(EINVALID, "The value won cannot be negative.")
	}
	if r.ValueWon != 0 && r.Status != StatusWon {
		return Errorf(EINVALID, "A value won is recorded only once the referral is won.")
	}
	for label, s := range map[string]string{T("Asked for"): r.AskedFor, T("Source"): r.Source, T("Note"): r.Note, T("Beyond what was asked"): r.Extra} {
		if err := checkText(label, s, MaxTextLen); err != nil {
			return err
		}
	}
	return nil
}

// TreeNode is one contact in a referral tree: who came through whom.
type TreeNode struct {
	ID, ParentID int64
	Depth        int
	Name         string
	ValueWon     Money // won from this contact's own referrals as a lead
	Descendants  int   // everyone who came through them
	TreeValue    Money // value won from them and everyone below
}

// SumTree fills in Descendants and TreeValue from the parent links; the
// nodes come in any order with the root at depth 0.
func SumTree(nodes []TreeNode) {
	index := make(map[int64]int, len(nodes))
	for i := range nodes {
		index[nodes[i].ID] = i
		nodes[i].Descendants, nodes[i].TreeValue = 0, nodes[i].ValueWon
	}
	// Deepest first, each node adds itself into its parent.
	order := make([]int, len(nodes))
	for i := range order {
		order[i] = i
	}
	maxDepth := 0
	for _, n := range nodes {
		maxDepth = max(maxDepth, n.Depth)
	}
	for d := maxDepth; d > 0; d-- {
		for i := range nodes {
			if nodes[i].Depth != d {
				continue
			}
			if p, ok := index[nodes[i].ParentID]; ok {
				nodes[p].Descendants += 1 + nodes[i].Descendants
				nodes[p].TreeValue += nodes[i].TreeValue
			}
		}
	}
}

// ReferralFilter selects referrals. Zero fields do not filter.
type ReferralFilter struct {
	Status    Status
	ContactID int64  // as referrer or as lead
	Query     string // referrer or lead name, what was asked for
	Open      bool   // only new, contacted and meeting
	Offset    int
	Limit     int
}

// ReferralSummary is what a contact's page shows of their referrals.
type ReferralSummary struct {
	Sent     int   // referrals they sent us
	SentWon  int   // of which won
	ValueWon Money // value won from what they sent
	Given    int   // referrals we gave them
	CameVia  *Referral
}

// ReciprocityRow is someone who sends us more than we send them.
type ReciprocityRow struct {
	ContactID int64
	Name      string
	Received  int
	Given     int
}

// ReferralService stores referrals received and given.
type ReferralService interface {
	// CreateReferral saves a referral; when lead is not nil it is a new
	// contact saved in the same transaction. Follow-ups are created.
	CreateReferral(ctx context.Context, r *Referral, lead *Contact) error
	UpdateReferral(ctx context.Context, r *Referral) error
	// MoveReferral moves a referral forward on day (today, or earlier when
	// recorded late), with the value when won.
	MoveReferral(ctx context.Context, id int64, to Status, value Money, day Date) error
	DeleteReferral(ctx context.Context, id int64) error
	// SnapshotReferral keeps a referral with its history and follow-ups;
	// RestoreReferral puts it back so (the undo of a move).
	SnapshotReferral(ctx context.Context, id int64) (Snapshot, error)
	RestoreReferral(ctx context.Context, s Snapshot) error
	FindReferralByID(ctx context.Context, id int64) (*Referral, error)
	FindReferrals(ctx context.Context, f ReferralFilter) ([]Referral, int, error)
	ReferralTree(ctx context.Context, rootID int64) ([]TreeNode, error)
	ReferralSummary(ctx context.Context, contactID int64) (ReferralSummary, error)
	// Reciprocity lists people who sent at least minReceived referrals and
	// got none back, most first.
	Reciprocity(ctx context.Context, minReceived int) ([]ReciprocityRow, error)

	CreateGiven(ctx context.Context, g *GivenReferral) error
	UpdateGiven(ctx context.Context, g *GivenReferral) error
	DeleteGiven(ctx context.Context, id int64) error
	FindGiven(ctx context.Context, contactID int64, limit int) ([]GivenReferral, int, error)

	// Progress counts referrals received and given for the goals.
	Progress(ctx context.Context, today Date, weekStart time.Weekday, periods int) (Progress, error)
}

// Move is what moving a referral forward does, as the pipeline's rules
// say: the follow-up kinds it closes as done, those it replaces, and the
// new ones it sets (FollowUpsForMove).
type Move struct {
	Done    []FollowUpKind // once the lead is reached, "contact the lead" is done
	Skipped []FollowUpKind // a news update not yet given is replaced by the newer one
}

// PlanMove checks a move of r to status to on day, recording value when
// it is won, and says what it closes. today is the owner's today: a move
// is not dated after it, nor before the referral's last change.
func PlanMove(r Referral, to Status, value Money, day, today Date) (Move, error) {
	if err := r.Status.CheckMove(to); err != nil {
		return Move{}, err
	}
	if value < 0 {
		return Move{}, Errorf(EINVALID, "The value won cannot be negative.")
	}
	if to != StatusWon && value != 0 {
		return Move{}, Errorf(EINVALID, "A value is recorded only when the referral is won.")
	}
	if !day.HasYear() || day.After(today) {
		return Move{}, Errorf(EINVALID, "The day of the change must be a date no later than today.")
	}
	if n := len(r.History); n > 0 && r.History[n-1].On.After(day) {
		return Move{}, Errorf(EINVALID, "The referral was already %s on %s; the change cannot be dated before that.",
			r.History[n-1].Status.Label(), r.History[n-1].On.Format())
	}
	return Move{Done: []FollowUpKind{FollowContactLead}, Skipped: []FollowUpKind{FollowKeepPosted}}, nil
}
