-- Sync with the owner's CardDAV/CalDAV server (issue 20): the account,
-- and for every contact, yearly date and follow-up on the server where
-- it lives there and what both sides last agreed it was. The password is
-- never here: it is in the system's keyring, or asked for.
CREATE TABLE sync_account (
	id             INTEGER PRIMARY KEY CHECK (id = 1),
	server_url     TEXT    NOT NULL,           -- as the owner typed it
	username       TEXT    NOT NULL,
	address_book   TEXT    NOT NULL DEFAULT '', -- the collection's path on the server
	address_book_name TEXT NOT NULL DEFAULT '',
	calendar       TEXT    NOT NULL DEFAULT '', -- where the yearly dates are published
	calendar_name  TEXT    NOT NULL DEFAULT '',
	tasks          TEXT    NOT NULL DEFAULT '', -- where the open follow-ups are tasks
	tasks_name     TEXT    NOT NULL DEFAULT '',
	contacts_token TEXT    NOT NULL DEFAULT '', -- RFC 6578 sync-token of the address book
	tasks_token    TEXT    NOT NULL DEFAULT '',
	every_minutes  INTEGER NOT NULL DEFAULT 15, -- 0: only when asked
	last_sync_at   TEXT    NOT NULL DEFAULT '',
	last_result    TEXT    NOT NULL DEFAULT '',
	last_ok        INTEGER NOT NULL DEFAULT 0,
	CHECK (every_minutes BETWEEN 0 AND 1440)
);

-- A contact as a card on the server. base is what both sides last
-- agreed the contact was (its fields, as JSON): a side that differs from
-- it has changed. card is the server's vCard as last seen, so what
-- Referable does not read (photos, other apps' fields) is written back
-- as it was. etag is '' while a new card's upload is under way, so a
-- sync cut short resumes without a second card.
CREATE TABLE sync_contacts (
	uid        TEXT    PRIMARY KEY,
	contact_id INTEGER UNIQUE REFERENCES contacts(id) ON DELETE SET NULL,
	href       TEXT    NOT NULL UNIQUE,
	etag       TEXT    NOT NULL DEFAULT '',
	base       TEXT    NOT NULL DEFAULT '',
	card       TEXT    NOT NULL DEFAULT '',
	updated_at TEXT    NOT NULL DEFAULT ''  -- the contact's updated_at when agreed
) WITHOUT ROWID;

-- A field both sides changed differently since they last agreed: the
-- contact keeps the owner's value, the server's waits here for the owner
-- to choose.
CREATE TABLE sync_conflicts (
	id         INTEGER PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	field      TEXT    NOT NULL,
	mine       TEXT    NOT NULL,
	theirs     TEXT    NOT NULL,
	found_at   TEXT    NOT NULL
);
CREATE INDEX sync_conflicts_contact ON sync_conflicts (contact_id);

-- The yearly dates published to the calendar, by their UID.
CREATE TABLE sync_events (
	uid  TEXT PRIMARY KEY,
	href TEXT NOT NULL UNIQUE,
	etag TEXT NOT NULL DEFAULT '',
	hash TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- The open follow-ups as tasks on the task list.
CREATE TABLE sync_tasks (
	uid          TEXT    PRIMARY KEY,
	follow_up_id INTEGER UNIQUE REFERENCES follow_ups(id) ON DELETE SET NULL,
	href         TEXT    NOT NULL UNIQUE,
	etag         TEXT    NOT NULL DEFAULT '',
	hash         TEXT    NOT NULL DEFAULT '',
	done         INTEGER NOT NULL DEFAULT 0  -- the task was completed, here or there
) WITHOUT ROWID;
