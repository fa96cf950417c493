package transfer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files in every encoding address books write come in with their names
// intact, and the preview says which encoding was read.
func TestEveryEncoding(t *testing.T) {
	for _, tc := range []struct {
		file, encoding string
		names          []string
		note           string // part of the notes of the first contact
	}{
		{"utf16le-bom.csv", EncUTF16LE, []string{"李明", "Zoë Müller"}, "喜欢茶"},
		{"utf16le-nobom.csv", EncUTF16LE, []string{"Zoë Müller", "Søren Østergaard"}, "Klettern"},
		{"utf16be-nobom.vcf", EncUTF16BE, []string{"Дмитрий Иванов"}, ""},
		{"shiftjis.csv", EncShiftJIS, []string{"山田花子", "佐藤太郎", "鈴木一郎"}, "いつもありがとうございます"},
		{"euckr.csv", EncEUCKR, []string{"김민준", "이서연"}, "감사합니다"},
		{"gb18030.csv", EncGB18030, []string{"王小明", "张伟"}, "非常感谢您的介绍"},
		{"win1251.csv", Enc1251, []string{"Дмитрий Иванов", "Ольга Петрова"}, "Спасибо"},
		{"win1250.csv", Enc1250, []string{"Łukasz Dvořák", "Małgorzata Wójcik"}, "Poleca"},
		{"win1252.csv", Enc1252, []string{"Zoë Müller", "François Lefèvre"}, "Grüße"},
	} {
		body, err := os.ReadFile(filepath.Join("testdata", "defects", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		b, err := Read(tc.file, body, today)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if b.Encoding != tc.encoding {
			t.Errorf("%s: read as %q; want %q", tc.file, b.Encoding, tc.encoding)
		}
		var got []string
		for _, r := range b.Records {
			got = append(got, r.Contact.Name())
		}
		if strings.Join(got, "|") != strings.Join(tc.names, "|") {
			t.Errorf("%s: names %q; want %q", tc.file, got, tc.names)
		}
		if tc.note != "" && (len(b.Records) == 0 || !strings.Contains(b.Records[0].Contact.Notes, tc.note)) {
			t.Errorf("%s: notes lost", tc.file)
		}
	}
}

// Apple's year-less dates, basic or extended, with 1604 or the year
// X-APPLE-OMIT-YEAR names, come in without a year; a real year stays.
func TestAppleOmitYear(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "defects", "apple-omit-year.vcf"))
	if err != nil {
		t.Fatal(err)
	}
	b := ReadVCards(body, today)
	if len(b.Records) != 3 {
		t.Fatalf("%d cards read: %+v", len(b.Records), b.Problems)
	}
	if d := b.Records[0].Contact.Birthday; d.HasYear() || d.Month != 6 || d.Day != 26 {
		t.Errorf("16040626 read as %v", d)
	}
	if o := b.Records[0].Contact.Occasions; len(o) != 1 || o[0].Date.HasYear() || o[0].Date.Month != 9 {
		t.Errorf("the anniversary 1604-09-14 read as %+v", o)
	}
	if d := b.Records[1].Contact.Birthday; d.HasYear() || d.Month != 3 || d.Day != 1 {
		t.Errorf("X-APPLE-OMIT-YEAR=1900 read as %v", d)
	}
	if d := b.Records[2].Contact.Birthday; d.Year != 1984 {
		t.Errorf("a real year was dropped: %v", d)
	}
}
