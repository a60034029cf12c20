package stytchtest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

const authPath = "/v1/sessions/authenticate"

func TestRequiresBasicAuthExceptJWKS(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	body := map[string]any{"session_token": tok.SessionToken}
	for _, tc := range []struct{ name, user, pass string }{
		{"no credentials", "", ""},
		{"wrong secret", srv.ProjectID(), "nope"},
		{"wrong project", "project-test-other", srv.Secret()},
		{"secret prefix", srv.ProjectID(), srv.Secret()[:5]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := callAs(t, srv, tc.user, tc.pass, http.MethodPost, authPath, body)
			wantError(t, r, http.StatusUnauthorized, "unauthorized_credentials")
		})
	}
	r := callAs(t, srv, "", "", http.MethodGet, "/v1/sessions/jwks/"+srv.ProjectID(), nil)
	wantOK(t, r)
}

func TestAuthenticateByToken(t *testing.T) {
	srv := newServer(t)
	uid, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	r := post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken})
	wantOK(t, r)
	if got := r.str("session_token"); got != tok.SessionToken {
		t.Errorf("session_token = %q, want the same token", got)
	}
	if got := r.obj("session")["session_id"]; got != tok.Session.SessionID {
		t.Errorf("session_id = %v, want %v", got, tok.Session.SessionID)
	}
	if got := r.obj("user")["user_id"]; got != uid {
		t.Errorf("user.user_id = %v, want %v", got, uid)
	}
	if r.str("session_jwt") == "" {
		t.Error("no session_jwt")
	}
}

func TestAuthenticateWithoutDurationDoesNotExtend(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{Duration: 30 * time.Minute})
	srv.Advance(10 * time.Minute)
	r := post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken})
	wantOK(t, r)
	s, _ := srv.Session(tok.Session.SessionID)
	if want := t0.Add(30 * time.Minute); !s.ExpiresAt.Equal(want) {
		t.Errorf("expires_at = %v, want unchanged %v", s.ExpiresAt, want)
	}
	if want := t0.Add(10 * time.Minute); !s.LastAccessedAt.Equal(want) {
		t.Errorf("last_accessed_at = %v, want %v", s.LastAccessedAt, want)
	}
	if got := r.obj("session")["expires_at"]; got != "2025-03-01T10:30:00Z" {
		t.Errorf("response expires_at = %v", got)
	}
}

func TestAuthenticateWithDurationExtends(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{Duration: 30 * time.Minute})
	srv.Advance(20 * time.Minute)
	r := post(t, srv, authPath, map[string]any{"session_jwt": tok.SessionJWT, "session_duration_minutes": 120})
	wantOK(t, r)
	if got := r.str("session_token"); got != tok.SessionToken {
		t.Errorf("session_token changed: %q", got)
	}
	s, _ := srv.Session(tok.Session.SessionID)
	if want := t0.Add(140 * time.Minute); !s.ExpiresAt.Equal(want) {
		t.Errorf("expires_at = %v, want now+120m = %v", s.ExpiresAt, want)
	}
	// A shorter duration shortens the session too: expiry is now + N.
	wantOK(t, post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken, "session_duration_minutes": 5}))
	s, _ = srv.Session(tok.Session.SessionID)
	if want := t0.Add(25 * time.Minute); !s.ExpiresAt.Equal(want) {
		t.Errorf("expires_at = %v, want %v", s.ExpiresAt, want)
	}
}

func TestAuthenticateDurationBounds(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	for _, tc := range []struct {
		minutes int
		ok      bool
	}{{4, false}, {5, true}, {527040, true}, {527041, false}, {0, false}, {-5, false}} {
		r := post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken, "session_duration_minutes": tc.minutes})
		if tc.ok {
			wantOK(t, r)
		} else {
			wantError(t, r, http.StatusBadRequest, "invalid_session_duration_minutes")
		}
	}
}

func TestAuthenticateSessionArguments(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	for _, tc := range []struct {
		name     string
		body     any
		wantType string
	}{
		{"both token and jwt", map[string]any{"session_token": tok.SessionToken, "session_jwt": tok.SessionJWT}, "too_many_session_arguments"},
		{"neither", map[string]any{"session_duration_minutes": 60}, "no_session_arguments"},
		{"empty body", "", "no_session_arguments"},
		{"empty strings", map[string]any{"session_token": "", "session_jwt": ""}, "no_session_arguments"},
		{"malformed token", map[string]any{"session_token": "short"}, "invalid_session_token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, post(t, srv, authPath, tc.body), http.StatusBadRequest, tc.wantType)
		})
	}
}

func TestAuthenticateUnknownToken(t *testing.T) {
	srv := newServer(t)
	r := post(t, srv, authPath, map[string]any{"session_token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
	wantError(t, r, http.StatusNotFound, "session_not_found")
	if got := r.str("error_message"); got != "Session could not be found." {
		t.Errorf("error_message = %q", got)
	}
}

func TestAuthenticateExpiredJWTOnLiveSession(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	srv.Advance(10 * time.Minute) // the 5-minute JWT has expired; the 60-minute session has not
	r := post(t, srv, authPath, map[string]any{"session_jwt": tok.SessionJWT})
	wantOK(t, r)
	fresh := r.str("session_jwt")
	if fresh == tok.SessionJWT {
		t.Fatal("got the old JWT back")
	}
	_, claims := decodeJWT(t, fresh)
	if got, want := claims["iat"], float64(t0.Add(10*time.Minute).Unix()); got != want {
		t.Errorf("fresh iat = %v, want %v", got, want)
	}
	if r.str("session_token") != tok.SessionToken {
		t.Errorf("session_token = %q, want the session's token", r.str("session_token"))
	}
}

func TestRevokedSessionNotFound(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	if err := srv.Revoke(tok.Session.SessionID); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]any{
		"token": map[string]any{"session_token": tok.SessionToken},
		"jwt":   map[string]any{"session_jwt": tok.SessionJWT},
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, post(t, srv, authPath, body), http.StatusNotFound, "session_not_found")
		})
	}
}

func TestExpiredSessionNotFound(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{Duration: 10 * time.Minute})
	srv.Advance(10 * time.Minute)
	// Neither credential works, and a duration cannot reactivate the session.
	r := post(t, srv, authPath, map[string]any{"session_jwt": tok.SessionJWT, "session_duration_minutes": 60})
	wantError(t, r, http.StatusNotFound, "session_not_found")
	srv.Advance(-5 * time.Minute)
	r = post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken})
	wantError(t, r, http.StatusNotFound, "session_not_found")
	if _, ok := srv.Session(tok.Session.SessionID); ok {
		t.Error("Session() still returns the expired session")
	}
}
