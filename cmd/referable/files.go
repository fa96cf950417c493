package main

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/referable/referable/app"
	_ "github.com/referable/referable/cmd/referable/internal/fynelocale" // before Fyne starts: see there
	"github.com/referable/referable/data"
)

// writePrivateFile writes a file readable by its owner only, through a
// temporary file and a rename, so a failed write leaves no half file.
func writePrivateFile(path string, body []byte) error {
	return writePrivate(path, func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	})
}

// writePrivate is writePrivateFile for output written as it is made.
// The temporary file is one data.CleanTemps knows, so a run killed
// half-way leaves nothing behind for long.
func writePrivate(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return app.Errorf(app.EINVALID, "%s is a folder; give the name of a file in it.", path)
	}
	tmp, err := data.CreateTemp(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return app.Errorf(app.EINVALID, "Cannot write %s: there is no folder %s.", path, dir)
	case errors.Is(err, fs.ErrPermission):
		return app.Errorf(app.EINVALID, "Cannot write %s: you may not write in %s.", path, dir)
	case err != nil:
		return data.FileError(path, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err = write(bw); err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil && app.ErrorCode(err) == app.EINTERNAL {
		return data.FileError(path, err)
	}
	return err
}
