package verifier

import (
	"time"

	"github.com/sessiongate/sessiongate"
)

// This file builds the Verification each caller owns.

// ownVerification returns a Verification of a copy of the shared (cached)
// session s, so that a caller changing what it gets cannot change what
// other requests see. The Verification and the copy share one allocation.
func ownVerification(s *sessiongate.Session, src sessiongate.Source, confirmedAt time.Time) *sessiongate.Verification {
	p := &struct {
		v sessiongate.Verification
		s sessiongate.Session
	}{s: *s}
	p.v = sessiongate.Verification{Session: &p.s, Source: src, ConfirmedAt: confirmedAt}
	return &p.v
}
