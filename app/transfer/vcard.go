package transfer

import (
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/mail"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/fold"
)

// ReadVCards reads every card of a vCard file. The file is cut into cards
// here, so one broken card is reported with its number and line and the
// rest still read; each card is then decoded by go-vcard. What go-vcard
// does not do — vCard 2.1's quoted-printable values, CHARSET parameters
// and bare TYPE parameters (TEL;CELL:) — is rewritten into 3.0 form
// first. Photos, logos and sounds are dropped unread, so a 50 MB photo
// costs no more than reading past it.
//
// Reading is linear in the file and bounded: one unfolded property is
// kept up to maxPropertyLen (a note of a million characters is a broken
// export; it is cut there, with a problem saying so).
func ReadVCards(body []byte, today app.Date) *Batch {
	b := &Batch{Format: "vCard"}
	defer b.closeProblems()
	body, b.Encoding = decodeUnicode(body)
	fallback := win1252 // for 8-bit text without a CHARSET
	if !utf8.Valid(body) {
		fallback = guessLegacy(body)
		b.Encoding = fallback.name
	}
	if b.Encoding == "" {
		b.Encoding = EncUTF8
	}
	lines := &lineReader{s: string(body)}
	var cd *card   // the card being read
	var buf []byte // the property being unfolded
	cardNo, cardLine := 0, 0
	inCard := false
	for {
		line, ok := lines.next()
		if !ok {
			break
		}
		i := lines.n - 1 // 0-based, as the messages count from 1
		if !inCard {
			if isVCardLine(line, "BEGIN") {
				inCard, cd = true, &card{}
				cardNo, cardLine = cardNo+1, i+1
			} else if strings.TrimSpace(line) != "" && cardNo == 0 && len(b.Problems) == 0 {
				b.problem(app.Tf("line %d", i+1), false, "text before the first BEGIN:VCARD ignored")
			}
			continue
		}
		where := app.Tf("card %d (line %d)", cardNo, cardLine)
		if isVCardLine(line, "END") {
			inCard = false
			b.decodeCard(cd, cardNo, where, today)
			continue
		}
		if isVCardLine(line, "BEGIN") { // the last card never ended
			b.problem(where, true, "the card has no END:VCARD before the next card begins; left out")
			cd = &card{}
			cardNo, cardLine = cardNo+1, i+1
			continue
		}
		name := propertyName(line)
		start := i + 1
		skip := name == "PHOTO" || name == "LOGO" || name == "SOUND" || name == "KEY"
		buf = buf[:0]
		cut := false
		add := func(part string) {
			if room := maxPropertyLen - len(buf); len(part) > room {
				part, cut = part[:max(room, 0)], true
			}
			buf = append(buf, part...)
		}
		if !skip {
			add(line)
		}
		qp := !skip && isQuotedPrintable(line)
		soft := qp && strings.HasSuffix(line, "=") // the raw line ends in a soft break
		for {
			next, ok := lines.peek()
			if !ok {
				break
			}
			if soft { // a soft line break: the next line goes on, leading spaces too (RFC 2045)
				if !cut && len(buf) > 0 && buf[len(buf)-1] == '=' {
					buf = buf[:len(buf)-1]
				}
				add(next)
				soft = strings.HasSuffix(next, "=")
			} else if next != "" && (next[0] == ' ' || next[0] == '\t') { // a folded line
				if !skip {
					add(next[1:])
				}
			} else {
				break
			}
			lines.next()
		}
		if skip || strings.TrimSpace(string(buf)) == "" {
			continue
		}
		prop := string(buf)
		at := app.Tf("card %d, line %d", cardNo, start)
		if name == "" {
			b.problem(at, false, "%q is not a vCard property (NAME:value); ignored", app.Clip(prop, 40))
			continue
		}
		if cut {
			b.problem(at, false, "%s is longer than %d MB; cut there", name, maxPropertyLen>>20)
		}
		fixed, problem := to30(prop, fallback)
		if problem != "" {
			b.problem(at, false, "%s", problem)
		}
		p, ok := parseProperty(fixed, start)
		if !ok {
			b.problem(at, false, "%q is not a vCard property (NAME:value); ignored", app.Clip(prop, 40))
			continue
		}
		cd.add(p)
	}
	if inCard {
		b.problem(app.Tf("card %d (line %d)", cardNo, cardLine), true, "the file ends inside this card (no END:VCARD): is it cut short? Left out")
	}
	b.cards = cardNo
	return b
}

// ReadVCardFile reads a vCard file as ReadVCards does, and refuses one
// with no card in it at all (a text file named .vcf): there is nothing
// to preview, so it is an error, not a contact "left out".
func ReadVCardFile(name string, body []byte, today app.Date) (*Batch, error) {
	b := ReadVCards(body, today)
	if b.cards == 0 {
		return nil, app.Errorf(app.EINVALID, "%s has no vCard in it: no line says BEGIN:VCARD. Export the contacts again as vCard (.vcf), or import a CSV file.", filepath.Base(name))
	}
	b.File = name
	return b, nil
}

// maxPropertyLen bounds one unfolded vCard property (a megabyte; the
// longest field a contact keeps is 20,000 characters).
const maxPropertyLen = 1 << 20

// lineReader hands out a text's lines one at a time (LF, a CR before it
// dropped), with one line of look-ahead: no slice of every line.
type lineReader struct {
	s    string
	pos  int
	n    int // lines handed out
	done bool
}

func (r *lineReader) peek() (string, bool) {
	if r.done {
		return "", false
	}
	rest := r.s[r.pos:]
	if end := strings.IndexByte(rest, '\n'); end >= 0 {
		rest = rest[:end]
	}
	return strings.TrimSuffix(rest, "\r"), true
}

func (r *lineReader) next() (string, bool) {
	line, ok := r.peek()
	if !ok {
		return "", false
	}
	if end := strings.IndexByte(r.s[r.pos:], '\n'); end >= 0 {
		r.pos += end + 1
	} else {
		r.done = true
	}
	r.n++
	return line, true
}

func isVCardLine(line, key string) bool {
	k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
	return ok && strings.EqualFold(k, key) && strings.EqualFold(strings.TrimSpace(v), "VCARD")
}

// propertyName is a line's property, without its group, in upper case.
func propertyName(line string) string {
	end := strings.IndexAny(line, ";:")
	if end < 0 {
		return ""
	}
	name := line[:end]
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		name = name[dot+1:]
	}
	return strings.ToUpper(name)
}

func isQuotedPrintable(line string) bool {
	head, _, ok := strings.Cut(line, ":")
	return ok && strings.Contains(strings.ToUpper(head), "QUOTED-PRINTABLE")
}

// to30 rewrites one unfolded vCard 2.1 line in the form go-vcard reads:
// bare parameters become TYPE=, a quoted-printable value is decoded, a
// CHARSET is applied, and text that is not UTF-8 is read in fallback
// (the file's guessed encoding). It returns a problem to report, if any.
func to30(line string, fallback legacy) (string, string) {
	colon := unquotedIndex(line, ':')
	if colon < 0 {
		return line, "" // parseProperty says what is wrong
	}
	head, value := line[:colon], line[colon+1:]
	parts := splitUnquoted(head, ';')
	var params []string
	enc, charset := "", ""
	changed := false
	for _, p := range parts[1:] {
		k, v, hasEq := strings.Cut(p, "=")
		switch up := strings.ToUpper(strings.TrimSpace(k)); {
		case !hasEq && (up == "QUOTED-PRINTABLE" || up == "BASE64" || up == "8BIT" || up == "7BIT"):
			enc, changed = up, true
		case !hasEq:
			params, changed = append(params, "TYPE="+strings.TrimSpace(p)), true
		case up == "ENCODING" && strings.EqualFold(v, "QUOTED-PRINTABLE"):
			enc, changed = "QUOTED-PRINTABLE", true
		case up == "CHARSET":
			charset, changed = strings.Trim(v, `"`), true
		default:
			params = append(params, p)
		}
	}
	problem := ""
	raw := []byte(value)
	decoded := false
	if enc == "QUOTED-PRINTABLE" {
		out, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(value)))
		if err != nil {
			problem = app.Tf("%s: the quoted-printable text is damaged (%v); read as far as it goes", parts[0], err)
		}
		raw, decoded = out, true
	}
	if charset != "" && !strings.EqualFold(charset, "utf-8") && !strings.EqualFold(charset, "us-ascii") {
		if e, err := htmlindex.Get(charset); err != nil {
			if problem == "" && !utf8.Valid(raw) {
				problem = app.Tf("%s: unknown character set %q; read as %s", parts[0], charset, fallback.name)
			} else if problem == "" {
				problem = app.Tf("%s: unknown character set %q; read as UTF-8", parts[0], charset)
			}
		} else if out, err := e.NewDecoder().Bytes(raw); err == nil {
			raw, decoded = out, true
		}
	}
	if !utf8.Valid(raw) {
		out, _ := fallback.enc.NewDecoder().Bytes(raw)
		raw, decoded, changed = out, true, true
		if problem == "" {
			problem = app.Tf("%s: the text is not UTF-8; read as %s", parts[0], fallback.name)
		}
	}
	if !changed && !decoded {
		return line, problem
	}
	value = string(raw)
	if decoded {
		value = strings.NewReplacer("\\", "\\\\", "\r\n", "\\n", "\n", "\\n", "\r", "\\n").Replace(value)
	}
	return strings.Join(append([]string{parts[0]}, params...), ";") + ":" + value, problem
}

// unquotedIndex is the first sep in s outside double quotes, or -1.
func unquotedIndex(s string, sep byte) int {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == sep && !quoted:
			return i
		}
	}
	return -1
}

// splitUnquoted splits s at each sep outside double quotes.
func splitUnquoted(s string, sep byte) []string {
	var out []string
	for {
		i := unquotedIndex(s, sep)
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
}

// card is one vCard's properties, in file order, found by name.
type card struct {
	props  []property
	byName map[string][]int
}

func (c *card) add(p property) {
	if c.byName == nil {
		c.byName = map[string][]int{}
	}
	c.byName[p.Name] = append(c.byName[p.Name], len(c.props))
	c.props = append(c.props, p)
}

// all are the properties of one name, in file order.
func (c *card) all(name string) []property {
	idx := c.byName[name]
	out := make([]property, len(idx))
	for i, n := range idx {
		out[i] = c.props[n]
	}
	return out
}

// first is the property of that name marked preferred, else the first.
func (c *card) first(name string) (property, bool) {
	list := c.all(name)
	for _, p := range list {
		if p.preferred() {
			return p, true
		}
	}
	if len(list) == 0 {
		return property{}, false
	}
	return list[0], true
}

func (c *card) text(name string) string {
	if p, ok := c.first(name); ok {
		return strings.TrimSpace(p.text())
	}
	return ""
}

// groupLabel is Apple's label for a grouped property: item1.TEL with
// item1.X-ABLABEL:_$!<Other>!$_.
func (c *card) groupLabel(p property) string {
	if p.Group == "" {
		return ""
	}
	for _, l := range c.all("X-ABLABEL") {
		if strings.EqualFold(l.Group, p.Group) {
			return appleLabel(l.text())
		}
	}
	return ""
}

// at names a property's line, for a problem with one value.
func (b *Batch) at(cardNo int, p property) string {
	return app.Tf("card %d, line %d", cardNo, p.Line)
}

// decodeCard reads the contact of one card's properties.
func (b *Batch) decodeCard(c *card, cardNo int, where string, today app.Date) {
	r := Record{Where: where}
	b.cardToContact(c, cardNo, &r)
	b.finish(r, today)
}

// Our own fields, for what vCard has no property for.
const (
	xKinds        = "X-REFERABLE-KINDS"
	xTreasures    = "X-REFERABLE-TREASURES"
	xClientSince  = "X-REFERABLE-CLIENT-SINCE"
	xDoNotContact = "X-REFERABLE-DO-NOT-CONTACT"
	xMailLead     = "X-REFERABLE-MAIL-LEAD-DAYS"
	xCadence      = "X-REFERABLE-CADENCE-DAYS"
	xReferredBy   = "X-REFERABLE-REFERRED-BY"
	xOccasion     = "X-REFERABLE-OCCASION"
	xDisplayName  = "X-REFERABLE-DISPLAY-NAME"
)

func (b *Batch) cardToContact(cd *card, cardNo int, r *Record) {
	c := &r.Contact
	if n, ok := cd.first("N"); ok {
		parts := n.listComponents()
		get := func(i int) string {
			if i < len(parts) {
				return strings.Join(parts[i], " ")
			}
			return ""
		}
		c.FamilyName, c.GivenName, c.MiddleName, c.Prefix, c.Suffix = get(0), get(1), get(2), get(3), get(4)
	}
	if org, ok := cd.first("ORG"); ok {
		c.Company = strings.TrimSpace(org.components()[0])
	}
	if nick := cd.all("NICKNAME"); len(nick) > 0 {
		c.Nickname = strings.Join(nick[0].list(), ", ")
	}
	fn := cd.text("FN")
	switch {
	case len(cd.all(xDisplayName)) > 0:
		c.DisplayName = cd.text(xDisplayName)
	case c.GivenName == "" && c.FamilyName == "" && fn != "" && fn != c.Company:
		// No N (cards typed by hand, some phones): split FN.
		c.GivenName, c.FamilyName = SplitFullName(fn)
	case fn != "" && fn != app.ContactName("", c.GivenName, c.FamilyName, c.Company):
		c.DisplayName = fn
	}
	for _, p := range cd.all("EMAIL") {
		v, ok := emailAddress(p.text())
		if !ok {
			b.problem(b.at(cardNo, p), false, "%q is not an email address; not kept", app.Clip(p.text(), 60))
			continue
		}
		c.Emails = append(c.Emails, app.Labeled{Label: cd.label(p, "internet", "x400"), Value: v})
	}
	for _, p := range cd.all("TEL") {
		v := strings.TrimSpace(p.text())
		if len(v) > 4 && strings.EqualFold(v[:4], "tel:") {
			v = v[4:]
		}
		c.Phones = append(c.Phones, app.Labeled{Label: cd.label(p, "voice"), Value: v})
	}
	c.Address, c.OtherAddresses = cd.addresses()
	if p, ok := cd.first("BDAY"); ok && p.text() != "" {
		c.Birthday = b.vcardDate(b.at(cardNo, p), "birthday", p.text(), p.param("X-APPLE-OMIT-YEAR"))
	}
	var notes []string
	for _, p := range cd.all("NOTE") {
		if s := strings.TrimSpace(p.text()); s != "" {
			notes = append(notes, s)
		}
	}
	c.Notes = strings.Join(notes, "\n\n")
	for _, p := range cd.all("CATEGORIES") {
		c.Tags = append(c.Tags, p.list()...)
	}
	r.UID = cd.text("UID")

	// Yearly dates: ours if the card has them, else ANNIVERSARY and the
	// anniversaries other address books write their own way.
	if ours := cd.all(xOccasion); len(ours) > 0 {
		for _, p := range ours {
			c.Occasions = append(c.Occasions, app.Occasion{Label: p.param("LABEL"), Date: b.vcardDate(b.at(cardNo, p), p.param("LABEL"), p.text(), "")})
		}
	} else {
		for _, key := range []string{"ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"} {
			if p, ok := cd.first(key); ok && p.text() != "" {
				c.Occasions = append(c.Occasions, app.Occasion{Label: "Anniversary", Date: b.vcardDate(b.at(cardNo, p), "anniversary", p.text(), p.param("X-APPLE-OMIT-YEAR"))})
				break
			}
		}
		for _, p := range cd.all("X-ABDATE") { // Apple: itemN.X-ABDATE with itemN.X-ABLABEL
			name := cd.groupLabel(p)
			if name == "" {
				name = "Anniversary"
			}
			if name == "Anniversary" && len(c.Occasions) > 0 && c.Occasions[0].Label == "Anniversary" {
				continue // the same date as ANNIVERSARY
			}
			c.Occasions = append(c.Occasions, app.Occasion{Label: name, Date: b.vcardDate(b.at(cardNo, p), strings.ToLower(name), p.text(), p.param("X-APPLE-OMIT-YEAR"))})
		}
	}
	for i := 0; i < len(c.Occasions); i++ { // dates that did not read are reported already
		if c.Occasions[i].Date.IsZero() {
			c.Occasions = append(c.Occasions[:i], c.Occasions[i+1:]...)
			i--
		}
	}

	if p, ok := cd.first(xKinds); ok {
		for _, k := range strings.FieldsFunc(p.text(), func(r rune) bool { return r == ',' || r == ';' }) {
			if kind, err := app.ParseKind(k); err == nil {
				c.Kinds |= kind
			} else {
				b.problem(b.at(cardNo, p), false, "%s", app.ErrorMessage(err))
			}
		}
	}
	c.Treasures = cd.text(xTreasures)
	if p, ok := cd.first(xClientSince); ok && p.text() != "" {
		c.ClientSince = b.vcardDate(b.at(cardNo, p), app.T("client since"), p.text(), "")
	}
	c.DoNotContact = strings.EqualFold(cd.text(xDoNotContact), "true")
	if p, ok := cd.first(xMailLead); ok {
		c.MailLeadDays = b.number(b.at(cardNo, p), app.T("days the post takes"), p.text())
	}
	if p, ok := cd.first(xCadence); ok {
		c.CadenceDays = b.number(b.at(cardNo, p), app.T("keep-in-touch days"), p.text())
	}
	r.ReferredBy = cd.text(xReferredBy)
}

// emailAddress reads the address out of what programs put in EMAIL:
// ada@example.com, mailto:ada@example.com, "Ada" <ada@example.com>.
func emailAddress(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) > 7 && strings.EqualFold(v[:7], "mailto:") {
		v = strings.TrimSpace(v[7:])
	}
	if strings.ContainsAny(v, "<>") {
		if a, err := mail.ParseAddress(v); err == nil {
			return a.Address, true
		}
		if open, end := strings.LastIndexByte(v, '<'), strings.LastIndexByte(v, '>'); open >= 0 && end > open {
			v = strings.TrimSpace(v[open+1 : end])
		}
	}
	return v, v != ""
}

func (b *Batch) number(where, what, v string) int {
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		b.problem(where, false, "%s: %q is not a number; not kept", what, v)
	}
	return n
}

// label is a value's first TYPE that says something (work, home,
// mobile), in lower case, else Apple's label for its group, else its
// LABEL parameter (but an address's LABEL is the address as printed).
func (cd *card) label(p property, ignore ...string) string {
	var says []string
	for _, one := range p.types() {
		switch {
		case one == "pref" || one == "internet" || one == "voice" || one == "x400" || one == "postal" || one == "parcel" ||
			one == "dom" || one == "intl" || strings.HasPrefix(one, "x-") || slices.Contains(ignore, one):
			continue
		case one == "cell":
			one = "mobile"
		}
		says = append(says, one)
	}
	if len(says) > 0 {
		// TYPE=fax,work is a work fax, as Outlook's columns say.
		if slices.Contains(says, "fax") {
			for _, where := range []string{"work", "home"} {
				if slices.Contains(says, where) {
					return where + " fax"
				}
			}
		}
		return says[0]
	}
	if l := cd.groupLabel(p); l != "" {
		return strings.ToLower(l)
	}
	if p.Name != "ADR" {
		return p.param("LABEL")
	}
	return ""
}

// addresses reads every ADR: the one marked preferred, else the home
// one, else the first is the one cards are mailed to (cards go to
// people's homes more often than not); the rest are kept in file order.
func (cd *card) addresses() (app.Address, []app.Address) {
	list := cd.all("ADR")
	if len(list) == 0 {
		return app.Address{}, nil
	}
	mail := 0
	if i := slices.IndexFunc(list, property.preferred); i >= 0 {
		mail = i
	} else if i := slices.IndexFunc(list, func(p property) bool { return p.hasType("home") }); i >= 0 {
		mail = i
	}
	var first app.Address
	var others []app.Address
	for i, p := range list {
		parts := p.components()
		get := func(i int) string {
			if i < len(parts) {
				return strings.TrimSpace(parts[i])
			}
			return ""
		}
		street := get(2)
		if ext := get(1); ext != "" {
			street = strings.TrimSpace(street + "\n" + ext)
		}
		if box := get(0); box != "" {
			if !strings.Contains(strings.ToLower(box), "box") {
				box = "PO Box " + box
			}
			street = strings.TrimSpace(street + "\n" + box)
		}
		a := app.Address{Label: cd.label(p), Street: street, Locality: get(3), Region: get(4), PostalCode: get(5), Country: get(6)}
		if a.IsZero() {
			continue
		}
		if i == mail {
			first = a
		} else {
			others = append(others, a)
		}
	}
	return first, others
}

// appleLabel reads Apple's _$!<Anniversary>!$_ as Anniversary; a label
// the person typed comes as it is.
func appleLabel(s string) string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "_$!<"), ">!$_")
	return strings.TrimSpace(s)
}

// vcardDate reads a vCard date: 1984-04-15, 19840415, --0415, --04-15,
// with or without a time after it. Apple writes a date without a year
// with the year 1604 (or the year X-APPLE-OMIT-YEAR names), in either
// form: that year is dropped. A date that does not read is reported and
// left empty.
func (b *Batch) vcardDate(where, what, v, omitYear string) app.Date {
	v = strings.TrimSpace(v)
	if t := strings.IndexAny(v, "T "); t > 0 { // a time after the date: 1985-04-12T00:00:00Z, 1985-04-12 00:00
		v = v[:t]
	}
	d, err := app.ParseDate(v)
	if g := slashDate.FindStringSubmatch(v); err != nil && g != nil && len(g[3]) == 4 {
		// 4/12/1985, as some exporters write a date (a two-digit year is
		// not guessed at here)
		probe := &Batch{}
		if d = probe.csvDate(where, what, v, app.Date{Year: 9999, Month: 12, Day: 31}); !d.IsZero() {
			err = nil
		}
	}
	if err != nil {
		b.problem(where, false, "%s not kept: %s", what, strings.TrimSuffix(app.ErrorMessage(err), "."))
		return app.Date{}
	}
	// 1604 always means "no year" (Apple's choice, a leap year no living
	// person was born in), in whatever form; so does a year
	// X-APPLE-OMIT-YEAR names.
	if y := strconv.Itoa(d.Year); d.Year == 1604 || y == strings.TrimSpace(omitYear) {
		d.Year = 0
	}
	return d
}

// UID names a contact in our vCards, so a referral between two contacts
// of one file survives a round trip.
func UID(id int64) string { return "urn:referable:contact:" + strconv.FormatInt(id, 10) }

// VCardWriter writes contacts as vCard 4.0 (RFC 6350), one card each,
// with ANNIVERSARY, CATEGORIES and X-REFERABLE- fields for what vCard has
// no property for. Values are escaped as the RFC asks (backslash, comma,
// semicolon, newline; each component of N and ADR on its own), dates
// are in the RFC's basic form (19931226, --1226), and long lines are
// folded at 75 octets.
type VCardWriter struct {
	w   io.Writer
	buf strings.Builder
	// Version3 writes vCard 3.0 (RFC 2426), as some servers and phones
	// take only it: dates as 1993-12-26, a date without a year as Apple
	// writes it (1604-12-26 with X-APPLE-OMIT-YEAR), X-ANNIVERSARY.
	Version3 bool
	// UIDOf names a contact by its ID, for its UID and the UID of the
	// one who referred it; "" leaves the property out. Unset, UID.
	UIDOf func(id int64) string
}

// NewVCardWriter writes cards to w.
func NewVCardWriter(w io.Writer) *VCardWriter {
	return &VCardWriter{w: fold.NewWriter(w)}
}

// param is one parameter of a property to write.
type param struct{ key, value string }

// line writes one content line; value is already escaped.
func (vw *VCardWriter) line(group, name string, params []param, value string) error {
	vw.buf.Reset()
	if group != "" {
		vw.buf.WriteString(group + ".")
	}
	vw.buf.WriteString(name)
	for _, p := range params {
		vw.buf.WriteString(";" + p.key + "=" + p.value)
	}
	vw.buf.WriteString(":" + value + "\r\n")
	_, err := io.WriteString(vw.w, vw.buf.String())
	return err
}

// Write writes one contact.
func (vw *VCardWriter) Write(c *app.Contact) error {
	var err error
	put := func(name string, params []param, value string) {
		if err == nil {
			err = vw.line("", name, params, value)
		}
	}
	text := func(name, value string) {
		if value != "" {
			put(name, nil, escapeText(value))
		}
	}
	uidOf := vw.UIDOf
	if uidOf == nil {
		uidOf = UID
	}
	date := func(name string, d app.Date) {
		switch {
		case !vw.Version3:
			put(name, nil, vcardDateString(d))
		case d.HasYear():
			put(name, nil, fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day))
		default:
			put(name, []param{{"X-APPLE-OMIT-YEAR", "1604"}}, fmt.Sprintf("1604-%02d-%02d", int(d.Month), d.Day))
		}
	}
	put("BEGIN", nil, "VCARD")
	put("VERSION", nil, map[bool]string{true: "3.0", false: "4.0"}[vw.Version3])
	text("FN", c.Name())
	put("N", nil, strings.Join([]string{escapeText(c.FamilyName), escapeText(c.GivenName), escapeList(strings.Fields(c.MiddleName)),
		escapeList(strings.Fields(c.Prefix)), escapeList(strings.Fields(c.Suffix))}, ";"))
	text("NICKNAME", c.Nickname)
	text(xDisplayName, c.DisplayName)
	if c.ID != 0 {
		if uid := uidOf(c.ID); uid != "" {
			put("UID", nil, uid)
		}
	}
	text("ORG", c.Company)
	items := 0
	// labeled writes a value with its label: as TYPE where the label is
	// words the RFC defines for it (work, cell, fax…), else as Apple's
	// grouped X-ABLABEL, which keeps any word (and other programs read).
	labeled := func(name string, params []param, label string, known []string, value string) {
		words := strings.Fields(strings.ToLower(label))
		if slices.ContainsFunc(words, func(w string) bool { return !slices.Contains(known, w) }) {
			items++
			group := fmt.Sprintf("item%d", items)
			if err == nil {
				err = vw.line(group, name, params, value)
			}
			if err == nil {
				err = vw.line(group, "X-ABLABEL", nil, escapeText(label))
			}
			return
		}
		if len(words) > 0 {
			params = append(params, param{"TYPE", strings.Join(words, ",")})
		}
		put(name, params, value)
	}
	for _, e := range c.Emails {
		labeled("EMAIL", nil, e.Label, []string{"home", "work"}, escapeText(e.Value))
	}
	for _, p := range c.Phones {
		l := p.Label
		if strings.EqualFold(l, "mobile") {
			l = "cell"
		}
		labeled("TEL", nil, l, []string{"home", "work", "cell", "fax", "pager", "text", "video", "textphone"}, escapeText(p.Value))
	}
	for i, a := range c.Addresses() {
		var params []param
		if i == 0 && len(c.OtherAddresses) > 0 { // the one cards are mailed to
			params = append(params, map[bool]param{true: {"TYPE", "pref"}, false: {"PREF", "1"}}[vw.Version3])
		}
		value := strings.Join([]string{"", "", escapeText(a.Street), escapeText(a.Locality), escapeText(a.Region), escapeText(a.PostalCode), escapeText(a.Country)}, ";")
		labeled("ADR", params, a.Label, []string{"home", "work"}, value)
	}
	if !c.Birthday.IsZero() {
		date("BDAY", c.Birthday)
	}
	anniversary := false
	for _, o := range c.Occasions {
		if strings.EqualFold(o.Label, "anniversary") && !anniversary {
			date(map[bool]string{true: "X-ANNIVERSARY", false: "ANNIVERSARY"}[vw.Version3], o.Date)
			anniversary = true
		}
		put(xOccasion, []param{{"LABEL", paramValue(o.Label)}}, vcardDateString(o.Date))
	}
	if len(c.Tags) > 0 {
		put("CATEGORIES", nil, escapeList(slices.Clone(c.Tags)))
	}
	text("NOTE", c.Notes)
	if c.Kinds != 0 {
		put(xKinds, nil, escapeText(strings.ToLower(strings.Join(c.Kinds.Keys(), ","))))
	}
	text(xTreasures, c.Treasures)
	if !c.ClientSince.IsZero() {
		put(xClientSince, nil, vcardDateString(c.ClientSince))
	}
	if c.DoNotContact {
		put(xDoNotContact, nil, "true")
	}
	if c.MailLeadDays != 0 {
		put(xMailLead, nil, strconv.Itoa(c.MailLeadDays))
	}
	if c.CadenceDays != 0 {
		put(xCadence, nil, strconv.Itoa(c.CadenceDays))
	}
	if c.ReferredByID != 0 {
		if uid := uidOf(c.ReferredByID); uid != "" {
			put(xReferredBy, nil, uid)
		}
	}
	put("END", nil, "VCARD")
	return err
}

// vcardDateString writes a date in RFC 6350's basic form: 19931226, or
// --1226 without a year.
func vcardDateString(d app.Date) string {
	if !d.HasYear() {
		return fmt.Sprintf("--%02d%02d", int(d.Month), d.Day)
	}
	return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day)
}
