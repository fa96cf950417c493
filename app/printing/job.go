package printing

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/referable/referable/app"
)

// PrinterState is IPP's printer-state.
type PrinterState int

const (
	PrinterIdle       PrinterState = 3
	PrinterProcessing PrinterState = 4
	PrinterStopped    PrinterState = 5
)

// Printer is one print queue as the server describes it.
type Printer struct {
	Name, Info, Location, Model string
	State                       PrinterState
	Reasons                     []string // printer-state-reasons, without "none"
	Message                     string   // the printer's own words on its state
	Accepting                   bool
	Default                     bool
	Duplex                      bool     // it prints both sides of a sheet
	Media                       []string // the media it says it takes
}

// Label names the printer as a person reads it: its description, or its
// queue name.
func (p Printer) Label() string {
	if p.Info != "" && p.Info != p.Name {
		return p.Info + " (" + p.Name + ")"
	}
	return p.Name
}

// Trouble says in words why the printer cannot print now (stopped,
// offline, out of paper, not accepting jobs), or "" when it can.
func (p Printer) Trouble() string {
	var why []string
	for _, r := range p.Reasons {
		if w := reasonWords(r); w != "" {
			why = append(why, w)
		}
	}
	switch {
	case p.State == PrinterStopped:
		s := app.Tf("The printer %q is stopped", p.Name)
		if len(why) > 0 {
			s += " (" + strings.Join(why, ", ") + ")"
		}
		if p.Message != "" && !strings.Contains(s, p.Message) {
			s += ": " + strings.TrimSuffix(p.Message, ".")
		}
		return app.Tf("%s. Start it in your system's printer settings, then print again.", s)
	case !p.Accepting:
		return app.Tf("The printer %q is not accepting jobs. Let it accept jobs in your system's printer settings, then print again.", p.Name)
	case hasReason(p.Reasons, "offline"):
		return app.Tf("The printer %q is offline: switch it on or connect it, then print again.", p.Name)
	case hasReason(p.Reasons, "media-empty") || hasReason(p.Reasons, "media-needed"):
		return app.Tf("The printer %q is out of paper: load the card stock, then print again.", p.Name)
	}
	return ""
}

// hasReason reports whether a printer-state-reasons keyword (with or
// without its -error, -warning or -report suffix) is among reasons.
func hasReason(reasons []string, what string) bool {
	for _, r := range reasons {
		for _, suffix := range []string{"", "-error", "-warning", "-report"} {
			if r == what+suffix {
				return true
			}
		}
	}
	return false
}

// reasonWords says a printer-state-reasons keyword as people do.
func reasonWords(r string) string {
	for _, suffix := range []string{"-error", "-warning", "-report"} {
		r = strings.TrimSuffix(r, suffix)
	}
	switch r {
	case "paused":
		return app.T("paused")
	case "offline", "shutdown", "connecting-to-device":
		return app.T("offline")
	case "media-empty", "media-needed":
		return app.T("out of paper")
	case "media-jam":
		return app.T("paper jam")
	case "toner-empty", "marker-supply-empty":
		return app.T("out of ink or toner")
	case "door-open", "cover-open":
		return app.T("a cover is open")
	case "stopped-partly", "moving-to-paused", "none", "":
		return ""
	}
	return strings.ReplaceAll(r, "-", " ")
}

// The sides a job prints on.
const (
	OneSided          = "one-sided"
	TwoSidedLongEdge  = "two-sided-long-edge"
	TwoSidedShortEdge = "two-sided-short-edge"
)

// Job is a PDF to print.
type Job struct {
	Printer string
	Title   string // the job's name in the queue
	Media   string // the paper, by PWG name: na_letter_8.5x11in, iso_c6_114x162mm
	Sides   string // OneSided (the default), TwoSidedLongEdge or TwoSidedShortEdge
	Copies  int
	PDF     []byte
}

// JobState is IPP's job-state.
type JobState int

const (
	JobPending    JobState = 3
	JobHeld       JobState = 4
	JobProcessing JobState = 5
	JobStopped    JobState = 6
	JobCanceled   JobState = 7
	JobAborted    JobState = 8
	JobCompleted  JobState = 9
)

// Done reports whether the job will change no more.
func (s JobState) Done() bool { return s >= JobCanceled }

// JobStatus is where a job is.
type JobStatus struct {
	ID             int
	State          JobState
	Reasons        []string
	Message        string // the job's state message
	PrinterMessage string // the printer's own message while the job is on it
}

// Say is the status in a line for the owner.
func (s JobStatus) Say() string {
	if d := s.detail(); d != "" {
		return app.Tf("%s: %s", s.state(), d)
	}
	return s.state()
}

// detail is the printer's or the job's own words about it, if they say
// more than its state.
func (s JobStatus) detail() string {
	for _, m := range []string{s.PrinterMessage, s.Message} {
		if m = strings.TrimSpace(m); m != "" && !strings.EqualFold(m, s.state()) {
			return strings.TrimSuffix(m, ".")
		}
	}
	return ""
}

// state is the job's state in a word or two.
func (s JobStatus) state() string {
	var what string
	switch s.State {
	case JobPending:
		what = app.T("Waiting for the printer")
	case JobHeld:
		what = app.T("Held in the queue")
	case JobProcessing:
		what = app.T("Printing")
	case JobStopped:
		what = app.T("Stopped")
	case JobCanceled:
		what = app.T("Cancelled")
	case JobAborted:
		what = app.T("Failed")
	case JobCompleted:
		what = app.T("Printed")
	default:
		what = app.T("Sent")
	}
	return what
}

// Server is a print server: CUPS here, or a double in tests.
type Server interface {
	Printers(ctx context.Context) ([]Printer, error)
	Printer(ctx context.Context, name string) (Printer, error)
	Submit(ctx context.Context, j Job) (int, error)
	Status(ctx context.Context, printer string, id int) (JobStatus, error)
	Cancel(ctx context.Context, printer string, id int) error
}

var _ Server = (*CUPS)(nil)

// PollEvery is how often a job's state is read while it prints.
var PollEvery = 300 * time.Millisecond

// Print checks the printer can print, sends the job and follows it until
// it is printed, telling progress each change of state. It fails, with
// the printer's own words, when the printer is missing, stopped, offline
// or out of paper, when the job fails or is cancelled, and when ctx ends
// first (the job is then cancelled): only a nil error means the cards
// are on paper.
func Print(ctx context.Context, s Server, j Job, progress func(JobStatus)) (JobStatus, error) {
	p, err := s.Printer(ctx, j.Printer)
	if err != nil {
		return JobStatus{}, err
	}
	if why := p.Trouble(); why != "" {
		return JobStatus{}, app.Errorf(app.EINVALID, "%s Nothing was printed.", why)
	}
	id, err := s.Submit(ctx, j)
	if err != nil {
		return JobStatus{}, err
	}
	var last string
	for {
		st, err := s.Status(ctx, j.Printer, id)
		if err != nil {
			if ctx.Err() != nil {
				return cancelled(s, j.Printer, id, st, ctx.Err())
			}
			return st, err
		}
		switch st.State {
		case JobCompleted:
			if progress != nil {
				progress(st)
			}
			return st, nil
		case JobCanceled:
			return st, app.Errorf(app.EINVALID, "The print job was cancelled at the printer: nothing is logged as sent.")
		case JobAborted:
			return st, app.Errorf(app.EINVALID, "The printer %q could not print the cards (%s): nothing is logged as sent.", j.Printer, cmp.Or(st.detail(), st.Say()))
		}
		// While the job waits, the printer says why (out of paper: load
		// it and the job goes on). A printer that stopped will not print
		// it until someone starts it: say so rather than wait on.
		if !st.State.Done() && st.State != JobProcessing {
			if p, err := s.Printer(ctx, j.Printer); err == nil {
				if p.State == PrinterStopped || !p.Accepting {
					_ = s.Cancel(context.Background(), j.Printer, id)
					return st, app.Errorf(app.EINVALID, "%s The job was cancelled; nothing is logged as sent.", p.Trouble())
				}
				if why := p.Trouble(); why != "" && st.PrinterMessage == "" {
					st.PrinterMessage = why
				}
			}
		}
		if say := st.Say(); say != last && progress != nil {
			progress(st)
			last = say
		}
		select {
		case <-ctx.Done():
			return cancelled(s, j.Printer, id, st, ctx.Err())
		case <-time.After(PollEvery):
		}
	}
}

func cancelled(s Server, printer string, id int, st JobStatus, cause error) (JobStatus, error) {
	_ = s.Cancel(context.Background(), printer, id)
	if cause == context.DeadlineExceeded {
		return st, app.Errorf(app.EINVALID, "The printer %q did not finish the job in time (%s); it was cancelled, and nothing is logged as sent.", printer, st.Say())
	}
	return st, app.Errorf(app.EINVALID, "Printing was cancelled; nothing is logged as sent.")
}
