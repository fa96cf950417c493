package davsync

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/referable/referable/app"
)

// Found is what an account has on its server.
type Found struct {
	Books, Calendars       []Collection
	BookHome, CalendarHome string // where new ones are made
	ServerURL, User        string
	// CalendarServerURL is where the calendars were found when that is
	// another server than ServerURL (iCloud, Fastmail); else "".
	CalendarServerURL string
}

// Discover connects to the server and lists the address books and
// calendars of the account: from the URL the owner gives (a server's
// DAV root such as https://cloud.example.com/remote.php/dav, or only its
// host, found through /.well-known). Calendars are looked for at
// calendarURL when the owner gives one (a service that keeps them on a
// host of their own); else, when the server has none, at its CalDAV
// sibling (caldav.fastmail.com for carddav.fastmail.com,
// caldav.icloud.com for contacts.icloud.com), if that answers.
func Discover(ctx context.Context, serverURL, calendarURL, user, password string, rt http.RoundTripper) (Found, error) {
	f, err := discoverAt(ctx, serverURL, user, password, rt)
	if err != nil {
		return Found{}, err
	}
	if strings.TrimSpace(calendarURL) == "" {
		calendarURL = calDAVSibling(f.ServerURL)
		if calendarURL == "" || f.CalendarHome != "" || len(f.Calendars) > 0 {
			return f, nil
		}
		probe, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if g, err := discoverAt(probe, calendarURL, user, password, rt); err == nil && (len(g.Calendars) > 0 || g.CalendarHome != "") {
			f.Calendars, f.CalendarHome, f.CalendarServerURL = g.Calendars, g.CalendarHome, g.ServerURL
		}
		return f, nil
	}
	g, err := discoverAt(ctx, calendarURL, user, password, rt)
	if err != nil {
		return Found{}, app.Errorf(app.EINVALID, "The calendar server: %s", app.ErrorMessage(err))
	}
	f.Calendars, f.CalendarHome = g.Calendars, g.CalendarHome
	if g.ServerURL != f.ServerURL {
		f.CalendarServerURL = g.ServerURL
	}
	return f, nil
}

// discoverAt lists what the account has at one server.
func discoverAt(ctx context.Context, serverURL, user, password string, rt http.RoundTripper) (Found, error) {
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

// calDAVSibling is the CalDAV host of a CardDAV host named carddav.* or
// contacts.* (as Fastmail's and iCloud's are), else "".
func calDAVSibling(server string) string {
	u, err := url.Parse(server)
	if err != nil {
		return ""
	}
	host, rest, ok := strings.Cut(u.Host, ".")
	if !ok || (host != "carddav" && host != "contacts") {
		return ""
	}
	return u.Scheme + "://caldav." + rest + "/"
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
	server, home := f.ServerURL, f.BookHome
	if !addressBook {
		home = f.CalendarHome
		if f.CalendarServerURL != "" {
			server = f.CalendarServerURL
		}
	}
	c, err := dial(server, f.User, password, rt)
	if err != nil {
		return Collection{}, err
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
		return app.Errorf(app.EINVALID, "This computer has no keyring to keep the password in, so Referable asks for it again each time it starts.")
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
