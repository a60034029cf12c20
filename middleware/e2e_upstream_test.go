package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// Regression tests for issue 16: an "evil upstream" between the verifier
// and Stytch (JWKS outages during a key rotation, a logout while Stytch is
// down, an authenticate answer whose JWT does not verify).

// frozen is the emulator's base clock in these tests: only Advance moves it.
var frozen = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

// TestE2ERotationDuringJWKSOutage (issue 16, finding 1): with a local-only
// verifier, a genuine JWT signed by a key rotated in while the JWKS is down
// is "unavailable" (503, cookies kept), never "invalid"; once the JWKS
// answers again, the same JWT is accepted after at most the request-
// triggered retry gap, not after the unknown-kid interval.
func TestE2ERotationDuringJWKSOutage(t *testing.T) {
	srv := stytchtest.NewServer(t, stytchtest.WithClock(func() time.Time { return frozen }))
	uid, err := srv.CreateUser("ada@example.com", "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := srv.CreateSession(uid, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := verifier.NewLocal(t.Context(), srv.ProjectID(), verifier.WithBaseURL(srv.URL), verifier.WithClock(srv.Now))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Status: http.StatusServiceUnavailable})
	srv.RotateKey()
	fresh, err := srv.MintJWT(tok.Session.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	h := newMiddleware(t, l, middleware.WithClock(srv.Now)).RequireSession(okHandler)
	get := func() *httptest.ResponseRecorder {
		return serve(h, newRequest("GET", "/account", "Cookie", "stytch_session_jwt="+fresh))
	}

	for i := range 3 { // the first one tries the JWKS, the others wait for the retry gap
		w := get()
		if w.Code != http.StatusServiceUnavailable {
			t.Fatalf("request %d during the outage: %d %s, want 503", i, w.Code, w.Body)
		}
		if ra, _ := strconv.Atoi(w.Header().Get("Retry-After")); ra <= 0 {
			t.Errorf("Retry-After = %q, want a positive delay", w.Header().Get("Retry-After"))
		}
		if sc := w.Header().Values("Set-Cookie"); len(sc) != 0 {
			t.Errorf("cookies touched during a JWKS outage: %q", sc)
		}
	}

	srv.ClearFaults()
	srv.Advance(8 * time.Second) // the longest request-triggered retry gap (README, "Fail closed")
	if w := get(); w.Code != http.StatusOK {
		t.Fatalf("after the JWKS recovered: %d %s, want 200", w.Code, w.Body)
	}
}
