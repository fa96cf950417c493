package ui

import "testing"

// Every screen must fit a laptop window: a wrapping label measured before
// its first layout once made the window 1,225 pixels tall.
func TestScreensFitALaptop(t *testing.T) {
	u, _, _ := newTestUI(t)
	for _, item := range u.tabs.Items {
		if h := item.Content.MinSize().Height; h > 600 {
			t.Errorf("%s needs %.0f pixels of height", item.Text, h)
		}
	}
	for _, item := range u.referrals.tabs.Items {
		if h := item.Content.MinSize().Height; h > 560 {
			t.Errorf("Referrals › %s needs %.0f pixels of height", item.Text, h)
		}
	}
}
