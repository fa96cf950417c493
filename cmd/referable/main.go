// Command referable is the Referable desktop app and its command line.
// With no command it opens the app window; commands work on the same
// database from a terminal.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jeandeaual/go-locale"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/demo"
	_ "github.com/referable/referable/cmd/referable/internal/fynelocale" // before Fyne starts: see there
	"github.com/referable/referable/data"
	"github.com/referable/referable/ui"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `Referable keeps the referrals that grow your small business coming.

Usage:
  referable [--db PATH]                      open the app
  referable [--db PATH] list [QUERY] [--json] print matching contacts
  referable [--db PATH] referrals [--json]   print the referral ledger, newest first
  referable [--db PATH] followups [--json]   print open follow-ups by due date
  referable [--db PATH] gifts [--year Y] [--json]
                                             the gift log of a year and its budget
  referable [--db PATH] agenda [--days N] [--json]
                                             what is due today and coming, as on Today
  referable [--db PATH] import [--add-duplicates] [--accept] [--dry-run] FILE...
                                             bring in vCard (.vcf) or CSV files (Google, Outlook,
                                             others): each file is one import, all or nothing;
                                             a file with unreadable contacts needs --accept
  referable [--db PATH] import --undo        undo the last import
  referable [--db PATH] duplicates           list contacts that look like the same person
  referable [--db PATH] export --format vcf|csv|json|ics [--encrypt] [--passphrase-file F] -o FILE
                                             every contact as vCard 4.0 or Google CSV; everything
                                             as JSON (restore reads it back; --encrypt asks for a
                                             passphrase, or reads it from F); yearly dates as ics
  referable [--db PATH] print --template NAME --layout NAME [--font NAME]
                          --to WHOM [--include-do-not-contact] [--no-log] -o FILE.pdf
                                             print cards (or envelopes, labels) and log them as
                                             sent; WHOM is as on the Cards screen: due (whoever
                                             the template's purpose says is waiting), month or
                                             month:YYYY-MM (the referral month list), tag:NAME,
                                             coming:DAYS (birthdays and anniversaries), all, or
                                             a search of the contacts list (search:WORDS)
  referable [--db PATH] templates            list card templates: name, then what it is for
  referable layouts                          list card, envelope and label layouts
  referable fonts                            list the handwriting fonts
  referable [--db PATH] backup -o FILE       write a consistent copy of the database
  referable [--db PATH] restore [--passphrase-file F] FILE
                                             replace the database with a backup or a JSON export
                                             (checked first; the current one is kept in the
                                             backups folder)
  referable [--db PATH] demo [--contacts N]  fill an empty database with a sample business
                                             (N up to 100,000)
  referable version                          print the version

The database is %s unless --db or REFERABLE_DB names another file.
`

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(os.Stderr, "referable: %s\nRun 'referable help' for usage.\n", ue.msg)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "referable: %s\n", app.ErrorMessage(err))
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run parses the command line and does what it says; stdout takes the
// command's output, errors are returned.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	global := flag.NewFlagSet("referable", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	dbPath := global.String("db", "", "database file")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return printUsage(stdout)
		}
		return usagef("%v", err)
	}
	args = global.Args()
	command := "gui"
	if len(args) > 0 {
		command, args = args[0], args[1:]
	}
	switch command {
	case "version":
		fmt.Fprintln(stdout, "referable", version)
		return nil
	case "help", "-h", "--help":
		return printUsage(stdout)
	case "layouts":
		return runLayouts(args, stdout)
	case "fonts":
		return runFonts(args, stdout)
	case "gui", "restore":
	default:
		if _, ok := dbCommands[command]; !ok {
			return usagef("unknown command %q", command)
		}
	}

	path, err := resolveDBPath(*dbPath)
	if err != nil {
		return err
	}
	if err := data.CheckPath(path); err != nil {
		return err // a folder or a device: nothing is created beside it
	}
	if command == "restore" { // the database must not be open while it is replaced
		return runRestore(ctx, path, args, stdout)
	}
	raise := new(raiser) // set once the window exists
	if command == "gui" {
		claim, err := claimWindow(path, raise.call)
		var open alreadyOpen
		if errors.As(err, &open) {
			showAlreadyOpen(open)
			return err
		} else if err != nil {
			return err
		}
		defer claim.Close()
	}
	db, err := data.OpenWith(ctx, path, openFor[command])
	if err != nil {
		var he *data.HealthError
		if command == "gui" && errors.As(err, &he) {
			return runRecovery(ctx, path, he.Health, raise)
		}
		return err
	}
	if runCommand, ok := dbCommands[command]; ok {
		defer db.Close()
		return runCommand(ctx, newServices(db), args, stdout)
	}
	if len(args) > 0 {
		db.Close()
		return usagef("unexpected %q", args[0])
	}
	return runGUI(ctx, path, db, raise)
}

// openFor says how each command opens the database: what only reads
// works on a read-only one; what copies the data out or changes much of
// it checks every page first.
var openFor = map[string]data.OpenOptions{
	"list": {ReadOnlyOK: true}, "referrals": {ReadOnlyOK: true}, "followups": {ReadOnlyOK: true},
	"agenda": {ReadOnlyOK: true}, "gifts": {ReadOnlyOK: true}, "templates": {ReadOnlyOK: true},
	"duplicates": {ReadOnlyOK: true}, "backup": {ReadOnlyOK: true}, "export": {ReadOnlyOK: true, Check: true},
	"demo": {Check: true}, "import": {Check: true}, "print": {Check: true},
}

// dbCommands are the commands that work on an open database, by name.
var dbCommands = map[string]func(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error{
	"list": runList, "demo": runDemo, "referrals": runReferrals, "followups": runFollowUps, "agenda": runAgenda,
	"gifts": runGifts, "export": runExport, "print": runPrint, "templates": runTemplates, "backup": runBackup,
	"import": runImport, "duplicates": runDuplicates,
}

func printUsage(w io.Writer) error {
	path, err := resolveDBPath("")
	if err != nil {
		path = "in your data folder"
	}
	fmt.Fprintf(w, usage, path)
	return nil
}

// resolveDBPath applies --db, then REFERABLE_DB, then the per-user
// default, and gives the file its one canonical name (symbolic links
// followed), so one database is one window however it is named.
func resolveDBPath(flagPath string) (string, error) {
	path := flagPath
	if path == "" {
		path = os.Getenv("REFERABLE_DB")
	}
	if path == "" {
		def, err := data.DefaultPath()
		if err != nil {
			return "", err
		}
		path = def
	}
	return data.CanonicalPath(path)
}

func newServices(db *data.DB) ui.Services {
	region, _ := locale.GetRegion()
	stores := data.NewServices(db, app.DefaultSettings(strings.ToUpper(region)))
	transferSvc := data.NewTransferService(db, stores.Settings)
	return ui.Services{
		Services: stores,
		Cards:    data.NewCardService(db, stores.Settings),
		LoadSample: func(ctx context.Context) error {
			return demo.Load(ctx, stores, demo.DefaultContacts, db.Now())
		},
		// One clock: the database's, which the stores read "today" from.
		Now:      db.Now,
		DBPath:   db.Path,
		Backups:  data.NewBackupService(db),
		Transfer: transferSvc, Duplicates: transferSvc,
		Version: version,
	}
}

func runDemo(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	n := fs.Int("contacts", demo.DefaultContacts, "number of contacts")
	if err := fs.Parse(args); err != nil {
		return usagef("demo: %v", err)
	}
	if fs.NArg() > 0 {
		return usagef("demo: unexpected %q", fs.Arg(0))
	}
	start := time.Now()
	if err := demo.Load(ctx, svc.Services, *n, svc.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Loaded a sample business of %d contacts into %s in %.1fs.\n", *n, svc.DBPath, time.Since(start).Seconds())
	return nil
}

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
			kinds := r.Kinds.Names()
			if kinds == nil {
				kinds = []string{}
			}
			out = append(out, listedContact{ID: r.ID, Name: r.Name, Company: r.Company, Kinds: kinds})
		}
		return printJSON(stdout, out)
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, "ID\tNAME\tCOMPANY\tKIND")
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
				Lead: r.LeadName, LeadID: r.LeadID, AskedFor: r.AskedFor, Source: r.Source, Status: string(r.Status),
				ValueWon: int64(r.ValueWon), Currency: settings.Currency, History: []listedChange{}}
			for _, h := range full.History {
				lr.History = append(lr.History, listedChange{Status: string(h.Status), On: h.On.String()})
			}
			out = append(out, lr)
		}
		return printJSON(stdout, out)
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, "RECEIVED\tREFERRER\tLEAD\tASKED FOR\tSTATUS\tVALUE WON")
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
	fmt.Fprintln(tw, "DUE\t\tTASK")
	for _, f := range rows {
		mark := ""
		if f.Overdue(today) {
			mark = "overdue"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Due, mark, f.Title)
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
	fmt.Fprintf(stdout, "%s: %s\n", today.Time().Format("Monday 2 January 2006"), summary)
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
		lines = append(lines, fmt.Sprintf("%s  %s (post by %s)", u.On.Time().Format("Mon 2 Jan"), u.Title(), u.MailBy.Format()))
	}
	section("CARDS TO POST NOW", lines, "none")
	lines = nil
	for _, u := range coming {
		lines = append(lines, fmt.Sprintf("%s  %s", u.On.Time().Format("Mon 2 Jan"), u.Title()))
	}
	section(fmt.Sprintf("COMING %d DAYS", *days), lines, "nothing")
	lines = nil
	for _, f := range due {
		lines = append(lines, fmt.Sprintf("%s  %s", f.Due.Time().Format("Mon 2 Jan"), f.Title))
	}
	section("FOLLOW-UPS DUE", lines, "none")
	lines = nil
	for _, o := range overdue {
		last := "never in touch"
		if !o.LastTouch.IsZero() {
			last = "last " + o.LastTouch.Format()
		}
		lines = append(lines, fmt.Sprintf("%s (every %d days, %s)", o.Name, o.CadenceDays, last))
	}
	section("KEEP IN TOUCH", lines, "everyone is within their cadence")
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
	fmt.Fprintf(stdout, "Gifts %d: %s spent", *year, budget.Spent.Format(st.Currency))
	if budget.Budget > 0 {
		fmt.Fprintf(stdout, " of a %s budget", budget.Budget.Format(st.Currency))
	}
	if budget.ReferralsWon > 0 {
		fmt.Fprintf(stdout, "; %s in thank-yous per referral won", budget.CostPerReferralWon().Format(st.Currency))
	}
	fmt.Fprintln(stdout, ".")
	tw := newTable(stdout)
	fmt.Fprintln(tw, "STATUS\tGIVEN\tFOR\tGIFT\tOCCASION\tCOST")
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

// writePrivateFile writes a file readable by its owner only, through a
// temporary file and a rename, so a failed write leaves no half file.
func writePrivateFile(path string, body []byte) error {
	return writePrivate(path, func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	})
}

// writePrivate is writePrivateFile for output written as it is made.
// The temporary file is one data.CleanTemps knows, so a run killed
// half-way leaves nothing behind for long.
func writePrivate(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return app.Errorf(app.EINVALID, "%s is a folder; give the name of a file in it.", path)
	}
	tmp, err := data.CreateTemp(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return app.Errorf(app.EINVALID, "Cannot write %s: there is no folder %s.", path, dir)
	case errors.Is(err, fs.ErrPermission):
		return app.Errorf(app.EINVALID, "Cannot write %s: you may not write in %s.", path, dir)
	case err != nil:
		return data.FileError(path, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err = write(bw); err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil && app.ErrorCode(err) == app.EINTERNAL {
		return data.FileError(path, err)
	}
	return err
}

// newTable lines up columns of terminal output.
func newTable(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0) }
