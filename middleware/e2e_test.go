package middleware_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
)

const jwtLifetime = 5 * time.Minute

func mustNewStore(t *testing.T, opts ...cookie.Option) *cookie.Store {
	t.Helper()
	s, err := cookie.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestE2EServerManaged: login → protected route → the JWT expires → served
// with the cookie rewritten → revoked → 401 and cookies cleared.
func TestE2EServerManaged(t *testing.T) {
	e := newE2E(t, mustNewStore(t, cookie.WithServerManaged(), cookie.WithHostPrefix()))
	res := e.do("POST", "/login")
	wantStatus(t, res, 200)
	sessionID, _ := io.ReadAll(res.Body)
	for _, line := range res.Header.Values("Set-Cookie") {
		if !strings.HasPrefix(line, "__Host-") || !strings.Contains(line, "; HttpOnly; Secure; SameSite=Lax") {
			t.Errorf("login Set-Cookie %q lacks the server-managed attributes", line)
		}
	}
	first := e.cookies()
	if first["__Host-stytch_session_jwt"] == "" || first["__Host-stytch_session"] == "" {
		t.Fatalf("jar = %v, want both cookies", first)
	}

	res = e.do("GET", "/account")
	wantStatus(t, res, 200)
	if ev := e.lastEvent(); ev.Source != "local" || ev.Refreshed {
		t.Errorf("first request event = %+v, want local, not refreshed", ev)
	}
	if got := res.Header.Get("Vary"); got != "Cookie" {
		t.Errorf("Vary = %q, want Cookie", got)
	}

	e.stytch.Advance(jwtLifetime + time.Minute)
	res = e.do("GET", "/account")
	wantStatus(t, res, 200)
	if got := e.cookies()["__Host-stytch_session_jwt"]; got == first["__Host-stytch_session_jwt"] || got == "" {
		t.Error("JWT cookie not rewritten after expiry")
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q on a response setting cookies, want no-store", res.Header.Get("Cache-Control"))
	}
	if n := e.stytch.Requests(stytchtest.EndpointAuthenticate); n != 1 {
		t.Errorf("%d authenticate calls, want 1", n)
	}
	wantStatus(t, e.do("GET", "/account"), 200)
	if n := e.stytch.Requests(stytchtest.EndpointAuthenticate); n != 1 {
		t.Errorf("%d authenticate calls after the refreshed JWT, want still 1", n)
	}

	if err := e.stytch.Revoke(string(sessionID)); err != nil {
		t.Fatal(err)
	}
	res = e.do("GET", "/confirmed") // a route that always asks Stytch
	wantStatus(t, res, 401)
	if got := res.Header.Get("WWW-Authenticate"); got != `Bearer realm="app", error="invalid_token"` {
		t.Errorf("WWW-Authenticate = %q", got)
	}
	if jar := e.cookies(); len(jar) != 0 {
		t.Errorf("jar after revocation = %v, want no cookies", jar)
	}
	wantStatus(t, e.do("GET", "/account"), 401)
}

// TestE2ERevokedJWTExpires: without a confirming route, a revoked session's
// JWT is accepted until it expires, then refused and cleared.
func TestE2ERevokedJWTExpires(t *testing.T) {
	e := newE2E(t, mustNewStore(t, cookie.WithServerManaged()))
	res := e.do("POST", "/login")
	sessionID, _ := io.ReadAll(res.Body)
	if err := e.stytch.Revoke(string(sessionID)); err != nil {
		t.Fatal(err)
	}
	e.stytch.Advance(jwtLifetime + time.Minute)
	wantStatus(t, e.do("GET", "/account"), 401)
	if ev := e.lastEvent(); ev.Reason != middleware.ReasonRevoked || !ev.CookiesCleared {
		t.Errorf("event = %+v, want revoked with cookies cleared", ev)
	}
	if jar := e.cookies(); len(jar) != 0 {
		t.Errorf("jar = %v, want empty", jar)
	}
}

// TestE2EFrontendManaged: the browser SDK's cookies are read; a refreshed
// JWT is written back with the SDK's (non-HttpOnly) attributes.
func TestE2EFrontendManaged(t *testing.T) {
	e := newE2E(t, mustNewStore(t))
	tok, err := e.stytch.CreateSession(e.userID, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	e.setCookies(&http.Cookie{Name: "stytch_session", Value: tok.SessionToken}, &http.Cookie{Name: "stytch_session_jwt", Value: tok.SessionJWT})
	wantStatus(t, e.do("GET", "/account"), 200)

	e.stytch.Advance(jwtLifetime + time.Second)
	res := e.do("GET", "/account")
	wantStatus(t, res, 200)
	lines := res.Header.Values("Set-Cookie")
	if len(lines) == 0 {
		t.Fatal("no Set-Cookie after refresh")
	}
	for _, line := range lines {
		if strings.Contains(line, "HttpOnly") || !strings.Contains(line, "SameSite=Lax") || !strings.Contains(line, "Path=/") || !strings.Contains(line, "Expires=") {
			t.Errorf("Set-Cookie %q lacks the SDK's attributes", line)
		}
	}
	if got := e.cookies()["stytch_session_jwt"]; got == tok.SessionJWT {
		t.Error("JWT cookie not rewritten")
	}

	// Hydration endpoint: the session, no tokens.
	res = e.do("GET", "/api/session")
	wantStatus(t, res, 200)
	body, _ := io.ReadAll(res.Body)
	if !bytes.Contains(body, []byte(`"session_id":"`+tok.Session.SessionID+`"`)) || bytes.Contains(body, []byte(tok.SessionToken)) {
		t.Errorf("hydration body = %s", body)
	}

	// Logout revokes and clears; a second logout still succeeds.
	res = e.do("POST", "/logout", "Origin", e.app.URL)
	wantStatus(t, res, 200)
	if body, _ := io.ReadAll(res.Body); strings.TrimSpace(string(body)) != `{"revoked":true,"cleared":true}` {
		t.Errorf("logout body = %s", body)
	}
	if _, live := e.stytch.Session(tok.Session.SessionID); live {
		t.Error("session still live at Stytch after logout")
	}
	if len(e.cookies()) != 0 {
		t.Errorf("jar after logout = %v", e.cookies())
	}
	wantStatus(t, e.do("POST", "/logout"), 200)

	// A session revoked elsewhere: refused on a confirming route, cookies cleared.
	tok2, err := e.stytch.CreateSession(e.userID, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	e.setCookies(&http.Cookie{Name: "stytch_session", Value: tok2.SessionToken}, &http.Cookie{Name: "stytch_session_jwt", Value: tok2.SessionJWT})
	if err := e.stytch.Revoke(tok2.Session.SessionID); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, e.do("GET", "/confirmed"), 401)
	if len(e.cookies()) != 0 {
		t.Errorf("jar after revocation = %v, want empty", e.cookies())
	}
}

// TestE2EHeaderClient: Bearer credentials; a fresh JWT comes back in
// X-Session-JWT.
func TestE2EHeaderClient(t *testing.T) {
	e := newE2E(t, mustNewStore(t))
	tok, err := e.stytch.CreateSession(e.userID, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, e.do("GET", "/account", "Authorization", "Bearer "+tok.SessionJWT), 200)
	wantStatus(t, e.do("GET", "/account", "Authorization", "Bearer "+tok.SessionToken), 200)

	e.stytch.Advance(jwtLifetime + time.Second)
	res := e.do("GET", "/account", "Authorization", "Bearer "+tok.SessionJWT)
	wantStatus(t, res, 200)
	fresh := res.Header.Get(middleware.HeaderSessionJWT)
	if fresh == "" || fresh == tok.SessionJWT || len(res.Header.Values("Set-Cookie")) != 0 {
		t.Fatalf("%s = %.20q, Set-Cookie %q; want a new JWT and no cookies", middleware.HeaderSessionJWT, fresh, res.Header.Values("Set-Cookie"))
	}
	calls := e.stytch.Requests(stytchtest.EndpointAuthenticate)
	wantStatus(t, e.do("GET", "/account", "Authorization", "Bearer "+fresh), 200)
	if got := e.stytch.Requests(stytchtest.EndpointAuthenticate); got != calls {
		t.Errorf("the fresh JWT was not verified locally (%d → %d authenticate calls)", calls, got)
	}
	wantStatus(t, e.do("GET", "/account", "Authorization", "Basic dXNlcjpwYXNz"), 401)
	wantStatus(t, e.do("GET", "/account", "Authorization", "Bearer "+tok.SessionJWT+"x"), 401)
}

// TestE2ESealedKeyRotation: after a key rotation, the first request of a
// browser re-seals its cookies with the newest key pair, so retiring the
// old pair logs nobody out who came back during the overlap; a cookie still
// sealed with a retired key (a browser that did not come back) is dropped
// and cleared.
func TestE2ESealedKeyRotation(t *testing.T) {
	keyA := [][]byte{bytes.Repeat([]byte("a"), 32), bytes.Repeat([]byte("A"), 32)}
	keyB := [][]byte{bytes.Repeat([]byte("b"), 32), bytes.Repeat([]byte("B"), 32)}
	sealed := func(pairs ...[]byte) *cookie.Store {
		return mustNewStore(t, cookie.WithServerManaged(), cookie.WithHostPrefix(), cookie.WithSealing(pairs...))
	}
	e := newE2E(t, sealed(keyA...))
	wantStatus(t, e.do("POST", "/login"), 200)
	wantStatus(t, e.do("GET", "/account"), 200)
	sealedWithA := e.cookies()

	e.useStore(sealed(keyB[0], keyB[1], keyA[0], keyA[1])) // rotate: B seals, A still opens
	res := e.do("GET", "/account")
	wantStatus(t, res, 200)
	if n := len(res.Header.Values("Set-Cookie")); n != 2 {
		t.Fatalf("%d cookies rewritten after the rotation, want both re-sealed", n)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q on a re-sealing response, want no-store", res.Header.Get("Cache-Control"))
	}
	res = e.do("GET", "/account") // sealed with B now: nothing to rewrite
	wantStatus(t, res, 200)
	if sc := res.Header.Values("Set-Cookie"); len(sc) != 0 {
		t.Errorf("cookies rewritten again: %q", sc)
	}

	e.useStore(sealed(keyB...)) // retire A: the re-sealed cookies still open
	wantStatus(t, e.do("GET", "/account"), 200)

	for name, v := range sealedWithA { // a browser that never came back
		e.setCookies(&http.Cookie{Name: name, Value: v, Path: "/", Secure: true})
	}
	res = e.do("GET", "/account")
	wantStatus(t, res, 401)
	if got := res.Header.Get("WWW-Authenticate"); got != `Bearer realm="app"` {
		t.Errorf("WWW-Authenticate = %q, want the no-credential challenge", got)
	}
	if ev := e.lastEvent(); ev.Reason != middleware.ReasonUnreadable || !ev.CookiesCleared {
		t.Errorf("event = %+v, want unreadable with cookies cleared", ev)
	}
	if len(e.cookies()) != 0 {
		t.Errorf("jar = %v, want empty", e.cookies())
	}
}

// TestE2EOversizeJWTFallback: a JWT too large for a cookie is not written;
// the opaque token cookie carries the session and the observer is told.
func TestE2EOversizeJWTFallback(t *testing.T) {
	e := newE2E(t, mustNewStore(t, cookie.WithServerManaged()))
	wantStatus(t, e.do("POST", "/login?blob="+strings.Repeat("x", 3000)), 200)
	jar := e.cookies()
	if jar["stytch_session"] == "" || jar["stytch_session_jwt"] != "" {
		t.Fatalf("jar after login = %d cookies (jwt %d bytes), want only the token cookie", len(jar), len(jar["stytch_session_jwt"]))
	}
	wantStatus(t, e.do("GET", "/account"), 200)
	ev := e.lastEvent()
	if !ev.CookieFallback || ev.Source != "remote" {
		t.Errorf("event = %+v, want a remote verification reporting the cookie fallback", ev)
	}
	if jar := e.cookies(); jar["stytch_session_jwt"] != "" || jar["stytch_session"] == "" {
		t.Errorf("jar = %d cookies, want only the token cookie", len(jar))
	}
}
