-- Names in their parts, every postal address, phones as numbers.
--
-- The address in contacts stays where it is: it is the one cards are
-- mailed to (so today's one address moves over as it is, losing nothing);
-- it gains a label, and a contact's other addresses go in
-- contact_addresses, in the order the person entered them.
ALTER TABLE contacts ADD COLUMN name_prefix   TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN middle_name   TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN name_suffix   TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN nickname      TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN address_label TEXT NOT NULL DEFAULT '';

CREATE TABLE contact_addresses (
	contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	label       TEXT    NOT NULL DEFAULT '',
	street      TEXT    NOT NULL DEFAULT '',
	locality    TEXT    NOT NULL DEFAULT '',
	region      TEXT    NOT NULL DEFAULT '',
	postal_code TEXT    NOT NULL DEFAULT '',
	country     TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

-- A phone's number in E.164 (+4930123456) where it reads as one, beside
-- what was typed; '' for emails and for numbers that do not read. Books
-- from before this are filled in when they are opened (data.fillPhoneNumbers).
-- (No index on it: duplicates are found in memory, one pass over the book.)
ALTER TABLE contact_channels ADD COLUMN normal TEXT NOT NULL DEFAULT '';
