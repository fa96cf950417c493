package davsync

import (
	"context"
	"net/http"
	"strings"

	"github.com/zalando/go-keyring"

	"github.com/referable/referable/app"
)

// Found is what an account has on its server.
type Found struct {
	Books, Calendars       []Collection
	BookHome, CalendarHome string // where new ones are made
	ServerURL, User        string
}

// Discover connects to the server and lists the address books and
// calendars of the account: from the URL the owner gives (a server's
// DAV root such as https://cloud.example.com/remote.php/dav, or only its
// host, found through /.well-known).
func Discover(ctx context.Context, serverURL, user, password string, rt http.RoundTripper) (Found, error) {
	c, err := dial(serverURL, user, password, rt)
	if err != nil {
		return Found{}, err
	}
	books, cals, err := c.discover(ctx)
	if err != nil {
		return Found{}, c.explain(err)
	}
	f := Found{Books: books, Calendars: cals, ServerURL: c.base.String(), User: user}
	f.BookHome, f.CalendarHome, _ = c.homes(ctx)
	return f, nil
}

// Pick finds a collection by its name or path ("" picks the first);
// want says whether it must take events or tasks (calendars only).
func Pick(cols []Collection, name string, events, tasks bool) (Collection, bool) {
	for _, c := range cols {
		if (events && !c.Events) || (tasks && !c.Tasks) {
			continue
		}
		if name == "" || strings.EqualFold(c.Name, name) || c.Path == name || strings.Trim(c.Path, "/") == strings.Trim(name, "/") {
			return c, true
		}
	}
	return Collection{}, false
}

// Create makes an address book, or a calendar for events and tasks,
// named name in the account's home on the server.
func Create(ctx context.Context, f Found, password, name string, addressBook bool, rt http.RoundTripper) (Collection, error) {
	c, err := dial(f.ServerURL, f.User, password, rt)
	if err != nil {
		return Collection{}, err
	}
	home := f.CalendarHome
	if addressBook {
		home = f.BookHome
	}
	if home == "" {
		return Collection{}, app.Errorf(app.EINVALID, "The server says nowhere to make a new one: make it in its own app, then choose it here.")
	}
	p, err := c.create(ctx, home, name, addressBook)
	if err != nil {
		return Collection{}, c.explain(err)
	}
	return Collection{Path: p, Name: name, Events: !addressBook, Tasks: !addressBook}, nil
}

// keyringService names Referable's passwords in the system's keyring.
const keyringService = "Referable sync"

func keyringUser(a Account) string { return a.Username + " at " + a.ServerURL }

// SavePassword keeps the account's password in the system's keyring
// (the Secret Service on Linux, the Keychain, the Credential Manager),
// never in the book. Without a keyring it says so, and the password is
// asked for each time.
func SavePassword(a Account, password string) error {
	if err := keyring.Set(keyringService, keyringUser(a), password); err != nil {
		return app.Errorf(app.EINVALID, "This computer has no keyring to keep the password in (%s): it is asked for each time.", err.Error())
	}
	return nil
}

// Password is the account's password from the keyring, or "" when it is
// not there (or there is no keyring).
func Password(a Account) string {
	pw, err := keyring.Get(keyringService, keyringUser(a))
	if err != nil {
		return ""
	}
	return pw
}

// ForgetPassword takes the account's password out of the keyring.
func ForgetPassword(a Account) { _ = keyring.Delete(keyringService, keyringUser(a)) }
