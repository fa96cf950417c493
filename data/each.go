package data

import (
	"context"
	"database/sql"
	"time"

	"github.com/referable/referable/app"
)

// eachChunk is how many contacts eachContact reads at a time: memory
// stays flat however big the address book.
const eachChunk = 2000

// eachContact calls fn with every contact (live ones only, unless
// trashed), in id order, each with its tags, emails, phones and
// occasions. It reads a chunk of contacts and their children with six
// queries, rather than five queries a contact.
func eachContact(ctx context.Context, q querier, trashed bool, fn func(*app.Contact) error) error {
	// The unary + keeps SQLite off the deleted_at index, which would
	// sort every chunk; walking the table by id needs no sort.
	live := ` AND +deleted_at IS NULL`
	if trashed {
		live = ``
	}
	var last int64
	for {
		rows, err := q.QueryContext(ctx, contactSelect+` WHERE id > ?`+live+` ORDER BY id LIMIT ?`, last, eachChunk)
		if err != nil {
			return mapError(err)
		}
		var chunk []*app.Contact
		byID := make(map[int64]*app.Contact, eachChunk)
		for rows.Next() {
			c, err := scanContact(rows)
			if err != nil {
				rows.Close()
				return err
			}
			chunk = append(chunk, c)
			byID[c.ID] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(chunk) == 0 {
			return nil
		}
		first, end := chunk[0].ID, chunk[len(chunk)-1].ID
		if err := eachChild(ctx, q, `SELECT contact_id, tag FROM contact_tags WHERE contact_id BETWEEN ? AND ? ORDER BY contact_id, tag`, first, end,
			func(rows *sql.Rows) error {
				var id int64
				var t string
				if err := rows.Scan(&id, &t); err != nil {
					return err
				}
				if c := byID[id]; c != nil {
					c.Tags = append(c.Tags, t)
				}
				return nil
			}); err != nil {
			return err
		}
		if err := eachChild(ctx, q, `SELECT contact_id, label, street, locality, region, postal_code, country FROM contact_addresses WHERE contact_id BETWEEN ? AND ? ORDER BY contact_id, position`, first, end,
			func(rows *sql.Rows) error {
				var id int64
				var a app.Address
				if err := rows.Scan(&id, &a.Label, &a.Street, &a.Locality, &a.Region, &a.PostalCode, &a.Country); err != nil {
					return err
				}
				if c := byID[id]; c != nil {
					c.OtherAddresses = append(c.OtherAddresses, a)
				}
				return nil
			}); err != nil {
			return err
		}
		if err := eachChild(ctx, q, `SELECT contact_id, kind, label, value, normal FROM contact_channels WHERE contact_id BETWEEN ? AND ? ORDER BY contact_id, kind, position`, first, end,
			func(rows *sql.Rows) error {
				var id int64
				var kind string
				var l app.Labeled
				if err := rows.Scan(&id, &kind, &l.Label, &l.Value, &l.Normal); err != nil {
					return err
				}
				if c := byID[id]; c != nil && kind == "email" {
					c.Emails = append(c.Emails, l)
				} else if c != nil {
					c.Phones = append(c.Phones, l)
				}
				return nil
			}); err != nil {
			return err
		}
		if err := eachChild(ctx, q, `SELECT contact_id, label, year, month, day FROM contact_occasions WHERE contact_id BETWEEN ? AND ? ORDER BY contact_id, position`, first, end,
			func(rows *sql.Rows) error {
				var id int64
				var o app.Occasion
				var m int
				if err := rows.Scan(&id, &o.Label, &o.Date.Year, &m, &o.Date.Day); err != nil {
					return err
				}
				o.Date.Month = time.Month(m)
				if c := byID[id]; c != nil {
					c.Occasions = append(c.Occasions, o)
				}
				return nil
			}); err != nil {
			return err
		}
		for _, c := range chunk {
			if err := fn(c); err != nil {
				return err
			}
		}
		last = end
	}
}

// contactSelect and scanContact read the contacts table's own columns.
const contactSelect = `SELECT id, given_name, family_name, display_name, company, kinds,
	street, locality, region, postal_code, country, birthday_year, birthday_month, birthday_day,
	client_since, notes, treasures, do_not_contact, referred_by, mail_lead_days, cadence_days, created_at, updated_at, deleted_at,
	name_prefix, middle_name, name_suffix, nickname, address_label
	FROM contacts`

func scanContact(row interface{ Scan(...any) error }) (*app.Contact, error) {
	c := &app.Contact{}
	var kinds, bmonth int
	var since, created, updated string
	var deleted sql.NullString
	var referredBy sql.NullInt64
	if err := row.Scan(&c.ID, &c.GivenName, &c.FamilyName, &c.DisplayName, &c.Company, &kinds,
		&c.Address.Street, &c.Address.Locality, &c.Address.Region, &c.Address.PostalCode, &c.Address.Country,
		&c.Birthday.Year, &bmonth, &c.Birthday.Day, &since, &c.Notes, &c.Treasures, &c.DoNotContact,
		&referredBy, &c.MailLeadDays, &c.CadenceDays, &created, &updated, &deleted,
		&c.Prefix, &c.MiddleName, &c.Suffix, &c.Nickname, &c.Address.Label); err != nil {
		return nil, err
	}
	c.Kinds, c.Birthday.Month, c.ReferredByID = app.Kind(kinds), time.Month(bmonth), referredBy.Int64
	c.ClientSince, _ = app.ParseDate(since)
	c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
	if deleted.Valid {
		c.DeletedAt = parseTime(deleted.String)
	}
	return c, nil
}

func eachChild(ctx context.Context, q querier, query string, first, last int64, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, first, last)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
