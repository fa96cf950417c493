package app

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// The contact form edits lists as lines of text, one entry a line, with an
// optional label before a colon: "work: ada@example.com". These turn such
// text into values and back.

// ParseLabeledLines reads "label: value" lines; a line without a label is
// a bare value. A label is a short run of letters and spaces.
func ParseLabeledLines(text string) []Labeled {
	var out []Labeled
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		out = append(out, splitLabel(line))
	}
	return out
}

func splitLabel(line string) Labeled {
	label, value, ok := strings.Cut(line, ":")
	label = strings.TrimSpace(label)
	if !ok || label == "" || len([]rune(label)) > 24 || strings.IndexFunc(label, func(r rune) bool {
		return !unicode.IsLetter(r) && r != ' ' && r != '-'
	}) >= 0 {
		return Labeled{Value: line}
	}
	return Labeled{Label: label, Value: strings.TrimSpace(value)}
}

// FormatLabeledLines writes values as ParseLabeledLines reads them.
func FormatLabeledLines(values []Labeled) string {
	lines := make([]string, len(values))
	for i, v := range values {
		lines[i] = v.Value
		if v.Label != "" {
			lines[i] = v.Label + ": " + v.Value
		}
	}
	return strings.Join(lines, "\n")
}

// ParseOccasionLines reads "label: date" lines such as "Wedding: 2015-06-20"
// or "Company founded: --03-01", naming the line of any mistake.
func ParseOccasionLines(text string) ([]Occasion, error) {
	var out []Occasion
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		label, date, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(label) == "" {
			return nil, Errorf(EINVALID, "Other dates, line %d: write it as “label: date”, e.g. “Wedding: %s”.", i+1, Date{Year: 2015, Month: 6, Day: 20}.Long())
		}
		d, err := ParseTypedDate(date)
		if err != nil {
			return nil, Errorf(EINVALID, "Other dates, line %d (%s): %s", i+1, strings.TrimSpace(label), ErrorMessage(err))
		}
		if d.IsZero() {
			return nil, Errorf(EINVALID, "Other dates, line %d: %q has no date.", i+1, strings.TrimSpace(label))
		}
		out = append(out, Occasion{Label: strings.TrimSpace(label), Date: d})
	}
	return out, nil
}

// FormatOccasionLines writes occasions as ParseOccasionLines reads them.
func FormatOccasionLines(occasions []Occasion) string {
	lines := make([]string, len(occasions))
	for i, o := range occasions {
		lines[i] = fmt.Sprintf("%s: %s", o.Label, o.Date.Long())
	}
	return strings.Join(lines, "\n")
}

// ParseTags reads tags separated by commas.
func ParseTags(text string) []string { return NormalizeTags(strings.Split(text, ",")) }

// ParseCadences reads keep-in-touch days by tag: "vip: 60, realtor: 90".
func ParseCadences(text string) (map[string]int, error) {
	out := map[string]int{}
	for _, part := range strings.Split(text, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		tag, days, ok := strings.Cut(part, ":")
		n, err := strconv.Atoi(strings.TrimSpace(days))
		if !ok || err != nil || strings.TrimSpace(tag) == "" || n <= 0 || n > 3650 {
			return nil, Errorf(EINVALID, "Keep in touch by tag: write “tag: days” (1 to 3650 days), such as “vip: 60”, not %q.", strings.TrimSpace(part))
		}
		out[strings.ToLower(strings.TrimSpace(tag))] = n
	}
	return out, nil
}

// FormatCadences writes cadences as ParseCadences reads them, by tag.
func FormatCadences(c map[string]int) string {
	tags := make([]string, 0, len(c))
	for tag := range c {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	parts := make([]string, len(tags))
	for i, tag := range tags {
		parts[i] = fmt.Sprintf("%s: %d", tag, c[tag])
	}
	return strings.Join(parts, ", ")
}
