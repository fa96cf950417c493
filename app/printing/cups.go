// Package printing sends cards to the owner's own printer: through CUPS,
// the printing system of Linux and macOS, over IPP, always telling it the
// exact paper and never to scale; on Windows through the system's PDF
// handler. It knows nothing of cards: it prints PDFs and follows the job.
package printing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/user"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	ipp "github.com/phin1x/go-ipp"

	"github.com/referable/referable/app"
)

// The sockets a local cupsd listens on, where CUPS's own tools look.
var localSockets = []string{"/run/cups/cups.sock", "/var/run/cups/cups.sock", "/var/run/cupsd", "/private/var/run/cupsd"}

// CUPS is a print server reached over IPP.
type CUPS struct {
	// Server is where it was found: a socket path or host:port.
	Server string
	client *http.Client
	base   string // the URL requests are posted under
	ids    atomic.Int32
}

// FindCUPS finds the print server as CUPS's own tools do: CUPS_SERVER (a
// socket path, or host[:port]), then the local socket, then
// localhost:631. It returns ENOTFOUND, saying where it looked, when none
// answers.
func FindCUPS() (*CUPS, error) {
	var tried []string
	if s := strings.TrimSpace(os.Getenv("CUPS_SERVER")); s != "" {
		c := NewCUPS(s)
		if err := c.ping(); err == nil {
			return c, nil
		}
		return nil, app.Errorf(app.ENOTFOUND, "CUPS_SERVER names %s, and no print server answers there. Start CUPS, or unset CUPS_SERVER.", s)
	}
	for _, sock := range localSockets {
		if fi, err := os.Stat(sock); err == nil && fi.Mode()&os.ModeSocket != 0 {
			c := NewCUPS(sock)
			if err := c.ping(); err == nil {
				return c, nil
			}
		}
		tried = append(tried, sock)
	}
	c := NewCUPS("localhost:631")
	if err := c.ping(); err == nil {
		return c, nil
	}
	tried = append(tried, "localhost:631")
	what := app.T("CUPS, the printing system of Linux and macOS,")
	if runtime.GOOS == "windows" {
		what = app.T("a CUPS print server")
	}
	return nil, app.Errorf(app.ENOTFOUND, "Referable prints through %s and found none running (it looked at %s). Start CUPS and add your printer to it, or save the cards as a PDF.", what, strings.Join(tried, ", "))
}

// NewCUPS talks to the server at a socket path or host[:port].
func NewCUPS(server string) *CUPS {
	c := &CUPS{Server: server}
	transport := &http.Transport{DisableKeepAlives: true}
	host := server
	if strings.HasPrefix(server, "/") || strings.HasPrefix(server, "~") {
		path := server
		if strings.HasPrefix(path, "~") {
			if home, err := os.UserHomeDir(); err == nil {
				path = home + path[1:]
			}
		}
		c.Server = path
		transport.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		}
		host = "localhost"
	} else if _, _, err := net.SplitHostPort(server); err != nil {
		host = net.JoinHostPort(server, "631")
		c.Server = host
	}
	c.client = &http.Client{Transport: transport}
	c.base = "http://" + host
	return c
}

// ping asks the server something small: is it there?
func (c *CUPS) ping() error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req := c.request(ipp.OperationCupsGetDefault)
	req.OperationAttributes[ipp.AttributeRequestedAttributes] = []string{"printer-name"}
	_, err := c.do(ctx, "/", req, nil)
	var ippErr ipp.IPPError
	if errors.As(err, &ippErr) {
		return nil // it answered: with no default printer, say
	}
	return err
}

// request starts an IPP request whose natural language is a lower-case
// tag: cupsd refuses go-ipp's "en-US".
func (c *CUPS) request(op int16) *ipp.Request {
	r := ipp.NewRequest(op, c.ids.Add(1))
	r.OperationAttributes[ipp.AttributeCharset] = ipp.Charset
	r.OperationAttributes[ipp.AttributeNaturalLanguage] = "en-us"
	return r
}

// userName is who a job is printed for: the local user, as lp sends it.
func userName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		name := u.Username
		if i := strings.LastIndexByte(name, '\\'); i >= 0 { // DOMAIN\user on Windows
			name = name[i+1:]
		}
		return name
	}
	return "referable"
}

// do posts an IPP request (and a document, if any) to path and decodes
// the answer; an IPP error status comes back as ipp.IPPError.
func (c *CUPS) do(ctx context.Context, path string, r *ipp.Request, doc []byte) (*ipp.Response, error) {
	payload, err := r.Encode()
	if err != nil {
		return nil, fmt.Errorf("encode the IPP request: %w", err)
	}
	body := io.MultiReader(bytes.NewReader(payload), bytes.NewReader(doc))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, body)
	if err != nil {
		return nil, err
	}
	req.ContentLength = int64(len(payload) + len(doc))
	req.Header.Set("Content-Type", ipp.ContentTypeIPP)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("the print server at %s: %w", c.Server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the print server at %s answered %s", c.Server, resp.Status)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, resp.Body); err != nil {
		return nil, fmt.Errorf("the print server at %s: %w", c.Server, err)
	}
	out, err := ipp.NewResponseDecoder(&buf).Decode(nil)
	if err != nil {
		return nil, fmt.Errorf("read the print server's answer: %w", err)
	}
	if err := out.CheckForErrors(); err != nil {
		return out, err
	}
	return out, nil
}

// printerURI is how IPP names a queue of this server.
func printerURI(name string) string { return "ipp://localhost/printers/" + url.PathEscape(name) }

// printerAttributes are what Referable reads of a printer.
var printerAttributes = []string{"printer-name", "printer-info", "printer-location", "printer-make-and-model",
	"printer-state", "printer-state-reasons", "printer-state-message", "printer-is-accepting-jobs",
	"sides-supported", "media-supported"}

// Printers lists the server's print queues, the default first.
func (c *CUPS) Printers(ctx context.Context) ([]Printer, error) {
	req := c.request(ipp.OperationCupsGetPrinters)
	req.OperationAttributes[ipp.AttributeRequestedAttributes] = printerAttributes
	resp, err := c.do(ctx, "/", req, nil)
	var ippErr ipp.IPPError
	if errors.As(err, &ippErr) && ippErr.Status == ipp.StatusErrorNotFound {
		return nil, nil // no printers at all
	} else if err != nil {
		return nil, err
	}
	def := c.defaultName(ctx)
	var out []Printer
	for _, a := range resp.PrinterAttributes {
		p := printerOf(a)
		p.Default = p.Name == def
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Default != out[j].Default {
			return out[i].Default
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out, nil
}

// defaultName is the server's default printer, or "".
func (c *CUPS) defaultName(ctx context.Context) string {
	req := c.request(ipp.OperationCupsGetDefault)
	req.OperationAttributes[ipp.AttributeRequestedAttributes] = []string{"printer-name"}
	resp, err := c.do(ctx, "/", req, nil)
	if err != nil || len(resp.PrinterAttributes) == 0 {
		return ""
	}
	return str(resp.PrinterAttributes[0], "printer-name")
}

// Printer reads one printer; ENOTFOUND, naming the printers there are,
// when the server has none by that name.
func (c *CUPS) Printer(ctx context.Context, name string) (Printer, error) {
	req := c.request(ipp.OperationGetPrinterAttributes)
	req.OperationAttributes[ipp.AttributePrinterURI] = printerURI(name)
	req.OperationAttributes[ipp.AttributeRequestedAttributes] = printerAttributes
	resp, err := c.do(ctx, "/printers/"+url.PathEscape(name), req, nil)
	var ippErr ipp.IPPError
	if errors.As(err, &ippErr) && ippErr.Status == ipp.StatusErrorNotFound || err == nil && len(resp.PrinterAttributes) == 0 {
		return Printer{}, c.noSuchPrinter(ctx, name)
	} else if err != nil {
		return Printer{}, err
	}
	p := printerOf(resp.PrinterAttributes[0])
	if p.Name == "" {
		p.Name = name
	}
	return p, nil
}

func (c *CUPS) noSuchPrinter(ctx context.Context, name string) error {
	all, _ := c.Printers(ctx)
	if len(all) == 0 {
		return app.Errorf(app.ENOTFOUND, "There is no printer %q: the print server at %s has no printers. Add your printer in your system's printer settings.", name, c.Server)
	}
	names := make([]string, len(all))
	for i, p := range all {
		names[i] = p.Name
	}
	return app.Errorf(app.ENOTFOUND, "There is no printer %q; the printers are %s.", name, strings.Join(names, ", "))
}

// Submit sends a PDF to a printer and returns the job's id. It asks for
// the exact media and no scaling: the page is the stock.
func (c *CUPS) Submit(ctx context.Context, j Job) (int, error) {
	req := c.request(ipp.OperationPrintJob)
	req.OperationAttributes[ipp.AttributePrinterURI] = printerURI(j.Printer)
	req.OperationAttributes[ipp.AttributeRequestingUserName] = userName()
	req.OperationAttributes[ipp.AttributeJobName] = j.Title
	req.OperationAttributes[ipp.AttributeDocumentFormat] = "application/pdf"
	if j.Media != "" {
		req.JobAttributes[ipp.AttributeMedia] = j.Media
	}
	req.JobAttributes[ipp.AttributePrintScaling] = "none"
	sides := j.Sides
	if sides == "" {
		sides = OneSided
	}
	req.JobAttributes[ipp.AttributeSides] = sides
	if j.Copies > 1 {
		req.JobAttributes[ipp.AttributeCopies] = j.Copies
	}
	resp, err := c.do(ctx, "/printers/"+url.PathEscape(j.Printer), req, j.PDF)
	var ippErr ipp.IPPError
	if errors.As(err, &ippErr) {
		switch ippErr.Status {
		case ipp.StatusErrorNotFound:
			return 0, c.noSuchPrinter(ctx, j.Printer)
		case ipp.StatusErrorNotAcceptingJobs:
			return 0, app.Errorf(app.EINVALID, "The printer %q is not accepting jobs (%s). Let it accept jobs in your system's printer settings, then print again.", j.Printer, ippErr.Message)
		}
		return 0, app.Errorf(app.EINVALID, "The printer %q refused the cards: %s.", j.Printer, ippErr.Message)
	} else if err != nil {
		return 0, err
	}
	if len(resp.JobAttributes) == 0 {
		return 0, fmt.Errorf("the print server took the job but gave no job id")
	}
	id := integer(resp.JobAttributes[0], "job-id")
	if id == 0 {
		return 0, fmt.Errorf("the print server took the job but gave no job id")
	}
	return id, nil
}

// Status reads a job's state.
func (c *CUPS) Status(ctx context.Context, printer string, id int) (JobStatus, error) {
	req := c.request(ipp.OperationGetJobAttributes)
	req.OperationAttributes[ipp.AttributePrinterURI] = printerURI(printer)
	req.OperationAttributes[ipp.AttributeJobID] = id
	req.OperationAttributes[ipp.AttributeRequestingUserName] = userName()
	req.OperationAttributes[ipp.AttributeRequestedAttributes] = []string{"job-id", "job-state", "job-state-reasons",
		"job-state-message", "job-printer-state-message", "job-printer-state-reasons"}
	resp, err := c.do(ctx, "/jobs/", req, nil)
	if err != nil {
		return JobStatus{}, err
	}
	if len(resp.JobAttributes) == 0 {
		return JobStatus{}, fmt.Errorf("the print server has no job %d", id)
	}
	a := resp.JobAttributes[0]
	return JobStatus{ID: id, State: JobState(integer(a, "job-state")), Reasons: strs(a, "job-state-reasons"),
		Message: str(a, "job-state-message"), PrinterMessage: str(a, "job-printer-state-message")}, nil
}

// Cancel cancels a job.
func (c *CUPS) Cancel(ctx context.Context, printer string, id int) error {
	req := c.request(ipp.OperationCancelJob)
	req.OperationAttributes[ipp.AttributePrinterURI] = printerURI(printer)
	req.OperationAttributes[ipp.AttributeJobID] = id
	req.OperationAttributes[ipp.AttributeRequestingUserName] = userName()
	_, err := c.do(ctx, "/jobs/", req, nil)
	return err
}

// printerOf reads a printer's attributes.
func printerOf(a ipp.Attributes) Printer {
	p := Printer{Name: str(a, "printer-name"), Info: str(a, "printer-info"), Location: str(a, "printer-location"),
		Model: str(a, "printer-make-and-model"), State: PrinterState(integer(a, "printer-state")),
		Message: str(a, "printer-state-message"), Accepting: boolean(a, "printer-is-accepting-jobs")}
	for _, r := range strs(a, "printer-state-reasons") {
		if r != "none" {
			p.Reasons = append(p.Reasons, r)
		}
	}
	for _, s := range strs(a, "sides-supported") {
		if s == TwoSidedShortEdge || s == TwoSidedLongEdge {
			p.Duplex = true
		}
	}
	p.Media = strs(a, "media-supported")
	return p
}

func str(a ipp.Attributes, name string) string {
	if v := a[name]; len(v) > 0 {
		if s, ok := v[0].Value.(string); ok {
			return s
		}
	}
	return ""
}

func strs(a ipp.Attributes, name string) []string {
	var out []string
	for _, v := range a[name] {
		if s, ok := v.Value.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func integer(a ipp.Attributes, name string) int {
	if v := a[name]; len(v) > 0 {
		switch n := v[0].Value.(type) {
		case int:
			return n
		case int8:
			return int(n)
		case int16:
			return int(n)
		case int32:
			return int(n)
		}
	}
	return 0
}

func boolean(a ipp.Attributes, name string) bool {
	if v := a[name]; len(v) > 0 {
		if b, ok := v[0].Value.(bool); ok {
			return b
		}
	}
	return false
}
