package data

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/referable/referable/app"
)

// bulkDB is a database of n contacts made straight in SQL, for benchmarks
// that need volume more than realism.
func bulkDB(b *testing.B, contacts int) *DB {
	b.Helper()
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "bulk.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if contacts == 0 {
		return db
	}
	mustExec(b, db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO contacts (id, given_name, family_name, sort_name, kinds, created_at, updated_at)
		SELECT i, 'Given' || i, 'Family', 'given' || i || ' family', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n`, contacts)
	return db
}

func mustExec(b *testing.B, db *DB, q string, args ...any) {
	b.Helper()
	if _, err := db.db.Exec(q, args...); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkReferralTree: the tree of a contact with 10,000 descendants
// over 6 generations (goal < 50 ms).
func BenchmarkReferralTree(b *testing.B) {
	db := bulkDB(b, 0)
	// Generation sizes 1, 5, 25, 125, 625, 3125 and 6094 more: 10,000
	// below the root, each linked to a parent one generation up.
	mustExec(b, db, `INSERT INTO contacts (id, given_name, sort_name, created_at, updated_at) VALUES (1, 'Root', 'root', '', '')`)
	next, parents := int64(2), []int64{1}
	for gen, total := 1, 0; gen <= 6; gen++ {
		var children []int64
		size := len(parents) * 5
		if gen == 6 {
			size = 10_000 - total
		}
		for i := 0; i < size; i++ {
			mustExec(b, db, `INSERT INTO contacts (id, given_name, sort_name, referred_by, created_at, updated_at) VALUES (?, 'C', 'c', ?, '', '')`,
				next, parents[i%len(parents)])
			children = append(children, next)
			next++
		}
		total += size
		parents = children
	}
	mustExec(b, db, `INSERT INTO referrals (referrer_id, lead_id, received_on, status, value_won, created_at, updated_at)
		SELECT referred_by, id, '2026-01-01', 'won', 10000, '', '' FROM contacts WHERE referred_by IS NOT NULL`)
	svc := NewReferralService(db)
	b.ResetTimer()
	for b.Loop() {
		nodes, err := svc.ReferralTree(context.Background(), 1)
		if err != nil || len(nodes) != 10_001 || nodes[0].Descendants != 10_000 {
			b.Fatal(len(nodes), err)
		}
	}
}

// BenchmarkOpenFollowUps: the open follow-ups list (count and first page)
// over 100,000 contacts and 200,000 referrals with two follow-ups each, of
// which those of the last 10,000 referrals are still open (goal < 20 ms).
func BenchmarkOpenFollowUps(b *testing.B) {
	db := bulkDB(b, 100_000)
	mustExec(b, db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
		INSERT INTO referrals (id, referrer_id, lead_id, received_on, status, created_at, updated_at)
		SELECT i, (i * 7919) % 100000 + 1, (i * 7919 + 1) % 100000 + 1, date('2020-01-01', '+' || (i / 100) || ' days'), 'new', '', '' FROM n`)
	mustExec(b, db, `INSERT INTO follow_ups (contact_id, referral_id, kind, title, due_on, state, created_at)
		SELECT lead_id, id, 'contact_lead', 'Contact lead ' || id, date(received_on, '+1 day'), CASE WHEN id > 190000 THEN 'open' ELSE 'done' END, '' FROM referrals
		UNION ALL
		SELECT referrer_id, id, 'thank', 'Thank referrer ' || id, date(received_on, '+2 days'), CASE WHEN id > 190000 THEN 'open' ELSE 'done' END, '' FROM referrals`)
	mustExec(b, db, `UPDATE contacts SET deleted_at = '2026-11-01T00:00:00.000Z' WHERE id % 1000 = 0`)
	mustExec(b, db, `ANALYZE`)
	svc := NewFollowUpService(db)
	b.ResetTimer()
	for b.Loop() {
		fs, n, err := svc.FindFollowUps(context.Background(), app.FollowUpFilter{OpenOnly: true, Limit: 200})
		if err != nil || len(fs) != 200 || n < 19_000 {
			b.Fatal(len(fs), n, err)
		}
	}
}
