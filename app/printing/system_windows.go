package printing

import (
	"os/exec"
	"strings"
)

// PrintThroughSystem prints a PDF with the system's PDF handler's Print
// command.
func PrintThroughSystem(path string) error {
	quoted := "'" + strings.ReplaceAll(path, "'", "''") + "'"
	return exec.Command("powershell", "-NoProfile", "-NonInteractive", "-Command", "Start-Process -FilePath "+quoted+" -Verb Print").Run()
}
