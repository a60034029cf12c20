package middleware_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/cookie"
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

// TestE2ELogoutWhileStytchDown (issue 16, finding 2): a logout that cannot
// reach Stytch still stops the session in this process at once (its JWT,
// replayed, is refused even from the verified-result cache), says so to
// the observer, and the revoke reaches Stytch once it answers again.
func TestE2ELogoutWhileStytchDown(t *testing.T) {
	e := newE2E(t, mustNewStore(t, cookie.WithServerManaged()))
	res := e.do("POST", "/login")
	wantStatus(t, res, 200)
	sessionID, _ := io.ReadAll(res.Body)
	wantStatus(t, e.do("GET", "/account"), 200) // the JWT is now in the verified-result cache
	stolen := e.cookies()

	e.stytch.InjectFault(stytchtest.EndpointRevoke, stytchtest.Fault{Status: http.StatusServiceUnavailable})
	res = e.do("POST", "/logout")
	wantStatus(t, res, 503)
	if body, _ := io.ReadAll(res.Body); !strings.Contains(string(body), `"revoked":false`) {
		t.Errorf("logout body = %s, want revoked false", body)
	}
	if ev := e.lastEvent(); ev.Reason != middleware.ReasonRevokeFailed || !ev.RevokePending {
		t.Errorf("logout event = %+v, want revoke_failed with the revoke pending", ev)
	}
	if s := e.v.Stats(); s.RevokesPending != 1 {
		t.Errorf("Stats().RevokesPending = %d, want 1", s.RevokesPending)
	}

	for name, value := range stolen {
		e.setCookies(&http.Cookie{Name: name, Value: value, Path: "/", Secure: true, HttpOnly: true})
	}
	res = e.do("GET", "/account")
	wantStatus(t, res, 401)
	if ev := e.lastEvent(); ev.Reason != middleware.ReasonRevoked {
		t.Errorf("replay event = %+v, want revoked", ev)
	}
	if _, live := e.stytch.Session(string(sessionID)); !live {
		t.Fatal("the session is gone at Stytch although its revoke endpoint failed")
	}
}

// evilUpstream is a reverse proxy in front of the emulator that, while
// corrupt is set, flips a byte of the signature of the session_jwt in
// sessions/authenticate answers.
type evilUpstream struct {
	*httptest.Server
	corrupt  atomic.Bool
	rewrites atomic.Int32
}

func newEvilUpstream(t *testing.T, target string) *evilUpstream {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &evilUpstream{}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = p.rewrite
	p.Server = httptest.NewServer(rp)
	t.Cleanup(p.Close)
	return p
}

func (p *evilUpstream) rewrite(res *http.Response) error {
	if !p.corrupt.Load() || res.Request.URL.Path != "/v1/sessions/authenticate" || res.StatusCode != http.StatusOK {
		return nil
	}
	raw, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		return err
	}
	if jwt, ok := body["session_jwt"].(string); ok && jwt != "" {
		body["session_jwt"] = flipSignature(jwt)
		p.rewrites.Add(1)
	}
	if raw, err = json.Marshal(body); err != nil {
		return err
	}
	res.Body = io.NopCloser(bytes.NewReader(raw))
	res.ContentLength = int64(len(raw))
	res.Header.Set("Content-Length", strconv.Itoa(len(raw)))
	return nil
}

// flipSignature changes the first character of a JWT's signature.
func flipSignature(jwt string) string {
	i := strings.LastIndexByte(jwt, '.') + 1
	c := byte('A')
	if jwt[i] == 'A' {
		c = 'B'
	}
	return jwt[:i] + string(c) + jwt[i+1:]
}

// TestE2EUnverifiableJWTFromAPI (issue 16, finding 3): when Stytch's
// authenticate answer carries a session_jwt that does not verify, the
// request is served from the API's session, the JWT is not written to the
// cookie (so the next request does not log the user out), and the event is
// counted.
func TestE2EUnverifiableJWTFromAPI(t *testing.T) {
	stytch := stytchtest.NewServer(t)
	evil := newEvilUpstream(t, stytch.URL)
	e := &e2e{t: t, stytch: stytch, events: &eventLog{}, release: make(chan struct{})}
	v, err := verifier.New(t.Context(), stytch.ProjectID(), stytch.Secret(),
		verifier.WithBaseURL(evil.URL), verifier.WithClock(stytch.Now))
	if err != nil {
		t.Fatal(err)
	}
	e.v = v
	if e.userID, err = stytch.CreateUser("ada@example.com", "correct horse battery staple"); err != nil {
		t.Fatal(err)
	}
	e.app = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*e.handler.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(e.app.Close)
	e.useStore(mustNewStore(t, cookie.WithServerManaged()))
	e.jar, _ = cookiejar.New(nil)
	e.client = e.app.Client()
	e.client.Jar = e.jar

	wantStatus(t, e.do("POST", "/login"), 200)
	first := e.cookies()["stytch_session_jwt"]
	e.stytch.Advance(jwtLifetime + time.Minute)
	evil.corrupt.Store(true)

	for i := range 2 {
		res := e.do("GET", "/account")
		wantStatus(t, res, 200)
		if got := e.cookies()["stytch_session_jwt"]; got != first && got != "" {
			t.Errorf("request %d: the JWT cookie was rewritten with the API's unverifiable JWT", i)
		}
		if len(e.cookies()["stytch_session"]) == 0 {
			t.Fatalf("request %d: the session token cookie was cleared", i)
		}
	}
	if evil.rewrites.Load() == 0 {
		t.Fatal("the proxy rewrote no answer")
	}
	if s := v.Stats(); s.APIJWTsRejected != int64(evil.rewrites.Load()) {
		t.Errorf("Stats().APIJWTsRejected = %d, want %d", s.APIJWTsRejected, evil.rewrites.Load())
	}

	evil.corrupt.Store(false)
	wantStatus(t, e.do("GET", "/account"), 200)
	if got := e.cookies()["stytch_session_jwt"]; got == first || got == "" {
		t.Error("a verifiable JWT from the API was not written back")
	}
}
