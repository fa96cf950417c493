package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/referable/referable/app"
)

var _ app.ReferralService = (*ReferralService)(nil)

// ReferralService stores referrals received and given.
type ReferralService struct{ db *DB }

// NewReferralService returns the referral store of db.
func NewReferralService(db *DB) *ReferralService { return &ReferralService{db: db} }

// liveContact loads a contact that is not in the trash.
func liveContact(ctx context.Context, tx *sql.Tx, id int64) (*app.Contact, error) {
	c, err := findContact(ctx, tx, id)
	if err != nil {
		if err == sql.ErrNoRows || app.ErrorCode(err) == app.ENOTFOUND {
			return nil, app.Errorf(app.EINVALID, "That contact does not exist any more.")
		}
		return nil, err
	}
	if !c.DeletedAt.IsZero() {
		return nil, app.Errorf(app.EINVALID, "%s is in the trash; restore them first.", c.Name())
	}
	return c, nil
}

func insertFollowUps(ctx context.Context, tx *sql.Tx, fs []app.FollowUp, now time.Time) error {
	for i := range fs {
		f := &fs[i]
		f.State = app.FollowOpen
		res, err := tx.ExecContext(ctx, `INSERT INTO follow_ups (contact_id, referral_id, ask_id, kind, title, due_on, state, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`, f.ContactID, nullID(f.ReferralID), nullID(f.AskID), string(f.Kind), f.Title, f.Due.String(), formatTime(now))
		if err != nil {
			return err
		}
		if f.ID, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func today(db *DB) app.Date { return app.DateOf(db.Now()) }

// CreateReferral saves a new referral (and a new lead when lead is not
// nil), links the lead into the referral tree under the referrer, and
// creates the follow-ups: contact the lead, thank the referrer.
func (s *ReferralService) CreateReferral(ctx context.Context, r *app.Referral, lead *app.Contact) error {
	now := s.db.Now()
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if r.Status != "" && r.Status != app.StatusNew {
			return app.Errorf(app.EINVALID, "A referral starts as New; move it along the pipeline afterwards.")
		}
		r.Status, r.ValueWon = app.StatusNew, 0
		w, err := s.db.newContactWriter(ctx, tx)
		if err != nil {
			return err
		}
		if lead != nil {
			if r.ReferrerID != 0 {
				lead.ReferredByID = r.ReferrerID
			}
			if err := w.prepare(ctx, lead, app.DateOf(now)); err != nil {
				return fmt.Errorf("the new lead: %w", err)
			}
			if err := w.create(ctx, lead, now); err != nil {
				return err
			}
			r.LeadID = lead.ID
		}
		r.AskedFor, r.Source, r.Note, r.Extra = strings.TrimSpace(r.AskedFor), strings.TrimSpace(r.Source), strings.TrimSpace(r.Note), strings.TrimSpace(r.Extra)
		if err := r.Validate(app.DateOf(now)); err != nil {
			return err
		}
		referrer, err := liveContact(ctx, tx, r.ReferrerID)
		if err != nil {
			return err
		}
		leadContact, err := liveContact(ctx, tx, r.LeadID)
		if err != nil {
			return err
		}
		// The referrer must not have come to us through the lead: the tree
		// would loop.
		if err := w.checkLoop(ctx, leadContact, referrer); err != nil {
			return err
		}
		if leadContact.ReferredByID == 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE contacts SET referred_by = ? WHERE id = ?`, referrer.ID, leadContact.ID); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO referrals (referrer_id, lead_id, received_on, asked_for, source, status, note, extra, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'new', ?, ?, ?, ?)`, r.ReferrerID, r.LeadID, r.ReceivedOn.String(), r.AskedFor, r.Source, r.Note, r.Extra, formatTime(now), formatTime(now))
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO referral_history (referral_id, status, changed_on) VALUES (?, 'new', ?)`, r.ID, r.ReceivedOn.String()); err != nil {
			return err
		}
		r.History = []app.StatusChange{{Status: app.StatusNew, On: r.ReceivedOn}}
		r.ReferrerName, r.LeadName = referrer.Name(), leadContact.Name()
		return insertFollowUps(ctx, tx, app.FollowUpsForNewReferral(*r, referrer, leadContact, app.DateOf(now)), now)
	})
}

// checkLoop refuses a referral of lead by referrer when the referrer came
// to us, over any number of generations, through the lead.
func (w *contactWriter) checkLoop(ctx context.Context, lead, referrer *app.Contact) error {
	var loops int
	if err := w.loops.QueryRowContext(ctx, referrer.ID, lead.ID).Scan(&loops); err != nil {
		return err
	}
	if loops > 0 {
		return app.Errorf(app.EINVALID, "%s came to you through %s, so %s cannot be %s's referral: that would make a loop in the referral tree.",
			referrer.Name(), lead.Name(), lead.Name(), referrer.Name())
	}
	return nil
}

// UpdateReferral saves the details of a referral; the status moves only
// through MoveReferral.
func (s *ReferralService) UpdateReferral(ctx context.Context, r *app.Referral) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		old, err := findReferral(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if r.Status != old.Status || r.ReferrerID != old.ReferrerID || r.LeadID != old.LeadID {
			return app.Errorf(app.EINVALID, "The status, referrer and lead of a referral are not changed here.")
		}
		r.AskedFor, r.Source, r.Note, r.Extra = strings.TrimSpace(r.AskedFor), strings.TrimSpace(r.Source), strings.TrimSpace(r.Note), strings.TrimSpace(r.Extra)
		if err := r.Validate(today(s.db)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE referrals SET received_on = ?, asked_for = ?, source = ?, value_won = ?, note = ?, extra = ?, updated_at = ? WHERE id = ?`,
			r.ReceivedOn.String(), r.AskedFor, r.Source, int64(r.ValueWon), r.Note, r.Extra, formatTime(s.db.Now()), r.ID)
		return err
	})
}

// MoveReferral moves a referral forward on day, records it, closes the
// "contact the lead" task once the lead is reached, and asks the owner to
// keep the referrer posted (or to thank them, when won); an earlier
// update not yet given is replaced by the new one. The new tasks fall due
// counting from today, whatever day the change is dated.
func (s *ReferralService) MoveReferral(ctx context.Context, id int64, to app.Status, value app.Money, day app.Date) error {
	now := s.db.Now()
	today := app.DateOf(now)
	return s.db.write(ctx, func(tx *sql.Tx) error {
		r, err := findReferral(ctx, tx, id)
		if err != nil {
			return err
		}
		move, err := app.PlanMove(*r, to, value, day, today)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE referrals SET status = ?, value_won = ?, updated_at = ? WHERE id = ?`, string(to), int64(value), formatTime(now), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO referral_history (referral_id, status, changed_on) VALUES (?, ?, ?)`, id, string(to), day.String()); err != nil {
			return err
		}
		for _, c := range []struct {
			state app.FollowUpState
			kinds []app.FollowUpKind
		}{{app.FollowDone, move.Done}, {app.FollowSkipped, move.Skipped}} {
			for _, k := range c.kinds {
				if _, err := tx.ExecContext(ctx, `UPDATE follow_ups SET state = ?, closed_on = ? WHERE referral_id = ? AND kind = ? AND state = 'open'`,
					string(c.state), today.String(), id, string(k)); err != nil {
					return err
				}
			}
		}
		referrer, err := findContact(ctx, tx, r.ReferrerID)
		if err != nil {
			return err
		}
		lead, err := findContact(ctx, tx, r.LeadID)
		if err != nil {
			return err
		}
		return insertFollowUps(ctx, tx, app.FollowUpsForMove(*r, to, referrer, lead, today), now)
	})
}

// DeleteReferral deletes a referral with its history and follow-ups.
func (s *ReferralService) DeleteReferral(ctx context.Context, id int64) error {
	return deleteByID(ctx, s.db, "referrals", id, "That referral does not exist.")
}

const referralColumns = `r.id, r.referrer_id, r.lead_id, r.received_on, r.asked_for, r.source, r.status, r.value_won, r.note,
	r.extra, rc.name, lc.name`

const referralFrom = ` FROM referrals r JOIN contacts rc ON rc.id = r.referrer_id JOIN contacts lc ON lc.id = r.lead_id`

func scanReferral(row interface{ Scan(...any) error }) (app.Referral, error) {
	var r app.Referral
	var received, status string
	var value int64
	err := row.Scan(&r.ID, &r.ReferrerID, &r.LeadID, &received, &r.AskedFor, &r.Source, &status, &value, &r.Note, &r.Extra, &r.ReferrerName, &r.LeadName)
	r.ReceivedOn, _ = app.ParseDate(received)
	r.Status, r.ValueWon = app.Status(status), app.Money(value)
	return r, err
}

func findReferral(ctx context.Context, q querier, id int64) (*app.Referral, error) {
	r, err := scanReferral(q.QueryRowContext(ctx, `SELECT `+referralColumns+referralFrom+` WHERE r.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, app.Errorf(app.ENOTFOUND, "That referral does not exist.")
	} else if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT status, changed_on FROM referral_history WHERE referral_id = ?
		ORDER BY changed_on, CASE status WHEN 'new' THEN 0 WHEN 'contacted' THEN 1 WHEN 'meeting' THEN 2 ELSE 3 END`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var st, on string
		if err := rows.Scan(&st, &on); err != nil {
			return nil, err
		}
		d, _ := app.ParseDate(on)
		r.History = append(r.History, app.StatusChange{Status: app.Status(st), On: d})
	}
	return &r, rows.Err()
}

// FindReferralByID loads a referral with its history.
func (s *ReferralService) FindReferralByID(ctx context.Context, id int64) (*app.Referral, error) {
	r, err := findReferral(ctx, s.db.conn(ctx), id)
	return r, mapError(err)
}

// FindReferrals lists referrals, newest first, and how many match.
// Referrals whose referrer or lead is in the trash are left out.
func (s *ReferralService) FindReferrals(ctx context.Context, f app.ReferralFilter) ([]app.Referral, int, error) {
	where := []string{`rc.deleted_at IS NULL`, `lc.deleted_at IS NULL`}
	var args []any
	if f.Status != "" {
		where = append(where, `r.status = ?`)
		args = append(args, string(f.Status))
	}
	if f.Open {
		where = append(where, `r.status IN ('new', 'contacted', 'meeting')`)
	}
	if f.ContactID != 0 {
		where = append(where, `(r.referrer_id = ? OR r.lead_id = ?)`)
		args = append(args, f.ContactID, f.ContactID)
	}
	for _, w := range app.SearchWords(f.Query) {
		where = append(where, `(instr(' ' || rc.sort_name, ' ' || ?) > 0 OR instr(' ' || lc.sort_name, ' ' || ?) > 0 OR instr(lower(r.asked_for), ?) > 0)`)
		args = append(args, w, w, w)
	}
	cond := ` WHERE ` + strings.Join(where, " AND ")
	var n int
	if err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+referralFrom+cond, args...).Scan(&n); err != nil {
		return nil, 0, mapError(err)
	}
	q := `SELECT ` + referralColumns + referralFrom + cond + ` ORDER BY r.received_on DESC, r.id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := s.db.conn(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, mapError(err)
	}
	defer rows.Close()
	var out []app.Referral
	for rows.Next() {
		r, err := scanReferral(rows)
		if err != nil {
			return nil, 0, mapError(err)
		}
		out = append(out, r)
	}
	return out, n, mapError(rows.Err())
}

// ReferralTree lists everyone who came to us through root, over every
// generation (by the referred-by links), with the value won from each.
// CROSS JOIN keeps SQLite walking the tree outward through the indexes:
// left to itself it may scan every contact for each node.
func (s *ReferralService) ReferralTree(ctx context.Context, rootID int64) ([]app.TreeNode, error) {
	rows, err := s.db.conn(ctx).QueryContext(ctx, `
		WITH RECURSIVE tree(id, parent, depth) AS (
			SELECT id, 0, 0 FROM contacts WHERE id = ?
			UNION ALL
			SELECT c.id, tree.id, tree.depth + 1 FROM tree CROSS JOIN contacts c ON c.referred_by = tree.id
			WHERE c.deleted_at IS NULL AND tree.depth < 100
		)
		SELECT tree.id, tree.parent, tree.depth, contacts.name,
			(SELECT COALESCE(SUM(value_won), 0) FROM referrals r WHERE r.lead_id = tree.id AND r.status = 'won')
		FROM tree CROSS JOIN contacts ON contacts.id = tree.id`, rootID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var nodes []app.TreeNode
	for rows.Next() {
		var n app.TreeNode
		var v int64
		if err := rows.Scan(&n.ID, &n.ParentID, &n.Depth, &n.Name, &v); err != nil {
			return nil, mapError(err)
		}
		n.ValueWon = app.Money(v)
		nodes = append(nodes, n)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	if len(nodes) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "That contact does not exist.")
	}
	app.SumTree(nodes)
	return nodes, nil
}

// ReferralSummary counts a contact's referrals both ways.
func (s *ReferralService) ReferralSummary(ctx context.Context, contactID int64) (app.ReferralSummary, error) {
	var sum app.ReferralSummary
	var value int64
	err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'won'), COALESCE(SUM(value_won), 0)
		FROM referrals WHERE referrer_id = ?`, contactID).Scan(&sum.Sent, &sum.SentWon, &value)
	if err != nil {
		return sum, mapError(err)
	}
	sum.ValueWon = app.Money(value)
	if err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM given_referrals WHERE to_id = ?`, contactID).Scan(&sum.Given); err != nil {
		return sum, mapError(err)
	}
	r, err := scanReferral(s.db.conn(ctx).QueryRowContext(ctx, `SELECT `+referralColumns+referralFrom+` WHERE r.lead_id = ? ORDER BY r.received_on, r.id LIMIT 1`, contactID))
	if err == nil {
		sum.CameVia = &r
	} else if err != sql.ErrNoRows {
		return sum, mapError(err)
	}
	return sum, nil
}

// Reciprocity lists people who sent at least minReceived referrals and
// were given none back: the ones to think of when referring business.
func (s *ReferralService) Reciprocity(ctx context.Context, minReceived int) ([]app.ReciprocityRow, error) {
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT c.id, c.name, r.n FROM
		(SELECT referrer_id, COUNT(*) AS n FROM referrals GROUP BY referrer_id HAVING COUNT(*) >= ?) r
		JOIN contacts c ON c.id = r.referrer_id
		WHERE c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM given_referrals g WHERE g.to_id = c.id)
		ORDER BY r.n DESC, c.sort_name`, minReceived)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []app.ReciprocityRow
	for rows.Next() {
		var row app.ReciprocityRow
		if err := rows.Scan(&row.ContactID, &row.Name, &row.Received); err != nil {
			return nil, mapError(err)
		}
		out = append(out, row)
	}
	return out, mapError(rows.Err())
}

// Progress counts referrals received and given in the last weeks and
// months, the current one last, for the goals chart.
func (s *ReferralService) Progress(ctx context.Context, day app.Date, weekStart time.Weekday, periods int) (app.Progress, error) {
	var p app.Progress
	count := func(period *app.Period) error {
		a, b := period.Start.String(), period.End.String()
		if err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM referrals WHERE received_on BETWEEN ? AND ?`, a, b).Scan(&period.Received); err != nil {
			return err
		}
		return s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM given_referrals WHERE given_on BETWEEN ? AND ?`, a, b).Scan(&period.Given)
	}
	p.Weeks, p.Months = app.GoalPeriods(day, weekStart, periods)
	for _, ps := range [][]app.Period{p.Weeks, p.Months} {
		for i := range ps {
			if err := count(&ps[i]); err != nil {
				return app.Progress{}, mapError(err)
			}
		}
	}
	return p, nil
}
