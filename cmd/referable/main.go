// Command referable is the Referable desktop app and its command line.
// With no command it opens the app window; commands work on the same
// database from a terminal.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"github.com/jeandeaual/go-locale"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/demo"
	"github.com/referable/referable/assets"
	"github.com/referable/referable/data"
	"github.com/referable/referable/ui"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `Referable keeps the referrals that grow your small business coming.

Usage:
  referable [--db PATH]                      open the app
  referable [--db PATH] list [QUERY] [--json] print matching contacts
  referable [--db PATH] demo [--contacts N]  fill an empty database with a sample business
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
	case "gui", "list", "demo":
	default:
		return usagef("unknown command %q", command)
	}

	path, err := resolveDBPath(*dbPath)
	if err != nil {
		return err
	}
	db, err := data.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	services := newServices(db)
	switch command {
	case "list":
		return runList(ctx, services, args, stdout)
	case "demo":
		return runDemo(ctx, services, args, stdout)
	}
	if len(args) > 0 {
		return usagef("unexpected %q", args[0])
	}
	return runGUI(ctx, services)
}

func printUsage(w io.Writer) error {
	path, err := resolveDBPath("")
	if err != nil {
		path = "in your data folder"
	}
	fmt.Fprintf(w, usage, path)
	return nil
}

// resolveDBPath applies --db, then REFERABLE_DB, then the per-user default.
func resolveDBPath(flagPath string) (string, error) {
	if flagPath != "" {
		return flagPath, nil
	}
	if env := os.Getenv("REFERABLE_DB"); env != "" {
		return env, nil
	}
	return data.DefaultPath()
}

func newServices(db *data.DB) ui.Services {
	region, _ := locale.GetRegion()
	contacts := data.NewContactService(db)
	settings := data.NewSettingsService(db, app.DefaultSettings(strings.ToUpper(region)))
	return ui.Services{
		Contacts: contacts,
		Settings: settings,
		LoadSample: func(ctx context.Context) error {
			return demo.Load(ctx, contacts, settings, demo.DefaultContacts, time.Now())
		},
		Now:     time.Now,
		DBPath:  db.Path,
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
	if err := demo.Load(ctx, svc.Contacts, svc.Settings, *n, time.Now()); err != nil {
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

func runList(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print JSON")
	// Flags may come before or after the query words.
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return usagef("list: %v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		words, args = append(words, fs.Arg(0)), fs.Args()[1:]
	}
	rows, _, err := svc.Contacts.FindContacts(ctx, app.ContactFilter{Query: strings.Join(words, " ")})
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]listedContact, 0, len(rows))
		for _, r := range rows {
			kinds := r.Kinds.Names()
			if kinds == nil {
				kinds = []string{}
			}
			out = append(out, listedContact{ID: r.ID, Name: r.Name, Company: r.Company, Kinds: kinds})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCOMPANY\tKIND")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.ID, r.Name, r.Company, strings.Join(r.Kinds.Names(), ", "))
	}
	return tw.Flush()
}

func runGUI(ctx context.Context, svc ui.Services) error {
	// The trash keeps contacts for 30 days; older ones go for good now.
	if _, err := svc.Contacts.PurgeTrash(ctx, time.Now().Add(-app.TrashRetention)); err != nil {
		return err
	}
	if lang := os.Getenv("LANG"); lang == "" || lang == "C" || lang == "POSIX" {
		os.Setenv("LANG", "C.UTF-8") // Fyne cannot parse the bare C locale
	}
	a := fyneapp.NewWithID("io.github.referable.referable")
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Referable")
	w.SetContent(ui.Create(a, w, svc))
	w.Resize(fyne.NewSize(1200, 780))
	w.SetMaster()
	w.ShowAndRun()
	return nil
}
