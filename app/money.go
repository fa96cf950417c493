package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Money is an amount in minor units (cents) of the owner's currency;
// never a float, so sums are exact.
type Money int64

// minorDigits is how many decimals a currency has; two unless listed.
var minorDigits = map[string]int{"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "HUF": 2}

var currencySymbols = map[string]string{"USD": "$", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CHF": "CHF "}

func digits(currency string) int {
	if d, ok := minorDigits[currency]; ok {
		return d
	}
	return 2
}

// ParseMoney reads what a person types for an amount: "1250", "1,250.50",
// "1.250,50", "$ 300", "€80". A negative or non-numeric amount is refused.
func ParseMoney(s, currency string) (Money, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	// A currency sign or code before or after the number is allowed.
	for _, affix := range []string{currency, strings.ToLower(currency), strings.TrimSpace(currencySymbols[currency])} {
		if affix != "" {
			s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, affix), affix))
		}
	}
	s = strings.TrimSpace(strings.TrimFunc(s, func(r rune) bool { return unicode.Is(unicode.Sc, r) }))
	if strings.HasPrefix(s, "-") {
		return 0, Errorf(EINVALID, "%q: the amount cannot be negative.", orig)
	}
	// The last '.' or ',' followed by 1-2 digits (or 0 for whole-unit
	// currencies) is the decimal mark; other marks group thousands.
	whole, frac := s, ""
	if i := strings.LastIndexAny(s, ".,"); i >= 0 && len(s)-i-1 <= digits(currency) && len(s)-i-1 > 0 {
		whole, frac = s[:i], s[i+1:]
	}
	whole = strings.NewReplacer(",", "", ".", "", " ", "", "'", "", "’", "", "\u00a0", "", "\u202f", "").Replace(whole)
	if whole == "" {
		whole = "0"
	}
	for _, part := range []string{whole, frac} {
		if strings.IndexFunc(part, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
			return 0, Errorf(EINVALID, "%q is not an amount of money.", orig)
		}
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || n > 1e12 {
		return 0, Errorf(EINVALID, "%q is too large an amount.", orig)
	}
	for len(frac) < digits(currency) {
		frac += "0"
	}
	m := n
	for i := 0; i < digits(currency); i++ {
		m *= 10
	}
	if frac != "" {
		f, _ := strconv.ParseInt(frac, 10, 64)
		m += f
	}
	return Money(m), nil
}

// Format writes the amount as the owner's language and region write
// money: its digits grouped and its decimals marked by their custom
// (golang.org/x/text), the currency's symbol before the number in
// English ("$1,250.50", "€80.00") and after it elsewhere ("1.250,50 €",
// "1 250,50 €").
func (m Money) Format(currency string) string {
	d := digits(currency)
	v := int64(m)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	num := moneyStyle.printer.Sprint(number.Decimal(float64(v)/math.Pow10(d), number.Scale(d)))
	sym, ok := currencySymbols[currency]
	if !ok {
		sym = currency + " "
	}
	if moneyStyle.symbolAfter {
		return sign + num + "\u00a0" + strings.TrimSpace(sym)
	}
	return sign + sym + num
}

// Plain writes the amount as ParseMoney reads it back, without symbol
// or grouping, with the decimal mark of the owner's language: "1250.50",
// "1250,50".
func (m Money) Plain(currency string) string {
	if m == 0 {
		return ""
	}
	d := digits(currency)
	unit := int64(math.Pow10(d))
	v := int64(m)
	if v < 0 {
		v = -v
	}
	if d == 0 {
		return strconv.FormatInt(v, 10)
	}
	return fmt.Sprintf("%d%s%0*d", v/unit, moneyStyle.decimal, d, v%unit)
}

// moneyStyle is how amounts are written: SetNumberStyle sets it with the
// owner's language.
var moneyStyle = newNumberStyle(language.English)

type numberStyle struct {
	printer     *message.Printer
	decimal     string // the decimal mark
	symbolAfter bool   // "80 €" rather than "€80"
}

func newNumberStyle(tag language.Tag) numberStyle {
	p := message.NewPrinter(tag)
	half := p.Sprint(number.Decimal(0.5, number.Scale(1)))
	base, _ := tag.Base()
	return numberStyle{printer: p, decimal: strings.Trim(half, "05"), symbolAfter: base.String() != "en"}
}

// SetNumberStyle writes money as the owner's language (two letters) and
// region write it: "de" and "CH" group as 1’250.50, "de" alone as
// 1.250,50.
func SetNumberStyle(lang, region string) {
	tag, err := language.Parse(lang + "-" + region)
	if err != nil || region == "" {
		tag = language.Make(lang)
	}
	moneyStyle = newNumberStyle(tag)
}
