package transfer

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/referable/referable/app"
)

// Field is what a CSV column holds.
type Field int

const (
	Ignore Field = iota
	GivenName
	MiddleName
	FamilyName
	FullName
	Company
	Email
	Phone
	Street
	Street2
	City
	Region
	PostalCode
	Country
	Birthday
	Anniversary
	ClientSince
	Event // a yearly date labelled by another column (Google's Event 1)
	Notes
	Tags
	Treasures
	labelOnly // labels another column; not offered in the mapping
)

// Fields lists what a column can be mapped to, in the order offered.
var Fields = []Field{Ignore, GivenName, MiddleName, FamilyName, FullName, Company, Email, Phone,
	Street, Street2, City, Region, PostalCode, Country, Birthday, Anniversary, ClientSince, Notes, Tags, Treasures}

var fieldNames = map[Field]string{
	Ignore: "(not imported)", GivenName: "Given name", MiddleName: "Middle name", FamilyName: "Family name",
	FullName: "Full name", Company: "Company", Email: "Email", Phone: "Phone", Street: "Street", Street2: "Street, 2nd line",
	City: "City", Region: "State / region", PostalCode: "Postal code", Country: "Country", Birthday: "Birthday",
	Anniversary: "Anniversary", ClientSince: "Client since", Event: "Yearly date", Notes: "Notes", Tags: "Tags",
	Treasures: "What they treasure", labelOnly: "(label of another column)",
}

func (f Field) String() string { return fieldNames[f] }

// ParseField reads a field by the name String gives it.
func ParseField(name string) Field {
	for f, n := range fieldNames {
		if n == name {
			return f
		}
	}
	return Ignore
}

// Column says how to read one CSV column.
type Column struct {
	Field     Field
	Label     string // for emails and phones: "work", "mobile"...
	LabelFrom int    // the column whose cell labels this one, or -1
	Alt       bool   // an address part used only when the main address is empty
}

// Mapping reads a table's columns into contacts.
type Mapping struct {
	Dialect string // "Google Contacts CSV", "Outlook CSV", "CSV"
	Columns []Column
}

// Table is a CSV file as rows of cells.
type Table struct {
	Header   []string
	Rows     [][]string
	Lines    []int // the file line each row starts on
	Comma    rune
	Encoding string // the text encoding read
	Problems []Problem
}

// MaxColumns bounds a row: a real export has under 100 columns.
const MaxColumns = 1000

// ReadTable reads a CSV file: UTF-8 (its byte-order mark dropped) or
// UTF-16, or else the legacy encoding guessed from the text (Shift_JIS,
// EUC-KR, GB18030, Windows-1251…, said in a problem); the separator
// (comma, semicolon or tab, as spreadsheets in different countries
// write) is found from the header; quoted cells may span lines.
func ReadTable(body []byte) (*Table, error) {
	body, enc := decodeUnicode(body)
	t := &Table{Encoding: enc}
	if !utf8.Valid(body) {
		l := guessLegacy(body)
		body, _ = l.enc.NewDecoder().Bytes(body)
		t.Encoding = l.name
		t.Problems = append(t.Problems, Problem{Reason: "the file is not UTF-8 or UTF-16; read as " + l.name + ": check that the names look right"})
	}
	if t.Encoding == "" {
		t.Encoding = EncUTF8
	}
	t.Comma = sniffComma(body)
	r := &csvReader{s: body, comma: byte(t.Comma)}
	cutCells := 0
	for {
		row, line, cut, err := r.read()
		if err == io.EOF {
			break
		}
		if cut {
			if cutCells++; cutCells <= 20 {
				t.Problems = append(t.Problems, Problem{Where: fmt.Sprintf("line %d", line), Reason: fmt.Sprintf("a cell is longer than %d MB; cut there", maxCellLen>>20)})
			}
		}
		if len(row) > MaxColumns {
			t.Problems = append(t.Problems, Problem{Where: fmt.Sprintf("line %d", line), Reason: fmt.Sprintf("%d cells; only the first %d read", len(row), MaxColumns)})
			row = row[:MaxColumns]
		}
		if t.Header == nil {
			t.Header = row
			for i := range t.Header {
				t.Header[i] = strings.TrimSpace(t.Header[i])
			}
			continue
		}
		if blank(row) {
			continue
		}
		t.Rows = append(t.Rows, row)
		t.Lines = append(t.Lines, line)
	}
	if len(t.Header) == 0 || blank(t.Header) {
		return nil, app.Errorf(app.EINVALID, "The file has no header row naming its columns.")
	}
	return t, nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// sniffComma picks the separator used most in the first line, outside
// quotes.
func sniffComma(body []byte) rune {
	counts := map[rune]int{}
	inQuote := false
	for _, c := range string(body[:min(len(body), 64<<10)]) {
		if c == '"' {
			inQuote = !inQuote
		}
		if c == '\n' && !inQuote {
			break
		}
		if !inQuote && (c == ',' || c == ';' || c == '\t') {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// ignoredColumns are the columns of Google's and Outlook's exports that
// Referable has no place for; named here so their words ("Phonetic
// First Name", "Job Title") are not mistaken for the fields they sound
// like.
var ignoredColumns = map[string]bool{}

func init() {
	for _, h := range strings.Split("phonetic first name|phonetic middle name|phonetic last name|name prefix|name suffix|"+
		"nickname|file as|organization title|organization department|photo|title|suffix|initials|web page|gender|"+
		"location|language|internet free busy|pager|home fax|home address|home address po box|spouse|children|"+
		"manager's name|assistant's name|referred by|business fax|assistant's phone|job title|department|"+
		"office location|organizational id number|profession|account|business address|business address po box|"+
		"business street 3|other fax|other address|other street|other street 2|other street 3|other address po box|"+
		"other city|other state|other postal code|other country/region|callback|car phone|isdn|radio phone|"+
		"tty/tdd phone|telex|user 1|user 2|user 3|user 4|keywords|mileage|billing information|directory server|"+
		"sensitivity|priority|private|yomi name|given name yomi|additional name yomi|family name yomi|maiden name|"+
		"short name|occupation|subject|website 1 - value|relation 1 - value", "|") {
		ignoredColumns[h] = true
	}
}

var numbered = regexp.MustCompile(`^(e-mail|phone|address|event|organization|website|relation|custom field) (\d+) - (.+)$`)

// GuessMapping reads a header as Google (both layouts) and Outlook write
// it, and guesses any other by the words in each column's name.
func GuessMapping(header []string) Mapping {
	m := Mapping{Dialect: "CSV", Columns: make([]Column, len(header))}
	index := map[string]int{}
	for i, h := range header {
		if _, ok := index[strings.ToLower(h)]; !ok {
			index[strings.ToLower(h)] = i
		}
	}
	has := func(name string) bool { _, ok := index[name]; return ok }
	switch {
	case has("given name") && (has("group membership") || has("e-mail 1 - type")):
		m.Dialect = "Google Contacts CSV (older layout)"
	case has("first name") && (has("labels") || has("e-mail 1 - value")):
		m.Dialect = "Google Contacts CSV"
	case has("e-mail address") || has("home street") || (has("mobile phone") && has("first name")):
		m.Dialect = "Outlook CSV"
	}
	for i, h := range header {
		m.Columns[i] = guessColumn(strings.ToLower(strings.TrimSpace(h)), index)
	}
	return m
}

func guessColumn(h string, index map[string]int) Column {
	col := Column{LabelFrom: -1}
	if g := numbered.FindStringSubmatch(h); g != nil { // Google: "E-mail 1 - Value"
		kind, n, part := g[1], g[2], g[3]
		labelCol := func(names ...string) int {
			for _, name := range names {
				if i, ok := index[kind+" "+n+" - "+name]; ok {
					return i
				}
			}
			return -1
		}
		switch {
		case part == "label" || part == "type":
			col.Field = labelOnly
		case kind == "e-mail" && part == "value":
			col.Field, col.LabelFrom = Email, labelCol("label", "type")
		case kind == "phone" && part == "value":
			col.Field, col.LabelFrom = Phone, labelCol("label", "type")
		case kind == "event" && part == "value":
			col.Field, col.LabelFrom = Event, labelCol("label", "type")
		case kind == "organization" && part == "name" && n == "1":
			col.Field = Company
		case kind == "address":
			col.Field = map[string]Field{"street": Street, "extended address": Street2, "city": City, "region": Region,
				"postal code": PostalCode, "country": Country}[part]
			col.Alt = n != "1"
		}
		return col
	}
	exact := map[string]Column{
		"first name": {Field: GivenName}, "given name": {Field: GivenName}, "middle name": {Field: MiddleName},
		"additional name": {Field: MiddleName}, "last name": {Field: FamilyName}, "family name": {Field: FamilyName},
		"surname": {Field: FamilyName}, "name": {Field: FullName}, "full name": {Field: FullName}, "display name": {Field: FullName},
		"company": {Field: Company}, "organization name": {Field: Company}, "organisation": {Field: Company}, "organization": {Field: Company},
		"birthday": {Field: Birthday}, "anniversary": {Field: Anniversary}, "notes": {Field: Notes},
		"labels": {Field: Tags}, "group membership": {Field: Tags}, "categories": {Field: Tags},
		"e-mail address": {Field: Email}, "e-mail 2 address": {Field: Email}, "e-mail 3 address": {Field: Email},
		"mobile phone": {Field: Phone, Label: "mobile"}, "home phone": {Field: Phone, Label: "home"},
		"home phone 2": {Field: Phone, Label: "home"}, "business phone": {Field: Phone, Label: "work"},
		"business phone 2": {Field: Phone, Label: "work"}, "primary phone": {Field: Phone}, "other phone": {Field: Phone, Label: "other"},
		"company main phone": {Field: Phone, Label: "work"},
		"home street":        {Field: Street}, "home street 2": {Field: Street2}, "home street 3": {Field: Street2},
		"home city": {Field: City}, "home state": {Field: Region}, "home postal code": {Field: PostalCode},
		"home country/region": {Field: Country}, "home country": {Field: Country},
		"business street": {Field: Street, Alt: true}, "business street 2": {Field: Street2, Alt: true},
		"business city": {Field: City, Alt: true}, "business state": {Field: Region, Alt: true},
		"business postal code": {Field: PostalCode, Alt: true}, "business country/region": {Field: Country, Alt: true},
		"hobby": {Field: Treasures},
	}
	if ignoredColumns[h] {
		return col
	}
	if c, ok := exact[h]; ok {
		c.LabelFrom = -1
		return c
	}
	contains := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(h, w) {
				return true
			}
		}
		return false
	}
	switch {
	case contains("e-mail", "email", "mail"):
		col.Field = Email
	case contains("mobile", "cell"):
		col.Field, col.Label = Phone, "mobile"
	case contains("phone", "tel"):
		col.Field = Phone
	case contains("first", "given", "forename", "vorname", "prénom", "prenom"):
		col.Field = GivenName
	case contains("last", "family", "surname", "nachname"):
		col.Field = FamilyName
	case contains("company", "organization", "organisation", "business", "employer", "firm"):
		col.Field = Company
	case contains("address 2", "street 2", "line 2", "suite", "apt"):
		col.Field = Street2
	case contains("street", "address"):
		col.Field = Street
	case contains("city", "town", "locality", "suburb"):
		col.Field = City
	case contains("state", "region", "province", "county"):
		col.Field = Region
	case contains("zip", "postal", "postcode", "post code"):
		col.Field = PostalCode
	case contains("country"):
		col.Field = Country
	case contains("birth", "dob"):
		col.Field = Birthday
	case contains("client since", "customer since", "since"):
		col.Field = ClientSince
	case contains("anniversary"):
		col.Field = Anniversary
	case contains("treasure", "likes", "interest", "hobb", "favourite", "favorite"):
		col.Field = Treasures
	case contains("note", "comment", "remark"):
		col.Field = Notes
	case contains("tag", "label", "categor", "group"):
		col.Field = Tags
	case contains("name", "contact"):
		col.Field = FullName
	}
	return col
}

// Records reads the table's rows with a mapping; each problem is given
// with its line in the file.
func (t *Table) Records(m Mapping, today app.Date) *Batch {
	b := &Batch{Format: m.Dialect, Encoding: t.Encoding}
	b.Problems = append(b.Problems, t.Problems...)
	cell := func(row []string, i int) string {
		if i < 0 || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	for n, row := range t.Rows {
		r := Record{Where: fmt.Sprintf("line %d", t.Lines[n])}
		c := &r.Contact
		var middle, full string
		var street, street2 []string
		var alt app.Address
		var altStreet []string
		for i, col := range m.Columns {
			v := cell(row, i)
			if v == "" {
				continue
			}
			switch col.Field {
			case GivenName:
				c.GivenName = v
			case MiddleName:
				middle = v
			case FamilyName:
				c.FamilyName = v
			case FullName:
				full = v
			case Company:
				c.Company = v
			case Email, Phone:
				label := col.Label
				if l := cell(row, col.LabelFrom); l != "" {
					label = googleLabel(l)
				}
				for _, one := range splitMulti(v) {
					l := app.Labeled{Label: label, Value: one}
					if col.Field == Email {
						c.Emails = append(c.Emails, l)
					} else {
						c.Phones = append(c.Phones, l)
					}
				}
			case Street, Street2, City, Region, PostalCode, Country:
				if col.Alt {
					switch col.Field {
					case Street, Street2:
						altStreet = append(altStreet, v)
					case City:
						alt.Locality = v
					case Region:
						alt.Region = v
					case PostalCode:
						alt.PostalCode = v
					case Country:
						alt.Country = v
					}
					continue
				}
				switch col.Field {
				case Street:
					street = append(street, v)
				case Street2:
					street2 = append(street2, v)
				case City:
					c.Address.Locality = v
				case Region:
					c.Address.Region = v
				case PostalCode:
					c.Address.PostalCode = v
				case Country:
					c.Address.Country = v
				}
			case Birthday:
				c.Birthday = b.csvDate(r.Where, "birthday", v, today)
			case ClientSince:
				c.ClientSince = b.csvDate(r.Where, "client since", v, today)
			case Anniversary:
				if d := b.csvDate(r.Where, "anniversary", v, today); !d.IsZero() {
					c.Occasions = append(c.Occasions, app.Occasion{Label: "Anniversary", Date: d})
				}
			case Event:
				label := strings.TrimSpace(strings.TrimPrefix(cell(row, col.LabelFrom), "* "))
				if label == "" {
					label = "Anniversary"
				}
				if d := b.csvDate(r.Where, strings.ToLower(label), v, today); !d.IsZero() {
					if strings.EqualFold(label, "birthday") && c.Birthday.IsZero() {
						c.Birthday = d
					} else {
						c.Occasions = append(c.Occasions, app.Occasion{Label: label, Date: d})
					}
				}
			case Notes:
				c.Notes = strings.TrimSpace(c.Notes + "\n\n" + v)
			case Tags:
				c.Tags = append(c.Tags, splitTags(v)...)
			case Treasures:
				c.Treasures = strings.TrimSpace(c.Treasures + "\n" + v)
			}
		}
		c.Address.Street = strings.Join(append(street, street2...), "\n")
		if c.Address.IsZero() {
			alt.Street = strings.Join(altStreet, "\n")
			c.Address = alt
		}
		if middle != "" {
			c.GivenName = strings.TrimSpace(c.GivenName + " " + middle)
		}
		if full != "" {
			if c.GivenName == "" && c.FamilyName == "" && full != c.Company {
				c.GivenName, c.FamilyName = SplitFullName(full)
			} else if full != app.ContactName("", c.GivenName, c.FamilyName, c.Company) && full != c.Company {
				c.DisplayName = full
			}
		}
		b.finish(r, today)
	}
	if len(t.Rows) == 0 {
		b.problem("", false, "the file has a header but no rows")
	}
	return b
}

// splitMulti splits Google's " ::: "-joined values.
func splitMulti(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ":::") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// splitTags reads Google's labels ("* myContacts ::: Clients") and
// Outlook's categories ("Clients;VIP").
func splitTags(v string) []string {
	var out []string
	for _, part := range splitMulti(v) {
		for _, t := range strings.Split(part, ";") {
			t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "* "))
			if t == "" || strings.EqualFold(t, "myContacts") {
				continue // Google's group of everyone
			}
			out = append(out, t)
		}
	}
	return out
}

// googleLabel reads "* Work" or "Mobile" as "work", "mobile".
func googleLabel(s string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "* ")))
}

var slashDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$`)

// csvDate reads the dates exporters write: ISO (Google), "--04-15"
// (Google, no year), "4/15/1984" (Outlook, month first unless the first
// number cannot be a month), "0/0/00" (Outlook's empty date).
func (b *Batch) csvDate(where, what, v string, today app.Date) app.Date {
	v = strings.TrimSpace(v)
	if v == "" || v == "0/0/00" || v == "00/00/0000" {
		return app.Date{}
	}
	if g := slashDate.FindStringSubmatch(v); g != nil {
		a, _ := strconv.Atoi(g[1])
		c, _ := strconv.Atoi(g[2])
		y, _ := strconv.Atoi(g[3])
		if len(g[3]) == 2 { // 84 is 1984, 05 is 2005
			y += 2000
			if y > today.Year {
				y -= 100
			}
		}
		month, day := a, c
		if a > 12 {
			month, day = c, a
		}
		d := app.Date{Year: y, Month: time.Month(month), Day: day}
		if err := d.Validate(); err != nil {
			b.problem(where, false, "%s not kept: %q is not a date", what, v)
			return app.Date{}
		}
		return d
	}
	d, err := app.ParseDate(v)
	if err != nil {
		b.problem(where, false, "%s not kept: %s", what, strings.TrimSuffix(app.ErrorMessage(err), "."))
		return app.Date{}
	}
	return d
}

// googleHeader is the layout Google Contacts exports and imports today.
var googleHeader = []string{"First Name", "Middle Name", "Last Name", "Nickname", "File As", "Organization Name",
	"Organization Title", "Birthday", "Notes", "Labels",
	"E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value",
	"Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value",
	"Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box",
	"Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country", "Address 1 - Extended Address",
	"Event 1 - Label", "Event 1 - Value", "Event 2 - Label", "Event 2 - Value", "Event 3 - Label", "Event 3 - Value"}

// CSVWriter writes contacts as Google Contacts CSV, which Google,
// Outlook and spreadsheets read. A third email or phone goes into the
// second column joined by " ::: ", as Google does; what has no column
// (what they treasure, kinds, client since) goes to the JSON export.
type CSVWriter struct {
	w      *csv.Writer
	header bool
}

// NewCSVWriter writes to w, with a UTF-8 BOM so spreadsheets read the
// accents right.
func NewCSVWriter(w io.Writer) *CSVWriter {
	io.WriteString(w, "\ufeff")
	return &CSVWriter{w: csv.NewWriter(w)}
}

// Write writes one contact.
func (cw *CSVWriter) Write(c *app.Contact) error {
	if !cw.header {
		cw.header = true
		if err := cw.w.Write(googleHeader); err != nil {
			return err
		}
	}
	row := make([]string, len(googleHeader))
	set := func(col, v string) { row[indexOf(col)] = v }
	set("First Name", c.GivenName)
	set("Last Name", c.FamilyName)
	if c.DisplayName != "" {
		set("File As", c.DisplayName)
	}
	set("Organization Name", c.Company)
	if !c.Birthday.IsZero() {
		set("Birthday", googleDate(c.Birthday))
	}
	set("Notes", c.Notes)
	labels := []string{"* myContacts"}
	for _, t := range c.Tags {
		labels = append(labels, t)
	}
	set("Labels", strings.Join(labels, " ::: "))
	for _, list := range []struct {
		kind string
		vals []app.Labeled
	}{{"E-mail", c.Emails}, {"Phone", c.Phones}} {
		for i, l := range list.vals {
			n := min(i+1, 2)
			key := fmt.Sprintf("%s %d - ", list.kind, n)
			if i < 2 {
				set(key+"Label", titleLabel(l.Label))
				set(key+"Value", l.Value)
			} else {
				row[indexOf(key+"Value")] += " ::: " + l.Value
			}
		}
	}
	if !c.Address.IsZero() {
		a := c.Address
		street, ext, _ := strings.Cut(a.Street, "\n")
		set("Address 1 - Label", "Home")
		set("Address 1 - Formatted", strings.Join(nonEmpty(a.Street, strings.TrimSpace(a.Locality+" "+a.Region+" "+a.PostalCode), a.Country), "\n"))
		set("Address 1 - Street", street)
		set("Address 1 - Extended Address", ext)
		set("Address 1 - City", a.Locality)
		set("Address 1 - Region", a.Region)
		set("Address 1 - Postal Code", a.PostalCode)
		set("Address 1 - Country", a.Country)
	}
	for i, o := range c.Occasions {
		if i >= 3 {
			break
		}
		set(fmt.Sprintf("Event %d - Label", i+1), o.Label)
		set(fmt.Sprintf("Event %d - Value", i+1), googleDate(o.Date))
	}
	return cw.w.Write(row)
}

// Flush writes what is buffered.
func (cw *CSVWriter) Flush() error {
	cw.w.Flush()
	return cw.w.Error()
}

// indexOf is the column of a googleHeader name.
func indexOf(col string) int { return slices.Index(googleHeader, col) }

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// titleLabel writes "mobile" as Google does: "Mobile".
func titleLabel(s string) string {
	if s == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[size:]
}

// googleDate writes a date as Google does: --MM-DD without a year.
func googleDate(d app.Date) string {
	if !d.HasYear() {
		return fmt.Sprintf("--%02d-%02d", int(d.Month), d.Day)
	}
	return d.String()
}
