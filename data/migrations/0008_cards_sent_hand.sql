-- The register keeps what was sent: the handwriting a card was written
-- in, beside its words, template, layout and occasion (its purpose), so
-- the same card can be printed again.
ALTER TABLE cards_sent ADD COLUMN hand TEXT NOT NULL DEFAULT '';
