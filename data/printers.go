package data

import (
	"context"
	"database/sql"
	"math"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

var _ cards.PrinterStore = (*CardService)(nil)

// PrinterSetup reads how the printer takes stock; the defaults when it
// was never set up.
func (s *CardService) PrinterSetup(ctx context.Context, printer string) (cards.PrinterSetup, error) {
	p := cards.PrinterSetup{Printer: printer, Turn: cards.DefaultTurn}
	err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT turn, manual_duplex FROM printer_setups WHERE printer = ?`, printer).
		Scan(&p.Turn, &p.ManualDuplex)
	if err == sql.ErrNoRows {
		err = nil
	}
	return p, mapError(err)
}

// SavePrinterSetup keeps how the printer takes stock.
func (s *CardService) SavePrinterSetup(ctx context.Context, p cards.PrinterSetup) error {
	if p.Printer == "" {
		return app.Errorf(app.EINVALID, "Choose a printer first.")
	}
	if p.Turn != 90 && p.Turn != 270 {
		return app.Errorf(app.EINVALID, "Wide stock goes in turned right (90°) or left (270°), not %d°.", p.Turn)
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO printer_setups (printer, turn, manual_duplex) VALUES (?, ?, ?)
			ON CONFLICT (printer) DO UPDATE SET turn = excluded.turn, manual_duplex = excluded.manual_duplex`,
			p.Printer, p.Turn, p.ManualDuplex)
		return err
	})
}

// Calibration reads the printer's calibration for the layout: none
// (true size, no offset) when it was never measured.
func (s *CardService) Calibration(ctx context.Context, printer, layout string) (cards.Calibration, error) {
	c := cards.Calibration{Printer: printer, Layout: layout, Scale: 1}
	var x, y, scale int64
	var on string
	err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT offset_x, offset_y, scale, measured_on FROM calibrations
		WHERE printer = ? AND layout = ?`, printer, layout).Scan(&x, &y, &scale, &on)
	if err == sql.ErrNoRows {
		return c, nil
	} else if err != nil {
		return c, mapError(err)
	}
	c.OffsetX, c.OffsetY, c.Scale = float64(x)/100, float64(y)/100, float64(scale)/10000
	c.On, _ = app.ParseDate(on)
	return c, nil
}

// SaveCalibration keeps a calibration measured today.
func (s *CardService) SaveCalibration(ctx context.Context, c cards.Calibration) error {
	if c.Printer == "" || c.Layout == "" {
		return app.Errorf(app.EINVALID, "A calibration is for one printer and one card stock.")
	}
	if _, err := cards.FindLayout(c.Layout); err != nil {
		return err
	}
	if c.Scale == 0 {
		c.Scale = 1
	}
	if c.Scale < 0.8 || c.Scale > 1.2 {
		return app.Errorf(app.EINVALID, "A printer that prints at %.0f %% of the size is out of what calibration can correct (80 to 120 %%).", c.Scale*100)
	}
	if math.Abs(c.OffsetX) > 50 || math.Abs(c.OffsetY) > 50 {
		return app.Errorf(app.EINVALID, "A printer that prints %.1f mm across and %.1f mm down off is out of what calibration can correct (50 mm).", c.OffsetX, c.OffsetY)
	}
	if !c.On.HasYear() {
		c.On = today(s.db)
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO calibrations (printer, layout, offset_x, offset_y, scale, measured_on) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (printer, layout) DO UPDATE SET offset_x = excluded.offset_x, offset_y = excluded.offset_y,
				scale = excluded.scale, measured_on = excluded.measured_on`,
			c.Printer, c.Layout, math.Round(c.OffsetX*100), math.Round(c.OffsetY*100), math.Round(c.Scale*10000), c.On.String())
		return err
	})
}
