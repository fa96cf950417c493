package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/referable/referable/app"
)

// CreateGiven saves a referral we gave.
func (s *ReferralService) CreateGiven(ctx context.Context, g *app.GivenReferral) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if err := s.checkGiven(ctx, tx, g); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO given_referrals (to_id, for_id, given_on, note, outcome, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			g.ToID, nullID(g.ForID), g.GivenOn.String(), g.Note, string(g.Outcome), formatTime(s.db.Now()))
		if err != nil {
			return err
		}
		g.ID, err = res.LastInsertId()
		return err
	})
}

func (s *ReferralService) checkGiven(ctx context.Context, tx *sql.Tx, g *app.GivenReferral) error {
	g.Note = strings.TrimSpace(g.Note)
	if err := g.Validate(today(s.db)); err != nil {
		return err
	}
	to, err := liveContact(ctx, tx, g.ToID)
	if err != nil {
		return err
	}
	g.ToName = to.Name()
	if g.ForID != 0 {
		forC, err := liveContact(ctx, tx, g.ForID)
		if err != nil {
			return err
		}
		g.ForName = forC.Name()
	}
	return nil
}

// UpdateGiven saves changes to a given referral, such as its outcome.
func (s *ReferralService) UpdateGiven(ctx context.Context, g *app.GivenReferral) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if err := s.checkGiven(ctx, tx, g); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE given_referrals SET to_id = ?, for_id = ?, given_on = ?, note = ?, outcome = ? WHERE id = ?`,
			g.ToID, nullID(g.ForID), g.GivenOn.String(), g.Note, string(g.Outcome), g.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ENOTFOUND, "That given referral does not exist.")
		}
		return nil
	})
}

// DeleteGiven deletes a given referral.
func (s *ReferralService) DeleteGiven(ctx context.Context, id int64) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM given_referrals WHERE id = ?`, id)
		return err
	})
}

// FindGiven lists referrals we gave (to one contact, or all), newest first.
func (s *ReferralService) FindGiven(ctx context.Context, contactID int64, limit int) ([]app.GivenReferral, int, error) {
	cond := ` FROM given_referrals g JOIN contacts tc ON tc.id = g.to_id LEFT JOIN contacts fc ON fc.id = g.for_id WHERE tc.deleted_at IS NULL`
	var args []any
	if contactID != 0 {
		cond += ` AND (g.to_id = ? OR g.for_id = ?)`
		args = append(args, contactID, contactID)
	}
	var n int
	if err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+cond, args...).Scan(&n); err != nil {
		return nil, 0, mapError(err)
	}
	q := `SELECT g.id, g.to_id, COALESCE(g.for_id, 0), g.given_on, g.note, g.outcome,
		tc.name, COALESCE(fc.name, '')` + cond + ` ORDER BY g.given_on DESC, g.id DESC`
	if limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, limit)
	}
	rows, err := s.db.conn(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, mapError(err)
	}
	defer rows.Close()
	var out []app.GivenReferral
	for rows.Next() {
		var g app.GivenReferral
		var on, outcome string
		if err := rows.Scan(&g.ID, &g.ToID, &g.ForID, &on, &g.Note, &outcome, &g.ToName, &g.ForName); err != nil {
			return nil, 0, mapError(err)
		}
		g.GivenOn, _ = app.ParseDate(on)
		g.Outcome = app.GivenOutcome(outcome)
		out = append(out, g)
	}
	return out, n, mapError(rows.Err())
}
