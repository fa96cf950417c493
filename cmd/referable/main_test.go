package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
)

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	out, _, err := runCLIErr(t, args...)
	return out, err
}

// runCLIErr is runCLI that also hears what the command said on stderr.
func runCLIErr(t *testing.T, args ...string) (stdout, errOut string, err error) {
	t.Helper()
	var out, e bytes.Buffer
	old := stderr
	stderr = &e
	defer func() { stderr = old }()
	err = run(context.Background(), args, &out)
	return out.String(), e.String(), err
}

func TestCLI(t *testing.T) {
	t.Setenv("LC_ALL", "en_US.UTF-8") // settings default from the locale: US dollars
	t.Setenv("LANGUAGE", "")          // as fynelocale may have set it for C.UTF-8
	db := filepath.Join(t.TempDir(), "cli.db")
	out, err := runCLI(t, "--db", db, "demo")
	if err != nil || !strings.Contains(out, "60 contacts") {
		t.Fatalf("demo: %q, %v", out, err)
	}
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("database file: %v, %v", fi, err)
	}

	for _, tc := range []struct {
		name    string
		args    []string
		want    []string // lines that must appear
		wantErr string   // "usage" for a usage error, else part of the message
	}{
		{"version", []string{"version"}, []string{"referable " + version}, ""},
		{"help", []string{"help"}, []string{"Usage:", "list [QUERY]"}, ""},
		{"list folds diacritics", []string{"--db", db, "list", "muller"}, []string{"Zoë Müller"}, ""},
		{"list several words", []string{"--db", db, "list", "zoe", "mu"}, []string{"Zoë Müller"}, ""},
		{"list non-Latin", []string{"--db", db, "list", "李"}, []string{"李明"}, ""},
		{"list nothing", []string{"--db", db, "list", "nobody-at-all"}, []string{"ID  NAME"}, ""},
		{"referrals", []string{"--db", db, "referrals"}, []string{"RECEIVED", "Won", "Lost", "Meeting", "Contacted", "$"}, ""},
		{"followups", []string{"--db", db, "followups"}, []string{"DUE", "Thank "}, ""},
		{"referrals takes no words", []string{"--db", db, "referrals", "zoe"}, nil, "usage"},
		{"agenda", []string{"--db", db, "agenda"}, []string{"to post", "CARDS TO POST NOW", "Zoë Müller turns 34", "COMING 7 DAYS", "FOLLOW-UPS DUE", "KEEP IN TOUCH", "Margaret O'Neill (every 30 days"}, ""},
		{"gifts", []string{"--db", db, "gifts"}, []string{"spent", "STATUS", "Bouldering gym day pass", "Planned", "Idea", "Bought", "Given"}, ""},
		{"gifts bad year", []string{"--db", db, "gifts", "--year", "99"}, nil, "usage"},
		{"agenda days out of range", []string{"--db", db, "agenda", "--days", "-3"}, nil, "usage"},
		{"export needs -o", []string{"--db", db, "export", "--format", "ics"}, nil, "usage"},
		{"export unknown format", []string{"--db", db, "export", "--format", "xls", "-o", filepath.Join(t.TempDir(), "x.xls")}, nil, "usage"},
		{"export no format", []string{"--db", db, "export", "-o", filepath.Join(t.TempDir(), "x.vcf")}, nil, "usage"},
		{"import nothing", []string{"--db", db, "import"}, nil, "usage"},
		{"import a missing file", []string{"--db", db, "import", "nope.vcf"}, []string{"nope.vcf: there is no such file."}, "1 file not imported"},
		{"duplicates", []string{"--db", db, "duplicates"}, []string{"No duplicates found."}, ""},
		{"unknown command", []string{"--db", db, "frobnicate"}, nil, "usage"},
		{"unknown flag", []string{"--db", db, "list", "--colour"}, nil, "usage"},
		{"demo twice", []string{"--db", db, "demo"}, nil, "already has 60 contacts"},
		{"demo too big", []string{"--db", filepath.Join(t.TempDir(), "x.db"), "demo", "--contacts", "100001"}, nil, "1 to 100000"},
		{"not a number", []string{"--db", db, "demo", "--contacts", "many"}, nil, "usage"},
		{"backup", []string{"--db", db, "backup", "-o", filepath.Join(t.TempDir(), "b.db")}, []string{"Backed up "}, ""},
		{"backup needs -o", []string{"--db", db, "backup"}, nil, "usage"},
		{"backup onto itself", []string{"--db", db, "backup", "-o", db}, nil, "usage"},
		{"backup onto itself, written another way", []string{"--db", db, "backup", "-o", filepath.Dir(db) + "/x/../" + filepath.Base(db)}, nil, "usage"},
		{"print onto the database", []string{"--db", db, "print", "--template", "birthday", "--layout", "flat-a4-4up", "--to", "all", "-o", db}, nil, "usage"},
		{"export onto the database", []string{"--db", db, "export", "--format", "ics", "-o", db}, nil, "usage"},
		{"print into a missing folder", []string{"--db", db, "print", "--template", "birthday", "--layout", "flat-a4-4up", "--to", "zoe", "-o", filepath.Join(t.TempDir(), "no", "such", "cards.pdf")}, nil, "there is no folder"},
		{"restore junk", []string{"--db", db, "restore", "cli_test_missing.db"}, nil, "There is no backup at cli_test_missing.db"},
		{"restore needs a file", []string{"--db", db, "restore"}, nil, "usage"},
		{"layouts", []string{"layouts"}, []string{"flat-letter-4up      Flat cards 4.25×5.5 in", "quarter-fold-a4", "envelope-10", "labels-l7160"}, ""},
		{"templates", []string{"--db", db, "templates"}, []string{"thank-you-referral  Thank the referrer", "referral-request", "birthday"}, ""},
		{"fonts", []string{"fonts"}, []string{"Caveat", "Patrick Hand", "Dancing Script"}, ""},
		{"print a search", []string{"--db", db, "print", "--template", "birthday", "--layout", "quarter-fold-letter", "--font", "dancing script", "--to", "zoe", "-o", filepath.Join(t.TempDir(), "cards.pdf")},
			[]string{"Wrote 1 card on 1 page to", "Logged 1 card as sent today."}, ""},
		{"print a second card for the same birthday", []string{"--db", db, "print", "--template", "birthday", "--layout", "quarter-fold-letter", "--to", "zoe", "-o", filepath.Join(t.TempDir(), "cards.pdf")},
			nil, `1 person already got a "Birthday" card for this occasion (Zoë Müller on `},
		{"print it again when asked", []string{"--db", db, "print", "--template", "birthday", "--layout", "quarter-fold-letter", "--to", "zoe", "--again", "-o", filepath.Join(t.TempDir(), "cards.pdf")},
			[]string{"Wrote 1 card on 1 page to", "Logged 1 card as sent today."}, ""},
		{"print labels", []string{"--db", db, "print", "--template", "birthday", "--layout", "labels-5160", "--to", "all", "--no-log", "-o", filepath.Join(t.TempDir(), "cards.pdf")},
			[]string{"Wrote 57 labels on 2 pages", "Held back: Nadia Baker: asked not to be contacted", "3 labels held back, not printed and not logged. Add --include-do-not-contact"}, ""},
		{"print a tag", []string{"--db", db, "print", "--template", "birthday", "--layout", "flat-a4-4up", "--to", "tag:no-such-tag", "--no-log", "-o", filepath.Join(t.TempDir(), "cards.pdf")}, nil, `No one is tagged "no-such-tag"`},
		{"print the days ahead", []string{"--db", db, "print", "--template", "birthday", "--layout", "flat-a4-4up", "--to", "coming:366", "--no-log", "-o", filepath.Join(t.TempDir(), "cards.pdf")},
			[]string{"Wrote ", " cards on "}, ""},
		{"print days ahead out of range", []string{"--db", db, "print", "--template", "birthday", "--layout", "flat-a4-4up", "--to", "coming:0", "-o", filepath.Join(t.TempDir(), "cards.pdf")}, nil, "usage"},
		{"print whoever is due", []string{"--db", db, "print", "--template", "thank-you-referral", "--layout", "flat-a4-4up", "--to", "due", "-o", filepath.Join(t.TempDir(), "cards.pdf")},
			[]string{"Wrote ", "Logged "}, ""},
		{"print due again finds no one", []string{"--db", db, "print", "--template", "thank-you-referral", "--layout", "flat-a4-4up", "--to", "due", "-o", filepath.Join(t.TempDir(), "cards.pdf")}, nil, `No one is due a "Thank you for a referral" card today`},
		{"print unknown template", []string{"--db", db, "print", "--template", "thanks", "--layout", "flat-a4-4up", "--to", "all", "-o", filepath.Join(t.TempDir(), "cards.pdf")}, nil, `There is no template "thanks"; the templates are birthday,`},
		{"print unknown layout", []string{"--db", db, "print", "--template", "birthday", "--layout", "a6", "--to", "all", "-o", filepath.Join(t.TempDir(), "cards.pdf")}, nil, `There is no layout "a6"`},
		{"print unknown font", []string{"--db", db, "print", "--template", "birthday", "--layout", "flat-a4-4up", "--font", "Arial", "--to", "all", "-o", filepath.Join(t.TempDir(), "cards.pdf")}, nil, `There is no handwriting font "Arial"`},
		{"print no match", []string{"--db", db, "print", "--template", "birthday", "--layout", "flat-a4-4up", "--to", "nobody-at-all", "-o", filepath.Join(t.TempDir(), "cards.pdf")}, nil, `No contact matches "nobody-at-all"`},
		{"print needs --to", []string{"--db", db, "print", "--template", "birthday", "--layout", "flat-a4-4up", "-o", filepath.Join(t.TempDir(), "cards.pdf")}, nil, "usage"},
		{"print needs -o", []string{"--db", db, "print", "--template", "birthday", "--layout", "flat-a4-4up", "--to", "all"}, nil, "usage"},
		{"print only do-not-contact", []string{"--db", db, "print", "--template", "birthday", "--layout", "flat-a4-4up", "--to", "Nadia Baker", "-o", filepath.Join(t.TempDir(), "cards.pdf")},
			[]string{"Held back: Nadia Baker: asked not to be contacted", "Add --include-do-not-contact"}, "Nothing was printed: the card was held back (1 who asked not to be contacted)."},
		{"print empty fields held back", []string{"--db", db, "print", "--template", "thank-you-referral", "--layout", "flat-a4-4up", "--to", "all", "--no-log", "-o", filepath.Join(t.TempDir(), "cards.pdf")},
			[]string{"Held back: Bea Kowalski: no referral of theirs to name in {referral_name}", "… and ", "add --allow-empty-fields to print them anyway"}, ""},
		{"print empty fields allowed", []string{"--db", db, "print", "--template", "thank-you-referral", "--layout", "flat-a4-4up", "--to", "all", "--no-log", "--allow-empty-fields", "-o", filepath.Join(t.TempDir(), "cards.pdf")},
			[]string{"Wrote 57 cards", "Check: Bea Kowalski: Nothing to fill {referral_name}"}, ""},
		{"print envelopes with no address held back", []string{"--db", db, "print", "--template", "birthday", "--layout", "envelope-dl", "--to", "all", "--no-log", "-o", filepath.Join(t.TempDir(), "cards.pdf")},
			[]string{"Wrote 57 envelopes", "3 envelopes held back"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := runCLIErr(t, tc.args...)
			out += errOut
			switch {
			case tc.wantErr == "usage":
				var ue usageError
				if !errors.As(err, &ue) {
					t.Fatalf("err = %v; want a usage error", err)
				}
			case tc.wantErr != "":
				if err == nil || !strings.Contains(app.ErrorMessage(err), tc.wantErr) {
					t.Fatalf("err = %v; want %q", err, tc.wantErr)
				}
			case err != nil:
				t.Fatalf("err = %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}

	// --json, with the flag after the query, and REFERABLE_DB instead of --db.
	t.Setenv("REFERABLE_DB", db)
	out, err = runCLI(t, "list", "lukasz", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got []listedContact
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got) != 1 || got[0].Name != "Łukasz Dvořák" || got[0].Company != "Dvořák Electric" {
		t.Fatalf("list --json = %+v", got)
	}
	out, _ = runCLI(t, "list", "--json", "nobody-at-all")
	if strings.TrimSpace(out) != "[]" {
		t.Fatalf("empty JSON list = %q", out)
	}

	out, err = runCLI(t, "referrals", "--json")
	var refs []listedReferral
	if err != nil || json.Unmarshal([]byte(out), &refs) != nil || len(refs) == 0 {
		t.Fatalf("referrals --json: %v\n%.300s", err, out)
	}
	for _, r := range refs {
		if r.Status == "won" && (r.ValueWon <= 0 || len(r.History) < 2) || r.History[0].Status != "new" || r.Currency != "USD" {
			t.Fatalf("referral %+v", r)
		}
	}
	ics := filepath.Join(t.TempDir(), "occasions.ics")
	if out, err := runCLI(t, "export", "--format", "ics", "-o", ics); err != nil || !strings.Contains(out, "yearly events") {
		t.Fatalf("export: %q, %v", out, err)
	}
	if fi, err := os.Stat(ics); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("ics file: %v, %v", fi, err)
	}
	body, _ := os.ReadFile(ics)
	if !strings.HasPrefix(string(body), "BEGIN:VCALENDAR\r\n") || !strings.Contains(string(body), "RRULE:FREQ=YEARLY") {
		t.Fatalf("ics = %.200q", body)
	}
	out, err = runCLI(t, "agenda", "--json", "--days", "30")
	var ag agendaJSON
	if err != nil || json.Unmarshal([]byte(out), &ag) != nil || len(ag.Cards) == 0 || len(ag.Coming) == 0 || ag.Date != time.Now().Format("2006-01-02") {
		t.Fatalf("agenda --json: %v\n%.300s", err, out)
	}

	out, err = runCLI(t, "followups", "--json")
	var fus []listedFollowUp
	if err != nil || json.Unmarshal([]byte(out), &fus) != nil || len(fus) == 0 {
		t.Fatalf("followups --json: %v\n%.300s", err, out)
	}
	for i := 1; i < len(fus); i++ {
		if fus[i].Due < fus[i-1].Due {
			t.Fatalf("follow-ups not by due date: %s before %s", fus[i-1].Due, fus[i].Due)
		}
	}
}

func TestCLIRefusesAFileThatIsNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "letter.txt")
	text := strings.Repeat("Dear Sam, thank you for the referral. ", 20)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := runCLI(t, "--db", path, "list")
	if err == nil || !strings.Contains(app.ErrorMessage(err), "not a Referable database") {
		t.Fatalf("err = %v", err)
	}
	if body, _ := os.ReadFile(path); string(body) != text {
		t.Fatal("the file was changed")
	}
}

// Import, export and restore from the command line: each file is one
// import, shown before it is saved, all or nothing, undoable; exports
// read back.
func TestCLIImportExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cli.db")
	fixtures := filepath.Join("..", "..", "app", "transfer", "testdata")
	out, err := runCLI(t, "--db", db, "import", "--dry-run", filepath.Join(fixtures, "outlook-2.1.vcf"))
	if err != nil || !strings.Contains(out, "2 contacts read: 2 new") || !strings.Contains(out, "Nothing imported (--dry-run)") {
		t.Fatalf("dry run: %q, %v", out, err)
	}
	out, err = runCLI(t, "--db", db, "import", filepath.Join(fixtures, "outlook-2.1.vcf"), filepath.Join(fixtures, "bad.vcf"))
	if err == nil || !strings.Contains(out, "Imported 2 contacts from outlook-2.1.vcf") ||
		!strings.Contains(out, "card 5 (line 25): the file ends inside this card") || !strings.Contains(out, "Nothing imported from bad.vcf") {
		t.Fatalf("import with a bad file: %q, %v", out, err)
	}
	// The Outlook CSV holds the same two people: duplicates, left out.
	out, err = runCLI(t, "--db", db, "import", filepath.Join(fixtures, "outlook.csv"))
	if err != nil || !strings.Contains(out, "line 2: Jürgen Schön looks like Jürgen Schön (same email juergen@example.de)") || !strings.Contains(out, "Nothing new in outlook.csv") {
		t.Fatalf("duplicates: %q, %v", out, err)
	}
	out, err = runCLI(t, "--db", db, "import", "--add-duplicates", filepath.Join(fixtures, "outlook.csv"))
	if err != nil || !strings.Contains(out, "Imported 2 contacts") {
		t.Fatalf("adding duplicates: %q, %v", out, err)
	}
	out, err = runCLI(t, "--db", db, "duplicates")
	if err != nil || !strings.Contains(out, "Jürgen Schön") || !strings.Contains(out, "2 pairs") {
		t.Fatalf("duplicates: %q, %v", out, err)
	}
	if out, err = runCLI(t, "--db", db, "import", "--undo"); err != nil || !strings.Contains(out, "Undid the import of outlook.csv") {
		t.Fatalf("undo: %q, %v", out, err)
	}
	if out, _ = runCLI(t, "--db", db, "list"); strings.Count(out, "\n") != 3 {
		t.Fatalf("after undo:\n%s", out)
	}

	for _, format := range []string{"vcf", "csv", "json"} {
		file := filepath.Join(dir, "export."+format)
		out, err := runCLI(t, "--db", db, "export", "--format", format, "-o", file)
		if err != nil || !strings.Contains(out, "Wrote") {
			t.Fatalf("export %s: %q, %v", format, out, err)
		}
		if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v", file, fi, err)
		}
	}
	body, _ := os.ReadFile(filepath.Join(dir, "export.csv"))
	if !strings.HasPrefix(string(body), "\ufeffFirst Name,Middle Name,Last Name") || !strings.Contains(string(body), "Jürgen,,Schön") {
		t.Errorf("CSV export:\n%s", body)
	}
	// The vCard export imports into another database whole.
	other := filepath.Join(dir, "other.db")
	if out, err := runCLI(t, "--db", other, "import", filepath.Join(dir, "export.vcf")); err != nil || !strings.Contains(out, "Imported 2 contacts") {
		t.Fatalf("import of the export: %q, %v", out, err)
	}
	// The JSON export restores.
	if out, err := runCLI(t, "--db", other, "restore", filepath.Join(dir, "export.json")); err != nil || !strings.Contains(out, "Restored") {
		t.Fatalf("restore JSON: %q, %v", out, err)
	}
	if out, _ := runCLI(t, "--db", other, "list"); !strings.Contains(out, "Renée François") || strings.Count(out, "\n") != 3 {
		t.Fatalf("after restoring the JSON:\n%s", out)
	}
}

// A second copy of the app on the same database is told so and the
// first window asked to the front; the command line still reads, and a
// restore waits for the window to close.
func TestSecondWindow(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "referable.db")
	if _, err := runCLI(t, "--db", db, "demo", "--contacts", "5"); err != nil {
		t.Fatal(err)
	}
	raised := make(chan bool, 1)
	first, err := claimWindow(db, func() { raised <- true })
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	_, err = claimWindow(db, nil)
	var open alreadyOpen
	if !errors.As(err, &open) || !open.raised || !strings.Contains(err.Error(), "already open on "+db) {
		t.Fatalf("second window: %v", err)
	}
	select {
	case <-raised:
	case <-time.After(2 * time.Second):
		t.Fatal("the first window was not asked to the front")
	}
	if out, err := runCLI(t, "--db", db, "list"); err != nil || !strings.Contains(out, "NAME") {
		t.Fatalf("list while the window is open: %q, %v", out, err)
	}
	backup := filepath.Join(dir, "b.db")
	if _, err := runCLI(t, "--db", db, "backup", "-o", backup); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "--db", db, "restore", backup); err == nil || !strings.Contains(app.ErrorMessage(err), "close its window first") {
		t.Fatalf("restore under an open window: %v", err)
	}
	first.Close()
	if _, err := claimWindow(db, nil); err != nil {
		t.Fatalf("a window after the first closed: %v", err)
	}
}

// An encrypted JSON export restores with its passphrase, and only then.
func TestCLIEncryptedExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if _, err := runCLI(t, "--db", db, "demo", "--contacts", "7"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "all.json.age")
	t.Setenv("REFERABLE_PASSPHRASE", "")
	if _, err := runCLI(t, "--db", db, "export", "--format", "json", "--encrypt", "-o", file); err == nil {
		t.Fatal("an encrypted export without a passphrase (and no terminal) was written")
	}
	if _, err := runCLI(t, "--db", db, "export", "--format", "vcf", "--encrypt", "-o", file); err == nil {
		t.Fatal("--encrypt was taken for a vCard export")
	}
	passFile := filepath.Join(dir, "pass")
	os.WriteFile(passFile, []byte("correct horse battery\n"), 0o600)
	if out, err := runCLI(t, "--db", db, "export", "--format", "json", "--encrypt", "--passphrase-file", passFile, "-o", file); err != nil {
		t.Fatalf("encrypted export: %q, %v", out, err)
	}
	body, _ := os.ReadFile(file)
	if !strings.HasPrefix(string(body), "age-encryption.org/v1") || strings.Contains(string(body), "Zoë") {
		t.Fatal("the export is not encrypted")
	}
	other := filepath.Join(dir, "b.db")
	t.Setenv("REFERABLE_PASSPHRASE", "wrong horse battery")
	if _, err := runCLI(t, "--db", other, "restore", file); err == nil || !strings.Contains(app.ErrorMessage(err), "does not open") {
		t.Fatalf("restore with the wrong passphrase: %v", err)
	}
	t.Setenv("REFERABLE_PASSPHRASE", "correct horse battery")
	if out, err := runCLI(t, "--db", other, "restore", file); err != nil || !strings.Contains(out, "Restored") {
		t.Fatalf("restore: %q, %v", out, err)
	}
	if out, _ := runCLI(t, "--db", other, "list"); strings.Count(out, "\n") != 8 {
		t.Fatalf("after restoring the encrypted export:\n%s", out)
	}
}

// The hostile values through every flag and argument: each gets a clear
// message (a usage error or the reason) or a correct result — never a
// crash or "something went wrong".
func TestCLIHostileValues(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	if _, err := runCLI(t, "--db", db, "demo", "--contacts", "20"); err != nil {
		t.Fatal(err)
	}
	values := []string{"", strings.Repeat("Zoë ", 1<<18), "Zoë 👩‍👩‍👧‍👦", "שלום مرحبا", "Zoë\x00\x07\x1b[31m",
		"Robert'); DROP TABLE contacts; --", "Zo\xff\xfe", "9999-12-31", "0000-01-01", "-1", "1e9", "99999999999999999999", "../../etc/passwd"}
	for _, v := range values {
		for _, args := range [][]string{
			{"list", v},
			{"list", "--json", v},
			{"gifts", "--year", v},
			{"agenda", "--days", v},
			{"demo", "--contacts", v},
			{"print", "--template", v, "--layout", "flat-letter-4up", "--to", "all", "-o", filepath.Join(dir, "x.pdf")},
			{"print", "--template", "birthday", "--layout", v, "--to", "all", "-o", filepath.Join(dir, "x.pdf")},
			{"print", "--template", "birthday", "--layout", "flat-letter-4up", "--to", v, "-o", filepath.Join(dir, "x.pdf")},
			{"export", "--format", v, "-o", filepath.Join(dir, "x.out")},
			{"export", "--format", "vcf", "-o", filepath.Join(dir, v)},
			{"import", filepath.Join(dir, v)},
			{"restore", filepath.Join(dir, v)},
			{"backup", "-o", filepath.Join(dir, "nope", v)},
		} {
			_, err := runCLI(t, append([]string{"--db", db}, args...)...)
			var ue usageError
			if err != nil && !errors.As(err, &ue) && app.ErrorCode(err) == app.EINTERNAL {
				t.Errorf("%q: an unclear error: %v", append(args[:0:0], args...), err)
			}
		}
	}
	if out, err := runCLI(t, "--db", db, "list"); err != nil || !strings.Contains(out, "Zoë Müller") {
		t.Fatalf("the database after the sweep: %q, %v", out, err)
	}
}

// README's command line section is `referable help`, word for word: one
// usage text.
func TestREADMEShowsTheUsage(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	r := string(readme)
	i := strings.Index(r, "## Command line")
	j := strings.Index(r[i:], "```sh\n")
	k := strings.Index(r[i+j+6:], "```")
	if i < 0 || j < 0 || k < 0 {
		t.Fatal("README has no command line section")
	}
	shown := r[i+j+6 : i+j+6+k]
	var want strings.Builder
	for _, l := range strings.Split(usage[strings.Index(usage, "Usage:\n")+7:], "\n") {
		if strings.TrimSpace(l) == "" {
			break
		}
		want.WriteString(strings.TrimPrefix(l, "  ") + "\n")
	}
	if shown != want.String() {
		t.Fatalf("README's command line differs from `referable help`:\n%s\nwant:\n%s", shown, want.String())
	}
}
