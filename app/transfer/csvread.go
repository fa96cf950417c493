package transfer

import "io"

// maxCellLen bounds one CSV cell (a megabyte; the longest field a
// contact keeps is 20,000 characters): a 100 MB cell is cut there.
const maxCellLen = 1 << 20

// csvReader reads CSV as encoding/csv does with LazyQuotes and any
// number of fields per record — a quote that does not close a field is
// kept as a character, blank lines are skipped, CRLF reads as LF — but
// in one pass over the bytes, each cell kept to maxCellLen.
type csvReader struct {
	s     []byte
	pos   int
	line  int // lines passed, so the next line is line+1
	comma byte
}

// read returns the next record, the line it starts on, and whether a cell
// of it was cut; io.EOF at the end.
func (r *csvReader) read() (row []string, startLine int, cut bool, err error) {
	s := r.s
	for r.pos < len(s) && (s[r.pos] == '\n' || s[r.pos] == '\r' && (r.pos+1 == len(s) || s[r.pos+1] == '\n')) {
		if s[r.pos] == '\n' {
			r.line++
		}
		r.pos++
	}
	if r.pos >= len(s) {
		return nil, 0, false, io.EOF
	}
	startLine = r.line + 1
	for {
		var field string
		if s[r.pos] == '"' {
			var f []byte
			keep := func(c ...byte) {
				if len(f)+len(c) > maxCellLen {
					cut = true
					return
				}
				f = append(f, c...)
			}
			r.pos++
			for r.pos < len(s) {
				c := s[r.pos]
				if c == '"' {
					if r.pos+1 < len(s) && s[r.pos+1] == '"' {
						keep('"')
						r.pos += 2
						continue
					}
					if r.atDelimiter(r.pos + 1) {
						r.pos++
						break
					}
					keep('"') // a lazy quote
					r.pos++
					continue
				}
				if c == '\r' && r.pos+1 < len(s) && s[r.pos+1] == '\n' {
					r.pos++
					continue
				}
				if c == '\n' {
					r.line++
				}
				keep(c)
				r.pos++
			}
			field = string(f)
		} else {
			start := r.pos
			for r.pos < len(s) && s[r.pos] != r.comma && s[r.pos] != '\n' {
				r.pos++
			}
			end := r.pos
			if end > start && s[end-1] == '\r' && (end == len(s) || s[end] == '\n') {
				end--
			}
			if end-start > maxCellLen {
				end, cut = start+maxCellLen, true
			}
			field = string(s[start:end])
		}
		row = append(row, field)
		if r.pos >= len(s) {
			r.line++
			return row, startLine, cut, nil
		}
		switch s[r.pos] {
		case r.comma:
			r.pos++
			if r.pos >= len(s) {
				return append(row, ""), startLine, cut, nil
			}
			if s[r.pos] == '\n' || s[r.pos] == '\r' && r.pos+1 < len(s) && s[r.pos+1] == '\n' {
				row = append(row, "")
				r.endLine()
				return row, startLine, cut, nil
			}
		default:
			r.endLine()
			return row, startLine, cut, nil
		}
	}
}

// atDelimiter reports whether position i ends a field.
func (r *csvReader) atDelimiter(i int) bool {
	s := r.s
	return i >= len(s) || s[i] == r.comma || s[i] == '\n' || s[i] == '\r' && (i+1 >= len(s) || s[i+1] == '\n')
}

// endLine steps over the line end at pos.
func (r *csvReader) endLine() {
	if r.pos < len(r.s) && r.s[r.pos] == '\r' {
		r.pos++
	}
	if r.pos < len(r.s) && r.s[r.pos] == '\n' {
		r.pos++
		r.line++
	}
}
