package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/referable/referable/app"
)

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
		w, err := s.db.newContactWriter(ctx, tx)
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
		w, err := s.db.newContactWriter(ctx, tx)
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
