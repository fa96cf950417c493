//go:build !windows

package printing

import "errors"

// PrintThroughSystem is Windows's way to print; elsewhere CUPS prints.
func PrintThroughSystem(string) error {
	return errors.New("printing through the system's PDF handler is for Windows; here Referable prints through CUPS")
}
