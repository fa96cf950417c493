package app

import (
	"strings"
	"testing"
	"time"
)

func TestPlanMove(t *testing.T) {
	today := Date{2026, time.November, 20}
	r := Referral{Status: StatusContacted, History: []StatusChange{{StatusNew, Date{2026, time.November, 1}}, {StatusContacted, Date{2026, time.November, 10}}}}
	m, err := PlanMove(r, StatusWon, 120000, today, today)
	if err != nil || len(m.Done) != 1 || m.Done[0] != FollowContactLead || len(m.Skipped) != 1 || m.Skipped[0] != FollowKeepPosted {
		t.Fatalf("PlanMove = %+v, %v", m, err)
	}
	for name, tc := range map[string]struct {
		to    Status
		value Money
		day   Date
		want  string
	}{
		"backwards":        {StatusNew, 0, today, "forward only"},
		"negative value":   {StatusWon, -1, today, "cannot be negative"},
		"value not won":    {StatusMeeting, 5, today, "only when the referral is won"},
		"in the future":    {StatusMeeting, 0, today.AddDays(1), "no later than today"},
		"no year":          {StatusMeeting, 0, Date{0, time.November, 12}, "no later than today"},
		"before last move": {StatusMeeting, 0, Date{2026, time.November, 9}, "already Contacted on 10 Nov 2026"},
	} {
		if _, err := PlanMove(r, tc.to, tc.value, tc.day, today); err == nil || !strings.Contains(ErrorMessage(err), tc.want) {
			t.Errorf("%s: %v; want %q", name, err, tc.want)
		}
	}
}

func TestGoalPeriods(t *testing.T) {
	// Wednesday 31 December 2025, weeks from Monday, three periods.
	weeks, months := GoalPeriods(Date{2025, time.December, 31}, time.Monday, 3)
	if len(weeks) != 3 || weeks[2].Start != (Date{2025, time.December, 29}) || weeks[2].End != (Date{2026, time.January, 4}) || weeks[0].Start != (Date{2025, time.December, 15}) {
		t.Fatalf("weeks = %+v", weeks)
	}
	if len(months) != 3 || months[0].Start != (Date{2025, time.October, 1}) || months[1].End != (Date{2025, time.November, 30}) || months[2].Label != "Dec" {
		t.Fatalf("months = %+v", months)
	}
}

func TestParseMonthAndCampaignCooldown(t *testing.T) {
	if d, err := ParseMonth("2026-09"); err != nil || d != (Date{2026, time.September, 1}) {
		t.Fatalf("ParseMonth = %v, %v", d, err)
	}
	for _, bad := range []string{"", "2026-13", "Sept", "2026-9-1"} {
		if _, err := ParseMonth(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ParseMonth(%q) = %v", bad, err)
		}
	}
	start := Date{2026, time.September, 1}
	if got := CampaignAskedSince(start, Date{2026, time.August, 20}, 90); got != start.AddDays(-90) {
		t.Errorf("planned ahead: %v", got)
	}
	if got := CampaignAskedSince(start, Date{2026, time.September, 15}, 90); got != (Date{2026, time.June, 17}) {
		t.Errorf("built mid-month: %v", got)
	}
}
