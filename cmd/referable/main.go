// Command referable is the Referable desktop app and its command line.
// With no command it opens the app window; commands work on the same
// database from a terminal.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
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

var usage = app.N(`Referable keeps the referrals that grow your small business coming.

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
                          --to WHOM [--include-do-not-contact] [--allow-empty-fields]
                          [--again] [--no-log] [--start N] -o FILE.pdf | --printer NAME
                                             print cards (or envelopes, labels) and log them as
                                             sent; WHOM is as on the Cards screen: due (whoever
                                             the template's purpose says is waiting), month or
                                             month:YYYY-MM (the referral month list), tag:NAME,
                                             coming:DAYS (birthdays and anniversaries), all, or
                                             a search of the contacts list (search:WORDS). A card
                                             with a hole (a field with nothing to fill it, a
                                             character no font has, no address on an envelope)
                                             is held back and listed on stderr; exit 1 when
                                             nothing printed. A second card for the same occasion
                                             this year needs --again. --printer prints on the printer
                                             (through CUPS: the exact paper, no scaling, its
                                             calibration; the job followed until printed, only
                                             then logged; -o also keeps the PDF sent); --start N
                                             begins at place N of a partly used sheet
  referable [--db PATH] printers             list the printers, their state and calibrations
  referable [--db PATH] calibrate --printer NAME --layout NAME [--turn right|left]
                          [--manual-duplex yes|no] [--left MM --top MM [--ruler MM]] [-o FILE.pdf]
                                             print a calibration sheet for a printer and stock;
                                             with what you measured on it (cross A from the left
                                             and top edges, the ruler's length), correct every
                                             print and PDF for them; --turn says how envelopes and
                                             wide sheets go in, --manual-duplex whether you turn
                                             sheets over for side 2
  referable [--db PATH] templates            list card templates: name, then what it is for
  referable layouts                          list card, envelope and label layouts
  referable fonts                            list the handwriting fonts
  referable [--db PATH] backup -o FILE       write a consistent copy of the database
  referable [--db PATH] restore [--passphrase-file F] FILE
                                             replace the database with a backup or a JSON export
                                             (checked first; the current one is kept in the
                                             backups folder)
  referable [--db PATH] sync setup --url URL --user NAME [--address-book NAME]
                          [--calendar NAME] [--tasks NAME] [--calendar-url URL]
                          [--every MINUTES] [--password-file F]
                                             connect to your CardDAV/CalDAV server (Nextcloud,
                                             Fastmail, iCloud, Radicale…): the address book to
                                             keep in step, a calendar for the yearly dates, a task
                                             list for the follow-ups (--calendar-url: the
                                             calendars' server, if on a host of its own); the
                                             password goes to the system's keyring
  referable [--db PATH] sync [--dry-run] [--password-file F]
                                             bring the book and the server in step, both ways, and
                                             say what changed (--dry-run: what would); exit 1 when
                                             it could not
  referable [--db PATH] sync status          the server, the last sync and the conflicts to choose
  referable [--db PATH] sync forget          disconnect (the contacts stay on both sides)
  referable [--db PATH] demo [--contacts N]  fill an empty database with a sample business
                                             (N up to 100,000)
  referable version                          print the version

The database is %s unless --db or REFERABLE_DB names another file.
`)

func main() {
	ui.SetUpLanguage() // before any text: the window's and the command line's
	if path := os.Getenv("REFERABLE_CPUPROFILE"); path != "" {
		// For measuring (docs/benchmarks.md): the command's CPU profile.
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		pprof.StopCPUProfile() // os.Exit skips the deferred stop
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprint(os.Stderr, app.Tf("referable: %s\nRun 'referable help' for usage.\n", ue.msg))
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "referable: %s\n", app.ErrorMessage(err))
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{app.Tf(format, args...)} }

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
		svc := newServices(db)
		ui.ApplyDateStyle(svc)
		return runCommand(ctx, svc, args, stdout)
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
	"demo": {Check: true}, "import": {Check: true},
	"print": {}, // checked beside the layout: no PDF is kept, no card logged, until the check has passed
}

// dbCommands are the commands that work on an open database, by name.
var dbCommands = map[string]func(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error{
	"list": runList, "demo": runDemo, "referrals": runReferrals, "followups": runFollowUps, "agenda": runAgenda,
	"gifts": runGifts, "export": runExport, "print": runPrint, "templates": runTemplates, "backup": runBackup,
	"import": runImport, "duplicates": runDuplicates, "printers": runPrinters, "calibrate": runCalibrate,
	"sync": runSync,
}

func printUsage(w io.Writer) error {
	path, err := resolveDBPath("")
	if err != nil {
		path = app.T("in your data folder")
	}
	fmt.Fprint(w, app.Tf(usage, path))
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
	cardService := data.NewCardService(db, stores.Settings)
	return ui.Services{
		Services: stores,
		Cards:    cardService,
		Printers: cardService,
		LoadSample: func(ctx context.Context) error {
			return demo.Load(ctx, stores, demo.DefaultContacts, db.Now())
		},
		// One clock: the database's, which the stores read "today" from.
		Now:      db.Now,
		DBPath:   db.Path,
		Backups:  data.NewBackupService(db),
		Transfer: transferSvc, Duplicates: transferSvc,
		Version:    version,
		QuickCheck: db.QuickCheck,
		Sync:       data.NewSyncService(db),
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
	fmt.Fprint(stdout, app.Tf("Loaded a sample business of %d contacts into %s in %.1fs.\n", *n, svc.DBPath, time.Since(start).Seconds()))
	return nil
}
