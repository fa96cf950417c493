package davsync

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/referable/referable/app"
)

// Engine syncs one book with the account set up in it.
type Engine struct {
	Store     Store
	Contacts  app.ContactService
	FollowUps app.FollowUpService
	Calendar  app.CalendarService
	Settings  app.SettingsService
	Password  string
	Transport http.RoundTripper // nil: the system's
	Now       func() time.Time
	// DryRun reads both sides and says what a sync would change,
	// changing neither.
	DryRun bool
}

// Counts are the changes of one kind, one way.
type Counts struct{ Created, Updated, Deleted int }

func (c Counts) Total() int { return c.Created + c.Updated + c.Deleted }

// Report says what a sync did (or, dry, would do).
type Report struct {
	Down, Up     Counts // contacts from the server, and to it
	Conflicts    int    // fields both sides changed differently, kept for the owner
	Events       Counts // yearly dates published
	TasksUp      Counts // follow-ups made tasks, completed or removed there
	TasksDone    int    // follow-ups closed because their task was completed there
	Lines        []string
	Problems     []string
	Requests     int
	Took         time.Duration
	FullListing  bool // the server's sync-token was refused or absent: everything was compared
	DryRun       bool
	Unchanged    bool
	AddressBook  string
	ServerChecks int
}

// Summary says the report in one line: "3 down, 1 up, 1 conflict".
func (r Report) Summary() string {
	var parts []string
	if n := r.Down.Total(); n > 0 {
		parts = append(parts, app.TN("%d change from the server", "%d changes from the server", n))
	}
	if n := r.Up.Total(); n > 0 {
		parts = append(parts, app.TN("%d change to the server", "%d changes to the server", n))
	}
	if n := r.Events.Total() + r.TasksUp.Total() + r.TasksDone; n > 0 {
		parts = append(parts, app.TN("%d calendar or task change", "%d calendar and task changes", n))
	}
	if r.Conflicts > 0 {
		parts = append(parts, app.TN("%d conflict to choose", "%d conflicts to choose", r.Conflicts))
	}
	if len(parts) == 0 {
		return app.T("Everything was in step.")
	}
	return app.Tf("%s.", strings.Join(parts, ", "))
}

var errDryRun = errors.New("davsync: dry run")

// Sync brings the book and the server in step: contacts both ways, then
// the yearly dates and the tasks. It stops at the first error the
// server gives; what was done before it is kept, on both sides, and the
// next sync carries on.
func (e *Engine) Sync(ctx context.Context) (Report, error) {
	start := time.Now()
	now := e.now()
	rep := Report{DryRun: e.DryRun}
	acct, err := e.Store.Account(ctx)
	if err != nil {
		return rep, err
	}
	c, err := dial(acct.ServerURL, acct.Username, e.Password, e.Transport)
	if err != nil {
		return rep, err
	}
	rep.AddressBook = acct.AddressBookName
	if acct.AddressBook != "" {
		err = e.syncContacts(ctx, c, acct, &rep)
	}
	cal := c // the calendar and task list: on the same server, or their own
	if err == nil && acct.CalendarServerURL != "" && acct.CalendarServerURL != acct.ServerURL && (acct.Calendar != "" || acct.Tasks != "") {
		cal, err = dial(acct.CalendarServerURL, acct.Username, e.Password, e.Transport)
	}
	if err == nil && acct.Calendar != "" {
		err = e.publishDates(ctx, cal, acct, &rep)
	}
	if err == nil && acct.Tasks != "" {
		err = e.syncTasks(ctx, cal, acct, &rep)
	}
	rep.Requests, rep.Took = int(c.requests.Load()), time.Since(start)
	if cal != c && cal != nil {
		rep.Requests += int(cal.requests.Load())
	}
	if err != nil {
		if cal != nil && cal != c && cal.refused.Load() {
			err = cal.explain(err)
		} else {
			err = c.explain(err)
		}
	}
	if !e.DryRun {
		result := rep.Summary()
		if err != nil {
			result = app.ErrorMessage(err)
		}
		if serr := e.Store.SetResult(ctx, now, result, err == nil); serr != nil && err == nil {
			err = serr
		}
	}
	return rep, err
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// linkIndex finds links by href, UID and contact.
type linkIndex struct {
	byHref, byUID map[string]*Link
	byContact     map[int64]*Link
}

func indexLinks(links []Link) *linkIndex {
	ix := &linkIndex{byHref: map[string]*Link{}, byUID: map[string]*Link{}, byContact: map[int64]*Link{}}
	for i := range links {
		ix.add(&links[i])
	}
	return ix
}

func (ix *linkIndex) add(l *Link) {
	if old := ix.byUID[l.UID]; old != nil {
		ix.remove(old)
	}
	ix.byHref[l.Href], ix.byUID[l.UID] = l, l
	if l.ContactID != 0 {
		ix.byContact[l.ContactID] = l
	}
}

func (ix *linkIndex) remove(l *Link) {
	delete(ix.byHref, l.Href)
	delete(ix.byUID, l.UID)
	if ix.byContact[l.ContactID] == l {
		delete(ix.byContact, l.ContactID)
	}
}

// uidOf is a contact's UID on the server, "" before it has one.
func (ix *linkIndex) uidOf(id int64) string {
	if l := ix.byContact[id]; l != nil {
		return l.UID
	}
	return ""
}

// syncContacts pulls what changed on the server into the book, in one
// transaction, then pushes what changed in the book.
func (e *Engine) syncContacts(ctx context.Context, c *client, acct Account, rep *Report) error {
	token, _, err := e.Store.Tokens(ctx)
	if err != nil {
		return err
	}
	links, err := e.Store.Links(ctx)
	if err != nil {
		return err
	}
	ix := indexLinks(links)
	changed, removed, next, err := c.changes(ctx, acct.AddressBook, token)
	if errors.Is(err, errTokenInvalid) {
		rep.FullListing = true // the server forgot our token: compare everything
		changed, removed, next, err = c.changes(ctx, acct.AddressBook, "")
	}
	if err != nil && !Offline(err) && !c.refused.Load() {
		// A server without sync-tokens: list every card and compare.
		rep.FullListing, next = true, ""
		var all []Item
		if all, err = c.list(ctx, acct.AddressBook); err == nil {
			changed, removed = compareListing(all, ix)
		}
	} else if err == nil && token == "" {
		// A first listing: what is linked but not listed is gone.
		_, removed = compareListing(changed, ix)
	}
	if err != nil {
		return err
	}
	var hrefs []string
	for _, it := range changed {
		if l := ix.byHref[it.Href]; l != nil && l.ETag != "" && l.ETag == it.ETag {
			continue // our own write, or nothing new
		}
		hrefs = append(hrefs, it.Href)
	}
	fetched, err := c.fetch(ctx, acct.AddressBook, hrefs, true)
	if err != nil {
		return err
	}
	push := map[string]bool{} // links whose merge the server has yet to get
	err = e.Store.Atomically(ctx, func(ctx context.Context) error {
		p := puller{e: e, ix: ix, rep: rep, today: app.DateOf(e.now()), push: push}
		for _, it := range fetched {
			if err := p.pull(ctx, it); err != nil {
				return err
			}
		}
		if err := p.flush(ctx); err != nil {
			return err
		}
		for _, href := range removed {
			if err := p.removed(ctx, href); err != nil {
				return err
			}
		}
		if err := p.linkReferrers(ctx); err != nil {
			return err
		}
		if err := e.Store.SetTokens(ctx, next, ""); err != nil {
			return err
		}
		if e.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
		links, _ = e.Store.Links(ctx) // the pull was not kept
		ix = indexLinks(links)
	}
	if err != nil {
		return err
	}
	return e.push(ctx, c, acct, ix, push, rep)
}

// compareListing turns a full listing into what changed and what went,
// against the links.
func compareListing(all []Item, ix *linkIndex) (changed []Item, removed []string) {
	seen := map[string]bool{}
	for _, it := range all {
		seen[it.Href] = true
		if l := ix.byHref[it.Href]; l == nil || l.ETag != it.ETag {
			changed = append(changed, it)
		}
	}
	for href, l := range ix.byHref {
		if !seen[href] && l.ETag != "" {
			removed = append(removed, href)
		}
	}
	sort.Strings(removed)
	return changed, removed
}

// puller applies the server's changes to the book.
type puller struct {
	e         *Engine
	ix        *linkIndex
	rep       *Report
	today     app.Date
	push      map[string]bool
	referrers map[int64]string // contact → its referrer's UID, to link once all are in
	unlinked  *matcher
	// New cards wait to be saved as contacts in one go (flush): a first
	// sync of thousands is one batch, not thousands of saves.
	fresh   []freshCard
	pending map[*Link]bool
}

type freshCard struct {
	c      app.Contact
	l      *Link
	refUID string
	href   string
}

func (p *puller) line(s string) { p.rep.Lines = append(p.rep.Lines, s) }

func (p *puller) pull(ctx context.Context, it Item) error {
	remote, uid, refUID, rerr := readCard(it.Data, p.today)
	if uid == "" {
		uid = uidOfCard(it.Data)
	}
	l := p.ix.byHref[it.Href]
	if l == nil && uid != "" {
		l = p.ix.byUID[uid]
	}
	if l != nil && p.pending[l] {
		// A second card for one waiting to be saved: save it first.
		if err := p.flush(ctx); err != nil {
			return err
		}
	}
	if rerr != nil {
		p.rep.Problems = append(p.rep.Problems, app.Tf("The card %s on the server is left alone: %s", it.Href, app.ErrorMessage(rerr)))
		if l != nil {
			l.ETag, l.Card = it.ETag, it.Data
			return p.e.Store.PutLink(ctx, *l)
		}
		return nil
	}
	if uid == "" {
		uid = "href:" + it.Href // a card without a UID is known by where it is
	}
	theirs := FieldsOf(&remote, refUID)
	var local *app.Contact
	base := Fields{}
	if l != nil && l.ContactID != 0 {
		found, err := p.e.Contacts.FindContactByID(ctx, l.ContactID)
		if app.ErrorCode(err) == app.ENOTFOUND {
			found, l.ContactID = nil, 0 // deleted here for good, changed there: it comes back
		} else if err != nil {
			return err
		}
		local, base = found, ParseFields(l.Base)
	}
	if local != nil {
		if !local.DeletedAt.IsZero() {
			// Trashed here, changed there: the change wins, nothing is lost.
			if err := p.e.Contacts.RestoreContact(ctx, local.ID); err != nil {
				return err
			}
			local.DeletedAt = time.Time{}
			p.line(app.Tf("↓ %s: changed on the server, so taken out of the trash", local.Name()))
		}
	} else if m := p.matcher(ctx); m != nil && (l == nil || l.ContactID == 0) {
		if id := m.match(&remote, uid); id != 0 {
			found, err := p.e.Contacts.FindContactByID(ctx, id)
			if err != nil {
				return err
			}
			local = found
			m.taken(id)
		}
	}
	if l == nil {
		l = &Link{UID: uid}
	}
	l.Href, l.ETag, l.Card = it.Href, it.ETag, it.Data
	if local == nil {
		// New on the server: a new contact here, saved with the others.
		c := remote
		c.ReferredByID = 0
		l.ContactID = 0
		p.ix.add(l)
		if p.pending == nil {
			p.pending = map[*Link]bool{}
		}
		p.pending[l] = true
		p.fresh = append(p.fresh, freshCard{c: c, l: l, refUID: refUID, href: it.Href})
		return nil
	}
	mine := FieldsOf(local, p.ix.uidOf(local.ReferredByID))
	merged, conflicts := Merge(base, mine, theirs)
	l.ContactID = local.ID
	if !merged.Equal(mine) {
		referrer := merged.Apply(local)
		if err := p.e.Contacts.UpdateContact(ctx, local); err != nil {
			p.rep.Problems = append(p.rep.Problems, app.Tf("%s is not changed as the server has them: %s", local.Name(), app.ErrorMessage(err)))
		} else {
			p.rep.Down.Updated++
			p.line(app.Tf("↓ changed: %s", local.Name()))
			if referrer != mine[fReferredBy] {
				p.refer(local.ID, referrer)
			}
		}
	}
	for _, cf := range conflicts {
		p.rep.Conflicts++
		p.line(app.Tf("⚠ %s: %s differs on both sides; yours is kept, theirs is in the conflict list", local.Name(), FieldName(cf.Field)))
		if err := p.e.Store.AddConflict(ctx, Conflict{ContactID: local.ID, Field: cf.Field, Mine: cf.Mine, Theirs: cf.Theirs, FoundAt: p.e.now()}); err != nil {
			return err
		}
	}
	l.Base = theirs.JSON() // what the server has; the book has merged
	if merged.Equal(theirs) {
		updated, err := p.e.Contacts.FindContactByID(ctx, local.ID)
		if err != nil {
			return err
		}
		l.UpdatedAt = stamp(updated.UpdatedAt)
	} else {
		p.push[l.UID] = true
	}
	p.ix.add(l)
	return p.e.Store.PutLink(ctx, *l)
}

// flush saves the new cards waiting as contacts: all in one batch, or,
// if one of them cannot be saved, each on its own, so only that card is
// left out (and said so).
func (p *puller) flush(ctx context.Context) error {
	batch := p.fresh
	p.fresh, p.pending = nil, nil
	if len(batch) == 0 {
		return nil
	}
	cs := make([]*app.Contact, len(batch))
	for i := range batch {
		cs[i] = &batch[i].c
	}
	if err := p.e.Contacts.CreateContacts(ctx, cs); err != nil {
		for i, c := range cs {
			if err := p.e.Contacts.CreateContact(ctx, c); err != nil {
				c.ID = 0
				p.rep.Problems = append(p.rep.Problems, app.Tf("The card %s on the server is left alone: %s", batch[i].href, app.ErrorMessage(err)))
			}
		}
	}
	for i := range batch {
		f := &batch[i]
		if f.c.ID == 0 {
			p.ix.remove(f.l)
			continue
		}
		p.rep.Down.Created++
		p.line(app.Tf("↓ new: %s", f.c.Name()))
		f.l.ContactID = f.c.ID
		f.l.Base = FieldsOf(&f.c, f.refUID).JSON()
		f.l.UpdatedAt = stamp(f.c.UpdatedAt)
		if f.refUID != "" {
			p.refer(f.c.ID, f.refUID)
		}
		p.ix.add(f.l)
		if err := p.e.Store.PutLink(ctx, *f.l); err != nil {
			return err
		}
	}
	return nil
}

// removed is a card deleted on the server: its contact goes to the
// trash, unless it changed here since, when it stays (and goes back up).
func (p *puller) removed(ctx context.Context, href string) error {
	l := p.ix.byHref[href]
	if l == nil {
		return nil
	}
	p.ix.remove(l)
	if err := p.e.Store.DeleteLink(ctx, l.UID); err != nil {
		return err
	}
	if l.ContactID == 0 {
		return nil
	}
	c, err := p.e.Contacts.FindContactByID(ctx, l.ContactID)
	if err != nil || !c.DeletedAt.IsZero() {
		return nil // gone here too
	}
	if !FieldsOf(c, p.ix.uidOf(c.ReferredByID)).Equal(ParseFields(l.Base)) {
		p.line(app.Tf("↓ %s: deleted on the server but changed here, so kept", c.Name()))
		return nil
	}
	if err := p.e.Contacts.TrashContact(ctx, c.ID); err != nil {
		return err
	}
	p.rep.Down.Deleted++
	p.line(app.Tf("↓ to the trash: %s (deleted on the server)", c.Name()))
	return nil
}

// refer notes whom a contact was referred by, by their UID, to link
// once every card of the sync is in.
func (p *puller) refer(id int64, uid string) {
	if p.referrers == nil {
		p.referrers = map[int64]string{}
	}
	p.referrers[id] = uid
}

func (p *puller) linkReferrers(ctx context.Context) error {
	for id, uid := range p.referrers {
		want := int64(0)
		if l := p.ix.byUID[uid]; l != nil && uid != "" {
			want = l.ContactID
		}
		c, err := p.e.Contacts.FindContactByID(ctx, id)
		if err != nil {
			return err
		}
		if c.ReferredByID == want || (want == 0 && uid != "") {
			continue // as it should be, or the referrer is not here
		}
		c.ReferredByID = want
		if err := p.e.Contacts.UpdateContact(ctx, c); err != nil {
			p.rep.Problems = append(p.rep.Problems, app.Tf("%s is not changed as the server has them: %s", c.Name(), app.ErrorMessage(err)))
			continue
		}
		if l := p.ix.byContact[id]; l != nil && !p.push[l.UID] {
			l.UpdatedAt = stamp(c.UpdatedAt)
			if err := p.e.Store.PutLink(ctx, *l); err != nil {
				return err
			}
		}
	}
	return nil
}

// matcher finds, on a first sync, the contact of the book a card from
// the server is: by UID (a card Referable exported), then an email, a
// phone number, then the name; each contact is matched at most once.
type matcher struct {
	byID                     map[int64]string // the contacts still to match, with their names
	byEmail, byPhone, byName map[string]int64
}

func (p *puller) matcher(ctx context.Context) *matcher {
	if p.unlinked != nil {
		return p.unlinked
	}
	m := &matcher{byID: map[int64]string{}, byEmail: map[string]int64{}, byPhone: map[string]int64{}, byName: map[string]int64{}}
	p.unlinked = m
	local, err := p.e.Store.LocalContacts(ctx)
	if err != nil {
		return m
	}
	for _, lc := range local {
		if lc.Trashed || p.ix.byContact[lc.ID] != nil {
			continue
		}
		c, err := p.e.Contacts.FindContactByID(ctx, lc.ID)
		if err != nil {
			continue
		}
		m.byID[c.ID] = c.Name()
		for _, e := range c.Emails {
			setOnce(m.byEmail, strings.ToLower(e.Value), c.ID)
		}
		for _, ph := range c.Phones {
			if d := digits(ph.Value); len(d) >= 6 {
				setOnce(m.byPhone, d, c.ID)
			}
		}
		if n := app.Fold(c.Name()); n != "" {
			setOnce(m.byName, n, c.ID)
		}
	}
	return m
}

// setOnce keeps a key that names one contact; a key two share names none.
func setOnce(m map[string]int64, k string, id int64) {
	if old, ok := m[k]; ok && old != id {
		m[k] = 0
		return
	}
	m[k] = id
}

func (m *matcher) match(c *app.Contact, uid string) int64 {
	var id int64
	if _, err := fmt.Sscanf(uid, "urn:referable:contact:%d", &id); err == nil && m.free(id) {
		return id
	}
	// An email or phone the two share is the same person only when their
	// names agree: between clearly different names (a family's landline,
	// an office's address) it is two people, as an import decides.
	same := func(id int64) bool { return m.free(id) && !app.NamesDiffer(m.byID[id], c.Name()) }
	for _, e := range c.Emails {
		if id := m.byEmail[strings.ToLower(e.Value)]; id != 0 && same(id) {
			return id
		}
	}
	for _, ph := range c.Phones {
		if d := digits(ph.Value); len(d) >= 6 {
			if id := m.byPhone[d]; id != 0 && same(id) {
				return id
			}
		}
	}
	if id := m.byName[app.Fold(c.Name())]; id != 0 && m.free(id) {
		return id
	}
	return 0
}

// free says whether a contact of the book is still to be matched.
func (m *matcher) free(id int64) bool {
	_, ok := m.byID[id]
	return ok
}

func (m *matcher) taken(id int64) { delete(m.byID, id) }

// digits are a phone number's last ten digits, as numbers are compared.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) > 10 {
		d = d[len(d)-10:]
	}
	return d
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }

// push sends what changed in the book since the server last had it: new
// contacts, changes, and contacts trashed or deleted here.
func (e *Engine) push(ctx context.Context, c *client, acct Account, ix *linkIndex, pending map[string]bool, rep *Report) error {
	local, err := e.Store.LocalContacts(ctx)
	if err != nil {
		return err
	}
	line := func(s string) { rep.Lines = append(rep.Lines, s) }
	// Every new contact is given its UID first (and its link, with no
	// ETag yet), so referral links between new contacts travel, and a
	// sync cut short resumes the upload instead of making a second card.
	var fresh []Link
	live := map[int64]bool{}
	for _, lc := range local {
		if lc.Trashed {
			continue
		}
		live[lc.ID] = true
		if ix.byContact[lc.ID] == nil {
			uid := "urn:uuid:" + newUUID()
			fresh = append(fresh, Link{UID: uid, ContactID: lc.ID, Href: strings.TrimSuffix(acct.AddressBook, "/") + "/" + strings.TrimPrefix(uid, "urn:uuid:") + ".vcf"})
		}
	}
	if e.DryRun {
		for _, l := range fresh {
			if ct, err := e.Contacts.FindContactByID(ctx, l.ContactID); err == nil {
				rep.Up.Created++
				line(app.Tf("↑ new: %s", ct.Name()))
			}
		}
	} else if len(fresh) > 0 {
		err := e.Store.Atomically(ctx, func(ctx context.Context) error {
			for _, l := range fresh {
				if err := e.Store.PutLink(ctx, l); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i := range fresh {
			ix.add(&fresh[i])
		}
	}
	updatedAt := map[int64]string{}
	for _, lc := range local {
		updatedAt[lc.ID] = lc.UpdatedAt
	}
	// The links in a stable order: new ones and changes, then deletions.
	var order []*Link
	for _, l := range ix.byUID {
		order = append(order, l)
	}
	sort.Slice(order, func(i, j int) bool { return order[i].Href < order[j].Href })
	// Uploads run a few at a time, so a distant server's round trips
	// overlap; their outcomes are written to the book here, one after
	// the other, in order.
	var window []*upload
	finish := func() error {
		u := window[0]
		window = window[1:]
		return e.finishUpload(ctx, c, ix, u, rep)
	}
	drain := func(err error) error {
		for len(window) > 0 {
			if ferr := finish(); err == nil {
				err = ferr
			}
		}
		return err
	}
	for _, l := range order {
		if err := ctx.Err(); err != nil {
			return drain(err)
		}
		var create bool
		switch {
		case l.ContactID == 0 || !live[l.ContactID]:
			if l.ETag == "" { // never made it up: nothing to take down
				if !e.DryRun {
					if err := e.Store.DeleteLink(ctx, l.UID); err != nil {
						return drain(err)
					}
				}
				continue
			}
			if err := e.pushDelete(ctx, c, ix, l, rep); err != nil {
				return drain(err)
			}
			continue
		case l.ETag == "":
			if e.DryRun {
				continue
			}
			create = true
		case pending[l.UID] || updatedAt[l.ContactID] != l.UpdatedAt:
		default:
			continue
		}
		u, err := e.prepareCard(ctx, ix, l, rep, create)
		if err != nil {
			return drain(err)
		}
		if u == nil {
			continue
		}
		u.start(ctx, c)
		window = append(window, u)
		if len(window) >= parallelUploads {
			if err := finish(); err != nil {
				return drain(err)
			}
		}
	}
	return drain(nil)
}

// parallelUploads is how many cards are uploaded at once.
const parallelUploads = 4

// upload is a card on its way to the server.
type upload struct {
	l      *Link
	name   string
	base   string // the contact's fields, as JSON
	stamp  string // its updated_at
	card   string
	create bool
	done   chan struct{}
	etag   string
	err    error
}

// start uploads the card: a new one (If-None-Match: *) or a change
// (If-Match its ETag).
func (u *upload) start(ctx context.Context, c *client) {
	u.done = make(chan struct{})
	etag := u.l.ETag
	if u.create {
		etag = ""
	}
	go func() {
		defer close(u.done)
		u.etag, u.err = c.put(ctx, u.l.Href, "text/vcard", u.card, etag)
	}()
}

// prepareCard reads a contact and writes its card, for upload; nil when
// there is nothing to send (touched, not changed; or a dry run, which
// counts it).
func (e *Engine) prepareCard(ctx context.Context, ix *linkIndex, l *Link, rep *Report, create bool) (*upload, error) {
	ct, err := e.Contacts.FindContactByID(ctx, l.ContactID)
	if err != nil {
		return nil, err
	}
	mine := FieldsOf(ct, ix.uidOf(ct.ReferredByID))
	if !create && mine.Equal(ParseFields(l.Base)) {
		// Touched, not changed (or the server has it already).
		l.UpdatedAt = stamp(ct.UpdatedAt)
		if e.DryRun {
			return nil, nil
		}
		return nil, e.Store.PutLink(ctx, *l)
	}
	if e.DryRun {
		rep.Up.Updated++
		rep.Lines = append(rep.Lines, app.Tf("↑ changed: %s", ct.Name()))
		return nil, nil
	}
	card, err := cardText(ct, l.UID, ix.uidOf, l.Card)
	if err != nil {
		return nil, err
	}
	return &upload{l: l, name: ct.Name(), base: mine.JSON(), stamp: stamp(ct.UpdatedAt), card: card, create: create}, nil
}

// finishUpload waits for an upload and keeps its outcome: the link's new
// ETag, card and base. A 412 means the server's card changed under us
// (or, for a new one, that an upload cut short made it): that one goes
// again on its own, through pushCard, which merges the server's.
func (e *Engine) finishUpload(ctx context.Context, c *client, ix *linkIndex, u *upload, rep *Report) error {
	<-u.done
	if errors.Is(u.err, errPrecondition) {
		return e.pushCard(ctx, c, ix, u.l, rep, u.create)
	}
	if u.err != nil {
		return u.err
	}
	if u.create {
		rep.Up.Created++
		rep.Lines = append(rep.Lines, app.Tf("↑ new: %s", u.name))
	} else {
		rep.Up.Updated++
		rep.Lines = append(rep.Lines, app.Tf("↑ changed: %s", u.name))
	}
	l := u.l
	l.ETag, l.Card, l.Base, l.UpdatedAt = u.etag, u.card, u.base, u.stamp
	if u.etag == "" {
		l.ETag = "?" // the server gave none: the next sync reads it
	}
	return e.Store.PutLink(ctx, *l)
}

// pushCard uploads a contact's card on its own: a new one or a change,
// reading and merging the server's version on a 412 and trying again.
func (e *Engine) pushCard(ctx context.Context, c *client, ix *linkIndex, l *Link, rep *Report, create bool) error {
	for attempt := 0; ; attempt++ {
		u, err := e.prepareCard(ctx, ix, l, rep, create)
		if err != nil || u == nil {
			return err
		}
		u.start(ctx, c)
		<-u.done
		if errors.Is(u.err, errPrecondition) {
			if attempt >= 3 {
				return u.err
			}
			if err := e.reconcile(ctx, c, ix, l, rep); err != nil {
				return err
			}
			create = false
			continue
		}
		return e.finishUpload(ctx, c, ix, u, rep)
	}
}

// reconcile reads the server's version of a card a write was refused for
// and merges it into the book, in one transaction; the caller writes the
// merge back.
func (e *Engine) reconcile(ctx context.Context, c *client, ix *linkIndex, l *Link, rep *Report) error {
	got, err := c.get(ctx, l.Href)
	var he *HTTPError
	if errors.As(err, &he) && he.Status == http.StatusNotFound {
		l.ETag = "" // it is not there after all: make it anew
		return nil
	}
	if err != nil {
		return err
	}
	if uid := uidOfCard(got.Data); uid != "" && uid != l.UID {
		// Another card sits where ours was to go: ours goes elsewhere.
		l.Href = strings.TrimSuffix(l.Href, ".vcf") + "-" + newUUID()[:8] + ".vcf"
		l.ETag = ""
		return e.Store.PutLink(ctx, *l)
	}
	return e.Store.Atomically(ctx, func(ctx context.Context) error {
		p := puller{e: e, ix: ix, rep: rep, today: app.DateOf(e.now()), push: map[string]bool{}}
		if l.Base == "" && l.Card == "" {
			// Our own upload, cut short before its ETag was kept: the card
			// there is ours, the base is what it says.
			if remote, _, ref, err := readCard(got.Data, p.today); err == nil {
				l.Base = FieldsOf(&remote, ref).JSON()
			}
		}
		if err := p.pull(ctx, got); err != nil {
			return err
		}
		return p.linkReferrers(ctx)
	})
}

// pushDelete takes down the card of a contact trashed or deleted here;
// a card changed there since is not deleted: the contact comes back.
func (e *Engine) pushDelete(ctx context.Context, c *client, ix *linkIndex, l *Link, rep *Report) error {
	name := l.Href
	if l.ContactID != 0 {
		if ct, err := e.Contacts.FindContactByID(ctx, l.ContactID); err == nil {
			name = ct.Name()
		}
	}
	if e.DryRun {
		rep.Up.Deleted++
		rep.Lines = append(rep.Lines, app.Tf("↑ deleted: %s", name))
		return nil
	}
	err := c.remove(ctx, l.Href, l.ETag)
	if errors.Is(err, errPrecondition) {
		got, gerr := c.get(ctx, l.Href)
		if gerr != nil {
			return gerr
		}
		return e.Store.Atomically(ctx, func(ctx context.Context) error {
			p := puller{e: e, ix: ix, rep: rep, today: app.DateOf(e.now()), push: map[string]bool{}}
			return p.pull(ctx, got)
		})
	}
	if err != nil {
		return err
	}
	rep.Up.Deleted++
	rep.Lines = append(rep.Lines, app.Tf("↑ deleted: %s", name))
	ix.remove(l)
	return e.Store.DeleteLink(ctx, l.UID)
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// New is an engine for a book's services.
func New(store Store, svc app.Services, password string) *Engine {
	return &Engine{Store: store, Contacts: svc.Contacts, FollowUps: svc.FollowUps, Calendar: svc.Calendar, Settings: svc.Settings, Password: password}
}
