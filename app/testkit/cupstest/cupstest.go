// Package cupstest (a test kit) starts a real CUPS print server for tests: its own
// cupsd on a private socket and loopback port, with a cups-pdf virtual
// printer that writes every job it prints as a PDF, so a test can check
// what a printer was sent and how it laid it on the paper.
package cupstest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Server is a running cupsd.
type Server struct {
	Dir    string // its configuration, spool and logs
	Socket string // its local socket: CUPS_SERVER
	Addr   string // its loopback host:port
	// Out is where cups-pdf writes what it prints: the PDF folder of the
	// user the tests run as.
	Out     string
	t       testing.TB
	started time.Time
	taken   map[string]bool // outputs already handed to the test
}

// backend is the cups-pdf virtual printer's backend.
const backend = "/usr/lib/cups/backend/cups-pdf"

// why says why a server cannot start here, or "".
func why() string {
	for _, tool := range []string{"cupsd", "lpadmin", "cupsdisable", "gs"} {
		if _, err := exec.LookPath(tool); err != nil {
			if _, err := os.Stat("/usr/sbin/" + tool); err != nil {
				return tool + " is not installed (Debian: cups, printer-driver-cups-pdf; scripts/install-deps.sh installs them)"
			}
		}
	}
	if _, err := os.Stat(backend); err != nil {
		return "the cups-pdf printer is not installed (Debian: printer-driver-cups-pdf)"
	}
	if os.Geteuid() != 0 {
		return "cups-pdf's backend runs only for a cupsd started as root, and the tests run as another user"
	}
	return ""
}

// Start starts a cupsd of the test's own with a cups-pdf printer named
// printer, or skips the test saying why it cannot. It is stopped when the
// test ends.
func Start(t testing.TB, printer string) *Server {
	t.Helper()
	if w := why(); w != "" {
		t.Skip("no print server: " + w)
	}
	dir, err := os.MkdirTemp("", "cups")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, d := range []string{"spool", "cache", "state", "log", "ppd", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Filters run as the lp user: they read the spool and write temp.
	os.Chmod(dir, 0o755)
	os.Chmod(filepath.Join(dir, "tmp"), 0o1777)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := &Server{Dir: dir, Socket: filepath.Join(dir, "cups.sock"), Addr: addr, t: t, started: time.Now(), taken: map[string]bool{}}
	conf := fmt.Sprintf(`LogLevel info
Listen %s
Listen %s
Browsing Off
WebInterface No
DefaultAuthType None
MaxJobs 0
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
`, addr, s.Socket)
	files := fmt.Sprintf(`ServerRoot %[1]s
RequestRoot %[1]s/spool
CacheDir %[1]s/cache
StateDir %[1]s/state
TempDir %[1]s/tmp
ErrorLog %[1]s/log/error_log
AccessLog %[1]s/log/access_log
PageLog %[1]s/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
SystemGroup root
`, dir)
	if err := os.WriteFile(filepath.Join(dir, "cupsd.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cups-files.conf"), []byte(files), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cupsd(), "-f", "-c", filepath.Join(dir, "cupsd.conf"), "-s", filepath.Join(dir, "cups-files.conf"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Skipf("no print server: cupsd does not start: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("unix", s.Socket); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Skipf("no print server: cupsd did not open its socket in 10 s: %s", s.Log())
		}
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	s.Out = filepath.Join(u.HomeDir, "PDF")
	s.AddPrinter(printer)
	return s
}

func cupsd() string {
	if p, err := exec.LookPath("cupsd"); err == nil {
		return p
	}
	return "/usr/sbin/cupsd"
}

// Env is the environment a CUPS client of this server runs with.
func (s *Server) Env() []string { return append(os.Environ(), "CUPS_SERVER="+s.Socket) }

// admin runs one of CUPS's own admin tools against the server.
func (s *Server) admin(tool string, args ...string) {
	s.t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		path = "/usr/sbin/" + tool
	}
	cmd := exec.Command(path, args...)
	cmd.Env = s.Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("%s %s: %v: %s", tool, strings.Join(args, " "), err, out)
	}
}

// AddPrinter adds a cups-pdf printer, enabled and accepting jobs.
func (s *Server) AddPrinter(name string) {
	s.t.Helper()
	s.admin("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-P", "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
}

// Stop stops a printer, as a printer that is off or jammed is stopped.
func (s *Server) Stop(name, reason string) {
	s.t.Helper()
	s.admin("cupsdisable", "-r", reason, name)
}

// Output waits for the PDF the printer wrote for a job whose title holds
// the words given, in order, and returns its path; it is removed when
// the test ends. (cups-pdf names the file from the title, with anything
// but letters, digits and dashes made an underscore.)
func (s *Server) Output(words ...string) string {
	s.t.Helper()
	token := strings.Join(words, "*")
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		matches, _ := filepath.Glob(filepath.Join(s.Out, "*"+token+"*.pdf"))
		var fresh []string // written for this server, not yet handed out
		for _, m := range matches {
			if fi, err := os.Stat(m); err == nil && !fi.ModTime().Before(s.started) && !s.taken[m] {
				fresh = append(fresh, m)
			}
		}
		if len(fresh) > 1 {
			s.t.Fatalf("the printer wrote %d PDFs for %q: %v", len(fresh), token, fresh)
		}
		if len(fresh) == 1 {
			path := fresh[0]
			s.taken[path] = true
			// cups-pdf writes the file, then changes its owner: wait for
			// it to stop growing.
			var size int64 = -1
			for i := 0; i < 50; i++ {
				fi, err := os.Stat(path)
				if err == nil && fi.Size() == size && size > 0 {
					break
				}
				if err == nil {
					size = fi.Size()
				}
				time.Sleep(100 * time.Millisecond)
			}
			s.t.Cleanup(func() { os.Remove(path) })
			return path
		}
	}
	s.t.Fatalf("the printer wrote no PDF for %q in 60 s; the server's log ends:\n%s", token, s.Log())
	return ""
}

// Log is the end of the server's error log.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "log", "error_log"))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return strings.Join(lines, "\n")
}
