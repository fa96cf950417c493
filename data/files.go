package data

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"github.com/referable/referable/app"
)

// FileError says in words why a file could not be read or written, for
// the errors a person can do something about; others pass through.
func FileError(path string, err error) error {
	if err == nil || app.ErrorCode(err) != app.EINTERNAL {
		return err
	}
	switch {
	case errors.Is(err, syscall.ENAMETOOLONG):
		return app.Errorf(app.EINVALID, "The file name is too long for this system: %.60s…", path)
	case errors.Is(err, syscall.ENOTDIR):
		return app.Errorf(app.EINVALID, "Part of %s is a file, not a folder.", path)
	case errors.Is(err, syscall.EISDIR), isDir(path):
		return app.Errorf(app.EINVALID, "%s is a folder; give the name of a file in it.", path)
	case errors.Is(err, syscall.EINVAL), errors.Is(err, syscall.EILSEQ):
		return app.Errorf(app.EINVALID, "%q has characters this system does not allow in a file name.", path)
	case errors.Is(err, fs.ErrPermission):
		return app.Errorf(app.EINVALID, "You may not write or read %s.", path)
	case errors.Is(err, fs.ErrNotExist):
		return app.Errorf(app.ENOTFOUND, "There is no %s.", path)
	case errors.Is(err, syscall.ENOSPC):
		return app.Errorf(app.EINVALID, "The disk is full; %s was not written.", path)
	}
	return err
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
