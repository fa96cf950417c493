package data_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/app/transfer"
	"github.com/referable/referable/data"
)

var today = app.DateOf(fixedNow)

func readFixture(t testing.TB, name string) *transfer.Batch {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "app", "transfer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	b, err := transfer.Read(name, body, today)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func count(t testing.TB, db *data.DB) int {
	t.Helper()
	live, _, err := data.NewContactService(db).CountContacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return live
}

// An import is one transaction: all of a file or none of it; it can be
// undone as a whole, and duplicates are found against what is kept and
// within the file.
func TestImportAndUndo(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	svc := data.NewTransferService(db, nil)
	res, err := svc.Import(ctx, readFixture(t, "google.csv"), transfer.Options{})
	if err != nil || res.Added != 2 || count(t, db) != 2 {
		t.Fatalf("import: %+v, %v; %d contacts", res, err, count(t, db))
	}
	last, err := svc.LastImport(ctx)
	if err != nil || last == nil || last.ID != res.Import.ID || last.Contacts != 2 || last.File != "google.csv" {
		t.Fatalf("last import: %+v, %v", last, err)
	}

	// Zoë is in the Apple file too (same email): skipped when asked.
	apple := readFixture(t, "apple-3.0.vcf")
	cs := []*app.Contact{&apple.Records[0].Contact, &apple.Records[1].Contact}
	matches, err := svc.MatchExisting(ctx, cs)
	if err != nil || len(matches) != 1 || matches[0].Record != 0 || matches[0].Existing != "Zoë Müller" || !strings.Contains(matches[0].Reason, "email") {
		t.Fatalf("matches: %+v, %v", matches, err)
	}
	res, err = svc.Import(ctx, apple, transfer.Options{SkipDuplicates: true})
	if err != nil || res.Added != 1 || res.Duplicates != 1 || count(t, db) != 3 {
		t.Fatalf("import skipping duplicates: %+v, %v", res, err)
	}

	// A record that fails when saved saves nothing of its file.
	bad := readFixture(t, "outlook.csv")
	bad.Records[1].Contact.Kinds = 200
	if _, err := svc.Import(ctx, bad, transfer.Options{}); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("a bad record: %v; want an error naming its line", err)
	}
	if count(t, db) != 3 {
		t.Fatalf("a failed import left %d contacts, want 3", count(t, db))
	}

	// Undo the Apple import: its contact goes, the Google ones stay.
	if err := svc.UndoImport(ctx, res.Import.ID); err != nil {
		t.Fatal(err)
	}
	if count(t, db) != 2 {
		t.Fatalf("after undo: %d contacts, want 2", count(t, db))
	}
	if err := svc.UndoImport(ctx, res.Import.ID); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("undoing twice: %v", err)
	}
	if list, _ := data.ListBackups(db.Path); len(list) == 0 {
		t.Error("no backup before undoing an import")
	}
}

// vCard → database → vCard loses nothing, referral links included.
func TestVCardRoundTripThroughDatabase(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	loadDemo(t, db, 200)
	svc := data.NewTransferService(db, nil)
	var first bytes.Buffer
	n, err := svc.ExportVCard(ctx, &first)
	if err != nil || n != 200 {
		t.Fatalf("export: %d, %v", n, err)
	}
	b := transfer.ReadVCards(first.Bytes(), today)
	if len(b.Problems) > 0 || len(b.Records) != 200 {
		t.Fatalf("read back: %d records, %v", len(b.Records), b.Problems)
	}
	other := mustOpenDB(t)
	osvc := data.NewTransferService(other, nil)
	if _, err := osvc.Import(ctx, b, transfer.Options{}); err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if _, err := osvc.ExportVCard(ctx, &second); err != nil {
		t.Fatal(err)
	}
	// Ids differ between the databases, so do the UIDs naming them.
	uid := regexp.MustCompile(`urn:referable:contact:\d+`)
	a, c := uid.ReplaceAllString(first.String(), "UID"), uid.ReplaceAllString(second.String(), "UID")
	if a != c {
		t.Fatalf("vCard → DB → vCard changed the cards:\n%s", firstDifference(a, c))
	}
	var referred int
	for _, r := range b.Records {
		if r.ReferredBy != "" {
			referred++
		}
	}
	if referred == 0 || strings.Count(second.String(), "X-REFERABLE-REFERRED-BY") != referred {
		t.Errorf("referral links: %d in the file, %d after the round trip", referred, strings.Count(second.String(), "X-REFERABLE-REFERRED-BY"))
	}
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n  " + al[i] + "\n  " + bl[i]
		}
	}
	return "lengths differ"
}

// JSON → database → JSON is identical: every table, cards sent,
// templates and settings included.
func TestJSONRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := mustOpenPath(t, filepath.Join(dir, "a.db"))
	loadDemo(t, db, 300)
	settings := data.NewSettingsService(db, app.DefaultSettings("US"))
	st, _ := settings.Settings(ctx)
	st.OwnerName, st.Signature = "Zoë Müller", "Zoë"
	if err := settings.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	cs := data.NewCardService(db, settings)
	tpl := cards.Builtin[0]
	tpl.Name, tpl.Title, tpl.Builtin = "my-thanks", "My thanks — 李明", false
	if err := cs.SaveTemplate(ctx, &tpl); err != nil {
		t.Fatal(err)
	}
	if err := cs.LogSent(ctx, []cards.Sent{{ContactID: 1, On: today, Template: "my-thanks", Title: "My thanks", Purpose: tpl.Purpose, Layout: "half-fold", Front: "Thank you", Inside: "Dear Zoë"}}); err != nil {
		t.Fatal(err)
	}
	parts := fullContact()
	if err := data.NewContactService(db).CreateContact(ctx, parts); err != nil {
		t.Fatal(err)
	}
	svc := data.NewTransferService(db, settings)
	var first bytes.Buffer
	if err := svc.ExportJSON(ctx, &first); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{`"contacts"`, `"referrals"`, `"follow_ups"`, `"gifts"`, `"cards_sent"`, `"card_templates"`, `"settings"`, `"asks"`, `"contact_addresses"`} {
		if !strings.Contains(first.String(), table+": [\n{") {
			t.Errorf("the export has no rows of %s", table)
		}
	}
	export := filepath.Join(dir, "export.json")
	if err := os.WriteFile(export, first.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	other := mustOpenPath(t, filepath.Join(dir, "b.db"))
	if _, err := other.RestoreFrom(ctx, export, ""); err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if err := data.NewTransferService(other, nil).ExportJSON(ctx, &second); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Fatalf("JSON → DB → JSON differs:\n%s", firstDifference(first.String(), second.String()))
	}
	// Names in parts, every address and phones as numbers come back.
	back, err := data.NewContactService(other).FindContactByID(ctx, parts.ID)
	if err != nil || back.Prefix != "Dr." || back.Nickname != "Zo" || len(back.OtherAddresses) != 1 || back.Phones[0].Normal != "+491701234567" {
		t.Errorf("restored %+v, %v", back, err)
	}
	// The search index is rebuilt.
	one, err := data.NewContactService(other).FindContactByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	found, _, err := data.NewContactService(other).FindContacts(ctx, app.ContactFilter{Query: one.FamilyName})
	if err != nil || len(found) == 0 {
		t.Errorf("search for %q after restoring finds %d (%v)", one.FamilyName, len(found), err)
	}

	// What is not a Referable export is refused and the database left as it was.
	for name, body := range map[string]string{
		"other.json":  `{"header": {"format": "something-else"}}`,
		"broken.json": `{"header": {"format": "referable-export", "migrations": []}, "tables": {"contacts": [`,
		"newer.json":  `{"header": {"format": "referable-export", "migrations": ["migrations/9999_future.sql"]}, "tables": {}}`,
		"dangling.json": `{"header": {"format": "referable-export", "migrations": []}, "tables": {"referrals": [
			{"id": 1, "referrer_id": 5, "lead_id": 6, "received_on": "2026-01-01", "created_at": "x", "updated_at": "x"}]}}`,
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(body), 0o600)
		if _, err := other.RestoreFrom(ctx, path, ""); err == nil || app.ErrorCode(err) != app.EINVALID {
			t.Errorf("%s: %v; want a clear refusal", name, err)
		}
	}
	if count(t, other) != 301 { // the sample's 300 and the one with every part
		t.Errorf("a refused restore changed the database: %d contacts", count(t, other))
	}
}

// A merge keeps every referral, gift, card and follow-up of both, and
// undoing it puts both contacts back as they were.
func TestMergeAndUndo(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	contacts := loadDemo(t, db, 300)
	svc := data.NewTransferService(db, nil)
	// The referrer with most referrals gets a duplicate of themselves.
	var referrer int64
	if err := rawQuery(t, db, `SELECT referrer_id FROM referrals GROUP BY referrer_id ORDER BY COUNT(*) DESC LIMIT 1`, &referrer); err != nil {
		t.Fatal(err)
	}
	orig, err := contacts.FindContactByID(ctx, referrer)
	if err != nil {
		t.Fatal(err)
	}
	if len(orig.Emails) == 0 {
		t.Skip("the sample referrer has no email")
	}
	dup := &app.Contact{GivenName: orig.GivenName, FamilyName: orig.FamilyName, Emails: []app.Labeled{{Label: "work", Value: strings.ToUpper(orig.Emails[0].Value)}},
		Phones: []app.Labeled{{Label: "mobile", Value: "+1 555 0199 777"}}, Tags: []string{"from-import"}}
	if err := contacts.CreateContact(ctx, dup); err != nil {
		t.Fatal(err)
	}
	pairs, err := svc.FindDuplicates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range pairs {
		found = found || (p.A.ID == referrer && p.B.ID == dup.ID)
	}
	if !found {
		t.Fatalf("the duplicate was not found among %d pairs", len(pairs))
	}
	before := related(t, db, referrer)
	dupBefore := related(t, db, dup.ID)
	m, err := svc.Merge(ctx, dup.ID, referrer, nil)
	if err != nil {
		t.Fatal(err)
	}
	merged, _ := contacts.FindContactByID(ctx, dup.ID)
	if merged.Company != orig.Company || len(merged.Emails) != 1+len(orig.Emails)-1 || merged.Birthday != orig.Birthday || !slicesContain(merged.Tags, "from-import") {
		t.Errorf("merged contact: %+v", merged)
	}
	after := related(t, db, dup.ID)
	for table, n := range before {
		if after[table] != n+dupBefore[table] {
			t.Errorf("%s: %d rows on the kept contact after the merge, want %d", table, after[table], n+dupBefore[table])
		}
	}
	if gone := related(t, db, referrer); sum(gone) != 0 {
		t.Errorf("rows still point at the merged contact: %v", gone)
	}
	if c, _ := contacts.FindContactByID(ctx, referrer); c.DeletedAt.IsZero() {
		t.Error("the merged contact is not in the trash")
	}
	last, err := svc.LastMerge(ctx)
	if err != nil || last == nil || last.ID != m.ID {
		t.Fatalf("last merge: %+v, %v", last, err)
	}

	if err := svc.UndoMerge(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	back, _ := contacts.FindContactByID(ctx, referrer)
	back.UpdatedAt = orig.UpdatedAt
	if !back.DeletedAt.IsZero() || !equalContacts(back, orig) {
		t.Errorf("after undo the referrer is\n%+v\nwas\n%+v", back, orig)
	}
	if got := related(t, db, referrer); !equalCounts(got, before) {
		t.Errorf("after undo the referrer has %v, had %v", got, before)
	}
	if got := related(t, db, dup.ID); !equalCounts(got, dupBefore) {
		t.Errorf("after undo the duplicate has %v, had %v", got, dupBefore)
	}
	if again, _ := contacts.FindContactByID(ctx, dup.ID); len(again.Emails) != 1 || len(again.Phones) != 1 {
		t.Errorf("after undo the duplicate is %+v", again)
	}
	if svc.UndoMerge(ctx, m.ID) == nil {
		t.Error("a merge was undone twice")
	}
}

func rawQuery(t testing.TB, db *data.DB, q string, dest ...any) error {
	return data.QueryRowForTest(db, q).Scan(dest...)
}

// related counts the rows of each table that point at a contact.
func related(t *testing.T, db *data.DB, id int64) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, ref := range []string{"referrals.referrer_id", "referrals.lead_id", "given_referrals.to_id", "asks.contact_id",
		"follow_ups.contact_id", "interactions.contact_id", "gifts.contact_id", "cards_sent.contact_id", "contacts.referred_by", "campaign_entries.contact_id"} {
		table, col, _ := strings.Cut(ref, ".")
		var n int
		if err := rawQuery(t, db, "SELECT COUNT(*) FROM "+table+" WHERE "+col+" = "+strconv.FormatInt(id, 10), &n); err != nil {
			t.Fatal(err)
		}
		out[ref] = n
	}
	return out
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// BenchmarkImportVCards reads and saves 10,000 vCards, the way the
// import screen does: read the file, look for duplicates, save in one
// transaction (goal < 2 s).
func BenchmarkImportVCards(b *testing.B) {
	ctx := context.Background()
	src := mustOpenDB(b)
	loadDemo(b, src, 10000)
	var file bytes.Buffer
	if _, err := data.NewTransferService(src, nil).ExportVCard(ctx, &file); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(file.Len()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := mustOpenDB(b)
		svc := data.NewTransferService(db, nil)
		b.StartTimer()
		batch, err := transfer.Read("contacts.vcf", file.Bytes(), today)
		if err != nil {
			b.Fatal(err)
		}
		cs := make([]*app.Contact, len(batch.Records))
		for j := range batch.Records {
			cs[j] = &batch.Records[j].Contact
		}
		if _, err := svc.MatchExisting(ctx, cs); err != nil {
			b.Fatal(err)
		}
		res, err := svc.Import(ctx, batch, transfer.Options{})
		if err != nil || res.Added != 10000 {
			b.Fatalf("%+v, %v", res, err)
		}
	}
}

// BenchmarkExportVCard writes the sample business of 100,000 contacts as
// vCard 4.0 (goal < 3 s).
func BenchmarkExportVCard(b *testing.B) {
	db := mustOpenDB(b)
	loadDemo(b, db, 100000)
	svc := data.NewTransferService(db, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out countingWriter
		if n, err := svc.ExportVCard(context.Background(), &out); err != nil || n != 100000 {
			b.Fatal(n, err)
		}
		b.SetBytes(int64(out))
	}
}

type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// Phone numbers are compared as numbers: the same nine last digits in
// three countries are three people, and a second import of the file
// finds all three.
func TestPhonesOfThreeCountriesAreThreePeople(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	svc := data.NewTransferService(db, data.NewSettingsService(db, app.DefaultSettings("GB")))
	b := readFixture(t, "defects/phones-three-countries.vcf")
	res, err := svc.Import(ctx, b, transfer.Options{SkipDuplicates: true})
	if err != nil || res.Added != 3 || res.Duplicates != 0 || res.Possible != 0 {
		t.Fatalf("import = %+v, %v; want all three people", res, err)
	}
	matches, err := svc.MatchExisting(ctx, []*app.Contact{&b.Records[0].Contact, &b.Records[1].Contact, &b.Records[2].Contact})
	if err != nil || app.SureMatches(matches) != 3 {
		t.Fatalf("the same file again: %+v, %v; want three sure duplicates", matches, err)
	}
}

// A shared number or email between clearly different names is only
// possibly the same person: imported and listed for review, never left
// out. The same number under a compatible name ("M. Lopez") is a
// duplicate, in any of its written forms, read in the owner's region.
func TestSharedPhoneBetweenDifferentNamesIsImported(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	svc := data.NewTransferService(db, data.NewSettingsService(db, app.DefaultSettings("US")))
	res, err := svc.Import(ctx, readFixture(t, "defects/phones-shared-family.vcf"), transfer.Options{SkipDuplicates: true})
	if err != nil || res.Added != 2 || res.Duplicates != 1 || res.Possible != 1 {
		t.Fatalf("import = %+v, %v; want Maria and Diego in, M. Lopez left out as Maria", res, err)
	}
	pairs, err := svc.FindDuplicates(ctx)
	if err != nil || len(pairs) != 1 || !strings.HasPrefix(pairs[0].Reason, "possibly the same: same email") {
		t.Fatalf("duplicates = %+v, %v; want Maria and Diego for review", pairs, err)
	}
}
