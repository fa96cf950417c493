-- Card templates the owner wrote or edited (the built-in ones live in
-- code; a row with a built-in's name holds its edited words), and the
-- log of cards printed.
CREATE TABLE card_templates (
	name        TEXT PRIMARY KEY,
	title       TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	purpose     TEXT NOT NULL,
	front       TEXT NOT NULL,
	inside      TEXT NOT NULL,
	updated_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE cards_sent (
	id          INTEGER PRIMARY KEY,
	contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	sent_on     TEXT    NOT NULL,
	template    TEXT    NOT NULL,
	title       TEXT    NOT NULL,
	purpose     TEXT    NOT NULL,
	layout      TEXT    NOT NULL,
	referral_id INTEGER REFERENCES referrals (id) ON DELETE SET NULL,
	front       TEXT    NOT NULL,
	inside      TEXT    NOT NULL,
	created_at  TEXT    NOT NULL
);
CREATE INDEX cards_sent_contact ON cards_sent (contact_id, sent_on);
