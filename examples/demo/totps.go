package main

import (
	"encoding/base64"
	"html/template"
	"strings"
	"sync"
)

// enrollment is what the demo keeps of a user's TOTP registration to show
// it again on the enrollment page.
type enrollment struct {
	Secret string
	QRCode template.URL
}

// totpStore remembers which users enrolled TOTP in this demo. A real app
// would read the user's TOTP registrations from Stytch (user.totps) instead.
type totpStore struct {
	mu    sync.Mutex
	users map[string]enrollment // by user id
}

func newTOTPStore() *totpStore { return &totpStore{users: make(map[string]enrollment)} }

// enrolled returns the user's enrollment and whether the user enrolled.
func (s *totpStore) enrolled(userID string) (enrollment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.users[userID]
	return e, ok
}

func (s *totpStore) add(userID string, e enrollment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[userID] = e
}

// qrImage returns Stytch's QR code as a URL the page may show: only a
// base64 PNG data URL of at most 64 KiB passes, anything else is "".
func qrImage(s string) template.URL {
	rest, ok := strings.CutPrefix(s, "data:image/png;base64,")
	if !ok || rest == "" || len(rest) > 64<<10 {
		return ""
	}
	if _, err := base64.StdEncoding.DecodeString(rest); err != nil {
		return ""
	}
	return template.URL(s) // a validated image data URL, safe in <img src>
}
