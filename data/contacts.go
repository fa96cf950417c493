package data

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/referable/referable/app"
)

var _ app.ContactService = (*ContactService)(nil)

// ContactService stores contacts in the database.
type ContactService struct{ db *DB }

// NewContactService returns the contact store of db.
func NewContactService(db *DB) *ContactService { return &ContactService{db: db} }

// contactWriter holds the statements one transaction needs to write
// contacts, prepared once so a bulk insert of 100,000 stays fast.
type contactWriter struct {
	tx                                 *sql.Tx
	insert, update, search, delSearch  *sql.Stmt
	tag, channel, occasion, address    *sql.Stmt
	referrer, loops                    *sql.Stmt
	delTags, delChannels, delOccasions *sql.Stmt
	delAddresses                       *sql.Stmt
	region                             string               // the owner's, for phone numbers without a country code
	e164                               map[[2]string]string // number and region → E.164, read ahead (readPhones)
}

func (db *DB) newContactWriter(ctx context.Context, tx *sql.Tx) (*contactWriter, error) {
	w := &contactWriter{tx: tx}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&w.insert, `INSERT INTO contacts (` + contactColumns + `, created_at, updated_at) VALUES (` + placeholders(contactColumnCount+2) + `)`},
		{&w.update, `UPDATE contacts SET (` + contactColumns + `, updated_at) = (` + placeholders(contactColumnCount+1) + `) WHERE id = ?`},
		{&w.search, `INSERT INTO contact_search (rowid, body) VALUES (?, ?)`},
		{&w.delSearch, `DELETE FROM contact_search WHERE rowid = ?`},
		{&w.tag, `INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?)`},
		{&w.channel, `INSERT INTO contact_channels (contact_id, kind, position, label, value, normal) VALUES (?, ?, ?, ?, ?, ?)`},
		{&w.address, `INSERT INTO contact_addresses (contact_id, position, label, street, locality, region, postal_code, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.delAddresses, `DELETE FROM contact_addresses WHERE contact_id = ?`},
		{&w.occasion, `INSERT INTO contact_occasions (contact_id, position, label, year, month, day) VALUES (?, ?, ?, ?, ?, ?)`},
		{&w.delTags, `DELETE FROM contact_tags WHERE contact_id = ?`},
		{&w.delChannels, `DELETE FROM contact_channels WHERE contact_id = ?`},
		{&w.delOccasions, `DELETE FROM contact_occasions WHERE contact_id = ?`},
		{&w.referrer, `SELECT deleted_at, name FROM contacts WHERE id = ?`},
		// Is the contact (2nd arg) an ancestor of the referrer (1st arg)?
		{&w.loops, `WITH RECURSIVE up(id) AS (
			SELECT ? UNION SELECT c.referred_by FROM contacts c JOIN up ON c.id = up.id WHERE c.referred_by IS NOT NULL
		) SELECT COUNT(*) FROM up WHERE id = ?`},
	} {
		s, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			return nil, fmt.Errorf("prepare %q: %w", p.sql, err)
		}
		*p.stmt = s
	}
	w.region = db.ownerRegion(ctx, tx)
	return w, nil
}

// readPhones reads the phone numbers of many contacts about to be saved
// ahead, on every core: parsing a number by the rules of its country
// takes about 14 µs, a second and a half for a book of 100,000, which
// would otherwise be spent inside the write transaction on one core.
func (w *contactWriter) readPhones(cs []*app.Contact) {
	w.e164 = readPhoneNumbers(cs, w.region)
}

// readPhoneNumbers reads every phone of cs as PhoneE164 does, in
// parallel, keyed by the number as typed and the region it is read in;
// nil when there are too few to be worth the goroutines.
func readPhoneNumbers(cs []*app.Contact, owner string) map[[2]string]string {
	type number struct{ value, region string }
	var all []number
	for _, c := range cs {
		region := app.PhoneRegion(c, owner)
		for _, p := range c.Phones {
			all = append(all, number{strings.TrimSpace(p.Value), region})
		}
	}
	if len(all) < 500 {
		return nil
	}
	out := make([]string, len(all))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < len(all); i += workers {
				out[i] = app.PhoneE164(all[i].value, all[i].region)
			}
		}()
	}
	wg.Wait()
	m := make(map[[2]string]string, len(all))
	for i, n := range all {
		m[[2]string{n.value, n.region}] = out[i]
	}
	return m
}

// phoneE164 is app.PhoneE164, from what readPhones read ahead if it did.
func (w *contactWriter) phoneE164(raw, region string) string {
	if e, ok := w.e164[[2]string{raw, region}]; ok {
		return e
	}
	return app.PhoneE164(raw, region)
}

// ownerRegion is the region saved in the settings, else the default
// (the user's locale's, as the settings' defaults are).
func (db *DB) ownerRegion(ctx context.Context, q querier) string {
	var r string
	if err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'region'`).Scan(&r); err == nil && r != "" {
		return r
	}
	return db.Region
}

const contactColumns = `given_name, family_name, display_name, company, name, sort_name, kinds,
	street, locality, region, postal_code, country,
	birthday_year, birthday_month, birthday_day, client_since,
	notes, treasures, do_not_contact, referred_by, mail_lead_days, cadence_days,
	name_prefix, middle_name, name_suffix, nickname, address_label`

const contactColumnCount = 27

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func contactArgs(c *app.Contact) []any {
	var referredBy any
	if c.ReferredByID != 0 {
		referredBy = c.ReferredByID
	}
	return []any{c.GivenName, c.FamilyName, c.DisplayName, c.Company, c.Name(), app.Fold(c.Name()), int(c.Kinds),
		c.Address.Street, c.Address.Locality, c.Address.Region, c.Address.PostalCode, c.Address.Country,
		c.Birthday.Year, int(c.Birthday.Month), c.Birthday.Day, c.ClientSince.String(),
		c.Notes, c.Treasures, c.DoNotContact, referredBy, c.MailLeadDays, c.CadenceDays,
		c.Prefix, c.MiddleName, c.Suffix, c.Nickname, c.Address.Label}
}

func (w *contactWriter) create(ctx context.Context, c *app.Contact, now time.Time) error {
	res, err := w.insert.ExecContext(ctx, append(contactArgs(c), formatTime(now), formatTime(now))...)
	if err != nil {
		return err
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt = now.UTC().Truncate(time.Millisecond), now.UTC().Truncate(time.Millisecond)
	return w.writeChildren(ctx, c)
}

func (w *contactWriter) save(ctx context.Context, c *app.Contact, now time.Time) error {
	if _, err := w.update.ExecContext(ctx, append(contactArgs(c), formatTime(now), c.ID)...); err != nil {
		return err
	}
	for _, del := range []*sql.Stmt{w.delTags, w.delChannels, w.delOccasions, w.delAddresses, w.delSearch} {
		if _, err := del.ExecContext(ctx, c.ID); err != nil {
			return err
		}
	}
	c.UpdatedAt = now.UTC().Truncate(time.Millisecond)
	return w.writeChildren(ctx, c)
}

func (w *contactWriter) writeChildren(ctx context.Context, c *app.Contact) error {
	for _, t := range c.Tags {
		if _, err := w.tag.ExecContext(ctx, c.ID, t); err != nil {
			return err
		}
	}
	for i, e := range c.Emails {
		if _, err := w.channel.ExecContext(ctx, c.ID, "email", i, e.Label, e.Value, ""); err != nil {
			return err
		}
	}
	for i, p := range c.Phones {
		if _, err := w.channel.ExecContext(ctx, c.ID, "phone", i, p.Label, p.Value, p.Normal); err != nil {
			return err
		}
	}
	for i, a := range c.OtherAddresses {
		if _, err := w.address.ExecContext(ctx, c.ID, i, a.Label, a.Street, a.Locality, a.Region, a.PostalCode, a.Country); err != nil {
			return err
		}
	}
	for i, o := range c.Occasions {
		if _, err := w.occasion.ExecContext(ctx, c.ID, i, o.Label, o.Date.Year, int(o.Date.Month), o.Date.Day); err != nil {
			return err
		}
	}
	return w.index(ctx, c)
}

// index puts a live contact in the search index.
func (w *contactWriter) index(ctx context.Context, c *app.Contact) error {
	_, err := w.search.ExecContext(ctx, c.ID, c.SearchText())
	return err
}

// prepare normalises and validates c, and checks its referrer.
func (w *contactWriter) prepare(ctx context.Context, c *app.Contact, today app.Date) error {
	c.Normalize()
	app.NormalizePhonesWith(c, w.region, w.phoneE164)
	if err := c.Validate(today); err != nil {
		return err
	}
	return w.checkReferrer(ctx, c.ID, c.ReferredByID)
}

// checkReferrer refuses a referrer who is missing, in the trash, or who
// came to us through id (which would make the referral tree a loop).
func (w *contactWriter) checkReferrer(ctx context.Context, id, referrerID int64) error {
	if referrerID == 0 {
		return nil
	}
	var deleted sql.NullString
	var name string
	err := w.referrer.QueryRowContext(ctx, referrerID).Scan(&deleted, &name)
	if err == sql.ErrNoRows {
		return app.Errorf(app.EINVALID, "The contact chosen as “referred by” does not exist any more.")
	} else if err != nil {
		return err
	}
	if deleted.Valid {
		return app.Errorf(app.EINVALID, "%s is in the trash; restore them first to link a referral to them.", name)
	}
	if id == 0 {
		return nil // a new contact cannot be anyone's ancestor
	}
	var loops int
	if err := w.loops.QueryRowContext(ctx, referrerID, id).Scan(&loops); err != nil {
		return err
	}
	if loops > 0 {
		return app.Errorf(app.EINVALID, "%s came to us through this contact, so this contact cannot be referred by %s: that would make a loop.", name, name)
	}
	return nil
}

// CreateContact validates and saves a new contact, setting its ID.
func (s *ContactService) CreateContact(ctx context.Context, c *app.Contact) error {
	return s.CreateContacts(ctx, []*app.Contact{c})
}

// CreateContacts validates and saves new contacts in one transaction.
func (s *ContactService) CreateContacts(ctx context.Context, cs []*app.Contact) error {
	now := s.db.Now()
	today := app.DateOf(now)
	return s.db.write(ctx, func(tx *sql.Tx) error {
		w, err := s.db.newContactWriter(ctx, tx)
		if err != nil {
			return err
		}
		w.readPhones(cs)
		for i, c := range cs {
			c.ID = 0
			if err := w.prepare(ctx, c, today); err != nil {
				if len(cs) > 1 {
					return fmt.Errorf("contact %d (%s): %w", i+1, c.Name(), err)
				}
				return err
			}
			if err := w.create(ctx, c, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateContact validates and saves changes to a live contact.
func (s *ContactService) UpdateContact(ctx context.Context, c *app.Contact) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if err := requireLive(ctx, tx, c.ID); err != nil {
			return err
		}
		w, err := s.db.newContactWriter(ctx, tx)
		if err != nil {
			return err
		}
		if err := w.prepare(ctx, c, app.DateOf(s.db.Now())); err != nil {
			return err
		}
		return w.save(ctx, c, s.db.Now())
	})
}

func requireLive(ctx context.Context, tx *sql.Tx, id int64) error {
	var deleted sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT deleted_at FROM contacts WHERE id = ?`, id).Scan(&deleted)
	if err == sql.ErrNoRows {
		return app.Errorf(app.ENOTFOUND, "Contact %d does not exist.", id)
	} else if err != nil {
		return err
	}
	if deleted.Valid {
		return app.Errorf(app.EINVALID, "This contact is in the trash; restore it before changing it.")
	}
	return nil
}

// TrashContact moves a contact to the trash.
func (s *ContactService) TrashContact(ctx context.Context, id int64) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if err := requireLive(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE contacts SET deleted_at = ? WHERE id = ?`, formatTime(s.db.Now()), id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM contact_search WHERE rowid = ?`, id)
		return err
	})
}

// RestoreContact takes a contact out of the trash.
func (s *ContactService) RestoreContact(ctx context.Context, id int64) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE contacts SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ENOTFOUND, "That contact is not in the trash.")
		}
		c, err := findContact(ctx, tx, id)
		if err != nil {
			return err
		}
		w, err := s.db.newContactWriter(ctx, tx)
		if err != nil {
			return err
		}
		return w.index(ctx, c)
	})
}

// PurgeTrash deletes for good the contacts trashed before the cut-off.
// People they referred keep their record; the link is cleared.
func (s *ContactService) PurgeTrash(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ?`, formatTime(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// FindContactByID loads one contact, trashed or not, with everything on it.
func (s *ContactService) FindContactByID(ctx context.Context, id int64) (*app.Contact, error) {
	c, err := findContact(ctx, s.db.conn(ctx), id)
	return c, mapError(err)
}

// querier is what a read needs: the database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func findContact(ctx context.Context, q querier, id int64) (*app.Contact, error) {
	c, err := scanContact(q.QueryRowContext(ctx, contactSelect+` WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, app.Errorf(app.ENOTFOUND, "Contact %d does not exist.", id)
	} else if err != nil {
		return nil, err
	}
	if err := loadChildren(ctx, q, c); err != nil {
		return nil, err
	}
	return c, nil
}

func loadChildren(ctx context.Context, q querier, c *app.Contact) error {
	rows, err := q.QueryContext(ctx, `SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		c.Tags = append(c.Tags, t)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT label, street, locality, region, postal_code, country FROM contact_addresses WHERE contact_id = ? ORDER BY position`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var a app.Address
		if err := rows.Scan(&a.Label, &a.Street, &a.Locality, &a.Region, &a.PostalCode, &a.Country); err != nil {
			rows.Close()
			return err
		}
		c.OtherAddresses = append(c.OtherAddresses, a)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT kind, label, value, normal FROM contact_channels WHERE contact_id = ? ORDER BY kind, position`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var kind string
		var l app.Labeled
		if err := rows.Scan(&kind, &l.Label, &l.Value, &l.Normal); err != nil {
			rows.Close()
			return err
		}
		if kind == "email" {
			c.Emails = append(c.Emails, l)
		} else {
			c.Phones = append(c.Phones, l)
		}
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT label, year, month, day FROM contact_occasions WHERE contact_id = ? ORDER BY position`, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var o app.Occasion
		var m int
		if err := rows.Scan(&o.Label, &o.Date.Year, &m, &o.Date.Day); err != nil {
			return err
		}
		o.Date.Month = time.Month(m)
		c.Occasions = append(c.Occasions, o)
	}
	return rows.Err()
}

// contactQuery builds the FROM and WHERE of a filtered contact query. A
// plain search of live contacts stays inside the search index (which holds
// live contacts only); filters join the contacts table; the trash, which
// is small, is searched by name.
func contactQuery(f app.ContactFilter) (from string, where []string, args []any) {
	words := app.SearchWords(f.Query)
	if len(words) > 0 && !f.Trashed {
		terms := make([]string, len(words))
		for i, w := range words {
			terms[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"*`
		}
		where = append(where, `contact_search MATCH ?`)
		args = append(args, strings.Join(terms, " "))
		if f.Kind == 0 && f.Tag == "" && f.ReferredByID == 0 {
			return `contact_search`, where, args
		}
		from = `contact_search JOIN contacts c ON c.id = contact_search.rowid`
	} else {
		from = `contacts c`
	}
	if f.Trashed {
		where = append(where, `c.deleted_at IS NOT NULL`)
		for _, w := range words {
			where = append(where, `instr(' ' || c.sort_name, ' ' || ?) > 0`)
			args = append(args, w)
		}
	} else {
		where = append(where, `c.deleted_at IS NULL`)
	}
	if f.Kind != 0 {
		where = append(where, `c.kinds & ? = ?`)
		args = append(args, int(f.Kind), int(f.Kind))
	}
	if f.Tag != "" {
		where = append(where, `EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = ?)`)
		args = append(args, strings.ToLower(strings.TrimSpace(f.Tag)))
	}
	if f.ReferredByID != 0 {
		where = append(where, `c.referred_by = ?`)
		args = append(args, f.ReferredByID)
	}
	return from, where, args
}

// manyMatches is where a plain search switches from sorting its matches to
// walking the name index and keeping the matches: past it, walking is
// cheaper because a page fills long before the index ends (measured with
// BenchmarkContactSearch).
const manyMatches = 200

// FindContacts lists contacts matching the filter, by name.
func (s *ContactService) FindContacts(ctx context.Context, f app.ContactFilter) ([]app.ContactSummary, int, error) {
	from, where, args := contactQuery(f)
	var n int
	if err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from+` WHERE `+strings.Join(where, " AND "), args...).Scan(&n); err != nil {
		return nil, 0, mapError(err)
	}
	if n == 0 {
		return nil, 0, nil
	}
	// Choose the page of ids first, then read the rows of that page only.
	page := `SELECT c.id AS id, c.sort_name AS sort_name FROM ` + from + ` WHERE ` + strings.Join(where, " AND ")
	if from == `contact_search` {
		page = `SELECT c.id AS id, c.sort_name AS sort_name FROM contact_search JOIN contacts c ON c.id = contact_search.rowid WHERE contact_search MATCH ?`
		if n > manyMatches && f.Limit > 0 {
			page = `SELECT c.id AS id, c.sort_name AS sort_name FROM contacts c WHERE c.deleted_at IS NULL
				AND c.id IN (SELECT rowid FROM contact_search WHERE contact_search MATCH ?)`
		}
	}
	page += ` ORDER BY 2, 1`
	if f.Limit > 0 || f.Offset > 0 {
		page += ` LIMIT ? OFFSET ?`
		limit := f.Limit
		if limit <= 0 {
			limit = -1
		}
		args = append(args, limit, f.Offset)
	}
	q := `SELECT c.id, c.name, c.company, c.kinds, c.deleted_at
		FROM (` + page + `) p JOIN contacts c ON c.id = p.id ORDER BY p.sort_name, p.id`
	rows, err := s.db.conn(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, mapError(err)
	}
	defer rows.Close()
	var out []app.ContactSummary
	for rows.Next() {
		var r app.ContactSummary
		var kinds int
		var deleted sql.NullString
		if err := rows.Scan(&r.ID, &r.Name, &r.Company, &kinds, &deleted); err != nil {
			return nil, 0, mapError(err)
		}
		r.Kinds = app.Kind(kinds)
		if deleted.Valid {
			r.DeletedAt = parseTime(deleted.String)
		}
		out = append(out, r)
	}
	return out, n, mapError(rows.Err())
}

// CountContacts counts live and trashed contacts.
func (s *ContactService) CountContacts(ctx context.Context) (live, trashed int, err error) {
	err = s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*) - COUNT(deleted_at), COUNT(deleted_at) FROM contacts`).Scan(&live, &trashed)
	return live, trashed, mapError(err)
}

// Tags lists the tags in use on live contacts, sorted.
func (s *ContactService) Tags(ctx context.Context) ([]string, error) {
	// Each distinct tag (from the tag index) is kept at its first live
	// contact, rather than joining every tagged row.
	return queryColumn[string](ctx, s.db.conn(ctx), `SELECT t.tag FROM (SELECT DISTINCT tag FROM contact_tags) t
		WHERE EXISTS (SELECT 1 FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id
			WHERE ct.tag = t.tag AND c.deleted_at IS NULL)
		ORDER BY t.tag`)
}
