package transfer

import (
	"strings"
)

// property is one unfolded content line of a vCard,
// group.NAME;PARAM=a,"b;c":value, as RFC 6350 (4.0) and RFC 2426 (3.0)
// write it. The value is kept escaped: a text value, a structured one
// (N, ADR) and a list (CATEGORIES) unescape differently, so each is read
// by the method that knows its shape.
type property struct {
	Group  string
	Name   string              // upper case
	Params map[string][]string // keys upper case; values unquoted, RFC 6868 ^-escapes read
	Value  string              // still escaped
	Line   int                 // where it starts in the file, counting from 1
}

// parseProperty reads one unfolded line; ok is false when it has no
// colon after its name (not a property at all).
func parseProperty(line string, lineNo int) (property, bool) {
	p := property{Line: lineNo, Params: map[string][]string{}}
	i := strings.IndexAny(line, ";:")
	if i <= 0 {
		return p, false
	}
	name := line[:i]
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		p.Group, name = name[:dot], name[dot+1:]
	}
	p.Name = strings.ToUpper(strings.TrimSpace(name))
	if p.Name == "" {
		return p, false
	}
	rest := line[i:]
	for len(rest) > 0 && rest[0] == ';' {
		rest = rest[1:]
		// A parameter runs to the next ; or : outside quotes.
		end, quoted := 0, false
		for end < len(rest) {
			c := rest[end]
			if c == '"' {
				quoted = !quoted
			} else if !quoted && (c == ';' || c == ':') {
				break
			}
			end++
		}
		p.addParam(rest[:end])
		rest = rest[end:]
	}
	if len(rest) == 0 || rest[0] != ':' {
		return p, false
	}
	p.Value = rest[1:]
	return p, true
}

// addParam reads KEY=v1,"v2",v3, or a bare value (vCard 2.1's TEL;CELL),
// which is a TYPE.
func (p *property) addParam(s string) {
	key, values, hasEq := strings.Cut(s, "=")
	if !hasEq {
		key, values = "TYPE", s
	}
	key = strings.ToUpper(strings.TrimSpace(key))
	if key == "" {
		return
	}
	for _, v := range splitParamValues(values) {
		if v = strings.TrimSpace(v); v != "" {
			p.Params[key] = append(p.Params[key], v)
		}
	}
}

// splitParamValues splits a parameter's value list at commas outside
// quotes, drops the quotes and reads RFC 6868's ^n, ^' and ^^.
func splitParamValues(s string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			out = append(out, cur.String())
			cur.Reset()
		case c == '^' && i+1 < len(s) && strings.IndexByte("n'^", s[i+1]) >= 0:
			switch s[i+1] {
			case 'n':
				cur.WriteByte('\n')
			case '\'':
				cur.WriteByte('"')
			default:
				cur.WriteByte('^')
			}
			i++
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, cur.String())
}

// param is the first value of a parameter, "" when it has none.
func (p property) param(key string) string {
	if v := p.Params[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// types are the property's TYPE values, lower case, each list item on
// its own ("work,voice" is two).
func (p property) types() []string {
	var out []string
	for _, t := range p.Params["TYPE"] {
		for _, one := range strings.Split(t, ",") {
			if one = strings.ToLower(strings.TrimSpace(one)); one != "" {
				out = append(out, one)
			}
		}
	}
	return out
}

func (p property) hasType(t string) bool {
	for _, one := range p.types() {
		if one == t {
			return true
		}
	}
	return false
}

// preferred reports PREF=1 (4.0) or TYPE=pref (3.0).
func (p property) preferred() bool {
	return p.param("PREF") != "" || p.hasType("pref")
}

// text is the value as one text: \n, \N, \, \; \: \" and \\ unescaped,
// as every version writes them (3.0 and 4.0 escape ; in text, and
// programs escape more than the RFCs ask: a backslash before any other
// character is kept as it is).
func (p property) text() string { return unescapeText(p.Value) }

// components are a structured value's parts (N, ADR, ORG), split at
// semicolons that are not escaped, each unescaped.
func (p property) components() []string {
	parts := splitEscaped(p.Value, ';')
	for i, s := range parts {
		parts[i] = unescapeText(s)
	}
	return parts
}

// listComponents are a structured value's parts, each a list split at
// commas that are not escaped (N's middle names: Richter,James).
func (p property) listComponents() [][]string {
	var out [][]string
	for _, part := range splitEscaped(p.Value, ';') {
		var list []string
		for _, v := range splitEscaped(part, ',') {
			if v = strings.TrimSpace(unescapeText(v)); v != "" {
				list = append(list, v)
			}
		}
		out = append(out, list)
	}
	return out
}

// list is a list value (CATEGORIES, NICKNAME) split at commas that are
// not escaped.
func (p property) list() []string {
	var out []string
	for _, v := range splitEscaped(p.Value, ',') {
		if v = strings.TrimSpace(unescapeText(v)); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// splitEscaped splits s at each sep not preceded by a backslash that is
// itself not escaped, keeping the escapes for the parts to read.
func splitEscaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // the next character is escaped, whatever it is
		case sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func unescapeText(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch n := s[i]; n {
		case 'n', 'N':
			b.WriteByte('\n')
		case ',', ';', ':', '"', '\\':
			b.WriteByte(n)
		default: // not an escape any version defines: keep it as written
			b.WriteByte('\\')
			b.WriteByte(n)
		}
	}
	return b.String()
}

// escapeText writes a text value (or one component of a structured
// value) as RFC 6350 asks: backslash, comma, semicolon and newline
// escaped.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "\\,;\n\r") {
		return s
	}
	return textEscaper.Replace(strings.ReplaceAll(s, "\r\n", "\n"))
}

var textEscaper = strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`, "\r", `\n`)

// escapeList writes the items of one list component, comma-separated.
func escapeList(items []string) string {
	for i, s := range items {
		items[i] = escapeText(s)
	}
	return strings.Join(items, ",")
}

var paramEscaper = strings.NewReplacer("^", "^^", "\n", "^n", `"`, "^'")

// paramValue writes one parameter value, quoted when it holds a
// character that would end it, with RFC 6868's ^-escapes.
func paramValue(s string) string {
	if strings.ContainsAny(s, "^\n\"") {
		s = paramEscaper.Replace(s)
	}
	if strings.ContainsAny(s, ";:,") || strings.TrimSpace(s) != s {
		return `"` + s + `"`
	}
	return s
}
