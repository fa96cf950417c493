package data

import (
	"context"
	"database/sql"
	"strings"

	"github.com/referable/referable/app"
)

var _ app.FollowUpService = (*FollowUpService)(nil)

// FollowUpService stores the owner's follow-ups.
type FollowUpService struct{ db *DB }

// NewFollowUpService returns the follow-up store of db.
func NewFollowUpService(db *DB) *FollowUpService { return &FollowUpService{db: db} }

// FindFollowUps lists follow-ups by due date, and how many match; those
// of contacts in the trash are left out. The trash is small, so it is
// excluded as a set rather than by joining every follow-up to its contact,
// and open ones are read in due order straight from their index.
func (s *FollowUpService) FindFollowUps(ctx context.Context, f app.FollowUpFilter) ([]app.FollowUp, int, error) {
	where := []string{`fu.contact_id NOT IN (SELECT id FROM contacts WHERE deleted_at IS NOT NULL)`}
	var args []any
	order := ` ORDER BY fu.state <> 'open', fu.due_on, fu.id`
	if f.OpenOnly {
		where = append(where, `fu.state = 'open'`)
		order = ` ORDER BY fu.due_on, fu.id`
	}
	if f.ContactID != 0 {
		where = append(where, `fu.contact_id = ?`)
		args = append(args, f.ContactID)
	}
	if !f.DueBy.IsZero() {
		where = append(where, `fu.due_on <= ?`)
		args = append(args, f.DueBy.String())
	}
	cond := ` FROM follow_ups fu WHERE ` + strings.Join(where, " AND ")
	var n int
	if err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+cond, args...).Scan(&n); err != nil {
		return nil, 0, mapError(err)
	}
	page := `SELECT fu.id` + cond + order
	if f.Limit > 0 {
		page += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	q := `SELECT fu.id, fu.contact_id, COALESCE(fu.referral_id, 0), COALESCE(fu.ask_id, 0), fu.kind, fu.title, fu.due_on, fu.state, fu.closed_on, c.name
		FROM (` + page + `) p CROSS JOIN follow_ups fu ON fu.id = p.id JOIN contacts c ON c.id = fu.contact_id` + order
	rows, err := s.db.conn(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, mapError(err)
	}
	defer rows.Close()
	var out []app.FollowUp
	for rows.Next() {
		var fu app.FollowUp
		var kind, due, state, closed string
		if err := rows.Scan(&fu.ID, &fu.ContactID, &fu.ReferralID, &fu.AskID, &kind, &fu.Title, &due, &state, &closed, &fu.ContactName); err != nil {
			return nil, 0, mapError(err)
		}
		fu.Kind, fu.State = app.FollowUpKind(kind), app.FollowUpState(state)
		fu.Due, _ = app.ParseDate(due)
		fu.ClosedOn, _ = app.ParseDate(closed)
		out = append(out, fu)
	}
	return out, n, mapError(rows.Err())
}

// CreateFollowUp saves a follow-up the owner adds on a contact.
func (s *FollowUpService) CreateFollowUp(ctx context.Context, f *app.FollowUp) error {
	f.Title = strings.TrimSpace(f.Title)
	if f.Kind == "" {
		f.Kind = app.FollowCustom
	}
	if err := f.Validate(); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		c, err := liveContact(ctx, tx, f.ContactID)
		if err != nil {
			return err
		}
		f.ContactName = c.Name()
		fs := []app.FollowUp{*f}
		if err := insertFollowUps(ctx, tx, fs, s.db.Now()); err != nil {
			return err
		}
		*f = fs[0]
		return nil
	})
}

// CloseFollowUp marks an open follow-up done or skipped, today.
func (s *FollowUpService) CloseFollowUp(ctx context.Context, id int64, state app.FollowUpState) error {
	if state != app.FollowDone && state != app.FollowSkipped {
		return app.Errorf(app.EINVALID, "A follow-up is closed as done or skipped.")
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		return changeOpenFollowUp(ctx, tx, id, `UPDATE follow_ups SET state = ?, closed_on = ? WHERE id = ?`, string(state), today(s.db).String(), id)
	})
}

// ReopenFollowUp opens a follow-up closed by mistake again, as it was
// before, its due date kept.
func (s *FollowUpService) ReopenFollowUp(ctx context.Context, id int64) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		state, err := followUpState(ctx, tx, id)
		if err != nil {
			return err
		}
		switch state {
		case app.FollowOpen:
			return nil
		case app.FollowDone, app.FollowSkipped:
		default:
			return app.Errorf(app.EINVALID, "That follow-up was %s and cannot be opened again.", state)
		}
		_, err = tx.ExecContext(ctx, `UPDATE follow_ups SET state = 'open', closed_on = '' WHERE id = ?`, id)
		return err
	})
}

// SnoozeFollowUp moves an open follow-up's due date to a later day.
func (s *FollowUpService) SnoozeFollowUp(ctx context.Context, id int64, until app.Date) error {
	if !until.HasYear() || !until.After(today(s.db)) {
		return app.Errorf(app.EINVALID, "Snooze to a day after today.")
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		return changeOpenFollowUp(ctx, tx, id, `UPDATE follow_ups SET due_on = ? WHERE id = ?`, until.String(), id)
	})
}

// followUpState reads a follow-up's state; ENOTFOUND when there is none.
func followUpState(ctx context.Context, tx *sql.Tx, id int64) (app.FollowUpState, error) {
	var state string
	err := tx.QueryRowContext(ctx, `SELECT state FROM follow_ups WHERE id = ?`, id).Scan(&state)
	if err == sql.ErrNoRows {
		return "", app.Errorf(app.ENOTFOUND, "That follow-up does not exist.")
	}
	return app.FollowUpState(state), err
}

func changeOpenFollowUp(ctx context.Context, tx *sql.Tx, id int64, update string, args ...any) error {
	state, err := followUpState(ctx, tx, id)
	if err != nil {
		return err
	}
	if state != app.FollowOpen {
		return app.Errorf(app.EINVALID, "That follow-up is already %s.", state)
	}
	_, err = tx.ExecContext(ctx, update, args...)
	return err
}
