-- Contacts and everything that hangs off them, plus the owner's settings.
CREATE TABLE contacts (
	id             INTEGER PRIMARY KEY,
	given_name     TEXT    NOT NULL DEFAULT '',
	family_name    TEXT    NOT NULL DEFAULT '',
	display_name   TEXT    NOT NULL DEFAULT '',
	company        TEXT    NOT NULL DEFAULT '',
	name           TEXT    NOT NULL DEFAULT '', -- as shown: app.Contact.Name()
	sort_name      TEXT    NOT NULL DEFAULT '', -- folded name, for ordering
	kinds          INTEGER NOT NULL DEFAULT 0,  -- bit set of app.Kind
	street         TEXT    NOT NULL DEFAULT '',
	locality       TEXT    NOT NULL DEFAULT '',
	region         TEXT    NOT NULL DEFAULT '',
	postal_code    TEXT    NOT NULL DEFAULT '',
	country        TEXT    NOT NULL DEFAULT '',
	birthday_year  INTEGER NOT NULL DEFAULT 0,  -- 0: year unknown
	birthday_month INTEGER NOT NULL DEFAULT 0,  -- 0: no birthday
	birthday_day   INTEGER NOT NULL DEFAULT 0,
	client_since   TEXT    NOT NULL DEFAULT '', -- YYYY-MM-DD or ''
	notes          TEXT    NOT NULL DEFAULT '',
	treasures      TEXT    NOT NULL DEFAULT '',
	do_not_contact INTEGER NOT NULL DEFAULT 0,
	referred_by    INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
	created_at     TEXT    NOT NULL,
	updated_at     TEXT    NOT NULL,
	deleted_at     TEXT,                        -- set while in the trash
	CHECK (referred_by IS NULL OR referred_by <> id)
);
CREATE INDEX contacts_sort ON contacts (deleted_at, sort_name);
CREATE INDEX contacts_referred_by ON contacts (referred_by, deleted_at); -- covers the tree walk

CREATE TABLE contact_tags (
	contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	tag        TEXT    NOT NULL,
	PRIMARY KEY (contact_id, tag)
) WITHOUT ROWID;
CREATE INDEX contact_tags_tag ON contact_tags (tag);

-- Emails and phones, in the order the person entered them.
CREATE TABLE contact_channels (
	contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	kind       TEXT    NOT NULL CHECK (kind IN ('email', 'phone')),
	position   INTEGER NOT NULL,
	label      TEXT    NOT NULL DEFAULT '',
	value      TEXT    NOT NULL,
	PRIMARY KEY (contact_id, kind, position)
) WITHOUT ROWID;

-- Labelled yearly dates other than birthday and client anniversary.
CREATE TABLE contact_occasions (
	contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	label      TEXT    NOT NULL,
	year       INTEGER NOT NULL DEFAULT 0,
	month      INTEGER NOT NULL,
	day        INTEGER NOT NULL,
	PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

-- Folded search text (app.Fold) of live contacts only, rowid = contact id,
-- so counting a search never visits the contacts table. Prefix indexes
-- keep the first letters typed fast.
CREATE VIRTUAL TABLE contact_search USING fts5 (
	body,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '1 2 3'
);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- A contact deleted for good (purged from the trash) leaves the index too.
CREATE TRIGGER contacts_delete_search AFTER DELETE ON contacts BEGIN
	DELETE FROM contact_search WHERE rowid = old.id;
END;
