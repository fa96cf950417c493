package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	goflag "flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/referable/referable/app"
)

var updateFixtures = goflag.Bool("update-fixtures", false, "rewrite testdata/schema/v*.db from the migrations of each version")

// fixtureRows are the records each schema version's fixture holds, added
// by the version that brought their tables; every later upgrade must keep
// them all.
var fixtureRows = [][]string{
	1: {
		`INSERT INTO contacts (id, given_name, family_name, company, name, sort_name, kinds, street, locality, postal_code, country,
			birthday_year, birthday_month, birthday_day, client_since, notes, treasures, created_at, updated_at)
			VALUES (1, 'Zoë', 'Müller', 'Müller Bakery', 'Zoë Müller', 'zoe muller', 3, '12 Alder Street', 'Portland', '97204', 'USA',
			1984, 4, 15, '2019-03-01', 'Loves sourdough', 'Dark chocolate', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z')`,
		`INSERT INTO contacts (id, given_name, family_name, name, sort_name, referred_by, do_not_contact, created_at, updated_at)
			VALUES (2, 'Łukasz', 'Dvořák', 'Łukasz Dvořák', 'lukasz dvorak', 1, 0, '2026-01-02T10:00:00.000Z', '2026-01-02T10:00:00.000Z')`,
		`INSERT INTO contacts (id, display_name, name, sort_name, created_at, updated_at, deleted_at)
			VALUES (3, '李明', '李明', '李明', '2026-01-03T10:00:00.000Z', '2026-01-03T10:00:00.000Z', '2026-02-01T10:00:00.000Z')`,
		`INSERT INTO contact_tags (contact_id, tag) VALUES (1, 'vip'), (1, 'realtor'), (2, 'clients')`,
		`INSERT INTO contact_channels (contact_id, kind, position, label, value) VALUES (1, 'email', 0, 'home', 'zoe@example.com'),
			(1, 'phone', 0, 'mobile', '+1 503 555 0101'), (2, 'email', 0, '', 'lukasz@example.pl')`,
		`INSERT INTO contact_occasions (contact_id, position, label, year, month, day) VALUES (1, 0, 'Wedding', 2010, 6, 12)`,
		`INSERT INTO contact_search (rowid, body) VALUES (1, 'zoe muller muller bakery'), (2, 'lukasz dvorak')`,
		`INSERT INTO settings (key, value) VALUES ('owner_name', 'Sam Rivera'), ('currency', 'EUR')`,
	},
	2: {
		`INSERT INTO referrals (id, referrer_id, lead_id, received_on, asked_for, status, value_won, created_at, updated_at)
			VALUES (1, 1, 2, '2026-02-01', 'Bathroom remodel', 'won', 250000, '2026-02-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z')`,
		`INSERT INTO referral_history (referral_id, status, changed_on) VALUES (1, 'new', '2026-02-01'), (1, 'won', '2026-03-01')`,
		`INSERT INTO given_referrals (id, to_id, for_id, given_on, outcome, created_at) VALUES (1, 1, 2, '2026-02-10', 'pending', '2026-02-10T10:00:00.000Z')`,
		`INSERT INTO asks (id, contact_id, asked_on, channel, answer, created_at) VALUES (1, 1, '2026-01-15', 'card', 'gave', '2026-01-15T10:00:00.000Z')`,
		`INSERT INTO follow_ups (id, contact_id, referral_id, kind, title, due_on, state, created_at)
			VALUES (1, 1, 1, 'thank', 'Thank Zoë', '2026-02-02', 'done', '2026-02-01T10:00:00.000Z')`,
		`INSERT INTO campaigns (id, month, created_at) VALUES (1, '2026-05', '2026-04-01T10:00:00.000Z')`,
		`INSERT INTO campaign_entries (campaign_id, contact_id, state, ask_id) VALUES (1, 1, 'asked', 1)`,
	},
	3: {
		`UPDATE contacts SET mail_lead_days = 9, cadence_days = 60 WHERE id = 1`,
		`INSERT INTO tag_cadences (tag, days) VALUES ('vip', 60)`,
		`INSERT INTO interactions (id, contact_id, happened_on, kind, note, created_at) VALUES (1, 1, '2026-03-05', 'call', 'Caught up', '2026-03-05T10:00:00.000Z')`,
	},
	4: {
		`INSERT INTO gifts (id, contact_id, referral_id, what, occasion, status, given_on, cost, created_at)
			VALUES (1, 1, 1, 'Sourdough class', 'referral', 'given', '2026-03-10', 8500, '2026-03-08T10:00:00.000Z')`,
	},
	5: {
		`INSERT INTO card_templates (name, title, purpose, front, inside, updated_at) VALUES ('my-thanks', 'My thanks', 'thanks', 'Thank you', 'Dear {first}', '2026-04-01T10:00:00.000Z')`,
		`INSERT INTO cards_sent (id, contact_id, sent_on, template, title, purpose, layout, referral_id, front, inside, created_at)
			VALUES (1, 1, '2026-04-02', 'my-thanks', 'My thanks', 'thanks', 'half-fold-letter', 1, 'Thank you', 'Dear Zoë', '2026-04-02T10:00:00.000Z')`,
	},
	6: {
		`INSERT INTO imports (id, file, format, contacts, imported_at) VALUES (1, 'contacts.vcf', 'vCard', 1, '2026-05-01T10:00:00.000Z')`,
		`INSERT INTO contacts (id, given_name, name, sort_name, import_id, created_at, updated_at) VALUES (4, 'Imported', 'Imported', 'imported', 1, '2026-05-01T10:00:00.000Z', '2026-05-01T10:00:00.000Z')`,
		`INSERT INTO contact_search (rowid, body) VALUES (4, 'imported')`,
	},
	7: {
		`UPDATE contacts SET name_prefix = 'Dr.', middle_name = 'Anna', nickname = 'Zo', address_label = 'home' WHERE id = 1`,
		`INSERT INTO contact_addresses (contact_id, position, label, street, locality, postal_code, country) VALUES (1, 0, 'work', '1 Bakery Lane', 'Portland', '97205', 'USA')`,
	},
	8: {
		`INSERT INTO cards_sent (id, contact_id, sent_on, template, title, purpose, layout, hand, referral_id, front, inside, created_at)
			VALUES (2, 1, '2026-12-01', 'birthday', 'Birthday', 'birthday', 'quarter-fold-a4', 'Caveat', NULL, 'Happy birthday!', 'Dear Zo', '2026-12-01T10:00:00.000Z')`,
	},
	9: {
		`UPDATE referrals SET extra = 'I also fixed the dripping garden tap.' WHERE id = 1`,
	},
	10: {
		`INSERT INTO printer_setups (printer, turn, manual_duplex) VALUES ('Office_Laser', 270, 1)`,
		`INSERT INTO calibrations (printer, layout, offset_x, offset_y, scale, measured_on) VALUES ('Office_Laser', 'envelope-c6', 120, -80, 9850, '2026-12-04')`,
	},
	11: {
		`INSERT INTO sync_account (id, server_url, username, address_book, address_book_name, contacts_token, every_minutes, last_sync_at, last_result, last_ok)
			VALUES (1, 'https://cloud.example.com/remote.php/dav', 'sam', '/remote.php/dav/addressbooks/users/sam/contacts/', 'Contacts', 'http://sabre.io/ns/sync/7', 15, '2026-12-04T10:00:00.000Z', 'Everything was in step.', 1)`,
		`INSERT INTO sync_contacts (uid, contact_id, href, etag, base, card, updated_at) VALUES ('urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427', 1,
			'/remote.php/dav/addressbooks/users/sam/contacts/1b4e28ba-2fa1-11d2-883f-0016d3cca427.vcf', 'e1', '{"given":"Zoë"}', 'BEGIN:VCARD', '2026-01-01T10:00:00.000Z')`,
		`INSERT INTO sync_conflicts (contact_id, field, mine, theirs, found_at) VALUES (1, 'company', 'Müller Bakery', 'Müller & Sons', '2026-12-04T10:00:00.000Z')`,
	},
	12: {
		`UPDATE sync_account SET calendar_server_url = 'https://caldav.example.com/', calendar = '/dav/calendars/sam/home/', calendar_name = 'Home' WHERE id = 1`,
	},
}

func migrationNames(t testing.TB) []string {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names
}

// TestMigrationFixtures keeps a database made by each schema version's
// migrations in testdata/schema (go test -run MigrationFixtures
// -update-fixtures ./data writes them), so an upgrade is always tested on
// a real file of that time.
func TestMigrationFixtures(t *testing.T) {
	names := migrationNames(t)
	if len(fixtureRows)-1 != len(names) {
		t.Fatalf("%d migrations but fixture rows for %d versions: add the new version's rows to fixtureRows", len(names), len(fixtureRows)-1)
	}
	if !*updateFixtures {
		for v := 1; v <= len(names); v++ {
			if _, err := os.Stat(fixturePath(v)); err != nil {
				t.Errorf("no fixture for schema version %d (%v): run go test -run MigrationFixtures -update-fixtures ./data", v, err)
			}
		}
		return
	}
	ctx := context.Background()
	for v := 1; v <= len(names); v++ {
		tmp := filepath.Join(t.TempDir(), "v.db")
		raw, err := sql.Open("sqlite", fileURI(tmp, "_pragma=foreign_keys(1)"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		for i, name := range names[:v] {
			body, _ := migrationFS.ReadFile(name)
			if _, err := raw.Exec(string(body)); err != nil {
				t.Fatalf("v%d %s: %v", v, name, err)
			}
			if _, err := raw.Exec(`INSERT INTO migrations VALUES (?, ?)`, name, fmt.Sprintf("2026-0%d-01T00:00:00.000Z", i+1)); err != nil {
				t.Fatal(err)
			}
		}
		for version := 1; version <= v; version++ {
			for _, q := range fixtureRows[version] {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("v%d rows of v%d: %v\n%s", v, version, err, q)
				}
			}
		}
		os.Remove(fixturePath(v))
		if _, err := raw.ExecContext(ctx, `VACUUM INTO ?`, fixturePath(v)); err != nil {
			t.Fatal(err)
		}
		raw.Close()
	}
}

func fixturePath(v int) string { return filepath.Join("testdata", "schema", fmt.Sprintf("v%d.db", v)) }

// tableCounts counts the rows of every table but the search index's.
func tableCounts(t testing.TB, q querier) map[string]int {
	t.Helper()
	tables, err := queryColumn[string](context.Background(), q, `SELECT name FROM sqlite_schema WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contact_search_%' AND name <> 'migrations'`)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, table := range tables {
		var n int
		if err := q.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM "`+table+`"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// Every schema version's database upgrades to the latest with every
// record kept, after a backup.
func TestUpgradeFromEveryVersion(t *testing.T) {
	ctx := context.Background()
	names := migrationNames(t)
	for v := 1; v <= len(names); v++ {
		t.Run(fmt.Sprintf("v%d", v), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "referable.db")
			body, err := os.ReadFile(fixturePath(v))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(path, body, 0o600)
			raw, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
			if err != nil {
				t.Fatal(err)
			}
			before := tableCounts(t, raw)
			raw.Close()

			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if got, _ := db.Migrations(ctx); len(got) != len(names) {
				t.Fatalf("upgraded to %d migrations, want %d", len(got), len(names))
			}
			after := tableCounts(t, db.db)
			for table, n := range before {
				if after[table] != n {
					t.Errorf("%s: %d rows before the upgrade, %d after", table, n, after[table])
				}
			}
			zoe, err := findContact(ctx, db.db, 1)
			if err != nil {
				t.Fatal(err)
			}
			if zoe.Name() != "Zoë Müller" || zoe.Birthday != (app.Date{Year: 1984, Month: 4, Day: 15}) || len(zoe.Emails) != 1 ||
				len(zoe.Tags) != 2 || len(zoe.Occasions) != 1 || zoe.Treasures != "Dark chocolate" {
				t.Errorf("Zoë after the upgrade: %+v", zoe)
			}
			// The one address stays the mailing one, whole; the phone is
			// now a number too, found by its international form.
			if zoe.Address.Street != "12 Alder Street" || zoe.Address.Locality != "Portland" || zoe.Address.PostalCode != "97204" || zoe.Address.Country != "USA" {
				t.Errorf("Zoë's address after the upgrade: %+v", zoe.Address)
			}
			if len(zoe.Phones) != 1 || (v < 7 && zoe.Phones[0].Normal != "+15035550101") || zoe.Phones[0].Value != "+1 503 555 0101" {
				t.Errorf("Zoë's phone after the upgrade: %+v", zoe.Phones)
			}
			if v < 7 {
				var found int
				if err := db.db.QueryRow(`SELECT COUNT(*) FROM contact_search WHERE contact_search MATCH '"15035550101"*'`).Scan(&found); err != nil || found != 1 {
					t.Errorf("the upgraded phone is not found by its E.164 form: %d, %v", found, err)
				}
			} else if zoe.Prefix != "Dr." || len(zoe.OtherAddresses) != 1 || zoe.OtherAddresses[0].Label != "work" {
				t.Errorf("Zoë's name parts or other address: %+v", zoe)
			}
			if lukasz, _ := findContact(ctx, db.db, 2); lukasz == nil || lukasz.ReferredByID != 1 {
				t.Errorf("the referred-by link was lost: %+v", lukasz)
			}
			backups, _ := ListBackups(path)
			if upgraded := v < len(names); upgraded != (len(backups) == 1) {
				t.Errorf("backups after opening a v%d database: %+v", v, backups)
			}
			if len(backups) == 1 {
				if err := CheckBackup(ctx, backups[0].Path); err != nil || backups[0].Reason != "Before an upgrade" {
					t.Errorf("the backup before the upgrade: %+v, %v", backups[0], err)
				}
			}
		})
	}
}

// A database from a newer Referable is refused, unchanged.
func TestRefuseNewerDatabase(t *testing.T) {
	ctx := context.Background()
	names := migrationNames(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "referable.db")
	body, _ := os.ReadFile(fixturePath(len(names)))
	raw, _ := sql.Open("sqlite", fileURI(path, ""))
	os.WriteFile(path, body, 0o600)
	if _, err := raw.Exec(`INSERT INTO migrations VALUES ('migrations/0099_from_the_future.sql', '2027-01-01T00:00:00.000Z')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	sum := func() [32]byte { b, _ := os.ReadFile(path); return sha256.Sum256(b) }
	was := sum()
	_, err := Open(ctx, path)
	if err == nil || !strings.Contains(app.ErrorMessage(err), "newer version of Referable") || !strings.Contains(app.ErrorMessage(err), "0099_from_the_future") {
		t.Fatalf("opening a newer database: %v", err)
	}
	if sum() != was {
		t.Error("the refused database was changed")
	}
	if backups, _ := ListBackups(path); len(backups) != 0 {
		t.Errorf("a refused database was backed up as if upgraded: %v", backups)
	}
}

// A book whose owner turned the line variation off before it had three
// settings keeps it off; one that had it on gets the subtle setting.
func TestCardVariationFromOldBooks(t *testing.T) {
	ctx := context.Background()
	for saved, want := range map[string]string{"0": app.VariationOff, "1": app.VariationSubtle} {
		db, err := Open(ctx, filepath.Join(t.TempDir(), "referable.db"))
		if err != nil {
			t.Fatal(err)
		}
		svc := NewSettingsService(db, app.DefaultSettings("US"))
		s, _ := svc.Settings(ctx)
		if err := svc.SaveSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
		if _, err := db.db.ExecContext(ctx, `DELETE FROM settings WHERE key = 'card_variation'`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.db.ExecContext(ctx, `UPDATE settings SET value = ? WHERE key = 'card_jitter'`, saved); err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.Settings(ctx); got.CardVariation != want {
			t.Errorf("card_jitter %s: variation %q, want %q", saved, got.CardVariation, want)
		}
		db.Close()
	}
}
