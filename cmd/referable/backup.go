package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/transfer"
	"github.com/referable/referable/data"
	"github.com/referable/referable/ui"
)

func runBackup(ctx context.Context, svc ui.Services, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("o", "", "backup file")
	if err := fs.Parse(args); err != nil {
		return usagef("backup: %v", err)
	}
	switch {
	case fs.NArg() > 0:
		return usagef("backup: unexpected %q", fs.Arg(0))
	case *out == "":
		return usagef("backup: name the file to write with -o FILE")
	case data.OwnFile(svc.DBPath, *out) != "":
		return usagef("backup: -o names %s (%s); choose another file", data.OwnFile(svc.DBPath, *out), *out)
	}
	if err := svc.Backups.BackupTo(ctx, *out); err != nil {
		return err
	}
	fmt.Fprint(stdout, app.Tf("Backed up %s to %s.\n", svc.DBPath, *out))
	return nil
}

func runRestore(ctx context.Context, dbPath string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	passFile := fs.String("passphrase-file", "", "")
	if err := fs.Parse(args); err != nil {
		return usagef("restore: %v", err)
	}
	if args = fs.Args(); len(args) != 1 {
		return usagef("restore: name one backup file: referable restore FILE")
	}
	// Replacing the data under an open window would leave it showing, and
	// saving, what is no longer there.
	release, err := data.LockWindow(dbPath)
	if errors.Is(err, data.ErrInUse) {
		return app.Errorf(app.EINVALID, "Referable is open on %s: close its window first, or restore from its Settings → Backups.", dbPath)
	} else if err != nil {
		return err
	}
	defer release()
	kept, err := data.Restore(ctx, dbPath, args[0], "")
	if errors.Is(err, transfer.ErrPassphraseNeeded) {
		pass, perr := passphrase(*passFile, false)
		if perr != nil {
			return perr
		}
		kept, err = data.Restore(ctx, dbPath, args[0], pass)
	}
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, app.Tf("Restored %s from %s.\nThe database as it was is kept in %s.\n", dbPath, args[0], kept))
	return nil
}
