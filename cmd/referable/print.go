package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/referable/referable/data"
	"io"
	"strings"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/assets"
	"github.com/referable/referable/ui"
)

func runPrint(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("print", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	tplName := fs.String("template", "", "template name")
	layoutName := fs.String("layout", "", "layout name")
	font := fs.String("font", "", "handwriting font")
	to := fs.String("to", "", "search, or all")
	out := fs.String("o", "", "output PDF")
	withDNC := fs.Bool("include-do-not-contact", false, "print for contacts who asked not to be contacted")
	noLog := fs.Bool("no-log", false, "do not log the cards as sent")
	if err := fs.Parse(args); err != nil {
		return usagef("print: %v", err)
	}
	switch {
	case fs.NArg() > 0:
		return usagef("print: unexpected %q (put a search of several words in quotes: --to \"%s\")", fs.Arg(0), strings.Join(fs.Args(), " "))
	case *tplName == "":
		return usagef("print: name the template with --template (see 'referable templates')")
	case *layoutName == "":
		return usagef("print: name the layout with --layout (see 'referable layouts')")
	case *out == "":
		return usagef("print: name the PDF to write with -o FILE.pdf")
	case data.OwnFile(svc.DBPath, *out) != "":
		return usagef("print: -o names %s (%s); choose another file", data.OwnFile(svc.DBPath, *out), *out)
	case strings.TrimSpace(*to) == "":
		return usagef("print: say whom the cards are for with --to QUERY (the same search as the app) or --to all")
	}
	tpl, err := svc.Cards.Template(ctx, *tplName)
	if err != nil {
		return err
	}
	layout, err := cards.FindLayout(*layoutName)
	if err != nil {
		return err
	}
	st, err := svc.Settings.Settings(ctx)
	if err != nil {
		return err
	}
	book := assets.CardFontBook()
	hand := *font
	if hand == "" {
		hand = st.CardFont
	}
	if hand == "" {
		hand = book.Hands()[0]
	}

	query := *to
	if strings.EqualFold(strings.TrimSpace(query), "all") {
		query = ""
	} else if len(app.SearchWords(query)) == 0 {
		// A search with no letters or digits would find everyone: a whole
		// batch printed and logged by a stray character.
		return usagef("print: --to %q has no words to search for; name people (--to \"Müller\") or say --to all", *to)
	}
	found, _, err := svc.Contacts.FindContacts(ctx, app.ContactFilter{Query: query})
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return app.Errorf(app.ENOTFOUND, "No contact matches %q, so there is nothing to print.", *to)
	}
	everyone, err := svc.Cards.Addressees(ctx, app.ContactIDs(found), tpl.Purpose)
	if err != nil {
		return err
	}
	var printFor []cards.Addressee
	var skipped []string
	for _, a := range everyone {
		if a.DoNotContact && !*withDNC {
			skipped = append(skipped, a.Name)
			continue
		}
		printFor = append(printFor, a)
	}
	if len(printFor) == 0 {
		return app.Errorf(app.EINVALID, "Everyone %q finds asked not to be contacted (%s); add --include-do-not-contact to print for them anyway.", *to, app.NameList(skipped, maxListed))
	}

	batch := cards.Batch{Template: tpl, Layout: layout, Hand: hand, Settings: st, Today: app.DateOf(svc.Now())}
	var sent []cards.Sent
	var problems []cards.Problem
	err = writePrivate(*out, func(w io.Writer) error {
		var err error
		sent, problems, err = batch.Print(book, printFor, w, svc.Now())
		return err
	})
	if err != nil {
		return err
	}
	if !*noLog && len(sent) > 0 {
		if err := svc.Cards.LogSent(ctx, sent); err != nil {
			return app.Errorf(app.ErrorCode(err), "The PDF is written to %s, but the cards could not be logged as sent (%s). No card was logged: once that is put right, log them from the window, or print again.",
				*out, strings.TrimSuffix(app.ErrorMessage(err), "."))
		}
	}

	sheets := (len(printFor) + layout.PerSheet() - 1) / layout.PerSheet()
	what := "card"
	if !layout.IsCard() {
		what = strings.TrimSuffix(strings.SplitN(layout.Name, "-", 2)[0], "s") // envelope, label
	}
	fmt.Fprintf(stdout, "Wrote %s on %s to %s.\n", app.Plural(len(printFor), what), app.Plural(sheets*layout.Sides, "page"), *out)
	if layout.Sides == 2 {
		fmt.Fprintln(stdout, "Print both sides of the sheet (flip on the short edge for folded cards, the long edge for postcards).")
	}
	if !*noLog && len(sent) > 0 {
		fmt.Fprintf(stdout, "Logged %s as sent today.\n", app.Plural(len(sent), "card"))
	}
	if len(skipped) > 0 {
		fmt.Fprintf(stdout, "Left out %d who asked not to be contacted: %s.\n", len(skipped), app.NameList(skipped, maxListed))
	}
	for i, p := range problems {
		if i == maxListed {
			fmt.Fprintf(stdout, "… and %d more to check.\n", len(problems)-maxListed)
			break
		}
		fmt.Fprintf(stdout, "Check: %s\n", p)
	}
	return nil
}

// maxListed is how many names or problems a message lists before it
// counts the rest: a batch of thousands must not flood the terminal.
const maxListed = 20

func runTemplates(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("templates: unexpected %q", args[0])
	}
	ts, err := svc.Cards.Templates(ctx)
	if err != nil {
		return err
	}
	tw := newTable(stdout)
	for _, t := range ts {
		desc := t.Description
		if desc == "" {
			desc = t.Title
		}
		if t.Edited {
			desc += " (edited)"
		}
		fmt.Fprintf(tw, "%s\t%s\n", t.Name, desc)
	}
	return tw.Flush()
}

func runLayouts(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("layouts: unexpected %q", args[0])
	}
	tw := newTable(stdout)
	for _, l := range cards.Layouts {
		fmt.Fprintf(tw, "%s\t%s\n", l.Name, l.Description)
	}
	return tw.Flush()
}

func runFonts(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("fonts: unexpected %q", args[0])
	}
	for _, f := range assets.HandwritingFonts {
		fmt.Fprintln(stdout, f.Name)
	}
	return nil
}
