package davsync

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/fold"
	"github.com/referable/referable/app/transfer"
)

// managed are the properties Referable writes: on a card from the server
// they are replaced by the contact's, and every other line (a photo,
// IMPP, another app's X- fields) is written back as it was. Apple's
// dates (itemN.X-ABDATE, with their labels) are written from the
// contact's dates too, so an iPhone shows them (appleDates).
var managed = map[string]bool{
	"FN": true, "N": true, "NICKNAME": true, "ORG": true, "EMAIL": true, "TEL": true, "ADR": true,
	"BDAY": true, "ANNIVERSARY": true, "X-ANNIVERSARY": true, "NOTE": true, "CATEGORIES": true, "UID": true,
	"X-ABDATE": true,
}

func isManaged(name string) bool {
	return managed[name] || strings.HasPrefix(name, "X-REFERABLE-")
}

// contentLines unfolds a card into its content lines (RFC 6350 3.2),
// without BEGIN, END and VERSION; version is the card's.
func contentLines(card string) (lines []string, version string) {
	card = strings.ReplaceAll(card, "\r\n", "\n")
	var cur strings.Builder
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		line := cur.String()
		cur.Reset()
		g, name := lineName(line)
		if !strings.Contains(line, ":") || !propName.MatchString(name) || (g != "" && !propName.MatchString(g)) {
			return // not a property (a stray folded or broken line): it could not be written back as one
		}
		switch name {
		case "BEGIN", "END":
		case "VERSION":
			version = strings.TrimSpace(line[strings.IndexByte(line, ':')+1:])
		default:
			lines = append(lines, line)
		}
	}
	for _, l := range strings.Split(card, "\n") {
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			cur.WriteString(l[1:])
			continue
		}
		flush()
		cur.WriteString(strings.TrimRight(l, "\r"))
	}
	flush()
	return lines, version
}

// lineName is a content line's group and name, upper-cased.
func lineName(line string) (group, name string) {
	end := strings.IndexAny(line, ";:")
	if end < 0 {
		end = len(line)
	}
	head := line[:end]
	if dot := strings.IndexByte(head, '.'); dot >= 0 {
		return strings.ToUpper(head[:dot]), strings.ToUpper(head[dot+1:])
	}
	return "", strings.ToUpper(head)
}

var (
	itemGroup = regexp.MustCompile(`^(?i)item(\d+)$`)
	propName  = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
)

// cardText writes c as the card the server keeps: on the server's card
// (server, "" for a new one), with the properties Referable manages put
// as the contact has them, and everything else of the server's kept.
// A new card is vCard 3.0, which every server and phone takes (iCloud
// takes nothing else); a card keeps its version.
func cardText(c *app.Contact, uid string, uidOf func(int64) string, server string) (string, error) {
	theirs, version := contentLines(server)
	v3 := version != "4.0"
	var buf bytes.Buffer
	w := transfer.NewVCardWriter(&buf)
	w.Version3 = v3
	w.UIDOf = func(id int64) string {
		if id == c.ID {
			return uid
		}
		return uidOf(id)
	}
	if err := w.Write(c); err != nil {
		return "", err
	}
	ours, _ := contentLines(buf.String())

	// Theirs without what Referable writes, nor the labels grouped with it.
	dropped := map[string]bool{}
	for _, l := range theirs {
		if g, n := lineName(l); g != "" && isManaged(n) {
			dropped[g] = true
		}
	}
	var kept []string
	used := 0
	for _, l := range theirs {
		g, n := lineName(l)
		if isManaged(n) || (g != "" && dropped[g]) {
			continue
		}
		if m := itemGroup.FindStringSubmatch(g); m != nil {
			if k, _ := strconv.Atoi(m[1]); k > used {
				used = k
			}
		}
		kept = append(kept, l)
	}
	// Ours, its item groups numbered after theirs.
	renum := map[string]string{}
	var out bytes.Buffer
	fw := fold.NewWriter(&out)
	fmt.Fprintf(fw, "BEGIN:VCARD\r\nVERSION:%s\r\n", map[bool]string{true: "3.0", false: "4.0"}[v3])
	for _, l := range ours {
		if g, _ := lineName(l); g != "" {
			if _, ok := renum[g]; !ok {
				used++
				renum[g] = "item" + strconv.Itoa(used)
			}
			l = renum[g] + l[len(g):]
		}
		fmt.Fprintf(fw, "%s\r\n", l)
	}
	if v3 {
		for _, l := range appleDates(c.Occasions, &used) {
			fmt.Fprintf(fw, "%s\r\n", l)
		}
	}
	for _, l := range kept {
		fmt.Fprintf(fw, "%s\r\n", l)
	}
	fmt.Fprint(fw, "END:VCARD\r\n")
	return out.String(), nil
}

// appleDates are a contact's dates as an iPhone keeps them: each an
// item group of X-ABDATE (a date without a year in the year 1604, as
// X-APPLE-OMIT-YEAR says) and its X-ABLabel, Apple's own words for an
// anniversary or another date.
func appleDates(dates []app.Occasion, used *int) []string {
	var out []string
	for _, o := range dates {
		*used++
		g := "item" + strconv.Itoa(*used)
		value, params := o.Date.String(), ""
		if !o.Date.HasYear() {
			value, params = fmt.Sprintf("1604-%02d-%02d", int(o.Date.Month), o.Date.Day), ";X-APPLE-OMIT-YEAR=1604"
		}
		label := strings.NewReplacer("\\", "\\\\", "\n", "\\n", ",", "\\,", ";", "\\;").Replace(o.Label)
		switch {
		case strings.EqualFold(o.Label, "anniversary"):
			label = "_$!<Anniversary>!$_"
		case o.Label == "" || strings.EqualFold(o.Label, "other"):
			label = "_$!<Other>!$_"
		}
		out = append(out, g+".X-ABDATE"+params+":"+value, g+".X-ABLabel:"+label)
	}
	return out
}

// readCard reads a card from the server as a contact: its UID, and the
// UID of who referred them. A card that is no contact (no name, company
// or email to call it by) is an error saying why.
func readCard(data string, today app.Date) (app.Contact, string, string, error) {
	b := transfer.ReadVCards([]byte(data), today)
	if len(b.Records) == 0 {
		why := app.T("it cannot be read as a contact")
		if len(b.Problems) > 0 {
			why = b.Problems[0].Reason
		}
		return app.Contact{}, "", "", app.Errorf(app.EINVALID, "%s", why)
	}
	r := b.Records[0]
	if apple, ok := appleView(data, today); ok && !sameDates(apple, r.Contact.Occasions) {
		// Referable writes its dates both ways alike: they differ when an
		// iPhone changed its own, which is then the change to take.
		r.Contact.Occasions = apple
	}
	return r.Contact, r.UID, r.ReferredBy, nil
}

// appleView is a card's dates as an iPhone reads them (its X-ABDATEs,
// not Referable's X-REFERABLE-OCCASION nor ANNIVERSARY), when the card
// has both.
func appleView(data string, today app.Date) ([]app.Occasion, bool) {
	lines, _ := contentLines(data)
	var keep []string
	hasApple, hasOurs := false, false
	for _, l := range lines {
		_, n := lineName(l)
		switch n {
		case "X-ABDATE":
			hasApple = true
		case "X-REFERABLE-OCCASION", "ANNIVERSARY", "X-ANNIVERSARY":
			hasOurs = true
			continue
		}
		keep = append(keep, l)
	}
	if !hasApple || !hasOurs {
		return nil, false
	}
	b := transfer.ReadVCards([]byte("BEGIN:VCARD\r\nVERSION:3.0\r\n"+strings.Join(keep, "\r\n")+"\r\nEND:VCARD\r\n"), today)
	if len(b.Records) == 0 {
		return nil, false
	}
	return b.Records[0].Contact.Occasions, true
}

// sameDates says whether two lists hold the same dates, in any order
// (a label "" and "Other" are the same, as Apple writes either so).
func sameDates(a, b []app.Occasion) bool {
	key := func(os []app.Occasion) []string {
		var out []string
		for _, o := range os {
			l := strings.ToLower(o.Label)
			if l == "other" {
				l = ""
			}
			out = append(out, l+"\x00"+o.Date.String())
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}

// uidOfCard is the UID written on a card, or "".
func uidOfCard(data string) string {
	lines, _ := contentLines(data)
	for _, l := range lines {
		if _, n := lineName(l); n == "UID" {
			return strings.TrimSpace(l[strings.IndexByte(l, ':')+1:])
		}
	}
	return ""
}
