package davsync

import (
	"context"

	"github.com/referable/referable/app"
)

// TakeTheirs settles a conflict with the server's value: the contact
// takes it (the next sync sends it back up), and the conflict goes.
// KeepMine settles it with the book's: the conflict goes.
func TakeTheirs(ctx context.Context, store Store, contacts app.ContactService, c Conflict) error {
	return store.Atomically(ctx, func(ctx context.Context) error {
		ct, err := contacts.FindContactByID(ctx, c.ContactID)
		if err != nil {
			return err
		}
		links, err := store.Links(ctx)
		if err != nil {
			return err
		}
		ix := indexLinks(links)
		f := FieldsOf(ct, ix.uidOf(ct.ReferredByID))
		if c.Theirs == "" {
			delete(f, c.Field)
		} else {
			f[c.Field] = c.Theirs
		}
		if ref := f.Apply(ct); c.Field == fReferredBy {
			ct.ReferredByID = 0
			if l := ix.byUID[ref]; l != nil {
				ct.ReferredByID = l.ContactID
			}
		}
		if err := contacts.UpdateContact(ctx, ct); err != nil {
			return err
		}
		return store.DeleteConflict(ctx, c.ID)
	})
}

// KeepMine settles a conflict with the book's value, which the server has
// already.
func KeepMine(ctx context.Context, store Store, c Conflict) error {
	return store.DeleteConflict(ctx, c.ID)
}
