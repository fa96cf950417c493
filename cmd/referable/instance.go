package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/data"
)

// windowClaim is this copy of the app's hold on a database's window: the
// lock, and a local socket a second copy uses to ask for the window to
// come to the front.
type windowClaim struct {
	release func()
	ln      net.Listener
}

// alreadyOpen is the answer a second copy of the app gets.
type alreadyOpen struct {
	path   string
	raised bool
}

func (e alreadyOpen) Error() string {
	if e.raised {
		return app.Tf("Referable is already open on %s. Its window has been brought to the front.", e.path)
	}
	return app.Tf("Referable is already open on %s. Switch to its window; two windows on one database would overwrite each other's changes.", e.path)
}

// raiseSocket is where the first window listens. It is a Unix-domain
// socket (Linux, macOS, Windows 10 and later): nothing leaves the
// computer. Paths too long for a socket go under the temp folder by hash.
func raiseSocket(dbPath string) string {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		abs = dbPath
	}
	if p := abs + ".sock"; len(p) < 100 {
		return p
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(os.TempDir(), "referable-"+hex.EncodeToString(sum[:8])+".sock")
}

// claimWindow takes the database's window for this copy of the app, and
// calls raise when a second copy asks for the window. When another copy
// has it, that copy is asked to come to the front and the error says so.
func claimWindow(dbPath string, raise func()) (*windowClaim, error) {
	release, err := data.LockWindow(dbPath)
	if errors.Is(err, data.ErrInUse) {
		return nil, alreadyOpen{path: dbPath, raised: askToRaise(raiseSocket(dbPath))}
	} else if err != nil {
		return nil, err
	}
	sock := raiseSocket(dbPath)
	os.Remove(sock) // left by a copy that was killed: we hold the lock now
	ln, err := net.Listen("unix", sock)
	if err != nil {
		// Raising is a nicety; the lock is what matters.
		return &windowClaim{release: release}, nil
	}
	os.Chmod(sock, 0o600)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.SetReadDeadline(time.Now().Add(time.Second))
			line, _ := bufio.NewReader(conn).ReadString('\n')
			if line == "raise\n" && raise != nil {
				raise()
			}
			fmt.Fprintln(conn, "ok")
			conn.Close()
		}
	}()
	return &windowClaim{release: release, ln: ln}, nil
}

// askToRaise asks the first window to come to the front; false when it
// could not be reached.
func askToRaise(sock string) bool {
	conn, err := net.DialTimeout("unix", sock, time.Second)
	if err != nil {
		return false
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := fmt.Fprintln(conn, "raise"); err != nil {
		return false
	}
	reply, _ := bufio.NewReader(conn).ReadString('\n')
	return reply == "ok\n"
}

// Close gives the window up.
func (c *windowClaim) Close() {
	if c.ln != nil {
		c.ln.Close()
	}
	c.release()
}
