package middleware_test

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

// oddJWT fails the JWT syntax check. cachingVerifier answers for it from
// its "cache", so a request carrying it is served only if the middleware
// trusted VerifyCached and skipped both its own check and Verify.
const oddJWT = "cached-but-not-jwt-shaped"

// cachingVerifier is fakeVerifier plus VerifyCached, recording what it was
// asked. With noSession it claims hits without a session (a broken
// implementation the middleware must not trust).
type cachingVerifier struct {
	fakeVerifier
	noSession bool
	mu        sync.Mutex
	asked     []string
	fresh     []sessiongate.Freshness
}

func (c *cachingVerifier) VerifyCached(jwt string, f sessiongate.Freshness) (*sessiongate.Verification, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = append(c.asked, jwt)
	c.fresh = append(c.fresh, f)
	switch {
	case jwt != oddJWT:
		return nil, false
	case c.noSession:
		return &sessiongate.Verification{}, true
	}
	return &sessiongate.Verification{Session: session(), Source: sessiongate.SourceCache, ConfirmedAt: testNow}, true
}

// TestCachingVerifierAnswersFirst: the middleware asks a CachingVerifier
// about a JWT (from a cookie or a Bearer header) before checking its
// syntax, and a hit settles the request without Verify; anything else is
// syntax-checked, then verified.
func TestCachingVerifierAnswersFirst(t *testing.T) {
	carriers := map[string]func(jwt string) []string{
		"cookie": func(jwt string) []string { return []string{"Cookie", "stytch_session_jwt=" + jwt} },
		"bearer": func(jwt string) []string { return []string{"Authorization", "Bearer " + jwt} },
	}
	for name, carry := range carriers {
		t.Run(name, func(t *testing.T) {
			cv := &cachingVerifier{}
			h := newMiddleware(t, cv).RequireSession(okHandler)
			if w := serve(h, newRequest(http.MethodGet, "/", carry(oddJWT)...)); w.Code != http.StatusOK || w.Body.String() != "user="+testUserID {
				t.Errorf("cached JWT: %d %q, want 200 user=%s", w.Code, w.Body, testUserID)
			}
			if !slices.Equal(cv.asked, []string{oddJWT}) || len(cv.Calls()) != 0 {
				t.Errorf("VerifyCached asked %q and Verify called %d times; want [%q] and 0", cv.asked, len(cv.Calls()), oddJWT)
			}
			if w := serve(h, newRequest(http.MethodGet, "/", carry("not.a.jwt.x")...)); w.Code != http.StatusUnauthorized {
				t.Errorf("uncached bad JWT: status %d, want 401", w.Code)
			}
			if w := serve(h, newRequest(http.MethodGet, "/", carry(goodJWT)...)); w.Code != http.StatusOK {
				t.Errorf("uncached good JWT: status %d, want 200", w.Code)
			}
			if calls := cv.Calls(); len(calls) != 1 || calls[0].Creds.JWT != goodJWT {
				t.Errorf("Verify calls %+v, want one, for the uncached good JWT", calls)
			}
			plain := newMiddleware(t, &fakeVerifier{}).RequireSession(okHandler)
			if w := serve(plain, newRequest(http.MethodGet, "/", carry(oddJWT)...)); w.Code != http.StatusUnauthorized {
				t.Errorf("without VerifyCached: status %d, want 401 (syntax checked)", w.Code)
			}
			broken := newMiddleware(t, &cachingVerifier{noSession: true}).RequireSession(okHandler)
			if w := serve(broken, newRequest(http.MethodGet, "/", carry(oddJWT)...)); w.Code != http.StatusUnauthorized {
				t.Errorf("hit without a session: status %d, want 401 (not trusted)", w.Code)
			}
		})
	}
}

// TestCachingVerifierGetsRouteFreshness: VerifyCached is asked with the
// freshness of the route, and a cached answer never bypasses the
// cross-origin protection.
func TestCachingVerifierGetsRouteFreshness(t *testing.T) {
	cv := &cachingVerifier{}
	m := newMiddleware(t, cv)
	fresh := m.Fresh(2 * time.Minute)(okHandler)
	if w := serve(fresh, newRequest(http.MethodGet, "/", "Cookie", "stytch_session_jwt="+oddJWT)); w.Code != http.StatusOK {
		t.Fatalf("Fresh route: status %d, want 200", w.Code)
	}
	if d, set := cv.fresh[0].MaxAge(); !set || d != 2*time.Minute {
		t.Errorf("VerifyCached freshness = %v (set %v), want 2m", d, set)
	}
	post := newRequest(http.MethodPost, "/", "Cookie", "stytch_session_jwt="+oddJWT, "Sec-Fetch-Site", "cross-site")
	if w := serve(m.RequireSession(okHandler), post); w.Code != http.StatusForbidden {
		t.Errorf("cross-site POST with a cached JWT: status %d, want 403", w.Code)
	}
}

// TestRealVerifierCacheStillRefusesLookalikes: with the verifier package,
// a JWT that differs from a cached one by an invalid byte is refused as
// before (401 invalid_token), while the cached one keeps being served.
func TestRealVerifierCacheStillRefusesLookalikes(t *testing.T) {
	v, tok := liveSession(t)
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
		if _, ok := v.VerifyCached(tok.SessionJWT, sessiongate.Freshness{}); tc.want == http.StatusUnauthorized && !ok {
			t.Error("the genuine JWT left the cache")
		}
	}
}

// TestCachedPathConcurrent: many goroutines sharing one middleware and
// verifier, mixing the cached JWT with lookalikes, each get their own
// answer (run with -race).
func TestCachedPathConcurrent(t *testing.T) {
	v, tok := liveSession(t)
	h := newMiddleware(t, v).RequireSession(okHandler)
	requests := []struct {
		cookie string
		want   int
	}{
		{"stytch_session_jwt=" + tok.SessionJWT, http.StatusOK},
		{"stytch_session_jwt=" + tok.SessionJWT + "*", http.StatusUnauthorized},
		{"stytch_session_jwt=" + tok.SessionJWT + "; stytch_session=" + tok.SessionToken, http.StatusOK},
		{"stytch_session_jwt=" + tok.SessionJWT + "; stytch_session_jwt=" + tok.SessionJWT, http.StatusBadRequest},
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				rq := requests[(g+i)%len(requests)]
				if w := serve(h, newRequest(http.MethodGet, "/", "Cookie", rq.cookie)); w.Code != rq.want {
					errs <- fmt.Sprintf("goroutine %d request %d: status %d, want %d", g, i, w.Code, rq.want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestSharedCachedAnswerStaysUnchanged: a CachingVerifier may return one
// shared answer for every request with the same JWT. What a handler does to
// the Verification and Session in its context, and what Authenticate's
// caller does to its result, must not reach that answer, so the next
// request sees the session as verified.
func TestSharedCachedAnswerStaysUnchanged(t *testing.T) {
	shared := &sessiongate.Verification{Session: session(), Source: sessiongate.SourceCache, ConfirmedAt: testNow}
	want := *shared.Session
	m := newMiddleware(t, constCache{&fakeVerifier{}, shared})
	var seen []*sessiongate.Session
	h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessiongate.MustFromContext(r.Context())
		seen = append(seen, s)
		s.UserID, s.Roles = "someone-else", append(s.Roles, "admin")
		v, _ := sessiongate.VerificationFromContext(r.Context())
		v.Source, v.Session = sessiongate.SourceRemote, nil
	}))
	r := newRequest(http.MethodGet, "/", "Authorization", "Bearer "+goodJWT)
	for range 2 {
		serve(h, r)
	}
	got, err := m.Authenticate(r)
	if err != nil {
		t.Fatal(err)
	}
	got.Session.UserID, got.Source = "someone-else", sessiongate.SourceRemote
	if len(seen) != 2 || seen[0] == seen[1] || seen[0] == shared.Session || got == shared {
		t.Fatalf("handlers and Authenticate got shared storage: %p %p, Authenticate %p, shared %p/%p", seen[0], seen[1], got, shared, shared.Session)
	}
	if shared.Source != sessiongate.SourceCache || shared.Session == nil || shared.Session.UserID != want.UserID || !slices.Equal(shared.Session.Roles, want.Roles) {
		t.Errorf("shared answer changed by its users: %+v, session %+v; want %+v", shared, shared.Session, want)
	}
}

// TestCachedJWTDoesNotCoverABadToken: a cache hit on the JWT cookie settles
// only the JWT; a token cookie sent along keeps its shape check, so a
// malformed one is refused (401) as it is without a cache.
func TestCachedJWTDoesNotCoverABadToken(t *testing.T) {
	cv := &cachingVerifier{}
	h := newMiddleware(t, cv).RequireSession(okHandler)
	for _, tok := range []string{"a~b", "tök", "abc.def"} {
		r := newRequest(http.MethodGet, "/", "Cookie", "stytch_session_jwt="+oddJWT+"; stytch_session="+tok)
		if w := serve(h, r); w.Code != http.StatusUnauthorized {
			t.Errorf("cached JWT with token %q: status %d, want 401", tok, w.Code)
		}
	}
	if len(cv.Calls()) != 0 {
		t.Errorf("Verify called %d times, want 0 (the shape check refuses first)", len(cv.Calls()))
	}
}
