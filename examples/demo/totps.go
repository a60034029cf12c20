package main

import "sync"

// totpStore remembers which users enrolled TOTP in this demo and the secret
// to show them once more on the enrollment page. A real app would read the
// user's TOTP registrations from Stytch (user.totps) instead.
type totpStore struct {
	mu      sync.Mutex
	secrets map[string]string // user id → base32 secret
}

func newTOTPStore() *totpStore { return &totpStore{secrets: make(map[string]string)} }

// enrolled returns the user's secret and whether the user enrolled.
func (s *totpStore) enrolled(userID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	secret, ok := s.secrets[userID]
	return secret, ok
}

func (s *totpStore) add(userID, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets[userID] = secret
}
