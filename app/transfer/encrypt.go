package transfer

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"filippo.io/age"

	"github.com/referable/referable/app"
)

// Encrypted exports are age files (filippo.io/age: a maintained, audited
// format with a passphrase mode, scrypt-hardened) so a backup kept off
// the laptop — a USB stick, a cloud folder — is no use to whoever finds
// it without the passphrase.

// MinPassphrase is the shortest passphrase accepted for an export.
const MinPassphrase = 10

// ErrPassphraseNeeded says a file is encrypted and a passphrase must be
// asked for.
var ErrPassphraseNeeded = app.Errorf(app.EINVALID, "This file is encrypted: give the passphrase it was exported with.")

// CheckPassphrase refuses a passphrase too short to protect a file.
func CheckPassphrase(pass string) error {
	if utf8.RuneCountInString(pass) < MinPassphrase {
		return app.Errorf(app.EINVALID, "Choose a passphrase of at least %d characters: a few words you will remember.", MinPassphrase)
	}
	return nil
}

// Encrypt returns a writer that encrypts what is written to w with the
// passphrase; closing it finishes the file.
func Encrypt(w io.Writer, pass string) (io.WriteCloser, error) {
	if err := CheckPassphrase(pass); err != nil {
		return nil, err
	}
	r, err := age.NewScryptRecipient(pass)
	if err != nil {
		return nil, err
	}
	return age.Encrypt(w, r)
}

// IsEncrypted reports whether a file starts as an encrypted export.
func IsEncrypted(head []byte) bool {
	return bytes.HasPrefix(head, []byte("age-encryption.org/v1\n"))
}

// Decrypt reads an encrypted export with the passphrase.
func Decrypt(r io.Reader, pass string) (io.Reader, error) {
	if pass == "" {
		return nil, ErrPassphraseNeeded
	}
	id, err := age.NewScryptIdentity(pass)
	if err != nil {
		return nil, err
	}
	out, err := age.Decrypt(r, id)
	var wrong *age.NoIdentityMatchError
	if errors.As(err, &wrong) {
		return nil, app.Errorf(app.EINVALID, "That passphrase does not open this file.")
	} else if err != nil {
		return nil, app.Errorf(app.EINVALID, "The encrypted file is damaged: %v.", err)
	}
	return out, nil
}
