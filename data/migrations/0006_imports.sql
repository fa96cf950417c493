-- Imports, so a whole file can be undone, and merges of duplicates, so a
-- merge can be undone: what the kept contact was, and which rows moved.
CREATE TABLE imports (
	id          INTEGER PRIMARY KEY,
	file        TEXT    NOT NULL,
	format      TEXT    NOT NULL,
	contacts    INTEGER NOT NULL,
	imported_at TEXT    NOT NULL,
	undone_at   TEXT
);
ALTER TABLE contacts ADD COLUMN import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL;
CREATE INDEX contacts_import ON contacts (import_id) WHERE import_id IS NOT NULL;

-- Email and phone values, for finding a contact by either (duplicates).
CREATE INDEX contact_channels_value ON contact_channels (kind, value COLLATE NOCASE);

CREATE TABLE merges (
	id          INTEGER PRIMARY KEY,
	kept_id     INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	merged_id   INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	kept_before TEXT    NOT NULL, -- JSON: the kept contact as it was
	moved       TEXT    NOT NULL, -- JSON: "table.column" -> rowids moved to kept_id
	merged_at   TEXT    NOT NULL,
	undone_at   TEXT
);
