package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

var _ cards.Service = (*CardService)(nil)

// CardService keeps card templates and the log of cards sent.
type CardService struct {
	db       *DB
	settings app.SettingsService
}

// NewCardService returns the card store of db.
func NewCardService(db *DB, settings app.SettingsService) *CardService {
	return &CardService{db: db, settings: settings}
}

// Templates lists the built-in templates, as edited, and the owner's own,
// by title.
func (s *CardService) Templates(ctx context.Context) ([]cards.Template, error) {
	saved, err := s.saved(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []cards.Template
	for _, b := range cards.Builtins() {
		if t, ok := saved[b.Name]; ok {
			t.Builtin, t.Edited = true, true
			out = append(out, t)
			delete(saved, b.Name)
			continue
		}
		out = append(out, b)
	}
	for _, t := range saved {
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool { return app.Fold(out[i].Title) < app.Fold(out[j].Title) })
	return out, nil
}

// saved reads the stored templates: all, or the one named.
func (s *CardService) saved(ctx context.Context, name string) (map[string]cards.Template, error) {
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT name, title, description, purpose, front, inside FROM card_templates
		WHERE ? = '' OR name = ?`, name, name)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	out := map[string]cards.Template{}
	for rows.Next() {
		var t cards.Template
		var purpose string
		if err := rows.Scan(&t.Name, &t.Title, &t.Description, &purpose, &t.Front, &t.Inside); err != nil {
			return nil, mapError(err)
		}
		t.Purpose = cards.Purpose(purpose)
		out[t.Name] = t
	}
	return out, mapError(rows.Err())
}

// Template finds a template by name.
func (s *CardService) Template(ctx context.Context, name string) (cards.Template, error) {
	saved, err := s.saved(ctx, name)
	if err != nil {
		return cards.Template{}, err
	}
	b, builtinErr := cards.FindBuiltin(name)
	if t, ok := saved[name]; ok {
		t.Builtin, t.Edited = builtinErr == nil, builtinErr == nil
		return t, nil
	}
	if builtinErr == nil {
		return b, nil
	}
	all, err := s.Templates(ctx)
	if err != nil {
		return cards.Template{}, err
	}
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = t.Name
	}
	sort.Strings(names)
	return cards.Template{}, app.Errorf(app.ENOTFOUND, "There is no template %q; the templates are %s.", name, strings.Join(names, ", "))
}

// SaveTemplate saves a template.
func (s *CardService) SaveTemplate(ctx context.Context, t *cards.Template) error {
	t.Title = strings.TrimSpace(t.Title)
	t.Description = strings.TrimSpace(t.Description)
	if err := t.Check(); err != nil {
		return err
	}
	_, builtinErr := cards.FindBuiltin(t.Name)
	t.Builtin, t.Edited = builtinErr == nil, builtinErr == nil
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO card_templates (name, title, description, purpose, front, inside, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET title = excluded.title, description = excluded.description,
				purpose = excluded.purpose, front = excluded.front, inside = excluded.inside, updated_at = excluded.updated_at`,
			t.Name, t.Title, t.Description, string(t.Purpose), t.Front, t.Inside, formatTime(s.db.Now()))
		return err
	})
}

// DeleteTemplate deletes the owner's template, or resets a built-in one.
func (s *CardService) DeleteTemplate(ctx context.Context, name string) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM card_templates WHERE name = ?`, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := cards.FindBuiltin(name); err == nil {
				return nil // a built-in template never edited is already as shipped
			}
			return app.Errorf(app.ENOTFOUND, "There is no template %q.", name)
		}
		return nil
	})
}

// Addressees reads the contacts cards go to, in the order of ids, in one
// query: a batch of ten thousand must not cost ten thousand queries.
func (s *CardService) Addressees(ctx context.Context, ids []int64, purpose cards.Purpose) ([]cards.Addressee, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	st, err := s.settings.Settings(ctx)
	if err != nil {
		return nil, err
	}
	region := st.Region // mail within it has no country line
	rows, err := s.db.conn(ctx).QueryContext(ctx, `
		WITH pick AS (
			SELECT c.id AS cid, COALESCE(
				(SELECT f.referral_id FROM follow_ups f WHERE f.contact_id = c.id AND f.kind = ?1 AND f.state = 'open'
					AND f.referral_id IS NOT NULL ORDER BY f.due_on LIMIT 1),
				(SELECT r.id FROM referrals r WHERE r.referrer_id = c.id ORDER BY r.received_on DESC, r.id DESC LIMIT 1)) AS rid
			FROM contacts c WHERE c.id IN (SELECT value FROM json_each(?2)) AND c.deleted_at IS NULL)
		SELECT c.id, c.name, c.given_name, c.do_not_contact,
			c.name_prefix, c.middle_name, c.family_name, c.name_suffix, c.nickname, c.display_name, c.company,
			c.street, c.locality, c.region, c.postal_code, c.country,
			c.birthday_year, c.birthday_month, c.birthday_day, c.client_since,
			COALESCE(p.rid, 0), COALESCE(l.name, ''),
			COALESCE((SELECT g.what FROM gifts g WHERE g.contact_id = c.id AND g.status <> 'idea'
				ORDER BY CASE g.status WHEN 'bought' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END, g.given_on DESC, g.id DESC LIMIT 1), ''),
			COALESCE((SELECT j.extra FROM referrals j WHERE j.lead_id = c.id
				ORDER BY j.status = 'won' DESC, j.received_on DESC, j.id DESC LIMIT 1), ''),
			COALESCE((SELECT MAX(a.asked_on) FROM asks a WHERE a.contact_id = c.id), '')
		FROM pick p JOIN contacts c ON c.id = p.cid
		LEFT JOIN referrals r ON r.id = p.rid
		LEFT JOIN contacts l ON l.id = r.lead_id`, string(purpose.FollowUpKind()), string(list))
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	byID := make(map[int64]cards.Addressee, len(ids))
	for rows.Next() {
		var a cards.Addressee
		var addr app.Address
		var c app.Contact
		var by, bm, bd int
		var since, asked string
		if err := rows.Scan(&a.ContactID, &a.Name, &a.FirstName, &a.DoNotContact,
			&c.Prefix, &c.MiddleName, &c.FamilyName, &c.Suffix, &c.Nickname, &c.DisplayName, &c.Company,
			&addr.Street, &addr.Locality, &addr.Region, &addr.PostalCode, &addr.Country,
			&by, &bm, &bd, &since, &a.ReferralID, &a.ReferralName, &a.Gift, &a.Extra, &asked); err != nil {
			return nil, mapError(err)
		}
		if strings.TrimSpace(a.FirstName) == "" {
			a.FirstName = a.Name
		}
		a.Birthday = app.Date{Year: by, Month: time.Month(bm), Day: bd}
		a.ClientSince, _ = app.ParseDate(since)
		a.LastAsked, _ = app.ParseDate(asked)
		c.GivenName = a.FirstName
		a.FormalName, a.Nickname = c.FormalName(), c.CallName()
		a.Mail, a.MailName, a.Region = addr, c.FullName(), region // set out when a layout prints it
		a.HasAddress = !addr.IsZero()
		byID[a.ContactID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	out := make([]cards.Addressee, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
			delete(byID, id) // a contact chosen twice gets one card
		}
	}
	return out, nil
}

// LogSent records printed cards in one transaction.
func (s *CardService) LogSent(ctx context.Context, sent []cards.Sent) error {
	st, err := s.settings.Settings(ctx)
	if err != nil {
		return err
	}
	now := s.db.Now()
	created := formatTime(now)
	return s.db.write(ctx, func(tx *sql.Tx) error {
		insertSent, err := tx.PrepareContext(ctx, `INSERT INTO cards_sent
			(contact_id, sent_on, template, title, purpose, layout, hand, referral_id, front, inside, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insertSent.Close()
		insertTouch, err := tx.PrepareContext(ctx, `INSERT INTO interactions (contact_id, happened_on, kind, note, created_at)
			VALUES (?, ?, 'card', ?, ?)`)
		if err != nil {
			return err
		}
		defer insertTouch.Close()
		closeFollowUp, err := tx.PrepareContext(ctx, `UPDATE follow_ups SET state = 'done', closed_on = ?
			WHERE contact_id = ? AND kind = ? AND state = 'open' AND (? = 0 OR referral_id = ?)`)
		if err != nil {
			return err
		}
		defer closeFollowUp.Close()
		for i := range sent {
			c := &sent[i]
			if !c.On.HasYear() {
				c.On = app.DateOf(now)
			}
			res, err := insertSent.ExecContext(ctx, c.ContactID, c.On.String(), c.Template, c.Title, string(c.Purpose), c.Layout,
				c.Hand, c.ReferralID, c.Front, c.Inside, created)
			if err != nil {
				return err
			}
			if c.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			if _, err := insertTouch.ExecContext(ctx, c.ContactID, c.On.String(), c.Title+" card", created); err != nil {
				return err
			}
			if k := c.Purpose.FollowUpKind(); k != "" {
				if _, err := closeFollowUp.ExecContext(ctx, c.On.String(), c.ContactID, string(k), c.ReferralID, c.ReferralID); err != nil {
					return err
				}
			}
			if c.Asks(st) {
				a := app.Ask{ContactID: c.ContactID, On: c.On, Channel: app.ChannelCard, Answer: app.AnswerNone, Note: c.Title + " card"}
				if err := logAsk(ctx, s.db, tx, &a, st.GentleAfterDays); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// FindSent lists a contact's cards, newest first; contactID 0 lists all.
func (s *CardService) FindSent(ctx context.Context, contactID int64, limit int) ([]cards.Sent, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT s.id, s.contact_id, c.name, s.sent_on, s.template, s.title, s.purpose, s.layout, s.hand,
			COALESCE(s.referral_id, 0), s.front, s.inside
		FROM cards_sent s JOIN contacts c ON c.id = s.contact_id
		WHERE ? = 0 OR s.contact_id = ?
		ORDER BY s.sent_on DESC, s.id DESC LIMIT ?`, contactID, contactID, limit)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []cards.Sent
	for rows.Next() {
		var c cards.Sent
		var on, purpose string
		if err := rows.Scan(&c.ID, &c.ContactID, &c.ContactName, &on, &c.Template, &c.Title, &purpose, &c.Layout, &c.Hand,
			&c.ReferralID, &c.Front, &c.Inside); err != nil {
			return nil, mapError(err)
		}
		c.On, _ = app.ParseDate(on)
		c.Purpose = cards.Purpose(purpose)
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}

// SentBefore lists the cards logged for purpose in on's year to the
// contacts given, by contact, latest first.
func (s *CardService) SentBefore(ctx context.Context, ids []int64, purpose cards.Purpose, on app.Date) (map[int64][]cards.Sent, error) {
	out := map[int64][]cards.Sent{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	year := fmt.Sprintf("%04d", on.Year)
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT s.id, s.contact_id, c.name, s.sent_on, s.template, s.title, s.layout, s.hand,
			COALESCE(s.referral_id, 0), s.front, s.inside
		FROM cards_sent s JOIN contacts c ON c.id = s.contact_id
		WHERE s.contact_id IN (SELECT value FROM json_each(?)) AND s.purpose = ? AND s.sent_on >= ? AND s.sent_on <= ?
		ORDER BY s.sent_on DESC, s.id DESC`, string(list), string(purpose), year+"-01-01", year+"-12-31")
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		c := cards.Sent{Purpose: purpose}
		var day string
		if err := rows.Scan(&c.ID, &c.ContactID, &c.ContactName, &day, &c.Template, &c.Title, &c.Layout, &c.Hand,
			&c.ReferralID, &c.Front, &c.Inside); err != nil {
			return nil, mapError(err)
		}
		c.On, _ = app.ParseDate(day)
		out[c.ContactID] = append(out[c.ContactID], c)
	}
	return out, mapError(rows.Err())
}
