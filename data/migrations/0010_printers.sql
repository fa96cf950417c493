-- How each printer takes stock, and its calibration for each layout:
-- measured on a calibration sheet, applied to every print through it.
CREATE TABLE printer_setups (
	printer       TEXT PRIMARY KEY,            -- the print queue's name
	turn          INTEGER NOT NULL DEFAULT 90, -- wide stock turned clockwise onto the paper, degrees
	manual_duplex INTEGER NOT NULL DEFAULT 0,  -- the owner turns sheets over for side 2
	CHECK (turn IN (90, 270)),
	CHECK (manual_duplex IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE calibrations (
	printer    TEXT    NOT NULL,
	layout     TEXT    NOT NULL,
	offset_x   INTEGER NOT NULL DEFAULT 0,     -- hundredths of a mm, right
	offset_y   INTEGER NOT NULL DEFAULT 0,     -- hundredths of a mm, down
	scale      INTEGER NOT NULL DEFAULT 10000, -- the printer's size in ten-thousandths: 9850 prints 100 mm as 98.5
	measured_on TEXT   NOT NULL,
	PRIMARY KEY (printer, layout),
	CHECK (scale BETWEEN 8000 AND 12000),
	CHECK (offset_x BETWEEN -5000 AND 5000 AND offset_y BETWEEN -5000 AND 5000)
) WITHOUT ROWID;
