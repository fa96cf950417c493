package data

import (
	"context"
	"database/sql"
)

// QueryRowForTest lets the external tests look at rows no service
// returns.
func QueryRowForTest(db *DB, q string, args ...any) *sql.Row { return db.db.QueryRow(q, args...) }

// HoldWriteForTest runs during inside a write transaction, as a long save
// in another program would.
func HoldWriteForTest(db *DB, during func()) error {
	return db.write(context.Background(), func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE settings SET value = value WHERE 0`); err != nil {
			return err
		}
		during()
		return nil
	})
}
