-- Calendar: days the post takes to each contact, keep-in-touch cadences,
-- interactions, and month-day indexes so upcoming dates are found by
-- range, never by parsing every date.
ALTER TABLE contacts ADD COLUMN mail_lead_days INTEGER NOT NULL DEFAULT 0; -- 0: the setting
ALTER TABLE contacts ADD COLUMN cadence_days INTEGER NOT NULL DEFAULT 0;   -- 0: by tag, or none

-- With the flags the filters read and the small date columns, finding
-- and ordering a range never visits the contact rows; names are looked
-- up for the rows shown only.
CREATE INDEX contacts_birthday_md ON contacts (birthday_month * 100 + birthday_day, deleted_at, do_not_contact,
	birthday_year, birthday_month, birthday_day, mail_lead_days) WHERE birthday_month > 0;
CREATE INDEX contacts_since_md ON contacts (substr(client_since, 6), deleted_at, do_not_contact, client_since, mail_lead_days) WHERE client_since <> '';
CREATE INDEX contact_occasions_md ON contact_occasions (month * 100 + day);
CREATE INDEX contacts_mail_lead ON contacts (mail_lead_days) WHERE mail_lead_days > 0;
CREATE INDEX contacts_cadence ON contacts (cadence_days) WHERE cadence_days > 0;

CREATE TABLE tag_cadences (
	tag  TEXT PRIMARY KEY,
	days INTEGER NOT NULL CHECK (days > 0)
) WITHOUT ROWID;

CREATE TABLE interactions (
	id          INTEGER PRIMARY KEY,
	contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	happened_on TEXT    NOT NULL,
	kind        TEXT    NOT NULL CHECK (kind IN ('call', 'meeting', 'email', 'card', 'gift')),
	note        TEXT    NOT NULL DEFAULT '',
	created_at  TEXT    NOT NULL
);
CREATE INDEX interactions_contact ON interactions (contact_id, happened_on);
