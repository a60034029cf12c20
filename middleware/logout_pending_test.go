package middleware_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
)

// pendingErr is a Revoker's error for a revoke it will retry.
type pendingErr struct{ error }

func (e pendingErr) Unwrap() error { return e.error }

func (pendingErr) RevokePending() bool { return true }

// TestLogoutReportsPendingRevoke: Event.RevokePending says whether the
// Revoker's error (even wrapped) says it retries the revoke; the answer
// is the same 503 either way.
func TestLogoutReportsPendingRevoke(t *testing.T) {
	down := &sessiongate.UnavailableError{Err: errors.New("refused")}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"not retried", down, false},
		{"retried", pendingErr{down}, true},
		{"retried, wrapped", fmt.Errorf("revoke: %w", pendingErr{down}), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log := &eventLog{}
			m := newMiddleware(t, &fakeVerifier{revokeErr: tc.err}, middleware.WithObserver(log.Observe))
			w := serve(http.HandlerFunc(m.Logout), newRequest("POST", "/logout", "Cookie", "stytch_session="+goodToken))
			if w.Code != http.StatusServiceUnavailable || len(log.events) != 1 {
				t.Fatalf("status %d, %d events; want 503 and one event", w.Code, len(log.events))
			}
			if ev := log.events[0]; ev.Reason != middleware.ReasonRevokeFailed || ev.RevokePending != tc.want {
				t.Errorf("event = %+v, want revoke_failed with RevokePending %v", ev, tc.want)
			}
		})
	}
}
