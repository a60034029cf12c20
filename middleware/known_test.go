package middleware_test

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// oddJWT fails the JWT syntax check. cachingVerifier claims to have
// verified it, so a request carrying it is served only if the middleware
// trusted Cached and skipped its own check.
const oddJWT = "cached-but-not-jwt-shaped"

// cachingVerifier is fakeVerifier plus Cached, recording what it was asked.
type cachingVerifier struct {
	fakeVerifier
	mu    sync.Mutex
	asked []string
}

func (c *cachingVerifier) Cached(jwt string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = append(c.asked, jwt)
	return jwt == oddJWT
}

func (c *cachingVerifier) Verify(ctx context.Context, cr sessiongate.Credentials, f sessiongate.Freshness) (*sessiongate.Verification, error) {
	if cr.JWT == oddJWT {
		cr.JWT = goodJWT
	}
	return c.fakeVerifier.Verify(ctx, cr, f)
}

// TestCachingVerifierSkipsSyntaxCheck: the middleware asks a
// CachingVerifier about a JWT before checking its syntax, from a cookie or
// a Bearer header, and checks the syntax of anything not cached.
func TestCachingVerifierSkipsSyntaxCheck(t *testing.T) {
	carriers := map[string]func(jwt string) []string{
		"cookie": func(jwt string) []string { return []string{"Cookie", "stytch_session_jwt=" + jwt} },
		"bearer": func(jwt string) []string { return []string{"Authorization", "Bearer " + jwt} },
	}
	for name, carry := range carriers {
		t.Run(name, func(t *testing.T) {
			cv := &cachingVerifier{}
			h := newMiddleware(t, cv).RequireSession(okHandler)
			if w := serve(h, newRequest(http.MethodGet, "/", carry(oddJWT)...)); w.Code != http.StatusOK {
				t.Errorf("cached JWT: status %d, want 200 (syntax check skipped)", w.Code)
			}
			if !slices.Equal(cv.asked, []string{oddJWT}) {
				t.Errorf("Cached asked %q, want [%q]", cv.asked, oddJWT)
			}
			if w := serve(h, newRequest(http.MethodGet, "/", carry("not.a.jwt.x")...)); w.Code != http.StatusUnauthorized {
				t.Errorf("uncached bad JWT: status %d, want 401", w.Code)
			}
			if n := len(cv.Calls()); n != 1 {
				t.Errorf("Verify called %d times, want 1 (never for the bad JWT)", n)
			}
			plain := newMiddleware(t, &fakeVerifier{}).RequireSession(okHandler)
			if w := serve(plain, newRequest(http.MethodGet, "/", carry(oddJWT)...)); w.Code != http.StatusUnauthorized {
				t.Errorf("without Cached: status %d, want 401 (syntax checked)", w.Code)
			}
		})
	}
}

// TestRealVerifierCacheStillRefusesLookalikes: with the verifier package,
// a JWT that differs from a cached one by an invalid byte is refused as
// before (401 invalid_token), while the cached one keeps being served.
func TestRealVerifierCacheStillRefusesLookalikes(t *testing.T) {
	stytch := stytchtest.NewServer(t)
	v, err := verifier.New(t.Context(), stytch.ProjectID(), stytch.Secret(), verifier.WithBaseURL(stytch.URL))
	if err != nil {
		t.Fatal(err)
	}
	userID, err := stytch.CreateUser("ada@example.com", "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := stytch.CreateSession(userID, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	var _ middleware.CachingVerifier = v
	h := newMiddleware(t, v).RequireSession(okHandler)
	for i, tc := range []struct {
		jwt  string
		want int
	}{
		{tok.SessionJWT, http.StatusOK},
		{tok.SessionJWT + "*", http.StatusUnauthorized},
		{"*" + tok.SessionJWT[1:], http.StatusUnauthorized},
		{tok.SessionJWT, http.StatusOK},
	} {
		w := serve(h, newRequest(http.MethodGet, "/", "Cookie", "stytch_session_jwt="+tc.jwt))
		if w.Code != tc.want {
			t.Errorf("request %d: status %d, want %d", i, w.Code, tc.want)
		}
		if tc.want == http.StatusUnauthorized && !v.Cached(tok.SessionJWT) {
			t.Error("the genuine JWT left the cache")
		}
	}
}
