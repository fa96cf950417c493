package data

import (
	"context"
	"database/sql"
	"strings"

	"github.com/referable/referable/app"
)

var _ app.AskService = (*AskService)(nil)

// AskService stores asks for referrals and referral months. The cool-down
// and gentle follow-up come from the settings.
type AskService struct {
	db       *DB
	settings *SettingsService
}

// NewAskService returns the ask store of db.
func NewAskService(db *DB, settings *SettingsService) *AskService {
	return &AskService{db: db, settings: settings}
}

// LogAsk saves an ask; when it has no answer yet, one gentle follow-up is
// set for after the settings' wait.
func (s *AskService) LogAsk(ctx context.Context, a *app.Ask) error {
	st, err := s.settings.Settings(ctx)
	if err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error { return logAsk(ctx, s.db, tx, a, st.GentleAfterDays) })
}

// logAsk saves an ask inside tx; LogAsk, a referral month and a printed
// request card all log asks through it.
func logAsk(ctx context.Context, db *DB, tx *sql.Tx, a *app.Ask, gentleDays int) error {
	a.Note = strings.TrimSpace(a.Note)
	if err := a.Validate(today(db)); err != nil {
		return err
	}
	c, err := liveContact(ctx, tx, a.ContactID)
	if err != nil {
		return err
	}
	a.ContactName = c.Name()
	now := db.Now()
	res, err := tx.ExecContext(ctx, `INSERT INTO asks (contact_id, asked_on, channel, answer, note, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		a.ContactID, a.On.String(), string(a.Channel), string(a.Answer), a.Note, formatTime(now))
	if err != nil {
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if a.Answer != app.AnswerNone || c.DoNotContact {
		return nil
	}
	return insertFollowUps(ctx, tx, []app.FollowUp{app.GentleFollowUp(*a, c.Name(), gentleDays)}, now)
}

// AnswerAsk records an answer; once answered, the gentle follow-up is no
// longer needed.
func (s *AskService) AnswerAsk(ctx context.Context, id int64, answer app.Answer) error {
	return s.db.write(ctx, func(tx *sql.Tx) error { return s.answerAsk(ctx, tx, id, answer) })
}

func (s *AskService) answerAsk(ctx context.Context, tx *sql.Tx, id int64, answer app.Answer) error {
	if answer != app.AnswerNone && answer != app.AnswerGave && answer != app.AnswerDeclined {
		return app.Errorf(app.EINVALID, "%q is not an answer.", answer)
	}
	res, err := tx.ExecContext(ctx, `UPDATE asks SET answer = ? WHERE id = ?`, string(answer), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return app.Errorf(app.ENOTFOUND, "That ask does not exist.")
	}
	if answer == app.AnswerNone {
		return nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE follow_ups SET state = 'done', closed_on = ? WHERE ask_id = ? AND state = 'open'`, today(s.db).String(), id)
	return err
}

// FindAsks lists asks (of one contact, or all), newest first.
func (s *AskService) FindAsks(ctx context.Context, contactID int64, limit int) ([]app.Ask, int, error) {
	cond := ` FROM asks a JOIN contacts c ON c.id = a.contact_id WHERE c.deleted_at IS NULL`
	var args []any
	if contactID != 0 {
		cond += ` AND a.contact_id = ?`
		args = append(args, contactID)
	}
	var n int
	if err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+cond, args...).Scan(&n); err != nil {
		return nil, 0, mapError(err)
	}
	q := `SELECT a.id, a.contact_id, a.asked_on, a.channel, a.answer, a.note, c.name` + cond + ` ORDER BY a.asked_on DESC, a.id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := s.db.conn(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, mapError(err)
	}
	defer rows.Close()
	var out []app.Ask
	for rows.Next() {
		var a app.Ask
		var on, channel, answer string
		if err := rows.Scan(&a.ID, &a.ContactID, &on, &channel, &answer, &a.Note, &a.ContactName); err != nil {
			return nil, 0, mapError(err)
		}
		a.On, _ = app.ParseDate(on)
		a.Channel, a.Answer = app.Channel(channel), app.Answer(answer)
		out = append(out, a)
	}
	return out, n, mapError(rows.Err())
}

// SuggestAsks gathers everyone with a positive moment in the last month
// and lets the domain rule choose whom it is a good moment to ask.
func (s *AskService) SuggestAsks(ctx context.Context, day app.Date) ([]app.AskSuggestion, error) {
	st, err := s.settings.Settings(ctx)
	if err != nil {
		return nil, err
	}
	since := day.AddDays(-app.PositiveMomentDays).String()
	rows, err := s.db.conn(ctx).QueryContext(ctx, `
		WITH recent(id) AS (
			SELECT r.lead_id FROM referral_history h JOIN referrals r ON r.id = h.referral_id WHERE h.status = 'won' AND h.changed_on >= ?1
			UNION SELECT referrer_id FROM referrals WHERE received_on >= ?1
			UNION SELECT id FROM contacts WHERE client_since >= ?1
		)
		SELECT c.id, c.name, c.kinds, c.do_not_contact, c.client_since,
			COALESCE((SELECT MAX(asked_on) FROM asks a WHERE a.contact_id = c.id), ''),
			COALESCE((SELECT MAX(h.changed_on) FROM referrals r JOIN referral_history h ON h.referral_id = r.id AND h.status = 'won' WHERE r.lead_id = c.id), ''),
			COALESCE((SELECT MAX(received_on) FROM referrals r WHERE r.referrer_id = c.id), '')
		FROM recent JOIN contacts c ON c.id = recent.id
		WHERE c.deleted_at IS NULL`, since)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var cands []app.AskCandidate
	for rows.Next() {
		var c app.AskCandidate
		var kinds int
		var since, lastAsk, lastWon, lastSent string
		if err := rows.Scan(&c.ContactID, &c.Name, &kinds, &c.DoNotContact, &since, &lastAsk, &lastWon, &lastSent); err != nil {
			return nil, mapError(err)
		}
		c.Kinds = app.Kind(kinds)
		c.ClientSince, _ = app.ParseDate(since)
		c.LastAsk, _ = app.ParseDate(lastAsk)
		c.LastWon, _ = app.ParseDate(lastWon)
		c.LastSent, _ = app.ParseDate(lastSent)
		cands = append(cands, c)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	return app.SuggestAsks(cands, day, st.AskCooldownDays), nil
}

// BuildCampaign makes the referral month list for month, once: every
// active client and referrer, not marked do-not-contact, who has not been
// asked within the cool-down. Building it again returns the same list.
func (s *AskService) BuildCampaign(ctx context.Context, month string, day app.Date) (*app.Campaign, error) {
	start, err := app.ParseMonth(month)
	if err != nil {
		return nil, err
	}
	st, err := s.settings.Settings(ctx)
	if err != nil {
		return nil, err
	}
	askedSince := app.CampaignAskedSince(start, day, st.AskCooldownDays).String()
	err = s.db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO campaigns (month, created_at) VALUES (?, ?) ON CONFLICT (month) DO NOTHING`, month, formatTime(s.db.Now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // built before: keep its list and progress
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO campaign_entries (campaign_id, contact_id)
			SELECT ?, c.id FROM contacts c
			WHERE c.deleted_at IS NULL AND c.do_not_contact = 0 AND c.kinds & ? <> 0
			AND NOT EXISTS (SELECT 1 FROM asks a WHERE a.contact_id = c.id AND a.asked_on > ?)`,
			id, int(app.CampaignKinds), askedSince)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.FindCampaign(ctx, month)
}

// FindCampaign loads a referral month with its list, to-do first.
func (s *AskService) FindCampaign(ctx context.Context, month string) (*app.Campaign, error) {
	if _, err := app.ParseMonth(month); err != nil {
		return nil, err
	}
	c := &app.Campaign{Month: month}
	err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT id FROM campaigns WHERE month = ?`, month).Scan(&c.ID)
	if err == sql.ErrNoRows {
		return nil, app.Errorf(app.ENOTFOUND, "No referral month has been planned for %s.", month)
	} else if err != nil {
		return nil, mapError(err)
	}
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT e.contact_id, c.name, e.state, COALESCE(e.ask_id, 0), COALESCE(a.answer, '')
		FROM campaign_entries e JOIN contacts c ON c.id = e.contact_id LEFT JOIN asks a ON a.id = e.ask_id
		WHERE e.campaign_id = ? AND c.deleted_at IS NULL
		ORDER BY CASE e.state WHEN 'todo' THEN 0 WHEN 'asked' THEN 1 ELSE 2 END, c.sort_name`, c.ID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e app.CampaignEntry
		var state, answer string
		if err := rows.Scan(&e.ContactID, &e.Name, &state, &e.AskID, &answer); err != nil {
			return nil, mapError(err)
		}
		e.State, e.Answer = app.CampaignState(state), app.Answer(answer)
		c.Entries = append(c.Entries, e)
	}
	return c, mapError(rows.Err())
}

// CampaignAsked logs the ask made to one person on a referral month list.
func (s *AskService) CampaignAsked(ctx context.Context, campaignID, contactID int64, channel app.Channel, day app.Date) error {
	st, err := s.settings.Settings(ctx)
	if err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		state, _, err := campaignEntry(ctx, tx, campaignID, contactID)
		if err != nil {
			return err
		}
		if state != app.CampaignTodo {
			return app.Errorf(app.EINVALID, "This person has already been asked this month.")
		}
		a := &app.Ask{ContactID: contactID, On: day, Channel: channel, Answer: app.AnswerNone}
		if err := logAsk(ctx, s.db, tx, a, st.GentleAfterDays); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE campaign_entries SET state = 'asked', ask_id = ? WHERE campaign_id = ? AND contact_id = ?`, a.ID, campaignID, contactID)
		return err
	})
}

// CampaignAnswered records the answer of one person on the list.
func (s *AskService) CampaignAnswered(ctx context.Context, campaignID, contactID int64, answer app.Answer) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		state, askID, err := campaignEntry(ctx, tx, campaignID, contactID)
		if err != nil {
			return err
		}
		if state == app.CampaignTodo || askID == 0 {
			return app.Errorf(app.EINVALID, "Mark this person as asked before recording their answer.")
		}
		if err := s.answerAsk(ctx, tx, askID, answer); err != nil {
			return err
		}
		next := app.CampaignAnswered
		if answer == app.AnswerNone {
			next = app.CampaignAsked
		}
		_, err = tx.ExecContext(ctx, `UPDATE campaign_entries SET state = ? WHERE campaign_id = ? AND contact_id = ?`, string(next), campaignID, contactID)
		return err
	})
}

func campaignEntry(ctx context.Context, tx *sql.Tx, campaignID, contactID int64) (app.CampaignState, int64, error) {
	var state string
	var askID sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT state, ask_id FROM campaign_entries WHERE campaign_id = ? AND contact_id = ?`, campaignID, contactID).Scan(&state, &askID)
	if err == sql.ErrNoRows {
		return "", 0, app.Errorf(app.ENOTFOUND, "That person is not on this referral month's list.")
	}
	return app.CampaignState(state), askID.Int64, err
}
