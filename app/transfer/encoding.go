package transfer

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Text encodings as an import names them.
const (
	EncUTF8     = "UTF-8"
	EncUTF16LE  = "UTF-16 (little-endian)"
	EncUTF16BE  = "UTF-16 (big-endian)"
	EncShiftJIS = "Shift_JIS (Japanese)"
	EncEUCJP    = "EUC-JP (Japanese)"
	EncEUCKR    = "EUC-KR (Korean)"
	EncGB18030  = "GB18030 (Chinese, simplified)"
	EncBig5     = "Big5 (Chinese, traditional)"
	Enc1252     = "Windows-1252 (Western European)"
	Enc1250     = "Windows-1250 (Central European)"
	Enc1251     = "Windows-1251 (Cyrillic)"
	Enc1253     = "Windows-1253 (Greek)"
)

// decodeUnicode turns a file in UTF-16 (with or without a byte-order
// mark, as Outlook and Excel write "Unicode text") into UTF-8, and drops
// a UTF-8 byte-order mark. It returns the encoding it read.
func decodeUnicode(body []byte) ([]byte, string) {
	switch {
	case bytes.HasPrefix(body, []byte{0xef, 0xbb, 0xbf}):
		return body[3:], EncUTF8
	case bytes.HasPrefix(body, []byte{0xff, 0xfe}):
		return utf16To8(body[2:], xunicode.LittleEndian), EncUTF16LE
	case bytes.HasPrefix(body, []byte{0xfe, 0xff}):
		return utf16To8(body[2:], xunicode.BigEndian), EncUTF16BE
	}
	// Without a mark: text that is mostly ASCII (headers, property names)
	// has a zero in every other byte.
	head := body[:min(len(body), 4096)]
	if len(head) >= 4 {
		var even, odd int
		for i := 0; i+1 < len(head); i += 2 {
			if head[i] == 0 && head[i+1] != 0 {
				even++
			} else if head[i+1] == 0 && head[i] != 0 {
				odd++
			}
		}
		pairs := len(head) / 2
		switch {
		case odd*10 >= pairs*4 && even*10 < pairs:
			return utf16To8(body, xunicode.LittleEndian), EncUTF16LE
		case even*10 >= pairs*4 && odd*10 < pairs:
			return utf16To8(body, xunicode.BigEndian), EncUTF16BE
		}
	}
	return body, ""
}

func utf16To8(b []byte, order xunicode.Endianness) []byte {
	if len(b)%2 == 1 {
		b = b[:len(b)-1] // a cut last byte
	}
	out, err := xunicode.UTF16(order, xunicode.IgnoreBOM).NewDecoder().Bytes(b)
	if err != nil {
		return b
	}
	return out
}

// legacy is an 8-bit or multi-byte encoding a file not in UTF-8 was
// guessed to be in.
type legacy struct {
	name string
	enc  encoding.Encoding
}

var (
	legacyCJK = []legacy{
		{EncShiftJIS, japanese.ShiftJIS}, {EncEUCJP, japanese.EUCJP}, {EncEUCKR, korean.EUCKR},
		{EncGB18030, simplifiedchinese.GB18030}, {EncBig5, traditionalchinese.Big5},
	}
	win1252 = legacy{Enc1252, charmap.Windows1252}
)

// guessLegacy guesses the encoding of text that is not UTF-8. Cyrillic
// and Greek first, when Windows-1251 or -1253 reads every non-ASCII word
// as a word of that alphabet (a capital, then small letters); then a CJK
// encoding, when one reads the high bytes cleanly as that language's
// script; then Central European, when Windows-1250's letters sit where
// Western symbols would fall inside words; else Windows-1252, as older
// Outlook writes.
func guessLegacy(b []byte) legacy {
	sample := highSample(b)
	if wordShaped(sample, charmap.Windows1251, unicode.Cyrillic) {
		return legacy{Enc1251, charmap.Windows1251}
	}
	if wordShaped(sample, charmap.Windows1253, unicode.Greek) {
		return legacy{Enc1253, charmap.Windows1253}
	}
	if avgHighRun(sample) >= 1.5 {
		best, bestScore := legacy{}, 0.0
		for _, l := range legacyCJK {
			if s := cjkScore(l, sample); s > bestScore {
				best, bestScore = l, s
			}
		}
		if bestScore >= 0.8 {
			return best
		}
	}
	if centralEuropean(sample) {
		return legacy{Enc1250, charmap.Windows1250}
	}
	return win1252
}

// wordShaped reports whether enc reads the words of b that hold non-ASCII
// letters as words of script: each all small letters, a capital then
// small letters, or all capitals.
func wordShaped(b []byte, enc encoding.Encoding, script *unicode.RangeTable) bool {
	out, _ := enc.NewDecoder().Bytes(b)
	good, words := 0, 0
	for _, w := range bytes.FieldsFunc(out, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !bytes.ContainsFunc(w, func(r rune) bool { return r >= 0x80 }) {
			continue
		}
		words++
		rs := []rune(string(w))
		ok := true
		upper := 0
		for i, r := range rs {
			if !unicode.Is(script, r) {
				ok = false
				break
			}
			if unicode.IsUpper(r) {
				upper++
				if i > 0 && upper != i+1 {
					ok = false // a capital inside a word of small letters
					break
				}
			}
		}
		if ok && upper > 1 && upper != len(rs) {
			ok = false
		}
		if ok {
			good++
		}
	}
	// Nearly every non-ASCII character is a letter of the script: what a
	// misreading makes of other encodings is full of symbols.
	var high, letters int
	for _, r := range string(out) {
		if r >= 0x80 {
			high++
			if unicode.Is(script, r) && unicode.IsLetter(r) {
				letters++
			}
		}
	}
	return words >= 2 && good*10 >= words*9 && letters*20 >= high*19
}

// highSample is the lines of b that hold bytes above ASCII, up to 64 KB:
// the ones that tell encodings apart.
func highSample(b []byte) []byte {
	var out []byte
	for len(b) > 0 && len(out) < 64<<10 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i+1], b[i+1:]
		} else {
			b = nil
		}
		for _, c := range line {
			if c >= 0x80 {
				out = append(out, line...)
				break
			}
		}
	}
	return out
}

// cjkScore is the share of the non-ASCII characters l decodes sample to
// that are the language's own letters (kana and kanji, hangul, han);
// 0 when any byte sequence is invalid in l.
func cjkScore(l legacy, sample []byte) float64 {
	out, err := l.enc.NewDecoder().Bytes(sample)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return 0
	}
	var own, other, kana int
	for _, r := range string(out) {
		if r < 0x80 {
			continue
		}
		switch {
		case l.name == EncShiftJIS || l.name == EncEUCJP:
			if r >= 0xff61 && r <= 0xff9f {
				break // half-width katakana: rare in real text, common in misreadings
			}
			if unicode.In(r, unicode.Hiragana, unicode.Katakana) || r == 'ー' {
				kana++
			}
			if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー' || r == '〒' || r == '　' || (r >= 0xff01 && r <= 0xff5e) {
				own++
				continue
			}
		case l.name == EncEUCKR:
			if unicode.Is(unicode.Hangul, r) {
				own++
				continue
			}
		default:
			if unicode.Is(unicode.Han, r) || r == '　' || (r >= 0xff01 && r <= 0xff5e) || (r >= 0x3000 && r <= 0x303f) {
				own++
				continue
			}
		}
		other++
	}
	if own == 0 {
		return 0
	}
	score := float64(own) / float64(own+other)
	if (l.name == EncShiftJIS || l.name == EncEUCJP) && kana == 0 {
		// Japanese text carries kana; all-han text is likelier Chinese or
		// Korean hanja read wrongly.
		score *= 0.9
	}
	return score
}

// avgHighRun is the mean length of runs of bytes above ASCII: a letter
// here and there in Western text, whole words in Cyrillic or Greek.
func avgHighRun(b []byte) float64 {
	runs, bytesIn, in := 0, 0, false
	for _, c := range b {
		if c >= 0x80 {
			bytesIn++
			if !in {
				runs++
			}
			in = true
		} else {
			in = false
		}
	}
	if runs == 0 {
		return 0
	}
	return float64(bytesIn) / float64(runs)
}

// centralEuropean reports letters that Windows-1252 reads as symbols
// inside words (ł as ³, ą as ¹, ś as œ, ż as ¿, ź as Ÿ, š as š is the
// same in both): Polish, Czech, Hungarian text in Windows-1250.
func centralEuropean(b []byte) bool {
	hits := 0
	for i, c := range b {
		switch c {
		case 0xb3, 0xb9, 0xbf, 0x9f, 0xa5, 0xa3, 0xaf, 0x8f, 0x9d, 0x8d:
			if i > 0 && isASCIILetter(b[i-1]) || i+1 < len(b) && isASCIILetter(b[i+1]) {
				hits++
			}
		}
	}
	return hits >= 2
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
