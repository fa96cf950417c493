package davsync

import "github.com/referable/referable/app"

// CardText is the card Referable writes for a new contact, for the
// benchmarks' plain client to upload the same bytes.
func CardText(c *app.Contact, uid string) (string, error) {
	return cardText(c, uid, func(int64) string { return "" }, "")
}
