package cards

import (
	"context"
	"strconv"
	"strings"

	"github.com/referable/referable/app"
)

// Source is a way of choosing whom a batch of cards goes to. The Cards
// screen offers them as a drop-down; `referable print --to` takes them
// as words.
type Source string

const (
	ToDue    Source = "due"    // whoever the template's purpose says is waiting for it
	ToChosen Source = "chosen" // the contacts picked one by one
	ToSearch Source = "search" // the contacts list's search; empty finds everyone
	ToTag    Source = "tag"    // everyone with a tag
	ToComing Source = "coming" // birthdays and anniversaries in the next days
	ToMonth  Source = "month"  // the referral month's list
)

// Label is the source as the Cards screen offers it.
func (s Source) Label() string {
	switch s {
	case ToDue:
		return app.T("Everyone due this card")
	case ToChosen:
		return app.T("Contacts I choose")
	case ToSearch:
		return app.T("Contacts a search finds")
	case ToTag:
		return app.T("Everyone with a tag")
	case ToComing:
		return app.T("Birthdays and anniversaries coming")
	case ToMonth:
		return app.T("The referral month list")
	}
	return string(s)
}

// Choice is whom a batch goes to: a source and what it needs.
type Choice struct {
	Source Source
	IDs    []int64 // ToChosen, in the order picked
	Query  string  // ToSearch
	Tag    string  // ToTag
	Days   int     // ToComing: 1 to 366
	Month  string  // ToMonth: YYYY-MM, or empty for this year's
}

// MaxDaysAhead is the furthest ToComing looks.
const MaxDaysAhead = 366

// ParseChoice reads the words of `referable print --to`: "due", "month"
// or "month:2026-09", "tag:NAME", "coming:DAYS", "all" (everyone), or
// else a search of the contacts list ("search:WORDS" searches even for
// one of these words).
func ParseChoice(s string) (Choice, error) {
	s = strings.TrimSpace(s)
	word, rest, hasRest := strings.Cut(s, ":")
	word, rest = strings.ToLower(strings.TrimSpace(word)), strings.TrimSpace(rest)
	switch {
	case word == "due" && !hasRest:
		return Choice{Source: ToDue}, nil
	case word == "all" && !hasRest:
		return Choice{Source: ToSearch}, nil
	case word == "month":
		return Choice{Source: ToMonth, Month: rest}, nil
	case word == "tag" && hasRest:
		if rest == "" {
			return Choice{}, app.Errorf(app.EINVALID, "Name the tag after tag: (--to tag:Gold).")
		}
		return Choice{Source: ToTag, Tag: rest}, nil
	case word == "coming" && hasRest:
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 || n > MaxDaysAhead {
			return Choice{}, app.Errorf(app.EINVALID, "Say how many days ahead to look after coming: 1 to %d (--to coming:30).", MaxDaysAhead)
		}
		return Choice{Source: ToComing, Days: n}, nil
	case word == "search" && hasRest:
		s = rest
	}
	if len(app.SearchWords(s)) == 0 {
		// A search with no letters or digits would find everyone: a whole
		// batch printed and logged by a stray character.
		return Choice{}, app.Errorf(app.EINVALID, "%q has no words to search for; name people (\"Müller\") or say all.", s)
	}
	return Choice{Source: ToSearch, Query: s}, nil
}

// Finder reads whom a choice picks: the stores it asks.
type Finder struct {
	app.Services
	Cards Service
}

// Recipients reads the contacts the choice picks for tpl on day, in
// order.
func (f Finder) Recipients(ctx context.Context, c Choice, tpl Template, day app.Date) ([]Addressee, error) {
	ids, err := f.ids(ctx, c, tpl, day)
	if err != nil {
		return nil, err
	}
	return f.Cards.Addressees(ctx, ids, tpl.Purpose) // each contact once
}

func (f Finder) ids(ctx context.Context, c Choice, tpl Template, day app.Date) ([]int64, error) {
	occasion := tpl.Purpose.Occasion()
	switch c.Source {
	case ToChosen:
		return c.IDs, nil
	case ToSearch:
		found, _, err := f.Contacts.FindContacts(ctx, app.ContactFilter{Query: c.Query})
		return app.ContactIDs(found), err
	case ToTag:
		if c.Tag == "" {
			return nil, nil
		}
		found, _, err := f.Contacts.FindContacts(ctx, app.ContactFilter{Tag: c.Tag})
		return app.ContactIDs(found), err
	case ToComing:
		if c.Days < 1 || c.Days > MaxDaysAhead {
			return nil, app.Errorf(app.EINVALID, "Say how many days ahead to look: 1 to %d.", MaxDaysAhead)
		}
		coming, err := f.Calendar.Upcoming(ctx, day, day.AddDays(c.Days), 0)
		var ids []int64
		for _, u := range coming {
			if occasion == "" || u.Kind == occasion {
				ids = append(ids, u.ContactID)
			}
		}
		return ids, err
	case ToMonth:
		campaign, err := f.Asks.FindCampaign(ctx, strings.TrimSpace(c.Month))
		if err != nil {
			return nil, err
		}
		var ids []int64
		for _, e := range campaign.Entries {
			ids = append(ids, e.ContactID)
		}
		return ids, nil
	case ToDue:
		return f.dueIDs(ctx, tpl.Purpose, day)
	}
	return nil, app.Errorf(app.EINVALID, "Say whom the cards are for.")
}

// dueIDs are the people the purpose says are waiting for its card.
func (f Finder) dueIDs(ctx context.Context, p Purpose, day app.Date) ([]int64, error) {
	var ids []int64
	if k := p.FollowUpKind(); k != "" {
		open, _, err := f.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true})
		for _, fu := range open {
			if fu.Kind == k {
				ids = append(ids, fu.ContactID)
			}
		}
		return ids, err
	}
	if p == PurposeRequest {
		// A good moment to ask, and the cool-down since the last ask passed.
		suggested, err := f.Asks.SuggestAsks(ctx, day)
		for _, s := range suggested {
			ids = append(ids, s.ContactID)
		}
		return ids, err
	}
	occasion := p.Occasion()
	if occasion == "" {
		return nil, nil
	}
	due, err := f.Calendar.CardsDue(ctx, day)
	for _, u := range due {
		if u.Kind == occasion {
			ids = append(ids, u.ContactID)
		}
	}
	return ids, err
}

// TemplateFor is the built-in template for a yearly occasion's card
// ("birthday" for a birthday), or "" when none is for it.
func TemplateFor(occasion app.OccasionKind) string {
	return builtinWhere(func(p Purpose) bool { return occasion != "" && p.Occasion() == occasion })
}

// TemplateForFollowUp is the built-in template whose card answers a
// follow-up ("thank-you-referral" for thanking a referrer), or "" when
// a card does not answer it (contacting a new lead is a call).
func TemplateForFollowUp(kind app.FollowUpKind) string {
	return builtinWhere(func(p Purpose) bool { return kind != "" && p.FollowUpKind() == kind })
}

// RequestTemplate is the built-in referral request, for a good moment
// to ask.
func RequestTemplate() string {
	return builtinWhere(func(p Purpose) bool { return p == PurposeRequest })
}

func builtinWhere(fits func(Purpose) bool) string {
	for _, t := range Builtin {
		if fits(t.Purpose) {
			return t.Name
		}
	}
	return ""
}

// DueCard is a card waiting to be written today: for whom, on which
// template, and why.
type DueCard struct {
	ContactID int64
	Name      string
	Template  string
	Why       string
}

// DueCards lists the cards waiting on day, the most pressing first: an
// occasion's card whose mail-by day has come (it must go today), then a
// thank-you or keep-posted card the follow-ups ask for, by due date,
// then a good moment to ask. contactID, when not 0, keeps that
// contact's alone. The Cards screen opens on the first; a contact's
// Prepare Card takes their first.
func (f Finder) DueCards(ctx context.Context, day app.Date, contactID int64) ([]DueCard, error) {
	var out []DueCard
	add := func(id int64, name, tpl, why string) {
		if tpl != "" && (contactID == 0 || id == contactID) {
			out = append(out, DueCard{ContactID: id, Name: name, Template: tpl, Why: why})
		}
	}
	post, err := f.Calendar.CardsDue(ctx, day)
	if err != nil {
		return nil, err
	}
	for _, u := range post {
		add(u.ContactID, u.Name, TemplateFor(u.Kind), u.Title())
	}
	open, _, err := f.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true, DueBy: day, ContactID: contactID})
	if err != nil {
		return nil, err
	}
	for _, fu := range open {
		add(fu.ContactID, fu.ContactName, TemplateForFollowUp(fu.Kind), fu.Title)
	}
	asks, err := f.Asks.SuggestAsks(ctx, day)
	if err != nil {
		return nil, err
	}
	for _, s := range asks {
		add(s.ContactID, s.Name, RequestTemplate(), s.Reason)
	}
	return out, nil
}
