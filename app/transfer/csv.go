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
	Prefix
	Suffix
	Nickname
	DisplayName // the name as shown (Google's and Outlook's File As, Thunderbird's Display Name)
	BirthYear   // Thunderbird keeps the birthday in three columns
	BirthMonth
	BirthDay
	labelOnly        // labels another column; not offered in the mapping
	addressFormatted // Google's whole address in one cell: used when the parts are empty
)

// Fields lists what a column can be mapped to, in the order offered.
var Fields = []Field{Ignore, Prefix, GivenName, MiddleName, FamilyName, Suffix, Nickname, FullName, DisplayName, Company, Email, Phone,
	Street, Street2, City, Region, PostalCode, Country, Birthday, BirthYear, BirthMonth, BirthDay, Anniversary, ClientSince, Notes, Tags, Treasures}

var fieldNames = map[Field]string{
	Ignore: app.N("(not imported)"), GivenName: app.N("Given name"), MiddleName: app.N("Middle name"), FamilyName: app.N("Family name"),
	FullName: app.N("Full name"), Company: app.N("Company"), Email: app.N("Email"), Phone: app.N("Phone"), Street: app.N("Street"), Street2: app.N("Street, 2nd line"),
	City: app.N("City"), Region: app.N("State / region"), PostalCode: app.N("Postal code"), Country: app.N("Country"), Birthday: app.N("Birthday"),
	Anniversary: app.N("Anniversary"), ClientSince: app.N("Client since"), Event: app.N("Yearly date"), Notes: app.N("Notes"), Tags: app.N("Tags"),
	Treasures: app.N("What they treasure"), Prefix: app.N("Name prefix (Mr., Dr.)"), Suffix: app.N("Name suffix (Jr., PhD)"), Nickname: app.N("Nickname"),
	DisplayName: app.N("Name as shown"), BirthYear: app.N("Year of birth"), BirthMonth: app.N("Month of birth"), BirthDay: app.N("Day of birth"),
	labelOnly: app.N("(label of another column)"),
}

// String is the field's name in the owner's language.
func (f Field) String() string {
	if n, ok := fieldNames[f]; ok {
		return app.T(n)
	}
	return ""
}

// ParseField reads a field by the name String gives it (or its English
// name).
func ParseField(name string) Field {
	for f, n := range fieldNames {
		if n == name || app.T(n) == name {
			return f
		}
	}
	return Ignore
}

// Column says how to read one CSV column.
type Column struct {
	Field     Field
	Label     string // for emails, phones and address parts: "work", "mobile"...
	LabelFrom int    // the column whose cell labels this one, or -1
	// Group says which address an address part belongs to: 0 the home
	// (or only) one, 1 and up the business, other, or Google's Address 2…
	Group int
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
		t.Problems = append(t.Problems, Problem{Reason: app.Tf("the file is not UTF-8 or UTF-16; read as %s: check that the names look right", l.name)})
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
				t.Problems = append(t.Problems, Problem{Where: app.Tf("line %d", line), Reason: app.Tf("a cell is longer than %d MB; cut there", maxCellLen>>20)})
			}
		}
		if len(row) > MaxColumns {
			t.Problems = append(t.Problems, Problem{Where: app.Tf("line %d", line), Reason: app.Tf("%d cells; only the first %d read", len(row), MaxColumns)})
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

// ignoredColumns are the columns of Google's, Outlook's and
// Thunderbird's exports that Referable has no place for; named here so
// their words ("Phonetic First Name", "Job Title") are not mistaken for
// the fields they sound like.
var ignoredColumns = map[string]bool{}

func init() {
	for _, h := range strings.Split("phonetic first name|phonetic middle name|phonetic last name|"+
		"organization title|organization department|photo|initials|web page|web page 1|web page 2|gender|"+
		"location|language|internet free busy|spouse|children|screen name|"+
		"manager's name|assistant's name|referred by|job title|department|"+
		"office location|organizational id number|profession|account|"+
		"user 1|user 2|user 3|user 4|keywords|mileage|billing information|directory server|"+
		"sensitivity|priority|private|yomi name|given name yomi|additional name yomi|family name yomi|maiden name|"+
		"short name|occupation|subject|website 1 - value|relation 1 - value|custom 1|custom 2|custom 3|custom 4|"+
		"e-mail display name|e-mail 2 display name|e-mail 3 display name|e-mail type|e-mail 2 type|e-mail 3 type|"+
		"home address|business address|other address|home address po box|business address po box|other address po box", "|") {
		ignoredColumns[h] = true
	}
}

var numbered = regexp.MustCompile(`^(e-mail|phone|address|event|organization|website|relation|custom field) (\d+) - (.+)$`)

// Dialects read by their own columns.
const (
	dialectGoogle      = "Google Contacts CSV"
	dialectGoogleOld   = "Google Contacts CSV (older layout)"
	dialectOutlook     = "Outlook CSV"
	dialectThunderbird = "Thunderbird CSV"
	dialectYahoo       = "Yahoo CSV"
)

// GuessMapping reads a header as Google (both layouts), Outlook and
// Thunderbird write it, and guesses any other by the words in each
// column's name.
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
		m.Dialect = dialectGoogleOld
	case has("first name") && (has("labels") || has("e-mail 1 - value")):
		m.Dialect = dialectGoogle
	case has("primary email") && (has("birth year") || has("home zipcode") || has("mobile number")):
		m.Dialect = dialectThunderbird
	case has("yahoo! id") || has("alternate email 1") || (has("first") && has("last") && has("home") && has("work")):
		m.Dialect = dialectYahoo
	case has("e-mail address") || has("home street") || (has("mobile phone") && has("first name")):
		m.Dialect = dialectOutlook
	}
	for i, h := range header {
		m.Columns[i] = guessColumn(m.Dialect, strings.ToLower(strings.TrimSpace(h)), index)
	}
	return m
}

// addressParts are the parts of an address as the big exporters name
// them after "Home ", "Business ", "Work ", "Other ".
var addressParts = map[string]Field{"street": Street, "street 2": Street2, "street 3": Street2, "address": Street, "address 2": Street2,
	"city": City, "state": Region, "postal code": PostalCode, "zipcode": PostalCode, "zip": PostalCode,
	"country/region": Country, "country": Country}

// addressGroups are those prefixes: the group an address part goes to,
// and the address's label.
var addressGroups = []struct {
	prefix string
	group  int
	label  string
}{{"home ", 0, "home"}, {"business ", 1, "work"}, {"work ", 1, "work"}, {"other ", 2, "other"}}

// exactColumns are the columns with one meaning in every layout.
var exactColumns = map[string]Column{
	"first name": {Field: GivenName}, "given name": {Field: GivenName}, "middle name": {Field: MiddleName},
	"additional name": {Field: MiddleName}, "last name": {Field: FamilyName}, "family name": {Field: FamilyName},
	"surname": {Field: FamilyName}, "name": {Field: FullName}, "full name": {Field: FullName},
	"display name": {Field: DisplayName}, "file as": {Field: DisplayName},
	"name prefix": {Field: Prefix}, "title": {Field: Prefix}, "name suffix": {Field: Suffix}, "suffix": {Field: Suffix},
	"nickname": {Field: Nickname}, "nick name": {Field: Nickname},
	"company": {Field: Company}, "organization name": {Field: Company}, "organisation": {Field: Company}, "organization": {Field: Company},
	"birthday": {Field: Birthday}, "anniversary": {Field: Anniversary}, "notes": {Field: Notes},
	"birth year": {Field: BirthYear}, "birth month": {Field: BirthMonth}, "birth day": {Field: BirthDay},
	"labels": {Field: Tags}, "group membership": {Field: Tags}, "categories": {Field: Tags},
	"e-mail address": {Field: Email}, "e-mail 2 address": {Field: Email}, "e-mail 3 address": {Field: Email},
	"primary email": {Field: Email}, "secondary email": {Field: Email},
	// Every phone column of Outlook's and Thunderbird's, each with its label.
	"mobile phone": {Field: Phone, Label: "mobile"}, "mobile number": {Field: Phone, Label: "mobile"},
	"home phone": {Field: Phone, Label: "home"}, "home phone 2": {Field: Phone, Label: "home"},
	"business phone": {Field: Phone, Label: "work"}, "business phone 2": {Field: Phone, Label: "work"}, "work phone": {Field: Phone, Label: "work"},
	"primary phone": {Field: Phone}, "other phone": {Field: Phone, Label: "other"}, "company main phone": {Field: Phone, Label: "work"},
	"business fax": {Field: Phone, Label: "work fax"}, "home fax": {Field: Phone, Label: "home fax"}, "other fax": {Field: Phone, Label: "fax"},
	"fax number": {Field: Phone, Label: "fax"}, "pager": {Field: Phone, Label: "pager"}, "pager number": {Field: Phone, Label: "pager"},
	"car phone": {Field: Phone, Label: "car"}, "assistant's phone": {Field: Phone, Label: "assistant"}, "callback": {Field: Phone, Label: "callback"},
	"isdn": {Field: Phone, Label: "isdn"}, "radio phone": {Field: Phone, Label: "radio"}, "tty/tdd phone": {Field: Phone, Label: "tty"},
	"telex": {Field: Phone, Label: "telex"},
	"hobby": {Field: Treasures},
}

func guessColumn(dialect, h string, index map[string]int) Column {
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
			col.Field = map[string]Field{"street": Street, "extended address": Street2, "po box": Street2, "city": City, "region": Region,
				"postal code": PostalCode, "country": Country, "formatted": addressFormatted}[part]
			col.Group, _ = strconv.Atoi(n)
			col.Group--
			col.LabelFrom = labelCol("label", "type")
		}
		return col
	}
	if dialect == dialectYahoo {
		// Yahoo names its phone columns by their label alone, and Title
		// is the job's.
		switch h {
		case "home", "work", "other", "primary":
			return Column{Field: Phone, Label: map[string]string{"home": "home", "work": "work", "other": "other", "primary": ""}[h], LabelFrom: -1}
		case "title", "yahoo! id", "yahoo! phone", "distribution lists", "personal website", "business website":
			return col
		case "alternate email 1", "alternate email 2":
			return Column{Field: Email, LabelFrom: -1}
		}
	}
	if (dialect == dialectThunderbird || dialect == dialectYahoo) && (h == "home address" || h == "work address") {
		h = strings.TrimSuffix(h, "address") + "street" // Thunderbird's "Home Address" is the street
	}
	for _, g := range addressGroups {
		if part, ok := strings.CutPrefix(h, g.prefix); ok {
			if f, ok := addressParts[part]; ok && !ignoredColumns[h] {
				return Column{Field: f, Group: g.group, Label: g.label, LabelFrom: -1}
			}
		}
	}
	if ignoredColumns[h] {
		return col
	}
	if c, ok := exactColumns[h]; ok {
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
	case contains("fax"):
		col.Field, col.Label = Phone, "fax"
	case contains("phone", "tel"):
		col.Field = Phone
	case contains("nickname"):
		col.Field = Nickname
	case contains("first", "given", "forename", "vorname", "prénom", "prenom"):
		col.Field = GivenName
	case contains("middle"):
		col.Field = MiddleName
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

// addressRow gathers one address's parts from a row.
type addressRow struct {
	label           string
	street, street2 []string
	formatted       string
	app.Address
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
		r := Record{Where: app.Tf("line %d", t.Lines[n])}
		c := &r.Contact
		var middle []string
		var full, shown, birthYear, birthMonth, birthDay string
		addresses := map[int]*addressRow{}
		one := [...]*string{GivenName: &c.GivenName, FamilyName: &c.FamilyName, Prefix: &c.Prefix, Suffix: &c.Suffix,
			Nickname: &c.Nickname, FullName: &full, DisplayName: &shown, Company: &c.Company,
			BirthYear: &birthYear, BirthMonth: &birthMonth, BirthDay: &birthDay}
		for i, col := range m.Columns {
			v := cell(row, i)
			if v == "" {
				continue
			}
			if int(col.Field) < len(one) && one[col.Field] != nil { // a field of one value
				*one[col.Field] = v
				continue
			}
			switch col.Field {
			case MiddleName:
				middle = append(middle, v)
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
			case Street, Street2, City, Region, PostalCode, Country, addressFormatted:
				a := addresses[col.Group]
				if a == nil {
					a = &addressRow{label: col.Label}
					addresses[col.Group] = a
				}
				if l := cell(row, col.LabelFrom); l != "" {
					a.label = googleLabel(l)
				}
				switch col.Field {
				case Street:
					a.street = append(a.street, v)
				case Street2:
					a.street2 = append(a.street2, v)
				case addressFormatted:
					a.formatted = v
				default:
					*map[Field]*string{City: &a.Locality, Region: &a.Region, PostalCode: &a.PostalCode, Country: &a.Country}[col.Field] = v
				}
			case Birthday:
				c.Birthday = b.csvDate(r.Where, app.T("birthday"), v, today)
			case ClientSince:
				c.ClientSince = b.csvDate(r.Where, app.T("client since"), v, today)
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
		if birthYear != "" || birthMonth != "" || birthDay != "" {
			if c.Birthday.IsZero() {
				c.Birthday = b.partsDate(r.Where, app.T("birthday"), birthYear, birthMonth, birthDay)
			}
		}
		// Every address the row has, the home (or first) one to mail.
		groups := make([]int, 0, len(addresses))
		for g := range addresses {
			groups = append(groups, g)
		}
		slices.Sort(groups)
		for _, g := range groups {
			a := addresses[g]
			a.Address.Label = a.label
			a.Address.Street = strings.Join(append(a.street, a.street2...), "\n")
			if a.Address.IsZero() && a.formatted != "" {
				a.Address.Street = a.formatted // only the whole address: kept as written
			}
			if a.Address.IsZero() {
				continue
			}
			if c.Address.IsZero() {
				c.Address = a.Address
			} else {
				c.OtherAddresses = append(c.OtherAddresses, a.Address)
			}
		}
		c.MiddleName = strings.Join(middle, " ")
		if full != "" {
			if c.GivenName == "" && c.FamilyName == "" && full != c.Company {
				c.GivenName, c.FamilyName = SplitFullName(full)
			} else if full != app.ContactName("", c.GivenName, c.FamilyName, c.Company) && full != c.Company && full != c.FullName() {
				c.DisplayName = full
			}
		}
		if shown != "" && shown != app.ContactName("", c.GivenName, c.FamilyName, c.Company) {
			c.DisplayName = shown // the name as the file shows it, which is how the owner knows them
		}
		b.finish(r, today)
	}
	if len(t.Rows) == 0 {
		b.problem("", false, "the file has a header but no rows")
	}
	return b
}

// partsDate reads a date kept in three columns (Thunderbird's Birth
// Year, Birth Month, Birth Day); the year may be missing.
func (b *Batch) partsDate(where, what, year, month, day string) app.Date {
	num := func(s string) (int, bool) {
		if s = strings.TrimSpace(s); s == "" {
			return 0, true
		}
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	y, okY := num(year)
	m, okM := num(month)
	d, okD := num(day)
	date := app.Date{Year: y, Month: time.Month(m), Day: d}
	if !okY || !okM || !okD || m == 0 || d == 0 || date.Validate() != nil {
		b.problem(where, false, "%s not kept: year %q, month %q, day %q is not a date", what, year, month, day)
		return app.Date{}
	}
	return date
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

// CSV slots: how many numbered emails, phones, addresses and events a
// row of the Google layout has. A contact with more joins the rest into
// the last slot with " ::: ", as Google itself writes several values of
// one label.
const (
	csvEmails    = 5
	csvPhones    = 6
	csvAddresses = 3
	csvEvents    = 5
)

// googleHeader is the layout Google Contacts exports and imports today.
var googleHeader = func() []string {
	h := []string{"First Name", "Middle Name", "Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As", "Organization Name",
		"Organization Title", "Birthday", "Notes", "Labels"}
	for i := 1; i <= csvEmails; i++ {
		h = append(h, fmt.Sprintf("E-mail %d - Label", i), fmt.Sprintf("E-mail %d - Value", i))
	}
	for i := 1; i <= csvPhones; i++ {
		h = append(h, fmt.Sprintf("Phone %d - Label", i), fmt.Sprintf("Phone %d - Value", i))
	}
	for i := 1; i <= csvAddresses; i++ {
		for _, part := range []string{"Label", "Formatted", "Street", "City", "PO Box", "Region", "Postal Code", "Country", "Extended Address"} {
			h = append(h, fmt.Sprintf("Address %d - %s", i, part))
		}
	}
	for i := 1; i <= csvEvents; i++ {
		h = append(h, fmt.Sprintf("Event %d - Label", i), fmt.Sprintf("Event %d - Value", i))
	}
	return h
}()

// CSVWriter writes contacts as Google Contacts CSV, which Google,
// Outlook and spreadsheets read, every value in a numbered column with
// its own label; what has no column (what they treasure, kinds, client
// since) goes to the JSON export.
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
	set("Middle Name", c.MiddleName)
	set("Last Name", c.FamilyName)
	set("Name Prefix", c.Prefix)
	set("Name Suffix", c.Suffix)
	set("Nickname", c.Nickname)
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
		kind  string
		slots int
		vals  []app.Labeled
	}{{"E-mail", csvEmails, c.Emails}, {"Phone", csvPhones, c.Phones}} {
		for i, l := range list.vals {
			key := fmt.Sprintf("%s %d - ", list.kind, min(i+1, list.slots))
			if i < list.slots {
				set(key+"Label", titleLabel(l.Label))
				set(key+"Value", l.Value)
			} else {
				row[indexOf(key+"Value")] += " ::: " + l.Value
			}
		}
	}
	for i, a := range c.Addresses() {
		if i >= csvAddresses {
			break // the JSON export keeps them all
		}
		key := fmt.Sprintf("Address %d - ", i+1)
		street, ext, _ := strings.Cut(a.Street, "\n")
		set(key+"Label", titleLabel(a.Label))
		set(key+"Formatted", strings.Join(nonEmpty(a.Street, strings.TrimSpace(a.Locality+" "+a.Region+" "+a.PostalCode), a.Country), "\n"))
		set(key+"Street", street)
		set(key+"Extended Address", ext)
		set(key+"City", a.Locality)
		set(key+"Region", a.Region)
		set(key+"Postal Code", a.PostalCode)
		set(key+"Country", a.Country)
	}
	for i, o := range c.Occasions {
		if i >= csvEvents {
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
