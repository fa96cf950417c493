package cards_test

import (
	"strings"
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

var mergeCases = []struct {
	name, text string
	values     map[string]string
	want       string
	wantErr    string
}{
	{"plain", "Dear {first_name},", map[string]string{"first_name": "Zoë"}, "Dear Zoë,", ""},
	{"non-Latin", "Dear {first_name},", map[string]string{"first_name": "李明"}, "Dear 李明,", ""},
	{"spaces inside braces", "Hi { first_name }", map[string]string{"first_name": "Łukasz"}, "Hi Łukasz", ""},
	{"empty value drops the space", "Dear {first_name},", nil, "Dear,", ""},
	{"literal braces", "{{not a field}}", nil, "{not a field}", ""},
	{"several", "{first_name} sent {referral_name}", map[string]string{"first_name": "Ana", "referral_name": "Bo"}, "Ana sent Bo", ""},
	{"unknown field", "Dear {frist_name},", nil, "", "Message, line 1, column 6: {frist_name} is not a merge field. Did you mean {first_name}?"},
	{"unknown, far off", "Line one\nand {weather} two", nil, "", "Message, line 2, column 5: {weather} is not a merge field. The fields are"},
	{"unclosed", "Dear {first_name,", nil, "", "line 1, column 6: this { has no closing }"},
	{"stray close", "Dear first_name},", nil, "", "line 1, column 16: this } closes nothing"},
	{"column counts characters", "Zoë {nope}", nil, "", "line 1, column 5"},
	{"stand-in words", "Thank you for sending {referral_name|the friend you sent} my way.", nil, "Thank you for sending the friend you sent my way.", ""},
	{"stand-in unused", "Thank you for sending {referral_name | the friend you sent} my way.", map[string]string{"referral_name": "Ana"}, "Thank you for sending Ana my way.", ""},
	{"line left out", "Dear Zoë,\nWith it: {gift?}\nWith thanks,", nil, "Dear Zoë,\nWith thanks,", ""},
	{"line kept", "Dear Zoë,\nWith it: {gift?}\nWith thanks,", map[string]string{"gift": "a new tap"}, "Dear Zoë,\nWith it: a new tap\nWith thanks,", ""},
	{"paragraph left out", "Dear Zoë,\n\nHappy birthday.\n\n{ask_ps?}\n\nSam", nil, "Dear Zoë,\n\nHappy birthday.\n\nSam", ""},
	{"last paragraph left out", "Dear Zoë,\n\n{extra?}", nil, "Dear Zoë,\n", ""},
	{"empty stand-in", "Hi {first_name|}", nil, "", "line 1, column 4: {first_name|} says nothing to write"},
	{"unknown field with stand-in", "Hi {frist_name|you}", nil, "", "{frist_name} is not a merge field. Did you mean {first_name}?"},
}

func TestMerge(t *testing.T) {
	for _, tc := range mergeCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := cards.Merge(cards.PartMessage, tc.text, tc.values)
			if tc.wantErr != "" {
				if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), tc.wantErr) {
					t.Fatalf("err = %v; want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Merge = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func FuzzMerge(f *testing.F) {
	for _, tc := range mergeCases {
		f.Add(tc.text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_, err := cards.Merge(cards.PartMessage, text, map[string]string{"first_name": "Zoë"})
		if err != nil && app.ErrorCode(err) != app.EINVALID {
			t.Fatalf("Merge(%q): %v is not an invalid-input error", text, err)
		}
	})
}

// A field with stand-in words or a line to leave out never leaves a
// hole: it is not needed.
func TestFieldsNeeded(t *testing.T) {
	tpl := cards.Template{Front: "Hi {first_name}", Inside: "Thanks for {referral_name|the friend you sent}.\n{gift?}\n{my_name}"}
	if got := strings.Join(tpl.FieldsNeeded(), " "); got != "first_name my_name" {
		t.Errorf("FieldsNeeded = %q", got)
	}
	if got := strings.Join(tpl.FieldsUsed(), " "); got != "first_name referral_name gift my_name" {
		t.Errorf("FieldsUsed = %q", got)
	}
}

func TestBuiltinTemplates(t *testing.T) {
	values := map[string]string{"first_name": "Zoë", "referral_name": "Ana Lima", "my_name": "Sam", "business_name": "Rivera Plumbing", "years_as_client": "5"}
	names := map[string]bool{}
	for _, tpl := range cards.Builtin {
		if err := tpl.Check(); err != nil {
			t.Errorf("%s: %v", tpl.Name, err)
		}
		if names[tpl.Name] || tpl.Name != strings.ToLower(tpl.Name) || strings.Contains(tpl.Name, " ") {
			t.Errorf("template name %q is not a unique, stable lower-case name", tpl.Name)
		}
		names[tpl.Name] = true
		card, err := tpl.Fill(values)
		if err != nil || card.Front == "" || !strings.Contains(card.Inside, "Zoë") || strings.Contains(card.Inside+card.Front, "{") {
			t.Errorf("%s: %+v, %v", tpl.Name, card, err)
		}
	}
	for _, want := range []string{"thank-you-referral", "thank-you-business", "keeping-posted", "birthday", "client-anniversary", "welcome", "end-of-project", "referral-request"} {
		if _, err := cards.FindBuiltin(want); err != nil {
			t.Errorf("no built-in %q", want)
		}
	}
	if _, err := cards.FindBuiltin("valentine"); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("unknown template = %v", err)
	}
}
