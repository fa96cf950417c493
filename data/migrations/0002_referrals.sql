-- Referrals received and given, asks for referrals, follow-ups and
-- referral months. Dates are YYYY-MM-DD text, money integer minor units.
CREATE TABLE referrals (
	id          INTEGER PRIMARY KEY,
	referrer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	lead_id     INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	received_on TEXT    NOT NULL,
	asked_for   TEXT    NOT NULL DEFAULT '',
	source      TEXT    NOT NULL DEFAULT '',
	status      TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'meeting', 'won', 'lost')),
	value_won   INTEGER NOT NULL DEFAULT 0 CHECK (value_won >= 0),
	note        TEXT    NOT NULL DEFAULT '',
	created_at  TEXT    NOT NULL,
	updated_at  TEXT    NOT NULL,
	CHECK (referrer_id <> lead_id)
);
CREATE INDEX referrals_referrer ON referrals (referrer_id, received_on);
CREATE INDEX referrals_lead ON referrals (lead_id, status, value_won); -- covers value won per lead
CREATE INDEX referrals_received ON referrals (received_on);
CREATE INDEX referrals_status ON referrals (status, received_on);

-- When each referral reached each status.
CREATE TABLE referral_history (
	referral_id INTEGER NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
	status      TEXT    NOT NULL,
	changed_on  TEXT    NOT NULL,
	PRIMARY KEY (referral_id, status)
) WITHOUT ROWID;

CREATE TABLE given_referrals (
	id         INTEGER PRIMARY KEY,
	to_id      INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	for_id     INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
	given_on   TEXT    NOT NULL,
	note       TEXT    NOT NULL DEFAULT '',
	outcome    TEXT    NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'won', 'lost')),
	created_at TEXT    NOT NULL,
	CHECK (for_id IS NULL OR for_id <> to_id)
);
CREATE INDEX given_referrals_to ON given_referrals (to_id);
CREATE INDEX given_referrals_on ON given_referrals (given_on);

CREATE TABLE asks (
	id         INTEGER PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	asked_on   TEXT    NOT NULL,
	channel    TEXT    NOT NULL CHECK (channel IN ('in_person', 'phone', 'email', 'card', 'event')),
	answer     TEXT    NOT NULL DEFAULT 'no_answer' CHECK (answer IN ('no_answer', 'gave', 'declined')),
	note       TEXT    NOT NULL DEFAULT '',
	created_at TEXT    NOT NULL
);
CREATE INDEX asks_contact ON asks (contact_id, asked_on);

CREATE TABLE follow_ups (
	id          INTEGER PRIMARY KEY,
	contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	referral_id INTEGER REFERENCES referrals (id) ON DELETE CASCADE,
	ask_id      INTEGER REFERENCES asks (id) ON DELETE CASCADE,
	kind        TEXT    NOT NULL,
	title       TEXT    NOT NULL,
	due_on      TEXT    NOT NULL,
	state       TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'skipped')),
	closed_on   TEXT    NOT NULL DEFAULT '',
	created_at  TEXT    NOT NULL
);
CREATE INDEX follow_ups_open ON follow_ups (state, due_on, contact_id); -- covers the open list and its count
CREATE INDEX follow_ups_contact ON follow_ups (contact_id, state);
CREATE INDEX follow_ups_referral ON follow_ups (referral_id);
CREATE INDEX follow_ups_ask ON follow_ups (ask_id);

CREATE TABLE campaigns (
	id         INTEGER PRIMARY KEY,
	month      TEXT NOT NULL UNIQUE, -- YYYY-MM
	created_at TEXT NOT NULL
);
CREATE TABLE campaign_entries (
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	state       TEXT    NOT NULL DEFAULT 'todo' CHECK (state IN ('todo', 'asked', 'answered')),
	ask_id      INTEGER REFERENCES asks (id) ON DELETE SET NULL,
	PRIMARY KEY (campaign_id, contact_id)
) WITHOUT ROWID;

-- For "good moment to ask": recent wins, recent new clients.
CREATE INDEX referral_history_status ON referral_history (status, changed_on);
CREATE INDEX contacts_client_since ON contacts (client_since);
