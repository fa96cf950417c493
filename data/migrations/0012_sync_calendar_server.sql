-- Some services keep calendars on a host of their own (iCloud:
-- contacts.icloud.com and caldav.icloud.com; Fastmail: carddav. and
-- caldav.fastmail.com): the calendar and task list are then on this
-- server, with the same user and password; '' is the address book's.
ALTER TABLE sync_account ADD COLUMN calendar_server_url TEXT NOT NULL DEFAULT '';
