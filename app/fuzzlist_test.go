package app_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Every fuzz target is in scripts/fuzz-targets, the one list that
// `make test` and `make fuzz` both read, and the list names no other.
func TestEveryFuzzTargetIsListed(t *testing.T) {
	root := ".."
	listed := map[string]bool{}
	f, err := os.Open(filepath.Join(root, "scripts", "fuzz-targets"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 && !strings.HasPrefix(fields[0], "#") {
			listed[strings.TrimPrefix(fields[0], "./")+" "+fields[1]] = true
		}
	}
	fuzz := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`)
	found := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		for _, m := range fuzz.FindAllSubmatch(b, -1) {
			found[filepath.ToSlash(dir)+" "+string(m[1])] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var missing, stale []string
	for k := range found {
		if !listed[k] {
			missing = append(missing, k)
		}
	}
	for k := range listed {
		if !found[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing)+len(stale) > 0 || len(found) == 0 {
		t.Fatalf("scripts/fuzz-targets: not listed %v; listed but not found %v", missing, stale)
	}
}
