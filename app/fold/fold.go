// Package fold folds the content lines of iCalendar (RFC 5545) and vCard
// (RFC 6350) files, which share the rule: a line longer than 75 octets
// continues on the next line after a space, never inside a UTF-8
// sequence.
package fold

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// At is the longest line, in octets, before the CRLF.
const At = 75

// Writer folds each line written to it; every Write must be one whole
// line ending in CRLF, as the iCalendar and vCard encoders write them.
type Writer struct {
	w   io.Writer
	err error
}

// NewWriter folds the lines written to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

func (f *Writer) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	line := bytes.TrimSuffix(p, []byte("\r\n"))
	if len(line) <= At {
		if _, err := f.w.Write(p); err != nil {
			f.err = err
			return 0, err
		}
		return len(p), nil
	}
	var out bytes.Buffer
	limit := At
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		out.Write(line[:cut])
		out.WriteString("\r\n ")
		line = line[cut:]
		limit = At - 1 // the leading space counts
	}
	out.Write(line)
	out.WriteString("\r\n")
	if _, err := f.w.Write(out.Bytes()); err != nil {
		f.err = err
		return 0, err
	}
	return len(p), nil
}
