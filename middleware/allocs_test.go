package middleware_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
)

// headerOnlyWriter is a ResponseWriter that allocates nothing per request
// once its header map has grown.
type headerOnlyWriter struct{ h http.Header }

func (w *headerOnlyWriter) Header() http.Header         { return w.h }
func (w *headerOnlyWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *headerOnlyWriter) WriteHeader(int)             {}

// TestAllowedRequestAllocations pins the middleware's own allocations on
// the hot path (a verified session, nothing to refresh, no observer) at 1:
// the request's per-request state (Rechecker, context, Vary value and the
// request copy the next handler gets, in one object). The verifier here
// allocates nothing.
//
// With a CachingVerifier the same holds when the answer comes from
// VerifyCached (the callback the middleware passes it stays on the stack).
func TestAllowedRequestAllocations(t *testing.T) {
	v := &sessiongate.Verification{Session: session(), Source: sessiongate.SourceCache}
	plain := verifierFunc(func(context.Context, sessiongate.Credentials, sessiongate.Freshness) (*sessiongate.Verification, error) {
		return v, nil
	})
	verifiers := map[string]middleware.Verifier{"Verify": plain, "VerifyCached": constCache{plain, v}}
	tests := []struct {
		name   string
		header string
		value  string
	}{
		{"cookies", "Cookie", "theme=dark; stytch_session_jwt=" + goodJWT + "; stytch_session=" + goodToken},
		{"bearer JWT", "Authorization", "Bearer " + goodJWT},
	}
	for vname, verifier := range verifiers {
		var reached bool
		h := newMiddleware(t, verifier).RequireSession(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }))
		for _, tt := range tests {
			t.Run(vname+"/"+tt.name, func(t *testing.T) {
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
				if got > 1 {
					t.Errorf("allocations per request = %v, want <= 1", got)
				}
			})
		}
	}
}

// constCache answers every JWT from its "cache" with v.
type constCache struct {
	middleware.Verifier
	v *sessiongate.Verification
}

func (c constCache) VerifyCached(string, sessiongate.Freshness) (*sessiongate.Verification, bool) {
	return c.v, true
}
