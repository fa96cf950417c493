package app

// Snapshot is a record as it was, with the rows that hang on it (a
// referral's history and follow-ups), kept so that an action on it can
// be undone: restoring it puts every row back as it was. The store fills
// it; nothing outside the store reads the rows.
type Snapshot struct {
	Of   string // what it is of: "referral", "gift"
	ID   int64
	Rows []SnapshotTable
}

// SnapshotTable is one table's rows in a snapshot: those its where clause
// chose, column by column.
type SnapshotTable struct {
	Table, Where string
	Args         []any
	Columns      []string
	Values       [][]any
}
