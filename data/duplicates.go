package data

import (
	"context"
	"sort"

	"github.com/referable/referable/app"
)

// FindDuplicates lists pairs of live contacts that look like one person,
// by name.
func (s *TransferService) FindDuplicates(ctx context.Context) ([]app.DuplicatePair, error) {
	ix, err := s.liveKeys(ctx)
	if err != nil {
		return nil, err
	}
	type pair struct{ a, b int64 }
	reasons := make(map[pair]string)
	keys := make([]string, 0, len(ix.ids))
	for k := range ix.ids {
		keys = append(keys, k)
	}
	sort.Strings(keys) // emails first, then phones, names: the strongest reason wins
	for _, k := range keys {
		ids := ix.ids[k]
		for i := 0; i < len(ids) && i < 20; i++ { // a shared office phone is not 200 duplicates
			for j := i + 1; j < len(ids) && j < 20; j++ {
				p := pair{ids[i], ids[j]}
				if p.a > p.b {
					p.a, p.b = p.b, p.a
				}
				if p.a != p.b && reasons[p] == "" {
					reasons[p] = app.DuplicateReason(k)
					if !app.SureDuplicate(k, ix.names[p.a], ix.names[p.b]) {
						reasons[p] = app.Tf("possibly the same: %s", reasons[p])
					}
				}
			}
		}
	}
	out := make([]app.DuplicatePair, 0, len(reasons))
	for p, why := range reasons {
		out = append(out, app.DuplicatePair{
			A: app.ContactSummary{ID: p.a, Name: ix.names[p.a]}, B: app.ContactSummary{ID: p.b, Name: ix.names[p.b]}, Reason: why})
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := app.Fold(out[i].A.Name), app.Fold(out[j].A.Name); a != b {
			return a < b
		}
		return out[i].B.ID < out[j].B.ID
	})
	return out, nil
}

// region is the owner's, for phone numbers without a country code.
// It is read as saving a contact reads it (ownerRegion), so numbers are
// compared as they were stored.
func (s *TransferService) region(ctx context.Context) string {
	return s.db.ownerRegion(ctx, s.db.conn(ctx))
}
