package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/referable/referable/app"
)

var _ app.GiftService = (*GiftService)(nil)

// GiftService stores the gift log.
type GiftService struct {
	db       *DB
	settings *SettingsService
}

// NewGiftService returns the gift store of db.
func NewGiftService(db *DB, settings *SettingsService) *GiftService {
	return &GiftService{db: db, settings: settings}
}

func (s *GiftService) check(ctx context.Context, tx *sql.Tx, g *app.Gift) error {
	g.What, g.Where, g.Note = strings.TrimSpace(g.What), strings.TrimSpace(g.Where), strings.TrimSpace(g.Note)
	if err := g.Validate(today(s.db)); err != nil {
		return err
	}
	c, err := liveContact(ctx, tx, g.ContactID)
	if err != nil {
		return err
	}
	g.ContactName = c.Name()
	if g.ReferralID != 0 {
		r, err := findReferral(ctx, tx, g.ReferralID)
		if err != nil {
			return err
		}
		if r.ReferrerID != g.ContactID {
			return app.Errorf(app.EINVALID, "A referral thank-you goes to the referrer, %s.", r.ReferrerName)
		}
	}
	return nil
}

// whenGiven closes the "thank the referrer" follow-ups of the referral a
// given thank-you gift is for: the gift is the thanks.
func (s *GiftService) whenGiven(ctx context.Context, tx *sql.Tx, g *app.Gift) error {
	if g.Status != app.GiftGiven || g.ReferralID == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE follow_ups SET state = 'done', closed_on = ? WHERE referral_id = ? AND kind IN (?, ?) AND state = 'open'`,
		g.GivenOn.String(), g.ReferralID, string(app.FollowThank), string(app.FollowThankWon))
	return err
}

// CreateGift saves a new gift.
func (s *GiftService) CreateGift(ctx context.Context, g *app.Gift) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if err := s.check(ctx, tx, g); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO gifts (contact_id, referral_id, what, occasion, status, given_on, cost, bought_at, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, g.ContactID, nullID(g.ReferralID), g.What, string(g.Occasion), string(g.Status),
			g.GivenOn.String(), int64(g.Cost), g.Where, g.Note, formatTime(s.db.Now()))
		if err != nil {
			return err
		}
		if g.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return s.whenGiven(ctx, tx, g)
	})
}

// UpdateGift saves changes; the status moves as app.GiftStatus allows.
func (s *GiftService) UpdateGift(ctx context.Context, g *app.Gift) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT status FROM gifts WHERE id = ?`, g.ID).Scan(&old)
		if err == sql.ErrNoRows {
			return app.Errorf(app.ENOTFOUND, "That gift does not exist.")
		} else if err != nil {
			return err
		}
		if err := app.GiftStatus(old).CheckMove(g.Status); err != nil {
			return err
		}
		if err := s.check(ctx, tx, g); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE gifts SET contact_id = ?, referral_id = ?, what = ?, occasion = ?, status = ?, given_on = ?, cost = ?, bought_at = ?, note = ? WHERE id = ?`,
			g.ContactID, nullID(g.ReferralID), g.What, string(g.Occasion), string(g.Status), g.GivenOn.String(), int64(g.Cost), g.Where, g.Note, g.ID); err != nil {
			return err
		}
		return s.whenGiven(ctx, tx, g)
	})
}

// DeleteGift deletes a gift.
func (s *GiftService) DeleteGift(ctx context.Context, id int64) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM gifts WHERE id = ?`, id)
		return err
	})
}

// FindGifts lists gifts: not yet given first (by status), then given,
// newest first; and how many match.
func (s *GiftService) FindGifts(ctx context.Context, f app.GiftFilter) ([]app.Gift, int, error) {
	where := []string{`c.deleted_at IS NULL`}
	var args []any
	if f.ContactID != 0 {
		where = append(where, `g.contact_id = ?`)
		args = append(args, f.ContactID)
	}
	if f.Status != "" {
		where = append(where, `g.status = ?`)
		args = append(args, string(f.Status))
	}
	if f.Occasion != "" {
		where = append(where, `g.occasion = ?`)
		args = append(args, string(f.Occasion))
	}
	if f.Year != 0 {
		where = append(where, `(CASE WHEN g.given_on <> '' THEN substr(g.given_on, 1, 4) ELSE substr(g.created_at, 1, 4) END) = ?`)
		args = append(args, fmt.Sprintf("%04d", f.Year))
	}
	cond := ` FROM gifts g JOIN contacts c ON c.id = g.contact_id WHERE ` + strings.Join(where, " AND ")
	var n int
	if err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+cond, args...).Scan(&n); err != nil {
		return nil, 0, mapError(err)
	}
	q := `SELECT g.id, g.contact_id, COALESCE(g.referral_id, 0), g.what, g.occasion, g.status, g.given_on, g.cost, g.bought_at, g.note, c.name` + cond +
		` ORDER BY g.status = 'given', CASE g.status WHEN 'bought' THEN 0 WHEN 'planned' THEN 1 WHEN 'idea' THEN 2 ELSE 3 END, g.given_on DESC, g.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := s.db.conn(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, mapError(err)
	}
	defer rows.Close()
	var out []app.Gift
	for rows.Next() {
		var g app.Gift
		var occasion, status, given string
		var cost int64
		if err := rows.Scan(&g.ID, &g.ContactID, &g.ReferralID, &g.What, &occasion, &status, &given, &cost, &g.Where, &g.Note, &g.ContactName); err != nil {
			return nil, 0, mapError(err)
		}
		g.Occasion, g.Status, g.Cost = app.GiftOccasion(occasion), app.GiftStatus(status), app.Money(cost)
		g.GivenOn, _ = app.ParseDate(given)
		out = append(out, g)
	}
	return out, n, mapError(rows.Err())
}

// SimilarGiven lists the gifts already given to a contact that are like
// what (app.SimilarGifts), leaving out the gift being edited.
func (s *GiftService) SimilarGiven(ctx context.Context, contactID int64, what string, except int64) ([]app.Gift, error) {
	given, _, err := s.FindGifts(ctx, app.GiftFilter{ContactID: contactID, Status: app.GiftGiven})
	if err != nil {
		return nil, err
	}
	var out []app.Gift
	for _, g := range given {
		if g.ID != except && app.SimilarGifts(g.What, what) {
			out = append(out, g)
		}
	}
	return out, nil
}

// Budget sums a year's gifts bought and given against the budget: by
// month, by contact, and per referral won.
func (s *GiftService) Budget(ctx context.Context, year int) (app.Budget, error) {
	st, err := s.settings.Settings(ctx)
	if err != nil {
		return app.Budget{}, err
	}
	b := app.Budget{Year: year, Budget: st.GiftBudget}
	y := fmt.Sprintf("%04d", year)
	// A gift counts in the month it was given, or (bought, not yet given)
	// the month it was recorded.
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT g.contact_id, c.name, g.occasion, g.cost,
			CAST(substr(CASE WHEN g.given_on <> '' THEN g.given_on ELSE g.created_at END, 6, 2) AS INTEGER)
		FROM gifts g JOIN contacts c ON c.id = g.contact_id
		WHERE g.status IN ('bought', 'given') AND substr(CASE WHEN g.given_on <> '' THEN g.given_on ELSE g.created_at END, 1, 4) = ?`, y)
	if err != nil {
		return b, mapError(err)
	}
	defer rows.Close()
	byContact := map[int64]*app.ContactSpend{}
	for rows.Next() {
		var id int64
		var name, occasion string
		var cost int64
		var month int
		if err := rows.Scan(&id, &name, &occasion, &cost, &month); err != nil {
			return b, mapError(err)
		}
		b.Spent += app.Money(cost)
		if month >= 1 && month <= 12 {
			b.ByMonth[month-1] += app.Money(cost)
		}
		if occasion == string(app.ForReferral) {
			b.ThankYouSpent += app.Money(cost)
		}
		cs := byContact[id]
		if cs == nil {
			cs = &app.ContactSpend{ContactID: id, Name: name}
			byContact[id] = cs
		}
		cs.Spent += app.Money(cost)
		cs.Gifts++
	}
	if err := rows.Err(); err != nil {
		return b, mapError(err)
	}
	for _, cs := range byContact {
		b.ByContact = append(b.ByContact, *cs)
	}
	sortSpend(b.ByContact)
	err = s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM referral_history WHERE status = 'won' AND substr(changed_on, 1, 4) = ?`, y).Scan(&b.ReferralsWon)
	return b, mapError(err)
}

func sortSpend(cs []app.ContactSpend) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Spent != cs[j].Spent {
			return cs[i].Spent > cs[j].Spent
		}
		return cs[i].Name < cs[j].Name
	})
}
