package middleware_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/sessiongate/sessiongate"
)

// headerOnlyWriter is a ResponseWriter that allocates nothing per request
// once its header map has grown.
type headerOnlyWriter struct{ h http.Header }

func (w *headerOnlyWriter) Header() http.Header         { return w.h }
func (w *headerOnlyWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *headerOnlyWriter) WriteHeader(int)             {}

// TestAllowedRequestAllocations pins the middleware's own allocations on
// the hot path (a verified session, nothing to refresh, no observer) at 2:
// the request's per-request state (Rechecker, context and Vary value in one
// object) and the request copy http.Request.WithContext makes. The
// verifier here allocates nothing.
func TestAllowedRequestAllocations(t *testing.T) {
	v := &sessiongate.Verification{Session: session(), Source: sessiongate.SourceCache}
	m := newMiddleware(t, verifierFunc(func(context.Context, sessiongate.Credentials, sessiongate.Freshness) (*sessiongate.Verification, error) {
		return v, nil
	}))
	var reached bool
	h := m.RequireSession(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }))
	tests := []struct {
		name   string
		header string
		value  string
	}{
		{"cookies", "Cookie", "theme=dark; stytch_session_jwt=" + goodJWT + "; stytch_session=" + goodToken},
		{"bearer JWT", "Authorization", "Bearer " + goodJWT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRequest("GET", "/", tt.header, tt.value)
			w := &headerOnlyWriter{h: http.Header{}}
			got := testing.AllocsPerRun(100, func() {
				clear(w.h)
				reached = false
				h.ServeHTTP(w, r)
			})
			if !reached {
				t.Fatal("handler not reached")
			}
			if got > 2 {
				t.Errorf("allocations per request = %v, want <= 2", got)
			}
		})
	}
}
