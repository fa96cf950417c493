package data_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/data"
)

// fixedNow is the clock every store test runs on.
var fixedNow = time.Date(2026, time.November, 22, 10, 0, 0, 0, time.UTC)

// mustOpenDB opens a fresh database file in the test's temp dir.
func mustOpenDB(tb testing.TB) *data.DB {
	tb.Helper()
	return mustOpenPath(tb, filepath.Join(tb.TempDir(), "referable.db"))
}

func mustOpenPath(tb testing.TB, path string) *data.DB {
	tb.Helper()
	db, err := data.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return fixedNow }
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestOpenCreatesPrivateFileAndMigratesOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new", "dir", "referable.db")
	db := mustOpenPath(t, path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("database mode = %o, want 600", mode)
	}
	first, err := db.Migrations(ctx)
	if err != nil || len(first) == 0 {
		t.Fatalf("migrations = %v, %v", first, err)
	}
	svc := data.NewContactService(db)
	if err := svc.CreateContact(ctx, &app.Contact{GivenName: "Zoë", FamilyName: "Müller"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Reopening applies nothing twice and keeps the data.
	db2 := mustOpenPath(t, path)
	again, err := db2.Migrations(ctx)
	if err != nil || len(again) != len(first) {
		t.Fatalf("after reopen migrations = %v, %v; want %v", again, err, first)
	}
	got, _, err := data.NewContactService(db2).FindContacts(ctx, app.ContactFilter{Query: "muller"})
	if err != nil || len(got) != 1 {
		t.Fatalf("after reopen search = %v, %v", got, err)
	}
}

func TestOpenRefusesAFileThatIsNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte("this is not a database, it is a shopping list; eggs, milk, bread, and more text to fill a page"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := data.Open(context.Background(), path)
	if app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("Open(text file) = %v; want an invalid error", err)
	}
	body, _ := os.ReadFile(path)
	if string(body[:4]) != "this" {
		t.Fatal("the file was changed")
	}
}

func fullContact() *app.Contact {
	return &app.Contact{
		Prefix: "Dr.", GivenName: "Zoë", MiddleName: "Anna Maria", FamilyName: "Müller", Suffix: "PhD", Nickname: "Zo",
		DisplayName: "", Company: "Müller Design",
		Kinds:  app.KindClient | app.KindReferrer,
		Tags:   []string{"VIP", "residential"},
		Emails: []app.Labeled{{Label: "work", Value: "zoe@mueller.example"}, {Value: "zoe@home.example"}},
		Phones: []app.Labeled{{Label: "mobile", Value: "+49 170 1234567"}},
		Address: app.Address{Label: "home", Street: "Hauptstraße 5\nHinterhaus", Locality: "München", Region: "Bayern",
			PostalCode: "80331", Country: "Germany"},
		OtherAddresses: []app.Address{{Label: "work", Street: "1-2-3 Ginza", Locality: "Chūō-ku", Region: "Tokyo", PostalCode: "104-0061", Country: "Japan"}},
		Birthday:       app.Date{Month: time.February, Day: 29},
		ClientSince:    app.Date{Year: 2019, Month: time.May, Day: 2},
		Occasions:      []app.Occasion{{Label: "Wedding", Date: app.Date{Year: 2015, Month: time.June, Day: 20}}},
		Notes:          "Bathroom remodel.",
		Treasures:      "dark chocolate, bouldering",
		DoNotContact:   true,
	}
}

func TestContactRoundTrip(t *testing.T) {
	ctx := context.Background()
	svc := data.NewContactService(mustOpenDB(t))
	c := fullContact()
	if err := svc.CreateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := svc.FindContactByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := fullContact()
	want.ID, want.Tags, want.CreatedAt, want.UpdatedAt = c.ID, []string{"residential", "vip"}, got.CreatedAt, got.UpdatedAt
	want.Phones[0].Normal = "+491701234567" // kept as a number too
	if !equalContacts(got, want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if !got.CreatedAt.Equal(fixedNow) {
		t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, fixedNow)
	}

	got.Tags = []string{"vip"}
	got.Emails = nil
	got.Birthday = app.Date{Year: 1988, Month: time.February, Day: 29}
	if err := svc.UpdateContact(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := svc.FindContactByID(ctx, c.ID)
	if err != nil || len(again.Emails) != 0 || len(again.Tags) != 1 || again.Birthday.Year != 1988 {
		t.Fatalf("after update: %+v, %v", again, err)
	}
}

func equalContacts(a, b *app.Contact) bool {
	return a.ID == b.ID && a.Name() == b.Name() && a.Company == b.Company && a.Kinds == b.Kinds &&
		slicesEqual(a.Tags, b.Tags) && slicesEqual(a.Emails, b.Emails) && slicesEqual(a.Phones, b.Phones) &&
		a.Address == b.Address && a.Birthday == b.Birthday && a.ClientSince == b.ClientSince &&
		slicesEqual(a.Occasions, b.Occasions) && a.Notes == b.Notes && a.Treasures == b.Treasures &&
		a.DoNotContact == b.DoNotContact && a.ReferredByID == b.ReferredByID
}

func slicesEqual[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCreateRefusesInvalidAndSavesNothing(t *testing.T) {
	ctx := context.Background()
	svc := data.NewContactService(mustOpenDB(t))
	batch := []*app.Contact{{GivenName: "Ada"}, {GivenName: "Bea", Birthday: app.Date{Year: 2023, Month: time.February, Day: 29}}}
	err := svc.CreateContacts(ctx, batch)
	if app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("CreateContacts = %v; want invalid", err)
	}
	if live, _, _ := svc.CountContacts(ctx); live != 0 {
		t.Fatalf("%d contacts saved from a refused batch", live)
	}
	if err := svc.CreateContact(ctx, &app.Contact{}); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("nameless contact: %v", err)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	svc := data.NewContactService(mustOpenDB(t))
	names := []app.Contact{
		{GivenName: "Zoë", FamilyName: "Müller", Tags: []string{"vip"}, Kinds: app.KindClient},
		{GivenName: "Łukasz", FamilyName: "Dvořák", Company: "Dvořák Electric", Kinds: app.KindPartner},
		{GivenName: "明", FamilyName: "李", Kinds: app.KindClient | app.KindReferrer},
		{GivenName: "Mulan", FamilyName: "Fa", Emails: []app.Labeled{{Value: "mulan@example.com"}}},
		{GivenName: "Søren", FamilyName: "Østergaard", Phones: []app.Labeled{{Value: "+45 12 34 56 78"}}},
	}
	for i := range names {
		if err := svc.CreateContact(ctx, &names[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		filter app.ContactFilter
		want   []string
	}{
		{app.ContactFilter{Query: "muller"}, []string{"Zoë Müller"}},
		{app.ContactFilter{Query: "MÜL"}, []string{"Mulan Fa", "Zoë Müller"}},
		{app.ContactFilter{Query: "mu"}, []string{"Mulan Fa", "Zoë Müller"}},
		{app.ContactFilter{Query: "zoe mu"}, []string{"Zoë Müller"}},
		{app.ContactFilter{Query: "lukasz"}, []string{"Łukasz Dvořák"}},
		{app.ContactFilter{Query: "electric"}, []string{"Łukasz Dvořák"}},
		{app.ContactFilter{Query: "李"}, []string{"明 李"}},
		{app.ContactFilter{Query: "soren oster"}, []string{"Søren Østergaard"}},
		{app.ContactFilter{Query: "4512"}, []string{"Søren Østergaard"}},
		{app.ContactFilter{Query: "example"}, []string{"Mulan Fa"}},
		{app.ContactFilter{Query: `"; DROP TABLE contacts; --`}, nil},
		{app.ContactFilter{Query: "nobody"}, nil},
		{app.ContactFilter{Kind: app.KindClient}, []string{"Zoë Müller", "明 李"}},
		{app.ContactFilter{Kind: app.KindReferrer}, []string{"明 李"}},
		{app.ContactFilter{Tag: "VIP"}, []string{"Zoë Müller"}},
		{app.ContactFilter{Query: "m", Kind: app.KindClient}, []string{"Zoë Müller"}},
		{app.ContactFilter{Limit: 2}, []string{"Łukasz Dvořák", "Mulan Fa"}},
	} {
		got, total, err := svc.FindContacts(ctx, tc.filter)
		if err != nil {
			t.Fatalf("%+v: %v", tc.filter, err)
		}
		var gotNames []string
		for _, r := range got {
			gotNames = append(gotNames, r.Name)
		}
		if !slicesEqual(gotNames, tc.want) {
			t.Errorf("%+v: got %q, want %q", tc.filter, gotNames, tc.want)
		}
		if tc.filter.Limit == 0 && total != len(tc.want) {
			t.Errorf("%+v: total %d, want %d", tc.filter, total, len(tc.want))
		}
	}
	tags, err := svc.Tags(ctx)
	if err != nil || !slicesEqual(tags, []string{"vip"}) {
		t.Fatalf("Tags = %v, %v", tags, err)
	}
}

func TestReferredBy(t *testing.T) {
	ctx := context.Background()
	svc := data.NewContactService(mustOpenDB(t))
	a := &app.Contact{GivenName: "Ada"}
	if err := svc.CreateContact(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := &app.Contact{GivenName: "Bea", ReferredByID: a.ID}
	if err := svc.CreateContact(ctx, b); err != nil {
		t.Fatal(err)
	}
	c := &app.Contact{GivenName: "Cy", ReferredByID: b.ID}
	if err := svc.CreateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	referred, _, err := svc.FindContacts(ctx, app.ContactFilter{ReferredByID: a.ID})
	if err != nil || len(referred) != 1 || referred[0].ID != b.ID {
		t.Fatalf("referred by Ada = %v, %v", referred, err)
	}

	for _, tc := range []struct {
		name       string
		id, refBy  int64
		wantErrMsg string
	}{
		{"self", a.ID, a.ID, "themselves"},
		{"direct loop", a.ID, b.ID, "loop"},
		{"loop over generations", a.ID, c.ID, "loop"},
		{"missing referrer", a.ID, 9999, "does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := svc.FindContactByID(ctx, tc.id)
			if err != nil {
				t.Fatal(err)
			}
			got.ReferredByID = tc.refBy
			err = svc.UpdateContact(ctx, got)
			if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), tc.wantErrMsg) {
				t.Fatalf("UpdateContact = %v; want %q", err, tc.wantErrMsg)
			}
			again, _ := svc.FindContactByID(ctx, tc.id)
			if again.ReferredByID != 0 {
				t.Fatal("the refused change was saved")
			}
		})
	}

	// A trashed referrer cannot be chosen; purging one clears the link.
	if err := svc.TrashContact(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.CreateContact(ctx, &app.Contact{GivenName: "Dee", ReferredByID: a.ID}); !strings.Contains(app.ErrorMessage(err), "trash") {
		t.Fatalf("referrer in trash: %v", err)
	}
	if n, err := svc.PurgeTrash(ctx, fixedNow.Add(time.Second)); err != nil || n != 1 {
		t.Fatalf("PurgeTrash = %d, %v", n, err)
	}
	got, err := svc.FindContactByID(ctx, b.ID)
	if err != nil || got.ReferredByID != 0 {
		t.Fatalf("after purge Bea = %+v, %v", got, err)
	}
}

func TestTrashAndRestore(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	svc := data.NewContactService(db)
	c := fullContact()
	if err := svc.CreateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := svc.TrashContact(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := svc.FindContacts(ctx, app.ContactFilter{Query: "zoe"}); len(got) != 0 {
		t.Fatalf("trashed contact still listed: %v", got)
	}
	trash, _, err := svc.FindContacts(ctx, app.ContactFilter{Trashed: true, Query: "zoe"})
	if err != nil || len(trash) != 1 || !trash[0].DeletedAt.Equal(fixedNow) {
		t.Fatalf("trash = %v, %v", trash, err)
	}
	if err := svc.TrashContact(ctx, c.ID); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("trash twice = %v", err)
	}
	c.Notes = "edited in the trash"
	if err := svc.UpdateContact(ctx, c); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("update in trash = %v", err)
	}
	if n, err := svc.PurgeTrash(ctx, fixedNow.Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("purge before retention ended = %d, %v", n, err)
	}
	if err := svc.RestoreContact(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	got, err := svc.FindContactByID(ctx, c.ID)
	if err != nil || !got.DeletedAt.IsZero() || got.Notes != "Bathroom remodel." || len(got.Emails) != 2 {
		t.Fatalf("restored = %+v, %v", got, err)
	}
	if err := svc.RestoreContact(ctx, c.ID); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("restore twice = %v", err)
	}
	if err := svc.TrashContact(ctx, 424242); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("trash missing = %v", err)
	}
	if _, err := svc.FindContactByID(ctx, 424242); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("find missing = %v", err)
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	defaults := app.DefaultSettings("US")
	svc := data.NewSettingsService(db, defaults)
	got, err := svc.Settings(ctx)
	if err != nil || got != defaults {
		t.Fatalf("fresh settings = %+v, %v", got, err)
	}
	s := defaults
	s.OwnerName, s.Signature, s.BusinessName, s.ReturnAddress = " Sam Rivera ", "Sam", "Rivera Plumbing", "418 Alder St\nPortland"
	s.Currency, s.PaperSize, s.WeekStart, s.AskCooldownDays, s.GoalGivenWeek = "usd", app.PaperA4, time.Monday, 60, 1
	if err := svc.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err = svc.Settings(ctx)
	if err != nil || got.OwnerName != "Sam Rivera" || got.Currency != "USD" || got.PaperSize != app.PaperA4 ||
		got.WeekStart != time.Monday || got.AskCooldownDays != 60 || got.GoalGivenWeek != 1 || got.GentleAfterDays != 14 {
		t.Fatalf("saved settings = %+v, %v", got, err)
	}
	bad := got
	bad.PaperSize, bad.OwnerName = "Legal", "Changed"
	if err := svc.SaveSettings(ctx, bad); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("bad paper size = %v", err)
	}
	if again, _ := svc.Settings(ctx); again.OwnerName != "Sam Rivera" {
		t.Fatal("a refused save changed the settings")
	}
}

// A search with many matches walks the name index instead of sorting; both
// ways must give the same pages in the same order.
func TestSearchPagingManyMatches(t *testing.T) {
	ctx := context.Background()
	svc := data.NewContactService(mustOpenDB(t))
	var cs []*app.Contact
	for i := 0; i < 450; i++ {
		cs = append(cs, &app.Contact{GivenName: "Ada", FamilyName: fmt.Sprintf("Lovelace %03d", (i*7)%450)})
	}
	cs = append(cs, &app.Contact{GivenName: "Bob"})
	if err := svc.CreateContacts(ctx, cs); err != nil {
		t.Fatal(err)
	}
	all, total, err := svc.FindContacts(ctx, app.ContactFilter{Query: "ada"})
	if err != nil || total != 450 || len(all) != 450 {
		t.Fatalf("all = %d rows, total %d, %v", len(all), total, err)
	}
	for offset := 0; offset < 450; offset += 100 {
		page, total, err := svc.FindContacts(ctx, app.ContactFilter{Query: "ada", Offset: offset, Limit: 100})
		if err != nil || total != 450 {
			t.Fatalf("page at %d: total %d, %v", offset, total, err)
		}
		for i, r := range page {
			if r != all[offset+i] {
				t.Fatalf("page at %d row %d = %v, want %v", offset, i, r, all[offset+i])
			}
		}
	}
	if all[0].Name != "Ada Lovelace 000" || all[449].Name != "Ada Lovelace 449" {
		t.Fatalf("not in name order: %q … %q", all[0].Name, all[449].Name)
	}
}
