package data

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/transfer"
)

var (
	_ transfer.Service     = (*TransferService)(nil)
	_ app.DuplicateService = (*TransferService)(nil)
)

// TransferService imports, exports, finds duplicates and merges them.
type TransferService struct {
	db       *DB
	settings app.SettingsService
}

// NewTransferService returns the import and export service of db.
func NewTransferService(db *DB, settings app.SettingsService) *TransferService {
	return &TransferService{db: db, settings: settings}
}

// Import saves a batch in one transaction, each contact marked with the
// import so the whole file can be undone. Referral links named in the
// file (our own vCard export names the referrer's UID) are kept.
//
// The duplicate check runs inside the same transaction as the writes,
// under the write lock: two imports of one file at once cannot both
// find its people new.
func (s *TransferService) Import(ctx context.Context, b *transfer.Batch, opts transfer.Options) (res transfer.Result, err error) {
	err = s.db.Atomically(ctx, func(ctx context.Context) error {
		res, err = s.importBatch(ctx, b, opts)
		return err
	})
	if err != nil {
		return transfer.Result{}, err
	}
	return res, nil
}

func (s *TransferService) importBatch(ctx context.Context, b *transfer.Batch, opts transfer.Options) (transfer.Result, error) {
	var res transfer.Result
	skip := make(map[int]bool)
	if opts.SkipDuplicates {
		cs := make([]*app.Contact, len(b.Records))
		for i := range b.Records {
			cs[i] = &b.Records[i].Contact
		}
		matches, err := s.MatchExisting(ctx, cs)
		if err != nil {
			return res, err
		}
		for _, m := range matches {
			if m.Possible {
				res.Possible++ // imported, and listed by Find Duplicates
			} else {
				skip[m.Record] = true
			}
		}
		res.Duplicates = len(skip)
	}
	now := s.db.Now()
	today := app.DateOf(now)
	total := len(b.Records) - len(skip)
	if total == 0 {
		return res, nil // nothing new: no import to record or undo
	}
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `INSERT INTO imports (file, format, contacts, imported_at) VALUES (?, ?, ?, ?)`,
			filepath.Base(b.File), b.Format, total, formatTime(now))
		if err != nil {
			return err
		}
		importID, err := r.LastInsertId()
		if err != nil {
			return err
		}
		w, err := s.db.newContactWriter(ctx, tx)
		if err != nil {
			return err
		}
		cs := make([]*app.Contact, 0, len(b.Records))
		for i := range b.Records {
			cs = append(cs, &b.Records[i].Contact)
		}
		w.readPhones(cs)
		byUID := make(map[string]int64)
		done := 0
		var firstID, lastID int64
		var later []int // records whose referrer comes after them in the file
		for i := range b.Records {
			if skip[i] {
				continue
			}
			rec := &b.Records[i]
			c := rec.Contact // a copy: the batch stays as read, for a retry
			c.ID, c.ReferredByID = 0, 0
			if rec.ReferredBy != "" && rec.ReferredBy != rec.UID {
				if c.ReferredByID = byUID[rec.ReferredBy]; c.ReferredByID == 0 {
					later = append(later, i)
				}
			}
			if err := w.prepare(ctx, &c, today); err != nil {
				return fmt.Errorf("%s (%s): %w", rec.Where, c.Name(), err)
			}
			if err := w.create(ctx, &c, now); err != nil {
				return fmt.Errorf("%s (%s): %w", rec.Where, c.Name(), err)
			}
			if firstID == 0 {
				firstID = c.ID
			}
			lastID = c.ID
			if rec.UID != "" {
				byUID[rec.UID] = c.ID
			}
			done++
			if opts.Progress != nil && (done%500 == 0 || done == total) {
				opts.Progress(done, total)
			}
		}
		// One statement marks the whole import: the contacts were numbered
		// in a row inside this transaction. (A statement per contact would
		// make the search index flush to disk each time.)
		if _, err := tx.ExecContext(ctx, `UPDATE contacts SET import_id = ? WHERE id BETWEEN ? AND ?`, importID, firstID, lastID); err != nil {
			return err
		}
		for _, i := range later {
			rec := &b.Records[i]
			if byUID[rec.ReferredBy] == 0 || byUID[rec.UID] == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE contacts SET referred_by = ? WHERE id = ?`, byUID[rec.ReferredBy], byUID[rec.UID]); err != nil {
				return err
			}
		}
		res.Added = done
		res.Import = app.Import{ID: importID, File: filepath.Base(b.File), Format: b.Format, Contacts: done, ImportedAt: now}
		return nil
	})
	if err != nil {
		return transfer.Result{}, err
	}
	return res, nil
}

// UndoImport deletes what an import added. A backup is taken first: the
// contacts may have gathered referrals, gifts and cards since.
func (s *TransferService) UndoImport(ctx context.Context, id int64) error {
	var undone sql.NullString
	if err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT undone_at FROM imports WHERE id = ?`, id).Scan(&undone); err != nil {
		return mapError(err)
	} else if undone.Valid {
		return app.Errorf(app.EINVALID, "That import was undone already.")
	}
	if _, err := s.db.BackupBefore(ctx, "before-undoing-an-import"); err != nil {
		return fmt.Errorf("back up before undoing the import: %w", err)
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE import_id = ?`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE imports SET undone_at = ? WHERE id = ?`, formatTime(s.db.Now()), id)
		return err
	})
}

// LastImport is the latest import not undone.
func (s *TransferService) LastImport(ctx context.Context) (*app.Import, error) {
	var im app.Import
	var at string
	err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT id, file, format, (SELECT COUNT(*) FROM contacts WHERE import_id = imports.id), imported_at
		FROM imports WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1`).Scan(&im.ID, &im.File, &im.Format, &im.Contacts, &at)
	if err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, mapError(err)
	}
	im.ImportedAt = parseTime(at)
	return &im, nil
}

// keyIndex maps each duplicate key of the live contacts to their ids and
// names. Reading it takes one pass over the contacts.
type keyIndex struct {
	ids    map[string][]int64
	names  map[int64]string
	region string // the owner's, for numbers without a country code
}

func (s *TransferService) liveKeys(ctx context.Context) (*keyIndex, error) {
	region := s.region(ctx)
	ix := &keyIndex{ids: make(map[string][]int64), names: make(map[int64]string), region: region}
	err := eachContact(ctx, s.db.conn(ctx), false, func(c *app.Contact) error {
		ix.names[c.ID] = c.Name()
		for _, k := range app.DuplicateKeys(c, region) {
			ix.ids[k] = append(ix.ids[k], c.ID)
		}
		return nil
	})
	return ix, err
}

// MatchExisting finds, for each contact, a live contact or an earlier
// contact of cs that looks like the same person: surely (the name
// matches too), or possibly (only a phone or email is shared).
func (s *TransferService) MatchExisting(ctx context.Context, cs []*app.Contact) ([]app.ImportMatch, error) {
	ix, err := s.liveKeys(ctx)
	if err != nil {
		return nil, err
	}
	var matches []app.ImportMatch
	seen := make(map[string][]int) // key -> the records with it, in order
	if read := readPhoneNumbers(cs, ix.region); read != nil {
		for _, c := range cs { // compared by number, read ahead on every core
			region := app.PhoneRegion(c, ix.region)
			for i, p := range c.Phones {
				c.Phones[i].Normal = read[[2]string{strings.TrimSpace(p.Value), region}]
			}
		}
	}
	for i, c := range cs {
		keys := app.DuplicateKeys(c, ix.region)
		var best *app.ImportMatch
		consider := func(m app.ImportMatch, key, other string) {
			m.Reason, m.Possible = app.DuplicateReason(key), !app.SureDuplicate(key, c.Name(), other)
			if best == nil || (best.Possible && !m.Possible) {
				best = &m
			}
		}
		for _, k := range keys {
			for _, id := range ix.ids[k] {
				consider(app.ImportMatch{Record: i, ExistingID: id, Existing: ix.names[id]}, k, ix.names[id])
			}
			for _, j := range seen[k] {
				consider(app.ImportMatch{Record: i, Existing: app.Tf("%s (earlier in the file)", cs[j].Name())}, k, cs[j].Name())
			}
			if best != nil && !best.Possible {
				break
			}
		}
		if best != nil {
			matches = append(matches, *best)
		}
		if best == nil || best.Possible {
			// Imported: later records are compared with it too.
			for _, k := range keys {
				if len(seen[k]) < 8 { // a shared office number need not be compared with everyone
					seen[k] = append(seen[k], i)
				}
			}
		}
	}
	return matches, nil
}

// contactRefs are the columns that point at a contact and move with a
// merge.
var contactRefs = []struct{ table, column string }{
	{"referrals", "referrer_id"}, {"referrals", "lead_id"},
	{"given_referrals", "to_id"}, {"given_referrals", "for_id"},
	{"asks", "contact_id"}, {"follow_ups", "contact_id"}, {"interactions", "contact_id"},
	{"gifts", "contact_id"}, {"cards_sent", "contact_id"}, {"contacts", "referred_by"},
}

// campaignEntries keys the referral-month entries a merge moved, by
// campaign (the table has no rowid).
const campaignEntries = "campaign_entries.contact_id"
