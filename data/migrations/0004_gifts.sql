-- The gift log: what was given, or will be, to whom, for what, at what cost.
CREATE TABLE gifts (
	id          INTEGER PRIMARY KEY,
	contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	referral_id INTEGER REFERENCES referrals (id) ON DELETE SET NULL,
	what        TEXT    NOT NULL,
	occasion    TEXT    NOT NULL CHECK (occasion IN ('referral', 'birthday', 'anniversary', 'holiday', 'welcome', 'end_of_project', 'other')),
	status      TEXT    NOT NULL CHECK (status IN ('idea', 'planned', 'bought', 'given')),
	given_on    TEXT    NOT NULL DEFAULT '',
	cost        INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),
	bought_at   TEXT    NOT NULL DEFAULT '',
	note        TEXT    NOT NULL DEFAULT '',
	created_at  TEXT    NOT NULL
);
CREATE INDEX gifts_contact ON gifts (contact_id, status);
CREATE INDEX gifts_given ON gifts (given_on);
