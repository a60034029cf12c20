package stytchtest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestRevokeEndpoint(t *testing.T) {
	srv := newServer(t)
	uid, _ := newUserSession(t, srv, stytchtest.SessionSpec{})
	for _, by := range []string{"session_id", "session_token", "session_jwt"} {
		t.Run(by, func(t *testing.T) {
			tok, err := srv.CreateSession(uid, stytchtest.SessionSpec{})
			if err != nil {
				t.Fatal(err)
			}
			arg := map[string]string{"session_id": tok.Session.SessionID, "session_token": tok.SessionToken, "session_jwt": tok.SessionJWT}[by]
			r := post(t, srv, "/v1/sessions/revoke", map[string]any{by: arg})
			wantOK(t, r)
			if len(r.body) != 2 {
				t.Errorf("revoke body = %v, want only request_id and status_code", r.body)
			}
			wantError(t, post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken}), http.StatusNotFound, "session_not_found")
			wantError(t, post(t, srv, authPath, map[string]any{"session_jwt": tok.SessionJWT}), http.StatusNotFound, "session_not_found")
			wantError(t, post(t, srv, "/v1/sessions/revoke", map[string]any{by: arg}), http.StatusNotFound, "session_not_found")
		})
	}
	tok, _ := srv.CreateSession(uid, stytchtest.SessionSpec{})
	for _, tc := range []struct {
		name     string
		body     map[string]any
		wantType string
	}{
		{"none", map[string]any{}, "no_session_revoke_arguments"},
		{"two", map[string]any{"session_id": tok.Session.SessionID, "session_token": tok.SessionToken}, "too_many_session_revoke_arguments"},
		{"three", map[string]any{"session_id": tok.Session.SessionID, "session_token": tok.SessionToken, "session_jwt": tok.SessionJWT}, "too_many_session_revoke_arguments"},
		{"bad id", map[string]any{"session_id": "nope"}, "invalid_session_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, post(t, srv, "/v1/sessions/revoke", tc.body), http.StatusBadRequest, tc.wantType)
		})
	}
	if _, ok := srv.Session(tok.Session.SessionID); !ok {
		t.Error("a rejected revoke ended the session")
	}
}

func TestGetSessionsListsActiveOnly(t *testing.T) {
	srv := newServer(t)
	uid, live := newUserSession(t, srv, stytchtest.SessionSpec{Duration: 2 * time.Hour})
	revoked, _ := srv.CreateSession(uid, stytchtest.SessionSpec{})
	short, _ := srv.CreateSession(uid, stytchtest.SessionSpec{Duration: 10 * time.Minute})
	other, _ := srv.CreateUser("other@example.com", "password123")
	srv.CreateSession(other, stytchtest.SessionSpec{})
	srv.Revoke(revoked.Session.SessionID)
	srv.Advance(15 * time.Minute)
	_ = short
	r := call(t, srv, http.MethodGet, "/v1/sessions?user_id="+uid, nil)
	wantOK(t, r)
	list, _ := r.body["sessions"].([]any)
	if len(list) != 1 {
		t.Fatalf("sessions = %v, want only the live one", list)
	}
	if got := list[0].(map[string]any)["session_id"]; got != live.Session.SessionID {
		t.Errorf("session_id = %v, want %s", got, live.Session.SessionID)
	}
	empty, _ := srv.CreateUser("empty@example.com", "password123")
	r = call(t, srv, http.MethodGet, "/v1/sessions?user_id="+empty, nil)
	wantOK(t, r)
	if list, ok := r.body["sessions"].([]any); !ok || len(list) != 0 {
		t.Errorf("sessions = %v, want []", r.body["sessions"])
	}
	wantError(t, call(t, srv, http.MethodGet, "/v1/sessions?user_id=user-test-nobody", nil), http.StatusNotFound, "user_not_found")
	wantError(t, call(t, srv, http.MethodGet, "/v1/sessions", nil), http.StatusBadRequest, "invalid_user_id")
}

func TestSandboxSessionToken(t *testing.T) {
	srv := newServer(t)
	r := post(t, srv, authPath, map[string]any{"session_token": stytchtest.SandboxSessionToken})
	wantOK(t, r)
	s := r.obj("session")
	if got := s["started_at"]; got != "2021-08-28T00:41:59Z" {
		t.Errorf("started_at = %v", got)
	}
	if got := s["user_id"]; got != stytchtest.SandboxUserID {
		t.Errorf("user_id = %v", got)
	}
	// The sandbox session outlives any clock and any revoke.
	srv.Advance(48 * time.Hour)
	wantOK(t, post(t, srv, "/v1/sessions/revoke", map[string]any{"session_token": stytchtest.SandboxSessionToken}))
	r = post(t, srv, authPath, map[string]any{"session_token": stytchtest.SandboxSessionToken})
	wantOK(t, r)
	wantOK(t, post(t, srv, authPath, map[string]any{"session_jwt": r.str("session_jwt")}))
	// Stytch answers user_not_found for the sandbox user's session list.
	wantError(t, call(t, srv, http.MethodGet, "/v1/sessions?user_id="+stytchtest.SandboxUserID, nil), http.StatusNotFound, "user_not_found")
}

func TestCreateSessionSpec(t *testing.T) {
	srv := newServer(t)
	uid, _ := srv.CreateUser("spec@example.com", "password123")
	when := t0.Add(-3 * time.Minute)
	totp := sessiongate.AuthenticationFactor{
		Type: sessiongate.FactorTOTP, DeliveryMethod: sessiongate.DeliveryAuthenticatorApp,
		LastAuthenticatedAt: when, AuthenticatorAppFactor: &sessiongate.AuthenticatorAppFactor{TOTPID: "totp-test-x"},
	}
	tok, err := srv.CreateSession(uid, stytchtest.SessionSpec{
		Duration: 90 * time.Minute, Factors: []sessiongate.AuthenticationFactor{totp},
		Attributes: &sessiongate.Attributes{IPAddress: "203.0.113.7", UserAgent: "test"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := tok.Session.LastAuthenticated(sessiongate.FactorTOTP)
	if !ok || !got.Equal(when) {
		t.Errorf("totp last authenticated = %v, %v; want %v", got, ok, when)
	}
	if !tok.Session.ExpiresAt.Equal(t0.Add(90 * time.Minute)) {
		t.Errorf("expires_at = %v", tok.Session.ExpiresAt)
	}
	r := post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken})
	if attrs := r.obj("session")["attributes"].(map[string]any); attrs["ip_address"] != "203.0.113.7" {
		t.Errorf("attributes = %v", attrs)
	}
	def, _ := srv.CreateSession(uid, stytchtest.SessionSpec{})
	f, ok := def.Session.Factor(sessiongate.FactorPassword)
	if !ok || f.DeliveryMethod != sessiongate.DeliveryKnowledge || f.EmailFactor == nil || f.EmailFactor.EmailAddress != "spec@example.com" {
		t.Errorf("default factor = %+v, %v", f, ok)
	}
	if !def.Session.ExpiresAt.Equal(t0.Add(stytchtest.DefaultSessionDuration)) {
		t.Errorf("default expiry = %v", def.Session.ExpiresAt)
	}
}
