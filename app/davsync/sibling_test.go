package davsync

import "testing"

func TestCalDAVSibling(t *testing.T) {
	for in, want := range map[string]string{
		"https://carddav.fastmail.com/":            "https://caldav.fastmail.com/",
		"https://contacts.icloud.com":              "https://caldav.icloud.com/",
		"https://cloud.example.com/remote.php/dav": "",
		"http://127.0.0.1:5232/":                   "",
		"https://contacts/":                        "",
	} {
		if got := calDAVSibling(in); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}
