package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"

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
			skip[m.Record] = true
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
		w, err := newContactWriter(ctx, tx)
		if err != nil {
			return err
		}
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
	ids   map[string][]int64
	names map[int64]string
}

func (s *TransferService) liveKeys(ctx context.Context) (*keyIndex, error) {
	ix := &keyIndex{ids: make(map[string][]int64), names: make(map[int64]string)}
	err := eachContact(ctx, s.db.conn(ctx), false, func(c *app.Contact) error {
		ix.names[c.ID] = c.Name()
		for _, k := range app.DuplicateKeys(c) {
			ix.ids[k] = append(ix.ids[k], c.ID)
		}
		return nil
	})
	return ix, err
}

// MatchExisting finds, for each contact, a live contact or an earlier
// contact of cs that looks like the same person.
func (s *TransferService) MatchExisting(ctx context.Context, cs []*app.Contact) ([]app.ImportMatch, error) {
	ix, err := s.liveKeys(ctx)
	if err != nil {
		return nil, err
	}
	var matches []app.ImportMatch
	seen := make(map[string]int) // key -> index of the first record with it
	for i, c := range cs {
		keys := app.DuplicateKeys(c)
		found := false
		for _, k := range keys {
			if ids := ix.ids[k]; len(ids) > 0 {
				matches = append(matches, app.ImportMatch{Record: i, ExistingID: ids[0], Existing: ix.names[ids[0]], Reason: app.DuplicateReason(k)})
				found = true
				break
			}
			if j, ok := seen[k]; ok {
				matches = append(matches, app.ImportMatch{Record: i, Existing: cs[j].Name() + " (earlier in the file)", Reason: app.DuplicateReason(k)})
				found = true
				break
			}
		}
		if !found {
			for _, k := range keys {
				if _, ok := seen[k]; !ok {
					seen[k] = i
				}
			}
		}
	}
	return matches, nil
}

// FindDuplicates lists pairs of live contacts that look like one person,
// by name.
func (s *TransferService) FindDuplicates(ctx context.Context) ([]app.DuplicatePair, error) {
	ix, err := s.liveKeys(ctx)
	if err != nil {
		return nil, err
	}
	type pair struct{ a, b int64 }
	reasons := make(map[pair]string)
	keys := make([]string, 0, len(ix.ids))
	for k := range ix.ids {
		keys = append(keys, k)
	}
	sort.Strings(keys) // emails first, then phones, names: the strongest reason wins
	for _, k := range keys {
		ids := ix.ids[k]
		for i := 0; i < len(ids) && i < 20; i++ { // a shared office phone is not 200 duplicates
			for j := i + 1; j < len(ids) && j < 20; j++ {
				p := pair{ids[i], ids[j]}
				if p.a > p.b {
					p.a, p.b = p.b, p.a
				}
				if p.a != p.b && reasons[p] == "" {
					reasons[p] = app.DuplicateReason(k)
				}
			}
		}
	}
	out := make([]app.DuplicatePair, 0, len(reasons))
	for p, why := range reasons {
		out = append(out, app.DuplicatePair{
			A: app.ContactSummary{ID: p.a, Name: ix.names[p.a]}, B: app.ContactSummary{ID: p.b, Name: ix.names[p.b]}, Reason: why})
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := app.Fold(out[i].A.Name), app.Fold(out[j].A.Name); a != b {
			return a < b
		}
		return out[i].B.ID < out[j].B.ID
	})
	return out, nil
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

// Merge makes two contacts one. Every row that points at merged moves to
// keep (and is listed, so the merge can be undone); merged goes to the
// trash. A backup is taken first.
func (s *TransferService) Merge(ctx context.Context, keepID, mergedID int64, result *app.Contact) (app.Merge, error) {
	var m app.Merge
	if keepID == mergedID {
		return m, app.Errorf(app.EINVALID, "A contact cannot be merged with itself.")
	}
	if _, err := s.db.BackupBefore(ctx, BackupBeforeMerge); err != nil {
		return m, fmt.Errorf("back up before merging: %w", err)
	}
	now := s.db.Now()
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		for _, id := range []int64{keepID, mergedID} {
			if err := requireLive(ctx, tx, id); err != nil {
				return err
			}
		}
		keep, err := findContact(ctx, tx, keepID)
		if err != nil {
			return err
		}
		merged, err := findContact(ctx, tx, mergedID)
		if err != nil {
			return err
		}
		var between int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM referrals WHERE (referrer_id = ? AND lead_id = ?) OR (referrer_id = ? AND lead_id = ?)`,
			keepID, mergedID, mergedID, keepID).Scan(&between); err != nil {
			return err
		}
		if between > 0 {
			return app.Errorf(app.EINVALID, "%s and %s are in a referral to each other, so they are two people; remove that referral first if they are one.", keep.Name(), merged.Name())
		}
		var r app.Contact
		if result != nil {
			r = *result
		} else {
			r = app.MergeContacts(keep, merged)
		}
		r.ID = keepID
		if r.ReferredByID == keepID || r.ReferredByID == mergedID {
			r.ReferredByID = 0
		}
		before, err := json.Marshal(keep)
		if err != nil {
			return err
		}
		moved := make(map[string][]int64)
		for _, ref := range contactRefs {
			ids, err := queryColumn[int64](ctx, tx, fmt.Sprintf(`SELECT rowid FROM %s WHERE %s = ?`, ref.table, ref.column), mergedID)
			if err != nil {
				return err
			}
			if ref.table == "contacts" { // the person merged cannot come through the one kept
				ids = without(ids, keepID)
			}
			for _, id := range ids {
				q := fmt.Sprintf(`UPDATE %s SET %s = ? WHERE rowid = ?`, ref.table, ref.column)
				if _, err := tx.ExecContext(ctx, q, keepID, id); err != nil {
					return fmt.Errorf("move %s.%s: %w", ref.table, ref.column, err)
				}
			}
			if len(ids) > 0 {
				moved[ref.table+"."+ref.column] = ids
			}
		}
		// A referral month's entry is keyed by campaign and contact: move
		// those of campaigns the kept contact is not in already.
		campaigns, err := queryColumn[int64](ctx, tx, `SELECT campaign_id FROM campaign_entries WHERE contact_id = ?
			AND campaign_id NOT IN (SELECT campaign_id FROM campaign_entries WHERE contact_id = ?)`, mergedID, keepID)
		if err != nil {
			return err
		}
		for _, c := range campaigns {
			if _, err := tx.ExecContext(ctx, `UPDATE campaign_entries SET contact_id = ? WHERE campaign_id = ? AND contact_id = ?`, keepID, c, mergedID); err != nil {
				return err
			}
		}
		if len(campaigns) > 0 {
			moved[campaignEntries] = campaigns
		}
		w, err := newContactWriter(ctx, tx)
		if err != nil {
			return err
		}
		if err := w.prepare(ctx, &r, app.DateOf(now)); err != nil {
			return err
		}
		if err := w.save(ctx, &r, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE contacts SET deleted_at = ? WHERE id = ?`, formatTime(now), mergedID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contact_search WHERE rowid = ?`, mergedID); err != nil {
			return err
		}
		movedJSON, err := json.Marshal(moved)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO merges (kept_id, merged_id, kept_before, moved, merged_at) VALUES (?, ?, ?, ?, ?)`,
			keepID, mergedID, string(before), string(movedJSON), formatTime(now))
		if err != nil {
			return err
		}
		m.ID, _ = res.LastInsertId()
		m.KeptID, m.MergedID, m.KeptName, m.MergedName, m.MergedAt = keepID, mergedID, r.Name(), merged.Name(), now
		return nil
	})
	return m, err
}

func without(ids []int64, id int64) []int64 {
	out := ids[:0]
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

// UndoMerge moves back every row the merge moved, restores the kept
// contact as it was and takes the merged one out of the trash.
func (s *TransferService) UndoMerge(ctx context.Context, id int64) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		var keptID, mergedID int64
		var before, movedJSON string
		var undone sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT kept_id, merged_id, kept_before, moved, undone_at FROM merges WHERE id = ?`, id).
			Scan(&keptID, &mergedID, &before, &movedJSON, &undone)
		if err == sql.ErrNoRows {
			return app.Errorf(app.ENOTFOUND, "That merge is no longer on record (a merged contact was deleted for good).")
		} else if err != nil {
			return err
		}
		if undone.Valid {
			return app.Errorf(app.EINVALID, "That merge was undone already.")
		}
		var kept app.Contact
		if err := json.Unmarshal([]byte(before), &kept); err != nil {
			return err
		}
		var moved map[string][]int64
		if err := json.Unmarshal([]byte(movedJSON), &moved); err != nil {
			return err
		}
		for _, c := range moved[campaignEntries] {
			if _, err := tx.ExecContext(ctx, `UPDATE campaign_entries SET contact_id = ? WHERE campaign_id = ? AND contact_id = ?`, mergedID, c, keptID); err != nil {
				return err
			}
		}
		delete(moved, campaignEntries)
		for key, ids := range moved {
			var table, column string
			for _, ref := range contactRefs { // only columns we know, never text from the row
				if ref.table+"."+ref.column == key {
					table, column = ref.table, ref.column
				}
			}
			if table == "" {
				return fmt.Errorf("undo merge: unknown column %q", key)
			}
			q := fmt.Sprintf(`UPDATE %s SET %s = ? WHERE rowid = ? AND %s = ?`, table, column, column)
			for _, rowid := range ids {
				if _, err := tx.ExecContext(ctx, q, mergedID, rowid, keptID); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE contacts SET deleted_at = NULL WHERE id = ?`, mergedID); err != nil {
			return err
		}
		w, err := newContactWriter(ctx, tx)
		if err != nil {
			return err
		}
		kept.ID = keptID
		if err := w.save(ctx, &kept, s.db.Now()); err != nil {
			return err
		}
		merged, err := findContact(ctx, tx, mergedID)
		if err != nil {
			return err
		}
		if err := w.index(ctx, merged); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE merges SET undone_at = ? WHERE id = ?`, formatTime(s.db.Now()), id)
		return err
	})
}

// LastMerge is the latest merge not undone.
func (s *TransferService) LastMerge(ctx context.Context) (*app.Merge, error) {
	var m app.Merge
	var at string
	err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT m.id, m.kept_id, m.merged_id, k.name, g.name, m.merged_at
		FROM merges m JOIN contacts k ON k.id = m.kept_id JOIN contacts g ON g.id = m.merged_id
		WHERE m.undone_at IS NULL ORDER BY m.id DESC LIMIT 1`).Scan(&m.ID, &m.KeptID, &m.MergedID, &m.KeptName, &m.MergedName, &at)
	if err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, mapError(err)
	}
	m.MergedAt = parseTime(at)
	return &m, nil
}
