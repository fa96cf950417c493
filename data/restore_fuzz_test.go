package data

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/referable/referable/app"
)

// FuzzRestoreJSON feeds the JSON restore what a damaged or hand-edited
// export might hold: it refuses with a clear message or builds a
// database that passes SQLite's integrity check, never panics.
func FuzzRestoreJSON(f *testing.F) {
	for _, s := range []string{
		`{"header": {"format": "referable-export", "migrations": []}, "tables": {}}`,
		`{"header": {"format": "referable-export", "migrations": []}, "tables": {"contacts": [{"id": 1, "given_name": "Zoë", "created_at": "x", "updated_at": "x"}]}}`,
		`{"header": {"format": "referable-export", "migrations": []}, "tables": {"referrals": [{"id": 1, "referrer_id": 5, "lead_id": 6}]}}`,
		`{"header": {"format": "referable-export"}, "tables": {"settings": [{"key": "owner_name", "value": 7}]}}`,
		`{"header": {"format": "other"}}`, `{`, `[]`, `{"tables": {"nope": [{}]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		dir := t.TempDir()
		from := filepath.Join(dir, "export.json")
		if err := os.WriteFile(from, body, 0o600); err != nil {
			t.Fatal(err)
		}
		to, err := stageRestore(context.Background(), from, filepath.Join(dir, "staging"), "")
		if err != nil {
			if app.ErrorCode(err) == app.EINTERNAL {
				t.Fatalf("%q: an unclear error: %v", body, err)
			}
			return
		}
		if err := CheckBackup(context.Background(), to); err != nil {
			t.Fatalf("%q restored into a database that fails its check: %v", body, err)
		}
	})
}
