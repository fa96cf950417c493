// Package davtest (a test kit) starts real CardDAV/CalDAV servers for
// tests, each on its own loopback port and folder: Radicale, with a user
// and password (htpasswd), an address book and a calendar for events and
// tasks made for it; and Xandikos, with its default address book and
// calendar (its tasks go in that calendar too). They are the Debian packages radicale and
// xandikos (scripts/install-deps.sh installs them).
package davtest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Server is a running server.
type Server struct {
	Kind           string // "radicale" or "xandikos"
	URL            string // its root: http://127.0.0.1:PORT/
	User, Password string
	// The collections made for the tests, as paths.
	AddressBook, Calendar, Tasks string
	Dir                          string
	t                            testing.TB
	cmd                          *exec.Cmd
	port                         int
	args                         []string
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// StartRadicale starts Radicale for the test, or skips it saying why it
// cannot. The server stops when the test ends.
func StartRadicale(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("radicale")
	if err != nil {
		t.Skip("no Radicale: it is not installed (Debian: radicale; scripts/install-deps.sh installs it)")
	}
	dir := t.TempDir()
	port, err := freePort()
	if err != nil {
		t.Skipf("no Radicale: no loopback port free: %v", err)
	}
	s := &Server{Kind: "radicale", User: "owner", Password: "correct horse", Dir: dir, t: t, port: port}
	if err := os.WriteFile(filepath.Join(dir, "users"), []byte(s.User+":"+s.Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf(`[server]
hosts = 127.0.0.1:%d
max_connections = 64
[auth]
type = htpasswd
htpasswd_filename = %s
htpasswd_encryption = plain
delay = 0
[storage]
filesystem_folder = %s
[rights]
type = owner_only
[logging]
level = warning
`, port, filepath.Join(dir, "users"), filepath.Join(dir, "collections"))
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	s.args = []string{bin, "--config", filepath.Join(dir, "config")}
	s.URL = fmt.Sprintf("http://127.0.0.1:%d/", port)
	s.start()
	s.AddressBook = "/" + s.User + "/contacts/"
	s.Calendar = "/" + s.User + "/calendar/"
	s.Tasks = s.Calendar
	s.mk("MKCOL", s.AddressBook, `<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>`+
		`<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype><D:displayname>Contacts</D:displayname></D:prop></D:set></D:mkcol>`)
	s.mk("MKCALENDAR", s.Calendar, `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>`+
		`<D:displayname>Calendar</D:displayname><C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="VTODO"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>`)
	return s
}

// StartXandikos starts Xandikos for the test with its default address
// book and calendar (for events and tasks alike), or skips it saying why
// it cannot.
// Xandikos asks for no password: any is taken.
func StartXandikos(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("xandikos")
	if err != nil {
		t.Skip("no Xandikos: it is not installed (Debian: xandikos; scripts/install-deps.sh installs it)")
	}
	dir := t.TempDir()
	port, err := freePort()
	if err != nil {
		t.Skipf("no Xandikos: no loopback port free: %v", err)
	}
	s := &Server{Kind: "xandikos", User: "user", Password: "any", Dir: dir, t: t, port: port,
		args: []string{bin, "--defaults", "-d", dir, "-l", "127.0.0.1", "-p", fmt.Sprint(port), "--current-user-principal", "/user/"}}
	s.URL = fmt.Sprintf("http://127.0.0.1:%d/", port)
	s.start()
	s.AddressBook, s.Calendar, s.Tasks = "/user/contacts/addressbook/", "/user/calendars/calendar/", "/user/calendars/calendar/"
	return s
}

// start starts (or restarts) the server and waits for it to answer.
func (s *Server) start() {
	s.t.Helper()
	cmd := exec.Command(s.args[0], s.args[1:]...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		s.t.Skipf("no %s: it does not start: %v", s.Kind, err)
	}
	s.cmd = cmd
	s.t.Cleanup(s.Stop)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), 200*time.Millisecond); err == nil {
			conn.Close()
			return
		}
		if cmd.ProcessState != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.Stop()
	s.t.Skipf("no %s: it did not answer on its port within 20 s:\n%s", s.Kind, log.String())
}

// Stop stops the server (a test of a server going away calls it midway).
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	s.cmd.Wait()
	s.cmd = nil
}

// Restart starts a stopped server again, on the same port and folder.
func (s *Server) Restart() { s.start() }

func (s *Server) mk(method, path, body string) {
	s.t.Helper()
	resp, err := s.Do(method, path, body, "application/xml; charset=utf-8", nil)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	if resp.StatusCode != http.StatusCreated {
		s.t.Fatalf("%s %s: %s", method, path, resp.Status)
	}
}

// Do sends a request as the test's user, as a plain client would; the
// body is read and closed.
func (s *Server) Do(method, path, body, contentType string, header http.Header) (*http.Response, error) {
	req, err := http.NewRequest(method, strings.TrimSuffix(s.URL, "/")+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(s.User, s.Password)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	b := new(bytes.Buffer)
	b.ReadFrom(resp.Body)
	resp.Body.Close()
	resp.Body = nopCloser{bytes.NewReader(b.Bytes())}
	return resp, nil
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// Phone is a plain CardDAV client, as a phone is: it writes cards of its
// own (vCard 3.0, with what phones put on them) and reads what is there.
type Phone struct{ S *Server }

// Put writes a card at uid.vcf, unconditionally, and returns its href.
func (p Phone) Put(uid, card string) string {
	p.S.t.Helper()
	href := p.S.AddressBook + uid + ".vcf"
	resp, err := p.S.Do("PUT", href, strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(card), "\r\n", "\n"), "\n", "\r\n")+"\r\n", "text/vcard; charset=utf-8", nil)
	if err != nil || resp.StatusCode/100 != 2 {
		p.S.t.Fatalf("the phone could not write %s: %v %v", href, err, status(resp))
	}
	return href
}

// Delete deletes a card.
func (p Phone) Delete(href string) {
	p.S.t.Helper()
	resp, err := p.S.Do("DELETE", href, "", "", nil)
	if err != nil || resp.StatusCode/100 != 2 {
		p.S.t.Fatalf("the phone could not delete %s: %v %v", href, err, status(resp))
	}
}

// Get reads a card.
func (p Phone) Get(href string) string {
	p.S.t.Helper()
	resp, err := p.S.Do("GET", href, "", "", nil)
	if err != nil || resp.StatusCode != 200 {
		p.S.t.Fatalf("the phone could not read %s: %v %v", href, err, status(resp))
	}
	b := new(bytes.Buffer)
	b.ReadFrom(resp.Body)
	return b.String()
}

// Cards reads every card of the address book, by href, in one REPORT.
func (p Phone) Cards() map[string]string {
	p.S.t.Helper()
	body := `<?xml version="1.0" encoding="utf-8"?><C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><C:address-data/></D:prop></C:addressbook-query>`
	resp, err := p.S.Do("REPORT", p.S.AddressBook, body, "application/xml; charset=utf-8", http.Header{"Depth": {"1"}})
	if err != nil || resp.StatusCode != 207 {
		p.S.t.Fatalf("the phone could not list the cards: %v %v", err, status(resp))
	}
	var ms struct {
		Responses []struct {
			Href     string `xml:"DAV: href"`
			Propstat []struct {
				Prop struct {
					Data string `xml:"urn:ietf:params:xml:ns:carddav address-data"`
				} `xml:"DAV: prop"`
			} `xml:"DAV: propstat"`
		} `xml:"DAV: response"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&ms); err != nil {
		p.S.t.Fatalf("the phone could not read the cards: %v", err)
	}
	out := map[string]string{}
	for _, r := range ms.Responses {
		href := r.Href
		if u, err := url.Parse(href); err == nil {
			href = (&url.URL{Path: p.S.AddressBook}).ResolveReference(u).Path // Xandikos answers relative hrefs
		}
		for _, ps := range r.Propstat {
			if ps.Prop.Data != "" {
				out[href] = ps.Prop.Data
			}
		}
	}
	return out
}

func status(resp *http.Response) string {
	if resp == nil {
		return ""
	}
	return resp.Status
}

// Seed writes cards straight into Radicale's address book folder, as a
// restore of the server's files would, so a benchmark can start from a
// big book without uploading it card by card: by file name (the href's
// last part) and text. Radicale then reads them once (a listing, and a
// sync-collection from no token), making the caches and change history
// it would have made had the cards been uploaded.
func (s *Server) Seed(cards map[string]string) {
	s.t.Helper()
	if s.Kind != "radicale" {
		s.t.Fatalf("Seed writes Radicale's folders, not %s's", s.Kind)
	}
	dir := filepath.Join(s.Dir, "collections", "collection-root", filepath.FromSlash(strings.Trim(s.AddressBook, "/")))
	for name, card := range cards {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(card), 0o600); err != nil {
			s.t.Fatal(err)
		}
	}
	Phone{S: s}.Cards()
	body := `<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>`
	if resp, err := s.Do("REPORT", s.AddressBook, body, "application/xml; charset=utf-8", nil); err != nil || resp.StatusCode != 207 {
		s.t.Fatalf("Radicale did not list the seeded cards: %v %v", err, status(resp))
	}
}
