package data

import "database/sql"

// QueryRowForTest lets the external tests look at rows no service
// returns.
func QueryRowForTest(db *DB, q string, args ...any) *sql.Row { return db.db.QueryRow(q, args...) }
