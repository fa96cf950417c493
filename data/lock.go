package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrInUse says another copy of the app holds the database's window
// lock.
var ErrInUse = errors.New("the database is open in another Referable window")

// LockWindow takes the lock that lets one app window at a time work on
// the database at dbPath: a second copy of the app is told so instead of
// editing the same records beside the first. The command line does not
// take it: it reads while the window is open, and its writes wait their
// turn (the busy timeout). The lock goes with the process, however it
// ends; release lets it go before.
func LockWindow(dbPath string) (release func(), err error) {
	// On first run the data folder does not exist yet.
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return nil, fmt.Errorf("lock the database: %w", err)
	}
	f, err := os.OpenFile(dbPath+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the database: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, ErrInUse) {
			return nil, ErrInUse
		}
		return nil, fmt.Errorf("lock the database: %w", err)
	}
	return func() { unlockFile(f); f.Close() }, nil
}
