package davsync_test

import (
	"testing"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/davsync"
)

// TestFieldsCompareWhatTheOwnerSees: a contact as the book keeps it (tags
// in order, phones with their E.164 form worked out) and the same
// contact read from a card (tags as the card lists them, no E.164 form)
// are the same fields, so a card read back is no change to send again;
// a base kept with the derived form compares alike.
func TestFieldsCompareWhatTheOwnerSees(t *testing.T) {
	kept := app.Contact{GivenName: "Ada", Tags: []string{"area-11", "Bench"},
		Phones: []app.Labeled{{Label: "mobile", Value: "+1 555 000 0091", Normal: "+15550000091"}},
		Emails: []app.Labeled{{Label: "work", Value: "ada@example.com"}}}
	read := app.Contact{GivenName: "Ada", Tags: []string{"Bench", "area-11"},
		Phones: []app.Labeled{{Label: "mobile", Value: "+1 555 000 0091"}},
		Emails: []app.Labeled{{Label: "work", Value: "ada@example.com"}}}
	a, b := davsync.FieldsOf(&kept, ""), davsync.FieldsOf(&read, "")
	if !a.Equal(b) {
		t.Errorf("the same contact compares as changed:\n%s\n%s", a.JSON(), b.JSON())
	}
	old := `{"given":"Ada","phones":"[{\"Label\":\"mobile\",\"Value\":\"+1 555 000 0091\",\"Normal\":\"+15550000091\"}]",` +
		`"emails":"[{\"Label\":\"work\",\"Value\":\"ada@example.com\",\"Normal\":\"\"}]","tags":"[\"Bench\",\"area-11\"]"}`
	if base := davsync.ParseFields(old); !base.Equal(a) {
		t.Errorf("a kept base compares as changed:\n%s\n%s", base.JSON(), a.JSON())
	}
	// A real change still is one.
	read.Phones[0].Value = "+1 555 000 0092"
	if davsync.FieldsOf(&read, "").Equal(a) {
		t.Error("a changed phone compares as the same")
	}
}
