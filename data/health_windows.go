//go:build windows

package data

import (
	"os"
	"path/filepath"
	"time"

	"github.com/referable/referable/app"
)

// notWritable says why the database at path, or its folder, cannot be
// written; "" when both can. Windows has no access(2): the read-only
// attribute and a probe file in the folder tell.
func notWritable(path string) string {
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o200 == 0 {
		return app.T("the file is read-only")
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".referable-probe-*")
	if err != nil {
		return app.Tf("its folder cannot be written: %s", plainOSError(err))
	}
	f.Close()
	os.Remove(f.Name())
	return ""
}

func ownedByMe(os.FileInfo) bool { return true }

// holdTemp is a no-op on Windows: a byte-range lock there would stop
// SQLite writing the file; stale files are known by their age instead.
func holdTemp(*os.File) {}

func tempInUse(_ string, fi os.FileInfo) bool { return time.Since(fi.ModTime()) < recentEnough }

func notWritableFile(path string) bool {
	fi, err := os.Stat(path)
	return err != nil || fi.Mode().Perm()&0o200 == 0
}
