package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/davsync"
	"github.com/referable/referable/ui"
)

// runSync is `referable sync`: setup, status, or a sync (dry or not).
func runSync(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "setup":
			return runSyncSetup(ctx, svc, args[1:], stdout)
		case "status":
			if len(args) > 1 {
				return usagef("sync status: unexpected %q", args[1])
			}
			return runSyncStatus(ctx, svc, stdout)
		case "forget":
			acct, err := svc.Sync.Account(ctx)
			if err != nil {
				return err
			}
			davsync.ForgetPassword(acct)
			if err := svc.Sync.ForgetAccount(ctx); err != nil {
				return err
			}
			fmt.Fprintln(stdout, app.T("Disconnected: the book keeps its contacts; the server keeps its cards."))
			return nil
		}
	}
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dry := fs.Bool("dry-run", false, "say what a sync would change, changing nothing")
	passFile := fs.String("password-file", "", "read the password from this file")
	if err := fs.Parse(args); err != nil {
		return usagef("sync: %v", err)
	}
	if fs.NArg() > 0 {
		return usagef("sync: unexpected %q (the commands are setup, status and forget)", fs.Arg(0))
	}
	acct, err := svc.Sync.Account(ctx)
	if err != nil {
		return err
	}
	password, err := syncPassword(acct, *passFile)
	if err != nil {
		return err
	}
	e := davsync.New(svc.Sync, svc.Services, password)
	e.Now, e.DryRun = svc.Now, *dry
	rep, err := e.Sync(ctx)
	if *dry {
		fmt.Fprintln(stdout, app.T("Dry run: nothing was changed. A sync would do this:"))
	}
	for _, l := range rep.Lines {
		fmt.Fprintln(stdout, l)
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, "⚠ "+p)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, rep.Summary())
	return nil
}

// syncPassword is the account's password: from --password-file, else
// REFERABLE_SYNC_PASSWORD, else the keyring, else the terminal.
func syncPassword(acct davsync.Account, file string) (string, error) {
	if file != "" {
		body, err := os.ReadFile(file)
		if err != nil {
			return "", app.Errorf(app.EINVALID, "Cannot read the password file %s: %v", file, err)
		}
		return strings.TrimRight(string(body), "\r\n"), nil
	}
	if env := os.Getenv("REFERABLE_SYNC_PASSWORD"); env != "" {
		return env, nil
	}
	if pw := davsync.Password(acct); pw != "" {
		return pw, nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", usagef("give the password with --password-file FILE or REFERABLE_SYNC_PASSWORD, or run this in a terminal")
	}
	fmt.Fprintf(os.Stderr, app.T("Password for %s at %s: "), acct.Username, acct.ServerURL)
	pass, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	return string(pass), err
}

// runSyncSetup is `referable sync setup`: it finds the account's address
// books and calendars, picks (or makes) the ones named, and keeps the
// password in the keyring.
func runSyncSetup(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sync setup", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	server := fs.String("url", "", "the server: its DAV address, or only its host")
	user := fs.String("user", "", "the user name")
	book := fs.String("address-book", "", "the address book, by name (made if it is not there)")
	calendar := fs.String("calendar", "", "the calendar for the yearly dates, by name (made if it is not there)")
	tasks := fs.String("tasks", "", "the task list for the follow-ups, by name (made if it is not there)")
	calURL := fs.String("calendar-url", "", "the calendars' server, when the service keeps them on another host")
	every := fs.Int("every", 15, "minutes between syncs while the window is open; 0: only when asked")
	passFile := fs.String("password-file", "", "read the password from this file")
	if err := fs.Parse(args); err != nil {
		return usagef("sync setup: %v", err)
	}
	if fs.NArg() > 0 {
		return usagef("sync setup: unexpected %q", fs.Arg(0))
	}
	if *server == "" || *user == "" {
		return usagef("sync setup: name the server and the user: --url URL --user NAME")
	}
	acct := davsync.Account{ServerURL: *server, Username: *user, EveryMinutes: *every}
	password, err := syncPassword(acct, *passFile)
	if err != nil {
		return err
	}
	found, err := davsync.Discover(ctx, *server, *calURL, *user, password, nil)
	if err != nil {
		return err
	}
	pick := func(cols []davsync.Collection, name string, addressBook, events, tasks bool) (davsync.Collection, error) {
		if c, ok := davsync.Pick(cols, name, events, tasks); ok {
			return c, nil
		}
		if name == "" {
			name = "Referable"
		}
		c, err := davsync.Create(ctx, found, password, name, addressBook, nil)
		if err == nil {
			fmt.Fprintf(stdout, app.T("Made %q on the server.\n"), name)
		}
		return c, err
	}
	ab, err := pick(found.Books, *book, true, false, false)
	if err != nil {
		return err
	}
	acct.AddressBook, acct.AddressBookName = ab.Path, ab.Name
	if *calendar != "" {
		c, err := pick(found.Calendars, *calendar, false, true, false)
		if err != nil {
			return err
		}
		acct.Calendar, acct.CalendarName = c.Path, c.Name
	}
	if *tasks != "" {
		c, err := pick(found.Calendars, *tasks, false, false, true)
		if err != nil {
			return err
		}
		acct.Tasks, acct.TasksName = c.Path, c.Name
	}
	if acct.Calendar != "" || acct.Tasks != "" {
		acct.CalendarServerURL = found.CalendarServerURL
	}
	if err := svc.Sync.SaveAccount(ctx, acct); err != nil {
		return err
	}
	kept := davsync.SavePassword(acct, password)
	fmt.Fprintf(stdout, app.T("Connected to %s as %s: address book %q"), *server, *user, acct.AddressBookName)
	if acct.Calendar != "" {
		fmt.Fprintf(stdout, app.T(", yearly dates on %q"), acct.CalendarName)
	}
	if acct.Tasks != "" {
		fmt.Fprintf(stdout, app.T(", follow-ups as tasks on %q"), acct.TasksName)
	}
	fmt.Fprintln(stdout, ".")
	if kept != nil {
		fmt.Fprintln(stdout, app.ErrorMessage(kept))
	}
	fmt.Fprintln(stdout, app.T("Run referable sync to bring them in step (--dry-run says what it would change)."))
	return nil
}

// runSyncStatus is `referable sync status`.
func runSyncStatus(ctx context.Context, svc ui.Services, stdout io.Writer) error {
	acct, err := svc.Sync.Account(ctx)
	var ae *app.Error
	if errors.As(err, &ae) && ae.Code == app.ENOTFOUND {
		fmt.Fprintln(stdout, app.ErrorMessage(err))
		return nil
	} else if err != nil {
		return err
	}
	fmt.Fprintf(stdout, app.T("Server:       %s (%s)\n"), acct.ServerURL, acct.Username)
	fmt.Fprintf(stdout, app.T("Address book: %s\n"), acct.AddressBookName)
	if acct.CalendarServerURL != "" {
		fmt.Fprintf(stdout, app.T("Calendars on: %s\n"), acct.CalendarServerURL)
	}
	if acct.Calendar != "" {
		fmt.Fprintf(stdout, app.T("Yearly dates: %s\n"), acct.CalendarName)
	}
	if acct.Tasks != "" {
		fmt.Fprintf(stdout, app.T("Follow-ups:   %s\n"), acct.TasksName)
	}
	if acct.LastSyncAt.IsZero() {
		fmt.Fprintln(stdout, app.T("Not synced yet."))
	} else {
		fmt.Fprintf(stdout, app.T("Last sync:    %s: %s\n"), app.Moment(acct.LastSyncAt), acct.LastResult)
	}
	conflicts, err := svc.Sync.Conflicts(ctx)
	if err != nil {
		return err
	}
	if len(conflicts) > 0 {
		fmt.Fprint(stdout, app.TNf("%d conflict waits for you (the book keeps yours; choose in Settings → Sync):\n",
			"%d conflicts wait for you (the book keeps yours; choose in Settings → Sync):\n", len(conflicts), len(conflicts)))
		for _, c := range conflicts {
			fmt.Fprintf(stdout, "  %s, %s: %q ≠ %q\n", c.ContactName, davsync.FieldName(c.Field),
				davsync.ShowField(c.Field, c.Mine), davsync.ShowField(c.Field, c.Theirs))
		}
	}
	if !acct.LastOK && !acct.LastSyncAt.IsZero() {
		return app.Errorf(app.EINVALID, "The last sync did not finish: %s", acct.LastResult)
	}
	return nil
}
