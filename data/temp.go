package data

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Every temporary file Referable writes starts with tempPrefix, so a run
// killed half-way leaves nothing a later run cannot recognise and clean.
const tempPrefix = ".referable-tmp-"

// Names earlier versions gave their temporary files: cleaned too.
var oldTemp = regexp.MustCompile(`^(\.referable-\d+|\.from-json-\d+\.(db|json)(-wal|-shm)?|\..+-\d{10,}\.tmp)$`)

// CreateTemp makes a private (0600) temporary file in dir, held (on
// Unix, flock) while it is open so another process's clean-up leaves it
// alone. The caller closes it, then renames or removes it. Stale
// temporary files in dir are removed first.
func CreateTemp(dir string) (*os.File, error) {
	CleanTemps(dir)
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	holdTemp(f)
	return f, nil
}

// CleanTemps removes the temporary files that runs killed half-way left
// in dir: ours by name, and no longer held by a running copy.
func CleanTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasPrefix(name, tempPrefix) || oldTemp.MatchString(name)) {
			continue
		}
		// SQLite's own journal beside a temporary database goes with it.
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "-wal"), "-shm"), "-journal")
		path := filepath.Join(dir, name)
		fi, err := e.Info()
		if err != nil || tempInUse(filepath.Join(dir, base), fi) {
			continue
		}
		os.Remove(path)
	}
}
