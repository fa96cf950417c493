package transfer

import (
	"context"
	"io"

	"github.com/referable/referable/app"
)

// Options says how to bring a batch in.
type Options struct {
	// SkipDuplicates leaves out records that look like a contact already
	// kept (or an earlier record of the file); otherwise they are added
	// and can be merged later.
	SkipDuplicates bool
	// Progress, if set, is told how far the import has gone.
	Progress func(done, total int)
}

// Result is what an import did.
type Result struct {
	Import     app.Import
	Added      int
	Duplicates int // left out as duplicates
	Possible   int // imported though possibly the same as someone: Find Duplicates lists them
}

// Service brings batches into the database and takes everything out.
type Service interface {
	// Import saves the batch's records in one transaction: all of them
	// or, on any error, none.
	Import(ctx context.Context, b *Batch, opts Options) (Result, error)
	// UndoImport deletes the contacts an import added, with everything
	// recorded on them since.
	UndoImport(ctx context.Context, id int64) error
	// LastImport is the latest import not undone, if any.
	LastImport(ctx context.Context) (*app.Import, error)
	// ExportVCard writes every live contact as vCard 4.0.
	ExportVCard(ctx context.Context, w io.Writer) (int, error)
	// ExportCSV writes every live contact as Google Contacts CSV.
	ExportCSV(ctx context.Context, w io.Writer) (int, error)
	// ExportJSON writes everything in the database as JSON, which
	// restore reads back.
	ExportJSON(ctx context.Context, w io.Writer) error
}
