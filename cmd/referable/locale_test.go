package main

import (
	"strings"
	"testing"
)

// A command that opens no window prints nothing of Fyne's, under the
// locales servers, containers and CI run with.
func TestNoFyneLogsOnTheCommandLine(t *testing.T) {
	db := t.TempDir() + "/quiet.db"
	for _, env := range [][]string{{"LANG=C.UTF-8"}, {"LANG=C"}, {"LANG=POSIX"}, {"LC_ALL=C.UTF-8"}, {"LANG="}, {"LANG=de_DE.UTF-8"}} {
		cmd := child(db, strings.Join([]string{"--db", db, "list"}, "\t"))
		cmd.Env = append(withoutLocale(cmd.Env), env...)
		out, err := cmd.CombinedOutput()
		if err != nil || strings.Contains(string(out), "Fyne") {
			t.Errorf("%v: %v\n%s", env, err, out)
		}
	}
}

func withoutLocale(env []string) []string {
	var out []string
	for _, e := range env {
		name, _, _ := strings.Cut(e, "=")
		if name != "LANG" && name != "LANGUAGE" && !strings.HasPrefix(name, "LC_") {
			out = append(out, e)
		}
	}
	return out
}
