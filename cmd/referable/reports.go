package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/referable/referable/app"
	_ "github.com/referable/referable/cmd/referable/internal/fynelocale" // before Fyne starts: see there
	"github.com/referable/referable/ui"
)

// listedContact is one contact as `list --json` prints it.
type listedContact struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Company string   `json:"company,omitempty"`
	Kinds   []string `json:"kinds"`
}

// parseJSONFlag reads a command's --json flag and its other words, flags
// before or after them.
func parseJSONFlag(command string, args []string) (asJSON bool, words []string, err error) {
	fs := flag.NewFlagSet(command, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	for {
		if err := fs.Parse(args); err != nil {
			return false, nil, usagef("%s: %v", command, err)
		}
		if fs.NArg() == 0 {
			return asJSON, words, nil
		}
		words, args = append(words, fs.Arg(0)), fs.Args()[1:]
	}
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runList(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	asJSON, words, err := parseJSONFlag("list", args)
	if err != nil {
		return err
	}
	rows, _, err := svc.Contacts.FindContacts(ctx, app.ContactFilter{Query: strings.Join(words, " ")})
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]listedContact, 0, len(rows))
		for _, r := range rows {
			kinds := r.Kinds.Keys()
			if kinds == nil {
				kinds = []string{}
			}
			out = append(out, listedContact{ID: r.ID, Name: r.Name, Company: r.Company, Kinds: kinds})
		}
		return printJSON(stdout, out)
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, app.T("ID\tNAME\tCOMPANY\tKIND"))
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.ID, r.Name, r.Company, strings.Join(r.Kinds.Names(), ", "))
	}
	return tw.Flush()
}

// listedReferral is one referral as `referrals --json` prints it; money
// in minor units of the currency, as stored.
type listedReferral struct {
	ID         int64          `json:"id"`
	ReceivedOn string         `json:"received_on"`
	Referrer   string         `json:"referrer"`
	ReferrerID int64          `json:"referrer_id"`
	Lead       string         `json:"lead"`
	LeadID     int64          `json:"lead_id"`
	AskedFor   string         `json:"asked_for,omitempty"`
	Source     string         `json:"source,omitempty"`
	Extra      string         `json:"beyond_what_was_asked,omitempty"`
	Status     string         `json:"status"`
	ValueWon   int64          `json:"value_won_minor"`
	Currency   string         `json:"currency"`
	History    []listedChange `json:"history"`
}

type listedChange struct {
	Status string `json:"status"`
	On     string `json:"on"`
}

func runReferrals(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	asJSON, words, err := parseJSONFlag("referrals", args)
	if err != nil {
		return err
	}
	if len(words) > 0 {
		return usagef("referrals: unexpected %q", words[0])
	}
	settings, err := svc.Settings.Settings(ctx)
	if err != nil {
		return err
	}
	rows, _, err := svc.Referrals.FindReferrals(ctx, app.ReferralFilter{})
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]listedReferral, 0, len(rows))
		for _, r := range rows {
			full, err := svc.Referrals.FindReferralByID(ctx, r.ID)
			if err != nil {
				return err
			}
			lr := listedReferral{ID: r.ID, ReceivedOn: r.ReceivedOn.String(), Referrer: r.ReferrerName, ReferrerID: r.ReferrerID,
				Lead: r.LeadName, LeadID: r.LeadID, AskedFor: r.AskedFor, Source: r.Source, Extra: full.Extra, Status: string(r.Status),
				ValueWon: int64(r.ValueWon), Currency: settings.Currency, History: []listedChange{}}
			for _, h := range full.History {
				lr.History = append(lr.History, listedChange{Status: string(h.Status), On: h.On.String()})
			}
			out = append(out, lr)
		}
		return printJSON(stdout, out)
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, app.T("RECEIVED\tREFERRER\tLEAD\tASKED FOR\tSTATUS\tVALUE WON"))
	for _, r := range rows {
		value := ""
		if r.Status == app.StatusWon {
			value = r.ValueWon.Format(settings.Currency)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ReceivedOn, r.ReferrerName, r.LeadName, r.AskedFor, r.Status.Label(), value)
	}
	return tw.Flush()
}

// listedFollowUp is one follow-up as `followups --json` prints it.
type listedFollowUp struct {
	ID        int64  `json:"id"`
	Due       string `json:"due"`
	Overdue   bool   `json:"overdue"`
	Contact   string `json:"contact"`
	ContactID int64  `json:"contact_id"`
	Kind      string `json:"kind"`
	Task      string `json:"task"`
}

func runFollowUps(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	asJSON, words, err := parseJSONFlag("followups", args)
	if err != nil {
		return err
	}
	if len(words) > 0 {
		return usagef("followups: unexpected %q", words[0])
	}
	rows, _, err := svc.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true})
	if err != nil {
		return err
	}
	today := app.DateOf(svc.Now())
	if asJSON {
		out := make([]listedFollowUp, 0, len(rows))
		for _, f := range rows {
			out = append(out, listedFollowUp{ID: f.ID, Due: f.Due.String(), Overdue: f.Overdue(today), Contact: f.ContactName,
				ContactID: f.ContactID, Kind: string(f.Kind), Task: f.Title})
		}
		return printJSON(stdout, out)
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, app.T("DUE\t\tTASK"))
	for _, f := range rows {
		mark := ""
		if f.Overdue(today) {
			mark = "overdue"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Due, mark, f.Text())
	}
	return tw.Flush()
}

// agendaJSON is what `agenda --json` prints, in the order of Today.
type agendaJSON struct {
	Date        string           `json:"date"`
	Summary     string           `json:"summary"`
	Cards       []agendaOccasion `json:"cards_to_post"`
	Coming      []agendaOccasion `json:"coming"`
	FollowUps   []listedFollowUp `json:"follow_ups_due"`
	KeepInTouch []agendaOverdue  `json:"keep_in_touch"`
}

type agendaOccasion struct {
	On        string `json:"on"`
	MailBy    string `json:"mail_by"`
	Contact   string `json:"contact"`
	ContactID int64  `json:"contact_id"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
}

type agendaOverdue struct {
	Contact     string `json:"contact"`
	ContactID   int64  `json:"contact_id"`
	CadenceDays int    `json:"cadence_days"`
	LastTouch   string `json:"last_touch,omitempty"`
	DueOn       string `json:"due_on"`
}

func runAgenda(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("agenda", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	days := fs.Int("days", 7, "days ahead to list")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return usagef("agenda: %v", err)
	}
	if fs.NArg() > 0 {
		return usagef("agenda: unexpected %q", fs.Arg(0))
	}
	if *days < 0 || *days > 366 {
		return usagef("agenda: --days must be 0 to 366, not %d", *days)
	}
	today := app.DateOf(svc.Now())
	agenda, err := app.LoadAgenda(ctx, svc.Services, today, *days, 0)
	if err != nil {
		return err
	}
	cards, coming, due, overdue, summary := agenda.Cards, agenda.Coming, agenda.Due, agenda.Overdue, agenda.Summary()
	occ := func(us []app.Upcoming) []agendaOccasion {
		out := []agendaOccasion{}
		for _, u := range us {
			out = append(out, agendaOccasion{On: u.On.String(), MailBy: u.MailBy.String(), Contact: u.Name, ContactID: u.ContactID, Kind: string(u.Kind), Title: u.Title()})
		}
		return out
	}
	if *asJSON {
		out := agendaJSON{Date: today.String(), Summary: summary, Cards: occ(cards), Coming: occ(coming), FollowUps: []listedFollowUp{}, KeepInTouch: []agendaOverdue{}}
		for _, f := range due {
			out.FollowUps = append(out.FollowUps, listedFollowUp{ID: f.ID, Due: f.Due.String(), Overdue: f.Overdue(today), Contact: f.ContactName, ContactID: f.ContactID, Kind: string(f.Kind), Task: f.Title})
		}
		for _, o := range overdue {
			out.KeepInTouch = append(out.KeepInTouch, agendaOverdue{Contact: o.Name, ContactID: o.ContactID, CadenceDays: o.CadenceDays, LastTouch: o.LastTouch.String(), DueOn: o.DueOn.String()})
		}
		return printJSON(stdout, out)
	}
	fmt.Fprintf(stdout, "%s: %s\n", today.WithWeekday(true), summary)
	section := func(title string, lines []string, empty string) {
		fmt.Fprintf(stdout, "\n%s\n", title)
		if len(lines) == 0 {
			fmt.Fprintf(stdout, "  %s\n", empty)
		}
		for _, l := range lines {
			fmt.Fprintf(stdout, "  %s\n", l)
		}
	}
	var lines []string
	for _, u := range cards {
		lines = append(lines, u.On.ShortDay()+"  "+app.Tf("%s (post by %s)", u.Title(), u.MailBy.Format()))
	}
	section(app.T("CARDS TO POST NOW"), lines, app.T("none"))
	lines = nil
	for _, u := range coming {
		lines = append(lines, u.On.ShortDay()+"  "+u.Title())
	}
	section(app.Tf("COMING %d DAYS", *days), lines, app.T("nothing"))
	lines = nil
	for _, f := range due {
		lines = append(lines, f.Due.ShortDay()+"  "+f.Text())
	}
	section(app.T("FOLLOW-UPS DUE"), lines, app.T("none"))
	lines = nil
	for _, o := range overdue {
		last := app.T("never in touch")
		if !o.LastTouch.IsZero() {
			last = app.Tf("last %s", o.LastTouch.Format())
		}
		lines = append(lines, app.Tf("%s (every %d days, %s)", o.Name, o.CadenceDays, last))
	}
	section(app.T("KEEP IN TOUCH"), lines, app.T("everyone is within their cadence"))
	return nil
}

// listedGift is one gift as `gifts --json` prints it; money in minor
// units of the currency.
type listedGift struct {
	ID        int64  `json:"id"`
	Contact   string `json:"contact"`
	ContactID int64  `json:"contact_id"`
	What      string `json:"what"`
	Occasion  string `json:"occasion"`
	Status    string `json:"status"`
	GivenOn   string `json:"given_on,omitempty"`
	Cost      int64  `json:"cost_minor"`
	Where     string `json:"where_bought,omitempty"`
}

type giftsJSON struct {
	Year     int          `json:"year"`
	Currency string       `json:"currency"`
	Budget   int64        `json:"budget_minor"`
	Spent    int64        `json:"spent_minor"`
	Gifts    []listedGift `json:"gifts"`
}

func runGifts(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gifts", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	year := fs.Int("year", svc.Now().Year(), "year")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return usagef("gifts: %v", err)
	}
	if fs.NArg() > 0 {
		return usagef("gifts: unexpected %q", fs.Arg(0))
	}
	if *year < 1900 || *year > 9999 {
		return usagef("gifts: --year %d is not a year", *year)
	}
	st, err := svc.Settings.Settings(ctx)
	if err != nil {
		return err
	}
	gifts, _, err := svc.Gifts.FindGifts(ctx, app.GiftFilter{Year: *year})
	if err != nil {
		return err
	}
	budget, err := svc.Gifts.Budget(ctx, *year)
	if err != nil {
		return err
	}
	if *asJSON {
		out := giftsJSON{Year: *year, Currency: st.Currency, Budget: int64(budget.Budget), Spent: int64(budget.Spent), Gifts: []listedGift{}}
		for _, g := range gifts {
			out.Gifts = append(out.Gifts, listedGift{ID: g.ID, Contact: g.ContactName, ContactID: g.ContactID, What: g.What,
				Occasion: string(g.Occasion), Status: string(g.Status), GivenOn: g.GivenOn.String(), Cost: int64(g.Cost), Where: g.Where})
		}
		return printJSON(stdout, out)
	}
	fmt.Fprint(stdout, app.Tf("Gifts %d: %s spent", *year, budget.Spent.Format(st.Currency)))
	if budget.Budget > 0 {
		fmt.Fprint(stdout, app.Tf(" of a %s budget", budget.Budget.Format(st.Currency)))
	}
	if budget.ReferralsWon > 0 {
		fmt.Fprint(stdout, app.Tf("; %s in thank-yous per referral won", budget.CostPerReferralWon().Format(st.Currency)))
	}
	fmt.Fprintln(stdout, ".")
	tw := newTable(stdout)
	fmt.Fprintln(tw, app.T("STATUS\tGIVEN\tFOR\tGIFT\tOCCASION\tCOST"))
	for _, g := range gifts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", g.Status.Label(), g.GivenOn, g.ContactName, g.What, g.Occasion.Label(), moneyOrBlank(g.Cost, st.Currency))
	}
	return tw.Flush()
}

func moneyOrBlank(m app.Money, currency string) string {
	if m == 0 {
		return ""
	}
	return m.Format(currency)
}

// newTable lines up columns of terminal output.
func newTable(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0) }
