package davsync

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"
	"github.com/emersion/go-webdav/carddav"

	"github.com/referable/referable/app"
)

// client speaks CardDAV and CalDAV to one server. Discovery goes through
// go-webdav; the reports, and the writes with their preconditions
// (If-Match, If-None-Match: *, which go-webdav's PUT does not send), are
// written here, reading each card's text as the server has it.
type client struct {
	http     webdav.HTTPClient
	base     *url.URL
	user     string
	card     *carddav.Client
	cal      *caldav.Client
	dav      *webdav.Client
	requests atomic.Int64 // for the benchmarks and the report
	// refused: the server answered 401, the password is wrong (uploads
	// run side by side, so these two are atomic)
	refused atomic.Bool
}

// watching notes a 401 from the server, whichever library asked.
type watching struct {
	inner webdav.HTTPClient
	c     *client
}

func (w *watching) Do(req *http.Request) (*http.Response, error) {
	resp, err := w.inner.Do(req)
	if err == nil && resp.StatusCode == http.StatusUnauthorized {
		w.c.refused.Store(true)
	}
	return resp, err
}

// errPrecondition is a 412: the object is not as the request assumed.
var errPrecondition = errors.New("davsync: precondition failed")

// errTokenInvalid is a sync-token the server no longer takes.
var errTokenInvalid = errors.New("davsync: sync-token refused")

// HTTPError is an answer the server gave that sync could not use.
type HTTPError struct {
	Method, Path string
	Status       int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s %s: the server answered %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
}

// timeout bounds each request: a server that stops answering is given up
// on, and the sync tried again later.
const timeout = 60 * time.Second

func dial(serverURL, user, password string, rt http.RoundTripper) (*client, error) {
	u, err := parseServerURL(serverURL)
	if err != nil {
		return nil, err
	}
	if rt == nil {
		rt = http.DefaultTransport
	}
	c := &client{base: u, user: user}
	hc := &watching{webdav.HTTPClientWithBasicAuth(&http.Client{Transport: rt, Timeout: timeout, CheckRedirect: keepMethod}, user, password), c}
	c.http = hc
	if c.card, err = carddav.NewClient(hc, u.String()); err != nil {
		return nil, err
	}
	if c.cal, err = caldav.NewClient(hc, u.String()); err != nil {
		return nil, err
	}
	if c.dav, err = webdav.NewClient(hc, u.String()); err != nil {
		return nil, err
	}
	return c, nil
}

// keepMethod follows a redirect with the request's own method: a
// PROPFIND sent to /.well-known/carddav must stay a PROPFIND.
func keepMethod(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("too many redirects")
	}
	if len(via) > 0 && req.Method == http.MethodGet && via[0].Method != http.MethodGet {
		req.Method = via[0].Method
		if via[0].GetBody != nil {
			body, err := via[0].GetBody()
			if err != nil {
				return err
			}
			req.Body = body
			req.GetBody = via[0].GetBody
			req.ContentLength = via[0].ContentLength
		}
		for _, h := range []string{"Depth", "Content-Type", "Authorization"} {
			if v := via[0].Header.Get(h); v != "" {
				req.Header.Set(h, v)
			}
		}
	}
	return nil
}

// parseServerURL reads the server as the owner types it: a full URL, or
// a host name (https is assumed).
func parseServerURL(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, app.Errorf(app.EINVALID, "Name the server: its address, such as https://cloud.example.com.")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, app.Errorf(app.EINVALID, "%q is not a server address such as https://cloud.example.com.", s)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}

// resolve is an href of the server as a URL.
func (c *client) resolve(href string) string {
	return c.base.ResolveReference(&url.URL{Path: href}).String()
}

func (c *client) do(ctx context.Context, method, href string, body []byte, header http.Header) (*http.Response, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.resolve(href), r)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	c.requests.Add(1)
	return c.http.Do(req)
}

// Collection is an address book, calendar or task list on the server.
type Collection struct {
	Path, Name string
	Events     bool // a calendar that takes events
	Tasks      bool // one that takes tasks
}

// discover finds the owner's address books and calendars: through the
// current user's principal at the URL, else through /.well-known.
func (c *client) discover(ctx context.Context) (books, calendars []Collection, err error) {
	principal, err := c.principal(ctx)
	if err != nil {
		return nil, nil, err
	}
	if home, herr := c.card.FindAddressBookHomeSet(ctx, principal); herr == nil {
		abs, ferr := c.card.FindAddressBooks(ctx, home)
		if ferr != nil {
			return nil, nil, c.explain(ferr)
		}
		for _, ab := range abs {
			books = append(books, Collection{Path: ab.Path, Name: nameOf(ab.Name, ab.Path)})
		}
	}
	if home, herr := c.cal.FindCalendarHomeSet(ctx, principal); herr == nil {
		cals, ferr := c.cal.FindCalendars(ctx, home)
		if ferr != nil {
			return nil, nil, c.explain(ferr)
		}
		for _, cl := range cals {
			col := Collection{Path: cl.Path, Name: nameOf(cl.Name, cl.Path)}
			if len(cl.SupportedComponentSet) == 0 {
				col.Events, col.Tasks = true, true
			}
			for _, comp := range cl.SupportedComponentSet {
				col.Events = col.Events || strings.EqualFold(comp, "VEVENT")
				col.Tasks = col.Tasks || strings.EqualFold(comp, "VTODO")
			}
			calendars = append(calendars, col)
		}
	}
	return books, calendars, nil
}

// principal finds the current user's principal at the URL, else
// through /.well-known/carddav (or caldav), which leads to the context
// path of most servers given only their host.
func (c *client) principal(ctx context.Context) (string, error) {
	p, err := c.dav.FindCurrentUserPrincipal(ctx)
	if err == nil || c.refused.Load() || Offline(err) {
		return p, c.explain(err)
	}
	for _, wk := range []string{"/.well-known/carddav", "/.well-known/caldav"} {
		wc, werr := webdav.NewClient(c.http, c.base.Scheme+"://"+c.base.Host+wk)
		if werr != nil {
			continue
		}
		if p, perr := wc.FindCurrentUserPrincipal(ctx); perr == nil {
			return p, nil
		}
	}
	return "", app.Errorf(app.EINVALID, "No address book or calendar server answers at %s: check the address (Nextcloud: https://HOST/remote.php/dav).", c.base.String())
}

func nameOf(name, p string) string {
	if name != "" {
		return name
	}
	return path.Base(strings.TrimSuffix(p, "/"))
}

// homes finds where the owner's address books and calendars are made.
func (c *client) homes(ctx context.Context) (books, calendars string, err error) {
	principal, err := c.principal(ctx)
	if err != nil {
		return "", "", err
	}
	books, _ = c.card.FindAddressBookHomeSet(ctx, principal)
	calendars, _ = c.cal.FindCalendarHomeSet(ctx, principal)
	return books, calendars, nil
}

// create makes a collection named name under home: an address book
// (extended MKCOL, RFC 5689) or a calendar for events and tasks
// (MKCALENDAR, RFC 4791).
func (c *client) create(ctx context.Context, home, name string, addressBook bool) (string, error) {
	slug := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return '-'
	}, name)
	p := strings.TrimSuffix(home, "/") + "/" + strings.Trim(slug, "-") + "/"
	var method, body string
	if addressBook {
		method = "MKCOL"
		body = `<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>` +
			`<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype><D:displayname>` + xmlText(name) + `</D:displayname></D:prop></D:set></D:mkcol>`
	} else {
		method = "MKCALENDAR"
		body = `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>` +
			`<D:displayname>` + xmlText(name) + `</D:displayname><C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="VTODO"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>`
	}
	resp, err := c.do(ctx, method, p, []byte(body), http.Header{"Content-Type": {"application/xml; charset=utf-8"}})
	if err != nil {
		return "", c.explain(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return "", &HTTPError{method, p, resp.StatusCode}
	}
	return p, nil
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Item is an object of a collection: where it is, its ETag, and its
// text when it was asked for.
type Item struct {
	Href, ETag string
	Data       string
}

// multistatus is a WebDAV multi-status answer, as far as sync reads it.
type multistatus struct {
	Responses []struct {
		Href     string `xml:"DAV: href"`
		Status   string `xml:"DAV: status"`
		Propstat []struct {
			Status string `xml:"DAV: status"`
			Prop   struct {
				ETag         string `xml:"DAV: getetag"`
				AddressData  string `xml:"urn:ietf:params:xml:ns:carddav address-data"`
				CalendarData string `xml:"urn:ietf:params:xml:ns:caldav calendar-data"`
				ResourceType *struct {
					Collection *struct{} `xml:"DAV: collection"`
				} `xml:"DAV: resourcetype"`
			} `xml:"DAV: prop"`
		} `xml:"DAV: propstat"`
	} `xml:"DAV: response"`
	SyncToken string `xml:"DAV: sync-token"`
}

func statusCode(s string) int {
	// "HTTP/1.1 404 Not Found"
	f := strings.Fields(s)
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(f[1])
	return n
}

func (c *client) report(ctx context.Context, method, href, depth, body string) (*multistatus, error) {
	resp, err := c.do(ctx, method, href, []byte(body), http.Header{"Content-Type": {"application/xml; charset=utf-8"}, "Depth": {depth}})
	if err != nil {
		return nil, c.explain(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusMultiStatus {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return nil, &HTTPError{method, href, resp.StatusCode}
	}
	var ms multistatus
	if err := xml.NewDecoder(resp.Body).Decode(&ms); err != nil {
		return nil, fmt.Errorf("%s %s: the answer does not read: %w", method, href, err)
	}
	return &ms, nil
}

// changes asks the server what changed in a collection since token
// (RFC 6578): the objects changed, with their ETags, those removed, and
// the token to ask with next. An empty token lists every object. A token
// the server refuses is errTokenInvalid (servers answer 403, 409, 412,
// even 500): the caller lists everything instead.
func (c *client) changes(ctx context.Context, collection, token string) (changed []Item, removed []string, next string, err error) {
	body := `<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>` + xmlText(token) +
		`</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>`
	ms, err := c.report(ctx, "REPORT", collection, "0", body)
	if err != nil {
		var he *HTTPError
		if token != "" && errors.As(err, &he) && he.Status >= 400 && he.Status != http.StatusUnauthorized && he.Status != http.StatusNotFound {
			return nil, nil, "", errTokenInvalid
		}
		return nil, nil, "", err
	}
	for _, r := range ms.Responses {
		href := cleanHref(r.Href, collection)
		if sameCollection(href, collection) {
			continue
		}
		if statusCode(r.Status) == http.StatusNotFound {
			removed = append(removed, href)
			continue
		}
		it := Item{Href: href}
		for _, ps := range r.Propstat {
			if statusCode(ps.Status) == http.StatusOK {
				it.ETag = unquote(ps.Prop.ETag)
			}
		}
		changed = append(changed, it)
	}
	return changed, removed, ms.SyncToken, nil
}

// list lists every object of a collection with its ETag (PROPFIND), for
// a server without sync-tokens or one that refused ours.
func (c *client) list(ctx context.Context, collection string) ([]Item, error) {
	body := `<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><D:resourcetype/></D:prop></D:propfind>`
	ms, err := c.report(ctx, "PROPFIND", collection, "1", body)
	if err != nil {
		return nil, err
	}
	var out []Item
	for _, r := range ms.Responses {
		href := cleanHref(r.Href, collection)
		if sameCollection(href, collection) {
			continue
		}
		it := Item{Href: href}
		isCollection := false
		for _, ps := range r.Propstat {
			if statusCode(ps.Status) == http.StatusOK {
				it.ETag = unquote(ps.Prop.ETag)
				isCollection = isCollection || (ps.Prop.ResourceType != nil && ps.Prop.ResourceType.Collection != nil)
			}
		}
		if !isCollection {
			out = append(out, it)
		}
	}
	return out, nil
}

// fetch reads objects of a collection with their text, a batch a
// request (addressbook-multiget or calendar-multiget).
func (c *client) fetch(ctx context.Context, collection string, hrefs []string, addressBook bool) ([]Item, error) {
	const batch = 200
	var out []Item
	for start := 0; start < len(hrefs); start += batch {
		var b strings.Builder
		if addressBook {
			b.WriteString(`<?xml version="1.0" encoding="utf-8"?><C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><C:address-data/></D:prop>`)
		} else {
			b.WriteString(`<?xml version="1.0" encoding="utf-8"?><C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop>`)
		}
		for _, h := range hrefs[start:min(len(hrefs), start+batch)] {
			b.WriteString("<D:href>" + xmlText((&url.URL{Path: h}).EscapedPath()) + "</D:href>")
		}
		if addressBook {
			b.WriteString(`</C:addressbook-multiget>`)
		} else {
			b.WriteString(`</C:calendar-multiget>`)
		}
		ms, err := c.report(ctx, "REPORT", collection, "1", b.String())
		if err != nil {
			return nil, err
		}
		for _, r := range ms.Responses {
			it := Item{Href: cleanHref(r.Href, collection)}
			for _, ps := range r.Propstat {
				if statusCode(ps.Status) == http.StatusOK {
					it.ETag = unquote(ps.Prop.ETag)
					it.Data = ps.Prop.AddressData + ps.Prop.CalendarData
				}
			}
			if it.Data != "" {
				out = append(out, it)
			}
		}
	}
	return out, nil
}

// get reads one object, for a 412's other version.
func (c *client) get(ctx context.Context, href string) (Item, error) {
	resp, err := c.do(ctx, http.MethodGet, href, nil, nil)
	if err != nil {
		return Item{}, c.explain(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return Item{}, &HTTPError{"GET", href, resp.StatusCode}
	}
	if resp.StatusCode != http.StatusOK {
		return Item{}, &HTTPError{"GET", href, resp.StatusCode}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return Item{}, c.explain(err)
	}
	return Item{Href: href, ETag: unquote(resp.Header.Get("ETag")), Data: string(b)}, nil
}

// put writes an object: a new one only if none is there (If-None-Match:
// *), a known one only if it is still the version etag names (If-Match).
// The object's new ETag is returned when the server says it ("" when it
// does not: the next sync reads it). A 412 is errPrecondition.
func (c *client) put(ctx context.Context, href, contentType, data, etag string) (string, error) {
	h := http.Header{"Content-Type": {contentType + "; charset=utf-8"}}
	if etag == "" {
		h.Set("If-None-Match", "*")
	} else {
		h.Set("If-Match", strconv.Quote(etag))
	}
	resp, err := c.do(ctx, http.MethodPut, href, []byte(data), h)
	if err != nil {
		return "", c.explain(err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPreconditionFailed:
		return "", errPrecondition
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return unquote(resp.Header.Get("ETag")), nil
	}
	return "", &HTTPError{"PUT", href, resp.StatusCode}
}

// remove deletes an object if it is still the version etag names; one
// already gone is fine.
func (c *client) remove(ctx context.Context, href, etag string) error {
	h := http.Header{}
	if etag != "" {
		h.Set("If-Match", strconv.Quote(etag))
	}
	resp, err := c.do(ctx, http.MethodDelete, href, nil, h)
	if err != nil {
		return c.explain(err)
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPreconditionFailed:
		return errPrecondition
	case resp.StatusCode == http.StatusNotFound, resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	}
	return &HTTPError{"DELETE", href, resp.StatusCode}
}

func unquote(etag string) string {
	etag = strings.TrimPrefix(strings.TrimSpace(etag), "W/")
	if u, err := strconv.Unquote(etag); err == nil {
		return u
	}
	return etag
}

// cleanHref is an href of a collection's answer as a path, unescaped,
// as the links keep it: some servers (Xandikos) answer with hrefs
// relative to the collection.
func cleanHref(h, collection string) string {
	u, err := url.Parse(strings.TrimSpace(h))
	if err != nil {
		return h
	}
	if !strings.HasSuffix(collection, "/") {
		collection += "/"
	}
	return (&url.URL{Path: collection}).ResolveReference(u).Path
}

func sameCollection(href, collection string) bool {
	return strings.TrimSuffix(href, "/") == strings.TrimSuffix(collection, "/")
}

// Offline reports whether err is the server out of reach (no network,
// no answer, refused): sync says so quietly and tries again later.
func Offline(err error) bool {
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ne) || errors.As(err, &oe) || errors.Is(err, context.DeadlineExceeded)
}

// explain turns a transport error into a message for the owner.
func (c *client) explain(err error) error {
	switch {
	case err == nil:
		return nil
	case c.refused.Load():
		return app.Errorf(app.EINVALID, "The server does not take this user name and password (for iCloud, Fastmail or Nextcloud, use an app password).")
	case errors.As(err, new(*OfflineError)):
		return err // said already
	case Offline(err):
		return &OfflineError{err}
	}
	return err
}

// OfflineError is the server out of reach: sync says so quietly. It
// reads as a message for the owner (an app.Error: "The server cannot be
// reached (connection refused)…") and still is the network's error.
type OfflineError struct{ Err error }

func (e *OfflineError) message() error {
	return app.Errorf(app.EINVALID, "The server cannot be reached (%s); Referable tries again later.", why(e.Err))
}

func (e *OfflineError) Error() string { return app.ErrorMessage(e.message()) }

func (e *OfflineError) Unwrap() []error { return []error{e.message(), e.Err} }

// why is the network's reason, without the request it failed: "connect:
// connection refused", "no such host: cloud.example.com", "i/o timeout".
func why(err error) string {
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &dns):
		return dns.Err + ": " + dns.Name
	case errors.As(err, &op) && op.Err != nil:
		return op.Err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return app.T("no answer in time")
	}
	return err.Error()
}
