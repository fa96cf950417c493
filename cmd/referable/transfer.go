package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/referable/referable/data"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/ical"
	"github.com/referable/referable/app/transfer"
	"github.com/referable/referable/ui"
	"golang.org/x/term"
)

// runImport brings in each file as its own import: read, checked
// against the database, shown, then saved whole or not at all.
func runImport(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	addDuplicates := fs.Bool("add-duplicates", false, "")
	accept := fs.Bool("accept", false, "")
	dryRun := fs.Bool("dry-run", false, "")
	undo := fs.Bool("undo", false, "")
	if err := fs.Parse(args); err != nil {
		return usagef("import: %v", err)
	}
	if *undo {
		if fs.NArg() > 0 {
			return usagef("import --undo takes no file")
		}
		return undoLastImport(ctx, svc, stdout)
	}
	if fs.NArg() == 0 {
		return usagef("import: name the vCard (.vcf) or CSV files to import")
	}
	failed := 0
	for _, path := range fs.Args() {
		if err := importFile(ctx, svc, path, !*addDuplicates, *accept, *dryRun, stdout); err != nil {
			fmt.Fprintf(stdout, "%s\n\n", app.ErrorMessage(err))
			failed++
		}
	}
	if failed > 0 {
		return app.Errorf(app.EINVALID, "%s not imported.", app.Plural(failed, "file"))
	}
	return nil
}

func importFile(ctx context.Context, svc ui.Services, path string, skipDuplicates, accept, dryRun bool, stdout io.Writer) error {
	name := filepath.Base(path)
	if fi, err := os.Stat(path); err != nil {
		return app.Errorf(app.ENOTFOUND, "%s: there is no such file.", path)
	} else if fi.IsDir() {
		return app.Errorf(app.EINVALID, "%s is a folder, not a file.", path)
	} else if fi.Size() > transfer.MaxFileSize {
		return app.Errorf(app.EINVALID, "%s is %d MB, too big to be an address book.", name, fi.Size()>>20)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	batch, err := transfer.Read(path, body, app.DateOf(svc.Now()))
	if err != nil {
		return err
	}
	cs := make([]*app.Contact, len(batch.Records))
	for i := range batch.Records {
		cs[i] = &batch.Records[i].Contact
	}
	matches, err := svc.Duplicates.MatchExisting(ctx, cs)
	if err != nil {
		return err
	}
	skipped, sure := batch.Skipped(), app.SureMatches(matches)
	possible := ""
	if n := len(matches) - sure; n > 0 {
		possible = app.Tf(", %d possibly the same as someone (imported, for you to review)", n)
	}
	format := batch.Format
	if batch.Encoding != transfer.EncUTF8 && batch.Encoding != "" {
		format += ", " + batch.Encoding
	}
	fmt.Fprint(stdout, app.Tf("%s (%s): %s read: %d new, %s%s, %s.\n", name, format, app.Plural(len(batch.Records)+skipped, "contact"),
		len(batch.Records)-sure, app.Plural(sure, "duplicate"), possible, app.Plural(skipped, "error")))
	listed := 0
	for _, p := range batch.Problems {
		if listed++; listed > maxListed {
			fmt.Fprint(stdout, app.Tf("  … and %d more problems\n", len(batch.Problems)-maxListed))
			break
		}
		fmt.Fprintf(stdout, "  %s\n", p)
	}
	for i, m := range matches {
		if i == maxListed {
			fmt.Fprint(stdout, app.Tf("  … and %d more duplicates\n", len(matches)-maxListed))
			break
		}
		looks := app.T("looks like")
		if m.Possible {
			looks = app.T("may be the same as")
		}
		fmt.Fprint(stdout, app.Tf("  %s: %s %s %s (%s)\n", batch.Records[m.Record].Where, batch.Records[m.Record].Contact.Name(), looks, m.Existing, m.Reason))
	}
	switch {
	case dryRun:
		fmt.Fprint(stdout, app.T("Nothing imported (--dry-run).\n\n"))
		return nil
	case len(batch.Records) == 0:
		return app.Errorf(app.EINVALID, "Nothing imported from %s: it holds no contact that could be read.", name)
	case skipped > 0 && !accept:
		return app.Errorf(app.EINVALID, "Nothing imported from %s: %s could not be read (above). Fix the file, or run again with --accept to import the %s that could.",
			name, app.Plural(skipped, "contact"), app.Plural(len(batch.Records), "contact"))
	}
	if skipDuplicates && sure == len(batch.Records) {
		fmt.Fprint(stdout, app.Tf("Nothing new in %s: everyone in it is here already (--add-duplicates adds them anyway).\n\n", name))
		return nil
	}
	res, err := svc.Transfer.Import(ctx, batch, transfer.Options{SkipDuplicates: skipDuplicates})
	if err != nil {
		return fmt.Errorf("nothing imported from %s: %w", name, err)
	}
	fmt.Fprint(stdout, app.Tf("Imported %s from %s", app.Plural(res.Added, "contact"), name))
	if res.Duplicates > 0 {
		fmt.Fprint(stdout, app.Tf("; %s left out (--add-duplicates adds them)", app.Plural(res.Duplicates, "duplicate")))
	}
	if res.Possible > 0 {
		fmt.Fprint(stdout, app.Tf("; %s possibly the same as someone: see 'referable duplicates'", app.Plural(res.Possible, "contact")))
	}
	fmt.Fprint(stdout, ".\n"+app.T("To take this import back out: referable import --undo\n\n"))
	return nil
}

func undoLastImport(ctx context.Context, svc ui.Services, stdout io.Writer) error {
	last, err := svc.Transfer.LastImport(ctx)
	if err != nil {
		return err
	}
	if last == nil {
		return app.Errorf(app.ENOTFOUND, "There is no import to undo.")
	}
	if err := svc.Transfer.UndoImport(ctx, last.ID); err != nil {
		return err
	}
	fmt.Fprint(stdout, app.Tf("Undid the import of %s (%s, %s): its contacts are gone; a backup from before is in the backups folder.\n",
		last.File, app.Moment(last.ImportedAt), app.Plural(last.Contacts, "contact")))
	return nil
}

// runDuplicates lists contacts that look like one person.
func runDuplicates(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("duplicates: unexpected %q", args[0])
	}
	pairs, err := svc.Duplicates.FindDuplicates(ctx)
	if err != nil {
		return err
	}
	if len(pairs) == 0 {
		fmt.Fprintln(stdout, app.T("No duplicates found."))
		return nil
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, app.T("ID\tCONTACT\tID\tLOOKS LIKE\tWHY"))
	for _, p := range pairs {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\n", p.A.ID, p.A.Name, p.B.ID, p.B.Name, p.Reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprint(stdout, app.Tf("%s. Merge them in the app: Edit → Find Duplicates.\n", app.Plural(len(pairs), "pair")))
	return nil
}

func runExport(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "", "ics")
	out := fs.String("o", "", "output file")
	encrypt := fs.Bool("encrypt", false, "encrypt the JSON export with a passphrase")
	passFile := fs.String("passphrase-file", "", "read the passphrase from this file")
	if err := fs.Parse(args); err != nil {
		return usagef("export: %v", err)
	}
	switch {
	case fs.NArg() > 0:
		return usagef("export: unexpected %q", fs.Arg(0))
	case *out == "":
		return usagef("export: name the file to write with -o FILE")
	case data.OwnFile(svc.DBPath, *out) != "":
		return usagef("export: -o names %s (%s); choose another file", data.OwnFile(svc.DBPath, *out), *out)
	case *encrypt && *format != "json":
		return usagef("export: --encrypt is for --format json, the export that holds everything")
	}
	var n int
	var what string
	var err error
	switch *format {
	case "vcf", "vcard":
		what = "contact"
		err = writePrivate(*out, func(w io.Writer) error { n, err = svc.Transfer.ExportVCard(ctx, w); return err })
	case "csv":
		what = "contact"
		err = writePrivate(*out, func(w io.Writer) error { n, err = svc.Transfer.ExportCSV(ctx, w); return err })
	case "json":
		if !*encrypt {
			err = writePrivate(*out, func(w io.Writer) error { return svc.Transfer.ExportJSON(ctx, w) })
		} else {
			pass, perr := passphrase(*passFile, true)
			if perr != nil {
				return perr
			}
			err = writePrivate(*out, func(w io.Writer) error {
				enc, err := transfer.Encrypt(w, pass)
				if err != nil {
					return err
				}
				if err := svc.Transfer.ExportJSON(ctx, enc); err != nil {
					return err
				}
				return enc.Close()
			})
		}
		if err == nil {
			fmt.Fprint(stdout, app.Tf("Wrote everything in %s to %s.\nRestore it with: referable restore %s\n", svc.DBPath, *out, *out))
		}
		return err
	case "ics":
		return exportICS(ctx, svc, *out, stdout)
	case "":
		return usagef("export: choose a --format: vcf, csv, json or ics")
	default:
		return usagef("export: --format %q is not one of vcf, csv, json, ics", *format)
	}
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, app.Tf("Wrote %s to %s.\n", app.Plural(n, what), *out))
	return nil
}

// exportICS writes every birthday and anniversary as a yearly event.
func exportICS(ctx context.Context, svc ui.Services, out string, stdout io.Writer) error {
	today := app.DateOf(svc.Now())
	// A year's window holds each yearly date at least once.
	occasions, err := svc.Calendar.Upcoming(ctx, today, today.AddDays(365), 0)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := ical.Write(&buf, occasions, svc.Now()); err != nil {
		return err
	}
	if err := writePrivateFile(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprint(stdout, app.Tf("Wrote %d yearly events to %s.\n", strings.Count(buf.String(), "BEGIN:VEVENT"), out))
	return nil
}

// passphrase reads the passphrase for an encrypted export: from a file,
// from REFERABLE_PASSPHRASE, or typed at the terminal without echo (twice
// when it is new).
func passphrase(file string, confirm bool) (string, error) {
	if file != "" {
		body, err := os.ReadFile(file)
		if err != nil {
			return "", app.Errorf(app.EINVALID, "Cannot read the passphrase file %s: %v", file, err)
		}
		return strings.TrimRight(string(body), "\r\n"), checkNew(strings.TrimRight(string(body), "\r\n"), confirm)
	}
	if env := os.Getenv("REFERABLE_PASSPHRASE"); env != "" {
		return env, checkNew(env, confirm)
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", usagef("give the passphrase with --passphrase-file FILE or REFERABLE_PASSPHRASE, or run this in a terminal")
	}
	fmt.Fprint(os.Stderr, app.T("Passphrase: "))
	pass, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	if confirm {
		if err := transfer.CheckPassphrase(string(pass)); err != nil {
			return "", err
		}
		fmt.Fprint(os.Stderr, app.T("Again, to be sure: "))
		again, err := term.ReadPassword(fd)
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", err
		}
		if string(again) != string(pass) {
			return "", app.Errorf(app.EINVALID, "The two passphrases differ; nothing was written.")
		}
	}
	return string(pass), nil
}

func checkNew(pass string, isNew bool) error {
	if isNew {
		return transfer.CheckPassphrase(pass)
	}
	return nil
}
