//go:build !windows

package data

import (
	"os"
	"path/filepath"
	"syscall"

	"github.com/referable/referable/app"
)

// notWritable says why the database at path, or the folder that holds
// its journal, cannot be written; "" when both can. It asks the system
// (access(2)), so it is right for root, read-only mounts and ACLs alike.
func notWritable(path string) string {
	const wOK = 2
	if err := syscall.Access(path, wOK); err != nil && !os.IsNotExist(err) {
		return app.Tf("the file is read-only: %s", err.Error())
	}
	if err := syscall.Access(filepath.Dir(path), wOK); err != nil {
		return app.Tf("its folder is read-only: %s", err.Error())
	}
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if err := syscall.Access(p, wOK); err != nil && !os.IsNotExist(err) {
			return app.Tf("%s beside it is read-only and belongs to someone else: %s", filepath.Base(p), err.Error())
		}
	}
	return ""
}

func ownedByMe(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}

// holdTemp marks a temporary file as in use for as long as f is open, so
// a cleaner in another process leaves it alone (flock goes with the
// process, however it ends).
func holdTemp(f *os.File) { syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) }

// tempInUse reports whether another open file holds the temporary file.
func tempInUse(path string, _ os.FileInfo) bool {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return false
	} else if err != nil {
		return true
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

func notWritableFile(path string) bool { return syscall.Access(path, 2) != nil }
