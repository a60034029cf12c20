package middleware_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// mixPair signs in twice and leaves the jar holding the token cookie of
// the first session and the JWT cookie of the second, both genuine.
func (e *e2e) mixPair() {
	e.t.Helper()
	wantStatus(e.t, e.do(http.MethodPost, "/login"), http.StatusOK)
	first := e.cookies()
	wantStatus(e.t, e.do(http.MethodPost, "/login"), http.StatusOK)
	e.setCookies(&http.Cookie{Name: e.store.TokenName(), Value: first[e.store.TokenName()], Path: "/", Secure: true})
	if now := e.cookies(); now[e.store.TokenName()] != first[e.store.TokenName()] || now[e.store.JWTName()] == first[e.store.JWTName()] {
		e.t.Fatal("the jar does not hold a mixed pair")
	}
}

// wantMixRefused checks a 401 invalid_token that clears both cookies.
func wantMixRefused(t *testing.T, e *e2e, res *http.Response) {
	t.Helper()
	wantStatus(t, res, http.StatusUnauthorized)
	if got := res.Header.Get("WWW-Authenticate"); !strings.Contains(got, `error="invalid_token"`) {
		t.Errorf("WWW-Authenticate = %q, want invalid_token", got)
	}
	if left := e.cookies(); len(left) != 0 {
		t.Errorf("cookies left after the refusal: %v, want both cleared", left)
	}
}

// TestMixedPairServerManaged: with server-managed (here sealed) cookies the
// server wrote both, binding the token cookie to its session, so a token
// cookie of session A next to a JWT cookie of session B is refused (401,
// both cookies cleared) without asking Stytch while the JWT is valid; a
// route that confirms with Stytch anyway refuses it too.
func TestMixedPairServerManaged(t *testing.T) {
	pairs := [][]byte{bytes.Repeat([]byte("h"), 32), bytes.Repeat([]byte("b"), 32)}
	stores := map[string]*cookie.Store{
		"sealed": mustNewStore(t, cookie.WithServerManaged(), cookie.WithHostPrefix(), cookie.WithSealing(pairs...)),
		"plain":  mustNewStore(t, cookie.WithServerManaged()),
	}
	for name, store := range stores {
		t.Run(name, func(t *testing.T) {
			e := newE2E(t, store)
			e.mixPair()
			calls := e.stytch.Requests(stytchtest.EndpointAuthenticate)
			wantMixRefused(t, e, e.do(http.MethodGet, "/account"))
			if got := e.stytch.Requests(stytchtest.EndpointAuthenticate); got != calls {
				t.Errorf("Stytch asked %d times, want 0 (decided from the binding)", got-calls)
			}
			e.mixPair()
			wantMixRefused(t, e, e.do(http.MethodGet, "/confirmed"))
		})
	}
}

// TestMixedPairFrontendManaged: frontend-managed cookies are written by the
// browser SDK and cannot be bound, so the opaque token's session is known
// only from Stytch. While the JWT is valid and the route accepts local
// proof, the request is served as the JWT's session (the documented
// window); as soon as a remote answer shows the mismatch (a confirmed
// route, or the JWT expired) the pair is refused and both cookies cleared:
// the client is never silently switched to the token's session.
func TestMixedPairFrontendManaged(t *testing.T) {
	t.Run("local proof: the JWT's session", func(t *testing.T) {
		e := newE2E(t, mustNewStore(t))
		e.mixPair()
		wantStatus(t, e.do(http.MethodGet, "/account"), http.StatusOK)
	})
	t.Run("confirmed route", func(t *testing.T) {
		e := newE2E(t, mustNewStore(t))
		e.mixPair()
		wantMixRefused(t, e, e.do(http.MethodGet, "/confirmed"))
	})
	t.Run("expired JWT", func(t *testing.T) {
		e := newE2E(t, mustNewStore(t))
		e.mixPair()
		e.stytch.Advance(6 * time.Minute)
		wantMixRefused(t, e, e.do(http.MethodGet, "/account"))
	})
}
