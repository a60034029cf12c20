package middleware_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// startHandler plays a sign-in (?mode=new: Stytch starts a new session) or
// a step-up (?mode=same: Stytch re-issues the request's own session) and
// hands the session over with StartSession.
func (e *e2e) startHandler(m *middleware.Middleware) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var s *sessiongate.Session
		var c sessiongate.Credentials
		if r.URL.Query().Get("mode") == "same" {
			cur, err := e.store.Read(r)
			v, verr := e.v.Verify(r.Context(), cur, sessiongate.MaxTokenAge(0))
			if err != nil || verr != nil {
				http.Error(w, "no session to step up", http.StatusBadRequest)
				return
			}
			s, c = v.Session, sessiongate.Credentials{JWT: v.JWT, Token: cur.Token}
		} else {
			tok, err := e.stytch.CreateSession(e.userID, stytchtest.SessionSpec{})
			if err != nil {
				http.Error(w, "emulator", http.StatusInternalServerError)
				return
			}
			s, c = &tok.Session, sessiongate.Credentials{JWT: tok.SessionJWT, Token: tok.SessionToken}
		}
		if err := m.StartSession(w, r, s, c); err != nil {
			http.Error(w, "start failed", http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, s.SessionID)
	})
}

// alive reports whether Stytch still accepts the session token tok.
func (e *e2e) alive(tok string) bool {
	e.t.Helper()
	_, err := e.v.Verify(e.t.Context(), sessiongate.Credentials{Token: tok}, sessiongate.MaxTokenAge(0))
	if err != nil && !errors.Is(err, sessiongate.ErrSessionNotFound) {
		e.t.Fatalf("Verify() error = %v", err)
	}
	return err == nil
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b := make([]byte, 256)
	n, _ := res.Body.Read(b)
	return string(b[:n])
}

// TestStartSessionRevokesThePrevious: signing in with another session's
// cookies revokes that session at Stytch (fixation defence) and leaves the
// new session's cookies, bound to it; a step-up of the same session keeps
// it alive, with bound (server-managed) and unbound (frontend) cookies.
func TestStartSessionRevokesThePrevious(t *testing.T) {
	t.Run("server-managed", func(t *testing.T) { testStartSession(t, mustNewStore(t, cookie.WithServerManaged())) })
	t.Run("frontend-managed", func(t *testing.T) { testStartSession(t, mustNewStore(t)) })
}

func testStartSession(t *testing.T, store *cookie.Store) {
	e := newE2E(t, store)
	wantStatus(t, e.do(http.MethodPost, "/login"), http.StatusOK)
	cur, err := e.store.Read(cookieRequest(e.cookies()))
	if err != nil {
		t.Fatal(err)
	}
	first := cur.Token

	res := e.do(http.MethodPost, "/start?mode=same")
	wantStatus(t, res, http.StatusOK)
	if !e.alive(first) {
		t.Fatal("a step-up of the same session revoked it")
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", res.Header.Get("Cache-Control"))
	}

	res = e.do(http.MethodPost, "/start?mode=new")
	wantStatus(t, res, http.StatusOK)
	sid := body(t, res)
	if e.alive(first) {
		t.Error("the session the browser arrived with is still alive after a new sign-in")
	}
	got, err := e.store.Read(cookieRequest(e.cookies()))
	if err != nil || got.Token == first || got.SessionID != sid && got.SessionID != "" {
		t.Errorf("cookies after sign-in = %+v, %v; want the new session's (bound to %s when server-managed)", got, err, sid)
	}
	wantStatus(t, e.do(http.MethodGet, "/account"), http.StatusOK)
}

// TestStartSessionBearerClient: a client that sent a Bearer credential gets
// the new tokens in response headers, no cookie, and its old session ends.
func TestStartSessionBearerClient(t *testing.T) {
	e := newE2E(t, mustNewStore(t))
	old, err := e.stytch.CreateSession(e.userID, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	res := e.do(http.MethodPost, "/start", "Authorization", "Bearer "+old.SessionJWT)
	wantStatus(t, res, http.StatusOK)
	if res.Header.Get(middleware.HeaderSessionJWT) == "" || res.Header.Get(middleware.HeaderSessionToken) == "" {
		t.Errorf("headers %v, want the new JWT and token", res.Header)
	}
	if sc := res.Header.Values("Set-Cookie"); len(sc) != 0 {
		t.Errorf("Set-Cookie %q for a Bearer client, want none", sc)
	}
	if e.alive(old.SessionToken) {
		t.Error("the Bearer client's previous session is still alive")
	}
}

// TestStartSessionRevokeOutage: when Stytch cannot revoke the previous
// session, the new one still starts and the observer hears of it.
func TestStartSessionRevokeOutage(t *testing.T) {
	e := newE2E(t, mustNewStore(t, cookie.WithServerManaged()))
	wantStatus(t, e.do(http.MethodPost, "/login"), http.StatusOK)
	e.stytch.InjectFault(stytchtest.EndpointRevoke, stytchtest.Fault{Status: http.StatusServiceUnavailable, Times: 10})
	res := e.do(http.MethodPost, "/start")
	wantStatus(t, res, http.StatusOK)
	if got, _ := e.store.Read(cookieRequest(e.cookies())); got.SessionID != body(t, res) {
		t.Errorf("cookies bound to %q, want the new session", got.SessionID)
	}
	if ev := e.lastEvent(); ev.Reason != middleware.ReasonRevokeFailed || ev.Status != http.StatusServiceUnavailable || !ev.RevokePending {
		t.Errorf("last event %+v, want revoke_failed with 503, pending a retry", ev)
	}
}

// TestStartSessionRefusesNothingToStart: a missing session or credentials
// is an error and writes nothing.
func TestStartSessionRefusesNothingToStart(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	cases := map[string]struct {
		s *sessiongate.Session
		c sessiongate.Credentials
	}{
		"nil session":    {nil, sessiongate.Credentials{Token: "t"}},
		"no session id":  {&sessiongate.Session{}, sessiongate.Credentials{Token: "t"}},
		"no credentials": {&sessiongate.Session{SessionID: "session-test-1"}, sessiongate.Credentials{}},
	}
	for name, tc := range cases {
		w := httptest.NewRecorder()
		err := m.StartSession(w, newRequest(http.MethodPost, "/start"), tc.s, tc.c)
		if !errors.Is(err, sessiongate.ErrMalformedRequest) || len(w.Header()) != 0 {
			t.Errorf("%s: error %v, headers %v; want ErrMalformedRequest and nothing written", name, err, w.Header())
		}
	}
}

// cookieRequest builds a request carrying the named cookies.
func cookieRequest(cs map[string]string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	for name, v := range cs {
		r.AddCookie(&http.Cookie{Name: name, Value: v})
	}
	return r
}
