package data

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/transfer"
)

// ExportVCard writes every live contact as vCard 4.0.
func (s *TransferService) ExportVCard(ctx context.Context, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	vw := transfer.NewVCardWriter(bw)
	n := 0
	err := eachContact(ctx, s.db.conn(ctx), false, func(c *app.Contact) error {
		n++
		return vw.Write(c)
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// ExportCSV writes every live contact as Google Contacts CSV.
func (s *TransferService) ExportCSV(ctx context.Context, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := transfer.NewCSVWriter(bw)
	n := 0
	err := eachContact(ctx, s.db.conn(ctx), false, func(c *app.Contact) error {
		n++
		return cw.Write(c)
	})
	if err == nil {
		err = cw.Flush()
	}
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// The JSON export is every table of the database, row by row, with the
// migrations that made its schema: restore reads it back into a database
// identical in every record. The search index is left out; it is
// rebuilt from the contacts.
const jsonFormat = "referable-export"

type jsonHeader struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	ExportedAt time.Time `json:"exported_at"`
	Migrations []string  `json:"migrations"`
}

// dumpTables lists the tables a JSON export holds, parents first.
func dumpTables(ctx context.Context, q querier) ([]string, error) {
	return queryColumn[string](ctx, q, `SELECT name FROM sqlite_schema WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contact_search%' AND name <> 'migrations' ORDER BY rowid`)
}

// ExportJSON writes everything in the database. It reads in one
// transaction, so the tables agree with each other even while the window
// saves something meanwhile (the save waits).
func (s *TransferService) ExportJSON(ctx context.Context, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return mapError(err)
	}
	defer tx.Rollback()
	migrations, err := queryColumn[string](ctx, tx, `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		return err
	}
	tables, err := dumpTables(ctx, tx)
	if err != nil {
		return err
	}
	head, err := json.Marshal(jsonHeader{Format: jsonFormat, Version: 1, ExportedAt: s.db.Now().UTC().Truncate(time.Second), Migrations: migrations})
	if err != nil {
		return err
	}
	fmt.Fprintf(bw, "{\n\"header\": %s,\n\"tables\": {", head)
	for i, table := range tables {
		if i > 0 {
			bw.WriteString(",")
		}
		fmt.Fprintf(bw, "\n%q: [", table)
		if err := dumpTable(ctx, tx, table, bw); err != nil {
			return fmt.Errorf("export %s: %w", table, err)
		}
		bw.WriteString("\n]")
	}
	bw.WriteString("\n}\n}\n")
	return bw.Flush()
}

func dumpTable(ctx context.Context, q querier, table string, w *bufio.Writer) error {
	rows, err := q.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	row := make(map[string]any, len(cols))
	first := true
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			row[c] = vals[i]
		}
		line, err := json.Marshal(row)
		if err != nil {
			return err
		}
		if !first {
			w.WriteString(",")
		}
		first = false
		w.WriteString("\n")
		w.Write(line)
	}
	return rows.Err()
}

// isJSONExport reports whether the file at path starts like a JSON
// export rather than a SQLite database.
func isJSONExport(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	return strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(string(head[:n]), "\ufeff")), "{")
}

// jsonToDatabase builds the database at dbPath (a fresh file of our
// own) from a JSON export, reading it as a stream: one row in memory at a
// time, however large the file. A file that is not ours, from a newer
// Referable, or that breaks a rule of the schema is refused with the
// reason; name is the file as the person knows it.
func jsonToDatabase(ctx context.Context, from, dbPath, name string) error {
	f, err := os.Open(from)
	if err != nil {
		return app.Errorf(app.ENOTFOUND, "There is no export at %s.", from)
	}
	defer f.Close()
	db, err := open(ctx, dbPath, openOptions{staging: true})
	if err != nil {
		return err
	}
	defer db.Close()
	ours, err := db.Migrations(ctx)
	if err != nil {
		return err
	}
	tables, err := dumpTables(ctx, db.db)
	if err != nil {
		return err
	}
	notOurs := func(format string, args ...any) error {
		return app.Errorf(app.EINVALID, "%s is not a Referable JSON export: %s.", name, fmt.Sprintf(format, args...))
	}
	// Rows arrive table by table; the links between them are checked once
	// all are in.
	if _, err := db.db.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	dec := json.NewDecoder(bufio.NewReaderSize(f, 256<<10))
	dec.UseNumber()
	var header *jsonHeader
	err = db.write(ctx, func(tx *sql.Tx) error {
		for _, table := range tables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM "`+table+`"`); err != nil {
				return err
			}
		}
		if err := expectDelim(dec, '{'); err != nil {
			return notOurs("%v", err)
		}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return notOurs("%v", err)
			}
			switch key {
			case "header":
				header = new(jsonHeader)
				if err := dec.Decode(header); err != nil {
					return notOurs("its header: %v", err)
				}
				if header.Format != jsonFormat {
					return app.Errorf(app.EINVALID, "%s is JSON, but not a Referable export.", name)
				}
				for _, m := range header.Migrations {
					if !slices.Contains(ours, m) {
						return app.Errorf(app.EINVALID, "%s comes from a newer version of Referable (it has %s); update Referable to restore it. Nothing was changed.", name, strings.TrimSuffix(filepath.Base(m), ".sql"))
					}
				}
			case "tables":
				if err := restoreTables(ctx, tx, dec, tables, name); err != nil {
					return err
				}
			default:
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return notOurs("%v", err)
				}
			}
		}
		if header == nil {
			return app.Errorf(app.EINVALID, "%s is JSON, but not a Referable export (it has no header).", name)
		}
		w, err := db.newContactWriter(ctx, tx)
		if err != nil {
			return err
		}
		return eachContact(ctx, tx, false, func(c *app.Contact) error { return w.index(ctx, c) })
	})
	if _, ferr := db.db.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err == nil {
		err = ferr
	}
	return err
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, found %v", want, t)
	}
	return nil
}

// restoreTables reads the "tables" object of an export row by row into
// the tables of tx.
func restoreTables(ctx context.Context, tx *sql.Tx, dec *json.Decoder, tables []string, name string) error {
	bad := func(format string, args ...any) error {
		return app.Errorf(app.EINVALID, "%s is not a Referable JSON export: %s.", name, fmt.Sprintf(format, args...))
	}
	if err := expectDelim(dec, '{'); err != nil {
		return bad("its tables: %v", err)
	}
	known := make(map[string]map[string]bool)
	for _, t := range tables {
		cols, err := queryColumn[string](ctx, tx, `SELECT name FROM pragma_table_info(?)`, t)
		if err != nil {
			return err
		}
		known[t] = make(map[string]bool)
		for _, c := range cols {
			known[t][c] = true
		}
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return bad("%v", err)
		}
		table, _ := tok.(string)
		if known[table] == nil {
			return app.Errorf(app.EINVALID, "%s has a table %q that Referable does not know; nothing was changed.", name, app.Clip(table, 40))
		}
		if err := expectDelim(dec, '['); err != nil {
			return bad("table %s: %v", table, err)
		}
		stmts := make(map[string]*sql.Stmt)
		for i := 1; dec.More(); i++ {
			var row map[string]any
			if err := dec.Decode(&row); err != nil {
				closeAll(stmts)
				return bad("table %s row %d: %v", table, i, err)
			}
			cols := make([]string, 0, len(row))
			for c := range row {
				if !known[table][c] {
					closeAll(stmts)
					return app.Errorf(app.EINVALID, "%s: %s row %d has a column %q that Referable does not know; nothing was changed.", name, table, i, app.Clip(c, 40))
				}
				cols = append(cols, c)
			}
			slices.Sort(cols)
			args := make([]any, len(cols))
			for j, c := range cols {
				v := row[c]
				switch n := v.(type) {
				case json.Number:
					if iv, err := n.Int64(); err == nil {
						v = iv
					} else if fv, err := n.Float64(); err == nil {
						v = fv
					} else {
						v = n.String()
					}
				case map[string]any, []any:
					closeAll(stmts)
					return app.Errorf(app.EINVALID, "%s: %s row %d has a list or object as its %s; nothing was changed.", name, table, i, c)
				}
				args[j] = v
			}
			key := strings.Join(cols, ",")
			st := stmts[key]
			if st == nil {
				quoted := make([]string, len(cols))
				for j, c := range cols {
					quoted[j] = `"` + c + `"`
				}
				st, err = tx.PrepareContext(ctx, `INSERT INTO "`+table+`" (`+strings.Join(quoted, ", ")+`) VALUES (`+placeholders(len(cols))+`)`)
				if err != nil {
					closeAll(stmts)
					return err
				}
				stmts[key] = st
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				closeAll(stmts)
				return app.Errorf(app.EINVALID, "%s: %s row %d cannot be restored: %s", name, table, i, app.ErrorMessage(mapError(err)))
			}
		}
		closeAll(stmts)
		if err := expectDelim(dec, ']'); err != nil {
			return bad("table %s: %v", table, err)
		}
	}
	return expectDelim(dec, '}')
}

func closeAll(stmts map[string]*sql.Stmt) {
	for _, st := range stmts {
		st.Close()
	}
}
