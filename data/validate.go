package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/referable/referable/app"
)

// Limits a restored value is held to: what the app's own forms and
// imports let in, so a tampered file cannot plant what no screen could
// show or print (a 10 MB name, a text as a price, a loop in the tree).
const (
	maxMoney   = 1_000_000_000_000_00 // a trillion in the currency's units, in minor units
	maxLongCol = 1 << 20              // a merge's record of what moved, as JSON
)

// columnRule is what one column may hold beyond its declared type.
type columnRule struct {
	min, max int64 // for integers
	maxLen   int   // characters, for text
	date     bool  // YYYY-MM-DD or ''
	stamp    bool  // a timestamp
	oneOf    []string
}

var nameColumns = map[string]bool{"given_name": true, "family_name": true, "display_name": true, "company": true,
	"name": true, "locality": true, "region": true, "postal_code": true, "country": true, "tag": true, "label": true,
	"value": true, "what": true, "bought_at": true, "asked_for": true, "source": true, "kind": true, "title": true,
	"template": true, "layout": true, "purpose": true, "file": true, "format": true, "key": true, "month": true}

// ruleFor gives a column its rule from its table, name and type.
func ruleFor(table, col, typ string) columnRule {
	r := columnRule{min: -1 << 53, max: 1 << 53, maxLen: app.MaxTextLen}
	switch {
	case col == "value_won" || col == "cost":
		r.min, r.max = 0, maxMoney
	case strings.HasSuffix(col, "month") && typ == "INTEGER":
		r.min, r.max = 0, 12
	case strings.HasSuffix(col, "day") && typ == "INTEGER":
		r.min, r.max = 0, 31
	case strings.HasSuffix(col, "year") || col == "year":
		r.min, r.max = 0, 9999
	case col == "kinds":
		r.min, r.max = 0, 15
	case col == "do_not_contact":
		r.min, r.max = 0, 1
	case col == "mail_lead_days" || col == "cadence_days" || col == "days":
		r.min, r.max = 0, 10000
	case col == "id" || strings.HasSuffix(col, "_id") || col == "referred_by" || col == "position" || col == "contacts":
		r.min = 0
	}
	switch {
	case nameColumns[col] && !(table == "settings" && col == "key") && !(table == "card_templates" && col == "name"):
		r.maxLen = 4 * app.MaxNameLen // sort and display names are built from several parts
	case table == "merges" && (col == "kept_before" || col == "moved"):
		r.maxLen = maxLongCol
	case table == "card_templates" || table == "cards_sent" || table == "settings":
		r.maxLen = 2 * app.MaxTextLen
	}
	switch {
	case strings.HasSuffix(col, "_on") || col == "client_since":
		r.date = true
	case strings.HasSuffix(col, "_at") && col != "bought_at":
		r.stamp = true
	}
	return r
}

// validateRestored checks a database about to replace the owner's book
// as the app's own writes would have: every value of the type and range
// its column takes, every link to a record that exists, no loop in who
// referred whom. The first problem is returned in words.
func validateRestored(ctx context.Context, q querier) error {
	tables, err := dumpTables(ctx, q)
	if err != nil {
		return err
	}
	for _, table := range tables {
		if err := validateTable(ctx, q, table); err != nil {
			return err
		}
	}
	for table, what := range map[string]string{"contact_channels": "email addresses or phone numbers", "contact_tags": "tags", "contact_occasions": "dates", "contact_addresses": "postal addresses"} {
		group := "contact_id"
		if table == "contact_channels" {
			group = "contact_id, kind"
		}
		var id, n int64
		err := q.QueryRowContext(ctx, `SELECT contact_id, COUNT(*) FROM `+table+` GROUP BY `+group+` HAVING COUNT(*) > ? LIMIT 1`, app.MaxListLen).Scan(&id, &n)
		if err == nil {
			return app.Errorf(app.EINVALID, "Contact %d has %d %s; a contact has at most %d.", id, n, what, app.MaxListLen)
		} else if err != sql.ErrNoRows {
			return mapError(err)
		}
	}
	var bad int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&bad); err != nil {
		return mapError(err)
	}
	if bad > 0 {
		return app.Errorf(app.EINVALID, "%d records point at records the file does not have.", bad)
	}
	return validateTree(ctx, q)
}

type columnInfo struct {
	name, typ string
	notNull   bool
}

func validateTable(ctx context.Context, q querier, table string) error {
	rows, err := q.QueryContext(ctx, `SELECT name, upper(type), "notnull" FROM pragma_table_info(?)`, table)
	if err != nil {
		return mapError(err)
	}
	var cols []columnInfo
	for rows.Next() {
		var c columnInfo
		if err := rows.Scan(&c.name, &c.typ, &c.notNull); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range cols {
		r := ruleFor(table, c.name, c.typ)
		col := `"` + c.name + `"`
		types := map[string]string{"INTEGER": "'integer'", "TEXT": "'text'", "REAL": "'real', 'integer'"}[c.typ]
		if types == "" {
			continue
		}
		if !c.notNull {
			types += ", 'null'"
		}
		conds := []string{"typeof(" + col + ") NOT IN (" + types + ")"}
		what := map[string]string{"INTEGER": "a whole number", "TEXT": "text", "REAL": "a number"}[c.typ]
		switch c.typ {
		case "INTEGER":
			conds = append(conds, fmt.Sprintf("(typeof(%s) = 'integer' AND %s NOT BETWEEN %d AND %d)", col, col, r.min, r.max))
			what += fmt.Sprintf(" from %d to %d", r.min, r.max)
		case "TEXT":
			conds = append(conds, fmt.Sprintf("(typeof(%s) = 'text' AND length(%s) > %d)", col, col, r.maxLen))
			what += fmt.Sprintf(" of at most %d characters", r.maxLen)
			if r.date {
				conds = append(conds, fmt.Sprintf("(typeof(%s) = 'text' AND %s <> '' AND (%s NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' OR date(%s) IS NOT %s))", col, col, col, col, col))
				what += ", a date written YYYY-MM-DD"
			}
			if r.stamp {
				conds = append(conds, fmt.Sprintf("(typeof(%s) = 'text' AND %s NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T*')", col, col))
				what += ", a time"
			}
		}
		var n int
		var example string
		err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(substr(quote(min(`+col+`)), 1, 40), '') FROM "`+table+`" WHERE `+strings.Join(conds, " OR ")).Scan(&n, &example)
		if err != nil {
			return mapError(err)
		}
		if n > 0 {
			return app.Errorf(app.EINVALID, "%s: %d %s a %s of %s, which must be %s.", table, n, plural(n, "row has", "rows have"), c.name, example, what)
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// validateTree refuses a loop in who came through whom, and a referral
// whose referrer came to us through its own lead: the tree would
// contradict itself. Linear in the contacts and referrals.
func validateTree(ctx context.Context, q querier) error {
	parent := make(map[int64]int64)
	rows, err := q.QueryContext(ctx, `SELECT id, referred_by FROM contacts WHERE referred_by IS NOT NULL`)
	if err != nil {
		return mapError(err)
	}
	for rows.Next() {
		var id, p int64
		if err := rows.Scan(&id, &p); err != nil {
			rows.Close()
			return err
		}
		parent[id] = p
	}
	rows.Close()
	// Number the tree in one walk from its roots (enter and leave
	// times): a contact no root reaches sits on a loop, and a is above b
	// exactly when a's span holds b's.
	children := make(map[int64][]int64, len(parent))
	for id, p := range parent {
		children[p] = append(children[p], id)
	}
	enter, leave := make(map[int64]int, len(parent)), make(map[int64]int, len(parent))
	clock := 0
	type frame struct {
		id   int64
		next int
	}
	for root := range children {
		if _, hasParent := parent[root]; hasParent {
			continue
		}
		stack := []frame{{id: root}}
		clock++
		enter[root] = clock
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if kids := children[top.id]; top.next < len(kids) {
				kid := kids[top.next]
				top.next++
				clock++
				enter[kid] = clock
				stack = append(stack, frame{id: kid})
				continue
			}
			clock++
			leave[top.id] = clock
			stack = stack[:len(stack)-1]
		}
	}
	for id := range parent {
		if _, ok := enter[id]; !ok {
			return app.Errorf(app.EINVALID, "Contact %d came to us through a chain that leads back to itself (a loop in who referred whom).", id)
		}
	}
	above := func(a, b int64) bool {
		ea, okA := enter[a]
		eb, okB := enter[b]
		return okA && okB && ea < eb && leave[b] < leave[a]
	}
	// A referral of lead by referrer, where the referrer is below the
	// lead in the tree, is the loop the app refuses when it is entered.
	rows, err = q.QueryContext(ctx, `SELECT id, referrer_id, lead_id FROM referrals`)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, referrer, lead int64
		if err := rows.Scan(&id, &referrer, &lead); err != nil {
			return err
		}
		if above(lead, referrer) {
			return app.Errorf(app.EINVALID, "Referral %d has contact %d referring %d, who is above them in the referral tree (a loop).", id, referrer, lead)
		}
	}
	return rows.Err()
}
