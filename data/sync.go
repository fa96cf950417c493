package data

import (
	"context"
	"database/sql"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/davsync"
)

// SyncService keeps what sync with a CardDAV/CalDAV server knows: the
// account, and where each contact, yearly date and follow-up lives on
// the server. It implements davsync.Store.
type SyncService struct{ db *DB }

var _ davsync.Store = (*SyncService)(nil)

// NewSyncService returns the store of db's sync.
func NewSyncService(db *DB) *SyncService { return &SyncService{db: db} }

// Account is the connection set up, or ENOTFOUND.
func (s *SyncService) Account(ctx context.Context) (davsync.Account, error) {
	var a davsync.Account
	var last string
	err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT server_url, username, address_book, address_book_name, calendar_server_url, calendar, calendar_name,
		tasks, tasks_name, every_minutes, last_sync_at, last_result, last_ok FROM sync_account WHERE id = 1`).Scan(
		&a.ServerURL, &a.Username, &a.AddressBook, &a.AddressBookName, &a.CalendarServerURL, &a.Calendar, &a.CalendarName,
		&a.Tasks, &a.TasksName, &a.EveryMinutes, &last, &a.LastResult, &a.LastOK)
	if err == sql.ErrNoRows {
		return a, app.Errorf(app.ENOTFOUND, "Sync is not set up: connect a server in Settings → Sync, or with referable sync setup.")
	} else if err != nil {
		return a, mapError(err)
	}
	if last != "" {
		a.LastSyncAt = parseTime(last)
	}
	return a, nil
}

// SaveAccount sets the connection up or changes it. Another server or
// address book starts that part afresh: its links go (the contacts,
// dates and follow-ups stay), and so does its sync-token.
func (s *SyncService) SaveAccount(ctx context.Context, a davsync.Account) error {
	if a.EveryMinutes < 0 || a.EveryMinutes > 1440 {
		return app.Errorf(app.EINVALID, "Sync every 0 to 1440 minutes, not %d.", a.EveryMinutes)
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		var old davsync.Account
		err := tx.QueryRowContext(ctx, `SELECT server_url, username, address_book, calendar_server_url, calendar, tasks FROM sync_account WHERE id = 1`).Scan(
			&old.ServerURL, &old.Username, &old.AddressBook, &old.CalendarServerURL, &old.Calendar, &old.Tasks)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		server := old.ServerURL != a.ServerURL || old.Username != a.Username
		calServer := server || old.CalendarServerURL != a.CalendarServerURL
		var clear []string
		if server || old.AddressBook != a.AddressBook {
			clear = append(clear, `DELETE FROM sync_contacts`, `UPDATE sync_account SET contacts_token = ''`)
		}
		if calServer || old.Calendar != a.Calendar {
			clear = append(clear, `DELETE FROM sync_events`)
		}
		if calServer || old.Tasks != a.Tasks {
			clear = append(clear, `DELETE FROM sync_tasks`, `UPDATE sync_account SET tasks_token = ''`)
		}
		for _, q := range clear {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sync_account (id, server_url, username, address_book, address_book_name, calendar_server_url,
			calendar, calendar_name, tasks, tasks_name, every_minutes) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET server_url = excluded.server_url, username = excluded.username,
			address_book = excluded.address_book, address_book_name = excluded.address_book_name,
			calendar_server_url = excluded.calendar_server_url,
			calendar = excluded.calendar, calendar_name = excluded.calendar_name, tasks = excluded.tasks,
			tasks_name = excluded.tasks_name, every_minutes = excluded.every_minutes`,
			a.ServerURL, a.Username, a.AddressBook, a.AddressBookName, a.CalendarServerURL, a.Calendar, a.CalendarName, a.Tasks, a.TasksName, a.EveryMinutes)
		return err
	})
}

// ForgetAccount disconnects: the account and every link go; the book's
// contacts, dates and follow-ups stay as they are.
func (s *SyncService) ForgetAccount(ctx context.Context) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM sync_contacts`, `DELETE FROM sync_events`, `DELETE FROM sync_tasks`, `DELETE FROM sync_conflicts`, `DELETE FROM sync_account`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// Tokens are the sync-tokens of the address book and the task list.
func (s *SyncService) Tokens(ctx context.Context) (contacts, tasks string, err error) {
	err = s.db.conn(ctx).QueryRowContext(ctx, `SELECT contacts_token, tasks_token FROM sync_account WHERE id = 1`).Scan(&contacts, &tasks)
	if err == sql.ErrNoRows {
		return "", "", nil
	}
	return contacts, tasks, mapError(err)
}

// SetTokens keeps the sync-tokens for the next sync.
func (s *SyncService) SetTokens(ctx context.Context, contacts, tasks string) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sync_account SET contacts_token = ?, tasks_token = ? WHERE id = 1`, contacts, tasks)
		return err
	})
}

// SetResult keeps when the last sync ran and what came of it.
func (s *SyncService) SetResult(ctx context.Context, at time.Time, result string, ok bool) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sync_account SET last_sync_at = ?, last_result = ?, last_ok = ? WHERE id = 1`, formatTime(at), result, ok)
		return err
	})
}

// Links lists every contact's card.
func (s *SyncService) Links(ctx context.Context) ([]davsync.Link, error) {
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT uid, contact_id, href, etag, base, card, updated_at FROM sync_contacts`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []davsync.Link
	for rows.Next() {
		var l davsync.Link
		var id sql.NullInt64
		if err := rows.Scan(&l.UID, &id, &l.Href, &l.ETag, &l.Base, &l.Card, &l.UpdatedAt); err != nil {
			return nil, err
		}
		l.ContactID = id.Int64
		out = append(out, l)
	}
	return out, mapError(rows.Err())
}

// PutLink keeps a contact's card, by its UID.
func (s *SyncService) PutLink(ctx context.Context, l davsync.Link) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		// A link moving to another href or contact frees the old one.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_contacts WHERE uid <> ? AND (href = ? OR contact_id = ?)`, l.UID, l.Href, nullID(l.ContactID)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_contacts (uid, contact_id, href, etag, base, card, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (uid) DO UPDATE SET contact_id = excluded.contact_id, href = excluded.href, etag = excluded.etag,
			base = excluded.base, card = excluded.card, updated_at = excluded.updated_at`,
			l.UID, nullID(l.ContactID), l.Href, l.ETag, l.Base, l.Card, l.UpdatedAt)
		return err
	})
}

// DeleteLink forgets a contact's card.
func (s *SyncService) DeleteLink(ctx context.Context, uid string) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sync_contacts WHERE uid = ?`, uid)
		return err
	})
}

// LocalContacts lists every contact, live or in the trash, with when it
// last changed: one query, so a sync of 10,000 contacts that finds two
// changed reads two.
func (s *SyncService) LocalContacts(ctx context.Context) ([]davsync.LocalContact, error) {
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT id, updated_at, deleted_at IS NOT NULL FROM contacts ORDER BY id`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []davsync.LocalContact
	for rows.Next() {
		var c davsync.LocalContact
		if err := rows.Scan(&c.ID, &c.UpdatedAt, &c.Trashed); err != nil {
			return nil, err
		}
		c.UpdatedAt = formatTime(parseTime(c.UpdatedAt))
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}

// AddConflict keeps a field both sides changed, for the owner to choose;
// a newer one for the same field replaces it.
func (s *SyncService) AddConflict(ctx context.Context, c davsync.Conflict) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_conflicts WHERE contact_id = ? AND field = ?`, c.ContactID, c.Field); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_conflicts (contact_id, field, mine, theirs, found_at) VALUES (?, ?, ?, ?, ?)`,
			c.ContactID, c.Field, c.Mine, c.Theirs, formatTime(c.FoundAt))
		return err
	})
}

// Conflicts lists the conflicts waiting for the owner, oldest first.
func (s *SyncService) Conflicts(ctx context.Context) ([]davsync.Conflict, error) {
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT f.id, f.contact_id, c.name, f.field, f.mine, f.theirs, f.found_at
		FROM sync_conflicts f JOIN contacts c ON c.id = f.contact_id ORDER BY f.id`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []davsync.Conflict
	for rows.Next() {
		var c davsync.Conflict
		var found string
		if err := rows.Scan(&c.ID, &c.ContactID, &c.ContactName, &c.Field, &c.Mine, &c.Theirs, &found); err != nil {
			return nil, err
		}
		c.FoundAt = parseTime(found)
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}

// DeleteConflict settles a conflict.
func (s *SyncService) DeleteConflict(ctx context.Context, id int64) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sync_conflicts WHERE id = ?`, id)
		return err
	})
}

func (s *SyncService) objectLinks(ctx context.Context, table string) ([]davsync.ObjectLink, error) {
	q := `SELECT uid, href, etag, hash, 0, 0 FROM sync_events`
	if table == "sync_tasks" {
		q = `SELECT uid, href, etag, hash, coalesce(follow_up_id, 0), done FROM sync_tasks`
	}
	rows, err := s.db.conn(ctx).QueryContext(ctx, q)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []davsync.ObjectLink
	for rows.Next() {
		var l davsync.ObjectLink
		if err := rows.Scan(&l.UID, &l.Href, &l.ETag, &l.Hash, &l.FollowUpID, &l.Done); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, mapError(rows.Err())
}

// EventLinks lists the yearly dates published.
func (s *SyncService) EventLinks(ctx context.Context) ([]davsync.ObjectLink, error) {
	return s.objectLinks(ctx, "sync_events")
}

// PutEventLink keeps a published date.
func (s *SyncService) PutEventLink(ctx context.Context, l davsync.ObjectLink) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_events (uid, href, etag, hash) VALUES (?, ?, ?, ?)
			ON CONFLICT (uid) DO UPDATE SET href = excluded.href, etag = excluded.etag, hash = excluded.hash`, l.UID, l.Href, l.ETag, l.Hash)
		return err
	})
}

// DeleteEventLink forgets a published date.
func (s *SyncService) DeleteEventLink(ctx context.Context, uid string) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sync_events WHERE uid = ?`, uid)
		return err
	})
}

// TaskLinks lists the follow-ups made tasks.
func (s *SyncService) TaskLinks(ctx context.Context) ([]davsync.ObjectLink, error) {
	return s.objectLinks(ctx, "sync_tasks")
}

// PutTaskLink keeps a follow-up's task.
func (s *SyncService) PutTaskLink(ctx context.Context, l davsync.ObjectLink) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_tasks (uid, follow_up_id, href, etag, hash, done) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (uid) DO UPDATE SET follow_up_id = excluded.follow_up_id, href = excluded.href, etag = excluded.etag,
			hash = excluded.hash, done = excluded.done`, l.UID, nullID(l.FollowUpID), l.Href, l.ETag, l.Hash, l.Done)
		return err
	})
}

// DeleteTaskLink forgets a follow-up's task.
func (s *SyncService) DeleteTaskLink(ctx context.Context, uid string) error {
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sync_tasks WHERE uid = ?`, uid)
		return err
	})
}

// Atomically runs fn in one transaction.
func (s *SyncService) Atomically(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.Atomically(ctx, fn)
}
