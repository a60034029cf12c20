package middleware

import (
	"errors"
	"fmt"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
)

// TestClassifyReasons pins the observer reason of each error class: the
// shared contract table names them, and they must stay the middleware's
// Reason constants.
func TestClassifyReasons(t *testing.T) {
	tests := []struct {
		err    error
		reason Reason
		status int
	}{
		{errNoCredential, ReasonMissing, 401},
		{cookie.ErrUnreadable, ReasonUnreadable, 401},
		{sessiongate.ErrMalformedRequest, ReasonMalformed, 400},
		{sessiongate.ErrInvalidToken, ReasonInvalid, 401},
		{sessiongate.ErrExpired, ReasonExpired, 401},
		{sessiongate.ErrTooOld, ReasonTooOld, 401},
		{sessiongate.ErrUnknownKey, ReasonUnknownKey, 401},
		{sessiongate.ErrSessionNotFound, ReasonRevoked, 401},
		{ErrCrossOrigin, ReasonCrossOrigin, 403},
		{&sessiongate.UnavailableError{Err: sessiongate.ErrSessionNotFound}, ReasonUnavailable, 503},
		{fmt.Errorf("%w: x", sessiongate.ErrMisconfigured), ReasonMisconfigured, 500},
		{sessiongate.ErrStepUpRequired, ReasonStepUp, 401},
		{errors.New("other"), ReasonInternal, 500},
	}
	for _, tc := range tests {
		if p := classify(tc.err); p.reason != tc.reason || p.status != tc.status {
			t.Errorf("classify(%v) = %q, %d, want %q, %d", tc.err, p.reason, p.status, tc.reason, tc.status)
		}
	}
}
