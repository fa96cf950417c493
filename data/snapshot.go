package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/referable/referable/app"
)

// snapshotTable reads the rows of table that where chooses, every column.
func snapshotTable(ctx context.Context, tx *sql.Tx, table, where string, args ...any) (app.SnapshotTable, error) {
	t := app.SnapshotTable{Table: table, Where: where, Args: args}
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+table+` WHERE `+where, args...)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	if t.Columns, err = rows.Columns(); err != nil {
		return t, err
	}
	for rows.Next() {
		vals := make([]any, len(t.Columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return t, err
		}
		t.Values = append(t.Values, vals)
	}
	return t, rows.Err()
}

// restoreSnapshot puts a snapshot's rows back. The record itself (the
// first table, by its id) is written over in place, never deleted, so
// nothing that points at it loses the link (a card sent for a
// referral); the rows that hang on it are replaced by those kept.
func restoreSnapshot(ctx context.Context, tx *sql.Tx, s app.Snapshot) error {
	for i := len(s.Rows) - 1; i >= 1; i-- {
		t := s.Rows[i]
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.Table+` WHERE `+t.Where, t.Args...); err != nil {
			return err
		}
	}
	for i, t := range s.Rows {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(t.Columns)), ", ")
		q := fmt.Sprintf(`INSERT INTO %s ("%s") VALUES (%s)`, t.Table, strings.Join(t.Columns, `", "`), marks)
		if i == 0 {
			var set []string
			for _, c := range t.Columns {
				set = append(set, fmt.Sprintf(`"%s" = excluded."%s"`, c, c))
			}
			q += ` ON CONFLICT (id) DO UPDATE SET ` + strings.Join(set, ", ")
		}
		for _, vals := range t.Values {
			if _, err := tx.ExecContext(ctx, q, vals...); err != nil {
				return err
			}
		}
	}
	return nil
}

// SnapshotReferral keeps a referral as it is, with its history and
// follow-ups, for undoing what is done to it next.
func (s *ReferralService) SnapshotReferral(ctx context.Context, id int64) (app.Snapshot, error) {
	snap := app.Snapshot{Of: "referral", ID: id}
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		for _, t := range []struct{ table, where string }{
			{"referrals", "id = ?"}, {"referral_history", "referral_id = ?"}, {"follow_ups", "referral_id = ?"},
		} {
			rows, err := snapshotTable(ctx, tx, t.table, t.where, id)
			if err != nil {
				return err
			}
			snap.Rows = append(snap.Rows, rows)
		}
		if len(snap.Rows[0].Values) == 0 {
			return app.Errorf(app.ENOTFOUND, "That referral does not exist.")
		}
		return nil
	})
	return snap, err
}

// RestoreReferral puts a referral back as a snapshot kept it: its status,
// value, history and follow-ups (the undo of a move or a deletion).
func (s *ReferralService) RestoreReferral(ctx context.Context, snap app.Snapshot) error {
	if snap.Of != "referral" {
		return app.Errorf(app.EINVALID, "That is not a referral's snapshot.")
	}
	return s.db.write(ctx, func(tx *sql.Tx) error { return restoreSnapshot(ctx, tx, snap) })
}

// SnapshotGift keeps a gift as it is, with the thank-you follow-ups of
// the referral it thanks for (giving it closes them), for undoing what
// is done to it next.
func (s *GiftService) SnapshotGift(ctx context.Context, id int64) (app.Snapshot, error) {
	snap := app.Snapshot{Of: "gift", ID: id}
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		gift, err := snapshotTable(ctx, tx, "gifts", "id = ?", id)
		if err != nil {
			return err
		}
		if len(gift.Values) == 0 {
			return app.Errorf(app.ENOTFOUND, "That gift is no longer in the book.")
		}
		snap.Rows = append(snap.Rows, gift)
		var referral sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT referral_id FROM gifts WHERE id = ?`, id).Scan(&referral); err != nil {
			return err
		}
		if referral.Valid {
			thanks, err := snapshotTable(ctx, tx, "follow_ups", "referral_id = ? AND kind IN ('thank', 'thank_won')", referral.Int64)
			if err != nil {
				return err
			}
			snap.Rows = append(snap.Rows, thanks)
		}
		return nil
	})
	return snap, err
}

// RestoreGift puts a gift back as a snapshot kept it (the undo of an edit
// or a deletion).
func (s *GiftService) RestoreGift(ctx context.Context, snap app.Snapshot) error {
	if snap.Of != "gift" {
		return app.Errorf(app.EINVALID, "That is not a gift's snapshot.")
	}
	return s.db.write(ctx, func(tx *sql.Tx) error { return restoreSnapshot(ctx, tx, snap) })
}

// DeleteAsk takes back an ask logged by mistake, with its gentle
// follow-up (the undo of Log Ask).
func (s *AskService) DeleteAsk(ctx context.Context, id int64) error {
	return deleteByID(ctx, s.db, "asks", id, "That ask is no longer in the book.")
}

// deleteByID deletes one row of table, in a transaction of its own;
// gone (no such row) is ENOTFOUND, said as gone says.
func deleteByID(ctx context.Context, db *DB, table string, id int64, gone string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ENOTFOUND, "%s", gone)
		}
		return nil
	})
}

// UnmarkAsked puts a person of the referral month's list back to do, the
// ask logged for them taken back (the undo of Asked).
func (s *AskService) UnmarkAsked(ctx context.Context, campaignID, contactID int64) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, askID, err := campaignEntry(ctx, tx, campaignID, contactID)
		if err != nil {
			return err
		}
		if askID != 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM asks WHERE id = ?`, askID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE campaign_entries SET state = 'todo', ask_id = NULL WHERE campaign_id = ? AND contact_id = ?`, campaignID, contactID)
		return err
	})
}

// SetFollowUpDue puts an open follow-up's due date back where it was
// (the undo of Next Week): any day, past ones included.
func (s *FollowUpService) SetFollowUpDue(ctx context.Context, id int64, due app.Date) error {
	if err := due.Validate(); err != nil || !due.HasYear() {
		return app.Errorf(app.EINVALID, "A follow-up falls due on a day with a year.")
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		return changeOpenFollowUp(ctx, tx, id, `UPDATE follow_ups SET due_on = ? WHERE id = ?`, due.String(), id)
	})
}
