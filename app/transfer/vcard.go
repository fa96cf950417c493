package transfer

import (
	"fmt"
	"io"
	"mime/quotedprintable"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-vcard"
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
	var card []string // the logical lines of the card being read
	var buf []byte    // the property being unfolded
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
				inCard, card = true, card[:0]
				cardNo, cardLine = cardNo+1, i+1
			} else if strings.TrimSpace(line) != "" && cardNo == 0 && len(b.Problems) == 0 {
				b.problem(fmt.Sprintf("line %d", i+1), false, "text before the first BEGIN:VCARD ignored")
			}
			continue
		}
		where := fmt.Sprintf("card %d (line %d)", cardNo, cardLine)
		if isVCardLine(line, "END") {
			inCard = false
			b.decodeCard(card, where, today)
			continue
		}
		if isVCardLine(line, "BEGIN") { // the last card never ended
			b.problem(where, true, "the card has no END:VCARD before the next card begins; left out")
			card = card[:0]
			cardNo, cardLine = cardNo+1, i+1
			continue
		}
		name := propertyName(line)
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
		if name == "" {
			b.problem(fmt.Sprintf("line %d", lines.n), false, "%q is not a vCard property (NAME:value); ignored", app.Clip(prop, 40))
			continue
		}
		if cut {
			b.problem(where, false, "%s is longer than %d MB; cut there", name, maxPropertyLen>>20)
		}
		fixed, problem := to30(prop, fallback)
		if problem != "" {
			b.problem(where, false, "%s", problem)
		}
		card = append(card, fixed)
	}
	if inCard {
		b.problem(fmt.Sprintf("card %d (line %d)", cardNo, cardLine), true, "the file ends inside this card (no END:VCARD): is it cut short? Left out")
	}
	if cardNo == 0 {
		b.problem("", true, "no vCard in the file (no BEGIN:VCARD line)")
	}
	return b
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
	colon := strings.IndexByte(line, ':')
	if colon < 0 {
		return line, "" // go-vcard says what is wrong
	}
	head, value := line[:colon], line[colon+1:]
	parts := strings.Split(head, ";")
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
			problem = fmt.Sprintf("%s: the quoted-printable text is damaged (%v); read as far as it goes", parts[0], err)
		}
		raw, decoded = out, true
	}
	if charset != "" && !strings.EqualFold(charset, "utf-8") && !strings.EqualFold(charset, "us-ascii") {
		if e, err := htmlindex.Get(charset); err != nil {
			if problem == "" && !utf8.Valid(raw) {
				problem = fmt.Sprintf("%s: unknown character set %q; read as %s", parts[0], charset, fallback.name)
			} else if problem == "" {
				problem = fmt.Sprintf("%s: unknown character set %q; read as UTF-8", parts[0], charset)
			}
		} else if out, err := e.NewDecoder().Bytes(raw); err == nil {
			raw, decoded = out, true
		}
	}
	if !utf8.Valid(raw) {
		out, _ := fallback.enc.NewDecoder().Bytes(raw)
		raw, decoded, changed = out, true, true
		if problem == "" {
			problem = fmt.Sprintf("%s: the text is not UTF-8; read as %s", parts[0], fallback.name)
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

// decodeCard hands one card's lines to go-vcard and reads the contact.
func (b *Batch) decodeCard(lines []string, where string, today app.Date) {
	var buf strings.Builder
	buf.WriteString("BEGIN:VCARD\r\n")
	for _, l := range lines {
		buf.WriteString(l)
		buf.WriteString("\r\n")
	}
	buf.WriteString("END:VCARD\r\n")
	card, err := vcard.NewDecoder(strings.NewReader(buf.String())).Decode()
	if err != nil {
		b.problem(where, true, "%s; left out", strings.TrimPrefix(err.Error(), "vcard: "))
		return
	}
	r := Record{Where: where}
	b.cardToContact(card, &r)
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

func (b *Batch) cardToContact(card vcard.Card, r *Record) {
	c := &r.Contact
	where := r.Where
	if n := card.Name(); n != nil {
		c.FamilyName = n.FamilyName
		c.GivenName = strings.TrimSpace(n.GivenName + " " + n.AdditionalName)
	}
	if org := card.Value(vcard.FieldOrganization); org != "" {
		c.Company, _, _ = strings.Cut(org, ";")
	}
	fn := strings.TrimSpace(card.Value(vcard.FieldFormattedName))
	switch {
	case card.Get(xDisplayName) != nil:
		c.DisplayName = card.Value(xDisplayName)
	case c.GivenName == "" && c.FamilyName == "" && fn != "" && fn != c.Company:
		// No N (cards typed by hand, some phones): split FN.
		c.GivenName, c.FamilyName = SplitFullName(fn)
	case fn != "" && fn != app.ContactName("", c.GivenName, c.FamilyName, c.Company):
		c.DisplayName = fn
	}
	for _, f := range card[vcard.FieldEmail] {
		c.Emails = append(c.Emails, app.Labeled{Label: label(f.Params, "internet", "x400"), Value: f.Value})
	}
	for _, f := range card[vcard.FieldTelephone] {
		c.Phones = append(c.Phones, app.Labeled{Label: label(f.Params, "voice"), Value: strings.TrimPrefix(f.Value, "tel:")})
	}
	if adr := preferredAddress(card); adr != nil {
		street := strings.TrimSpace(adr.StreetAddress)
		if ext := strings.TrimSpace(adr.ExtendedAddress); ext != "" {
			street = strings.TrimSpace(street + "\n" + ext)
		}
		if street == "" && adr.PostOfficeBox != "" {
			street = "PO Box " + adr.PostOfficeBox
		}
		c.Address = app.Address{Street: street, Locality: adr.Locality, Region: adr.Region, PostalCode: adr.PostalCode, Country: adr.Country}
	}
	if f := card.Get(vcard.FieldBirthday); f != nil && f.Value != "" {
		c.Birthday = b.vcardDate(where, "birthday", f.Value, f.Params.Get("X-APPLE-OMIT-YEAR"))
	}
	var notes []string
	for _, f := range card[vcard.FieldNote] {
		if s := strings.TrimSpace(f.Value); s != "" {
			notes = append(notes, s)
		}
	}
	c.Notes = strings.Join(notes, "\n\n")
	for _, f := range card[vcard.FieldCategories] {
		for _, t := range strings.Split(f.Value, ",") {
			c.Tags = append(c.Tags, t)
		}
	}
	r.UID = card.Value(vcard.FieldUID)

	// Yearly dates: ours if the card has them, else ANNIVERSARY and the
	// anniversaries other address books write their own way.
	if ours := card[xOccasion]; len(ours) > 0 {
		for _, f := range ours {
			c.Occasions = append(c.Occasions, app.Occasion{Label: f.Params.Get("LABEL"), Date: b.vcardDate(where, f.Params.Get("LABEL"), f.Value, "")})
		}
	} else {
		for _, key := range []string{vcard.FieldAnniversary, "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"} {
			if v := card.Value(key); v != "" {
				c.Occasions = append(c.Occasions, app.Occasion{Label: "Anniversary", Date: b.vcardDate(where, "anniversary", v, "")})
				break
			}
		}
		for _, f := range card["X-ABDATE"] { // Apple: itemN.X-ABDATE with itemN.X-ABLABEL
			name := "Anniversary"
			for _, l := range card["X-ABLABEL"] {
				if l.Group != "" && strings.EqualFold(l.Group, f.Group) {
					name = appleLabel(l.Value)
				}
			}
			if name == "Anniversary" && len(c.Occasions) > 0 && c.Occasions[0].Label == "Anniversary" {
				continue // the same date as ANNIVERSARY
			}
			c.Occasions = append(c.Occasions, app.Occasion{Label: name, Date: b.vcardDate(where, strings.ToLower(name), f.Value, f.Params.Get("X-APPLE-OMIT-YEAR"))})
		}
	}
	for i := 0; i < len(c.Occasions); i++ { // dates that did not read are reported already
		if c.Occasions[i].Date.IsZero() {
			c.Occasions = append(c.Occasions[:i], c.Occasions[i+1:]...)
			i--
		}
	}

	if v := card.Value(xKinds); v != "" {
		for _, k := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
			if kind, err := app.ParseKind(k); err == nil {
				c.Kinds |= kind
			} else {
				b.problem(where, false, "%s", app.ErrorMessage(err))
			}
		}
	}
	c.Treasures = card.Value(xTreasures)
	if v := card.Value(xClientSince); v != "" {
		c.ClientSince = b.vcardDate(where, "client since", v, "")
	}
	c.DoNotContact = strings.EqualFold(card.Value(xDoNotContact), "true")
	c.MailLeadDays = b.number(where, "days the post takes", card.Value(xMailLead))
	c.CadenceDays = b.number(where, "keep-in-touch days", card.Value(xCadence))
	r.ReferredBy = card.Value(xReferredBy)
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
// mobile), in lower case.
func label(p vcard.Params, ignore ...string) string {
	for _, t := range p.Types() {
		for _, one := range strings.Split(t, ",") {
			one = strings.ToLower(strings.TrimSpace(one))
			switch {
			case one == "" || one == "pref" || one == "internet" || one == "voice" || one == "x400" || strings.HasPrefix(one, "x-"):
				continue
			case one == "cell":
				return "mobile"
			}
			skip := false
			for _, ig := range ignore {
				skip = skip || one == ig
			}
			if !skip {
				return one
			}
		}
	}
	if l := p.Get("LABEL"); l != "" {
		return l
	}
	return ""
}

// preferredAddress is the address marked preferred, else the home one,
// else the first: cards go to people's homes more often than not.
func preferredAddress(card vcard.Card) *vcard.Address {
	list := card.Addresses()
	if len(list) == 0 {
		return nil
	}
	for _, a := range list {
		if a.Params.Get(vcard.ParamPreferred) != "" || a.Params.HasType("pref") {
			return a
		}
	}
	for _, a := range list {
		if a.Params.HasType("home") {
			return a
		}
	}
	return list[0]
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
	if t := strings.IndexByte(v, 'T'); t > 0 {
		v = v[:t]
	}
	if omitYear = strings.TrimSpace(omitYear); omitYear == "" {
		omitYear = "1604"
	}
	if len(omitYear) == 4 && strings.HasPrefix(v, omitYear) {
		switch rest := v[4:]; {
		case len(rest) == 6 && rest[0] == '-' && rest[3] == '-': // 1604-06-26
			v = "--" + rest[1:]
		case len(rest) == 4 && !strings.Contains(rest, "-"): // 16040626
			v = "--" + rest
		}
	}
	d, err := app.ParseDate(v)
	if err != nil {
		b.problem(where, false, "%s not kept: %s", what, strings.TrimSuffix(app.ErrorMessage(err), "."))
		return app.Date{}
	}
	return d
}

// UID names a contact in our vCards, so a referral between two contacts
// of one file survives a round trip.
func UID(id int64) string { return "urn:referable:contact:" + strconv.FormatInt(id, 10) }

// VCardWriter writes contacts as vCard 4.0, one card each, with
// ANNIVERSARY, CATEGORIES and X-REFERABLE- fields for what vCard has no
// property for. Long lines are folded at 75 octets as RFC 6350 asks.
type VCardWriter struct {
	enc *vcard.Encoder
}

// NewVCardWriter writes cards to w.
func NewVCardWriter(w io.Writer) *VCardWriter {
	return &VCardWriter{enc: vcard.NewEncoder(fold.NewWriter(w))}
}

// Write writes one contact.
func (vw *VCardWriter) Write(c *app.Contact) error {
	card := vcard.Card{}
	card.SetValue(vcard.FieldVersion, "4.0")
	card.SetValue(vcard.FieldFormattedName, c.Name())
	card.SetName(&vcard.Name{FamilyName: c.FamilyName, GivenName: c.GivenName})
	if c.DisplayName != "" {
		card.SetValue(xDisplayName, c.DisplayName)
	}
	if c.ID != 0 {
		card.SetValue(vcard.FieldUID, UID(c.ID))
	}
	if c.Company != "" {
		card.SetValue(vcard.FieldOrganization, c.Company)
	}
	for _, e := range c.Emails {
		card.Add(vcard.FieldEmail, &vcard.Field{Value: e.Value, Params: typeParam(e.Label)})
	}
	for _, p := range c.Phones {
		l := p.Label
		if l == "mobile" {
			l = "cell"
		}
		card.Add(vcard.FieldTelephone, &vcard.Field{Value: p.Value, Params: typeParam(l)})
	}
	if !c.Address.IsZero() {
		a := c.Address
		card.AddAddress(&vcard.Address{Field: &vcard.Field{Params: vcard.Params{}}, StreetAddress: a.Street, Locality: a.Locality, Region: a.Region, PostalCode: a.PostalCode, Country: a.Country})
	}
	if !c.Birthday.IsZero() {
		card.SetValue(vcard.FieldBirthday, vcardDateString(c.Birthday))
	}
	for _, o := range c.Occasions {
		if strings.EqualFold(o.Label, "anniversary") && card.Get(vcard.FieldAnniversary) == nil {
			card.SetValue(vcard.FieldAnniversary, vcardDateString(o.Date))
		}
		card.Add(xOccasion, &vcard.Field{Value: vcardDateString(o.Date), Params: vcard.Params{"LABEL": {o.Label}}})
	}
	for _, t := range c.Tags { // one property each: go-vcard would escape the commas of a list
		card.Add(vcard.FieldCategories, &vcard.Field{Value: t})
	}
	if c.Notes != "" {
		card.SetValue(vcard.FieldNote, c.Notes)
	}
	if c.Kinds != 0 {
		card.SetValue(xKinds, strings.ToLower(strings.Join(c.Kinds.Names(), ";")))
	}
	if c.Treasures != "" {
		card.SetValue(xTreasures, c.Treasures)
	}
	if !c.ClientSince.IsZero() {
		card.SetValue(xClientSince, c.ClientSince.String())
	}
	if c.DoNotContact {
		card.SetValue(xDoNotContact, "true")
	}
	if c.MailLeadDays != 0 {
		card.SetValue(xMailLead, strconv.Itoa(c.MailLeadDays))
	}
	if c.CadenceDays != 0 {
		card.SetValue(xCadence, strconv.Itoa(c.CadenceDays))
	}
	if c.ReferredByID != 0 {
		card.SetValue(xReferredBy, UID(c.ReferredByID))
	}
	return vw.enc.Encode(card)
}

func typeParam(label string) vcard.Params {
	if label == "" {
		return nil
	}
	return vcard.Params{vcard.ParamType: {strings.ToLower(label)}}
}

// vcardDateString writes a date as vCard 4.0 does: --MMDD without a year.
func vcardDateString(d app.Date) string {
	if !d.HasYear() {
		return fmt.Sprintf("--%02d%02d", int(d.Month), d.Day)
	}
	return d.String()
}
