package stytchtest_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

const (
	loginOrCreatePath = "/v1/magic_links/email/login_or_create"
	sendPath          = "/v1/magic_links/email/send"
	linkAuthPath      = "/v1/magic_links/authenticate"
)

// outbox returns the messages sent to to, newest first.
func outbox(t *testing.T, srv *stytchtest.Server, to string) []map[string]any {
	t.Helper()
	r := ctl(t, srv, http.MethodGet, "/_emulator/outbox?to="+url.QueryEscape(to), nil)
	wantOK(t, r)
	list, _ := r.body["messages"].([]any)
	out := make([]map[string]any, len(list))
	for i, m := range list {
		out[i], _ = m.(map[string]any)
	}
	return out
}

// newestLink returns the token of the newest magic link sent to to.
func newestLink(t *testing.T, srv *stytchtest.Server, to string) string {
	t.Helper()
	msgs := outbox(t, srv, to)
	if len(msgs) == 0 {
		t.Fatalf("no message to %s", to)
	}
	tok, _ := msgs[0]["token"].(string)
	if len(tok) != 44 {
		t.Fatalf("token %q, want 44 characters", tok)
	}
	return tok
}

func factorTypes(r reply) []string {
	var types []string
	fs, _ := r.obj("session")["authentication_factors"].([]any)
	for _, f := range fs {
		m, _ := f.(map[string]any)
		types = append(types, m["type"].(string)+"/"+m["delivery_method"].(string))
	}
	return types
}

func TestMagicLinkLoginOrCreate(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	r := post(t, srv, loginOrCreatePath, map[string]any{"email": "Ada@Example.com", "login_magic_link_url": "https://app.example/auth"})
	wantOK(t, r)
	if r.body["user_created"] != true || r.str("user_id") == "" || r.str("email_id") == "" {
		t.Fatalf("answer %v", r)
	}
	msgs := outbox(t, srv, "ada@example.com")
	if len(msgs) != 1 || msgs[0]["method_id"] != r.str("email_id") || msgs[0]["sent_at"] != "2025-03-01T10:00:00Z" || msgs[0]["code"] != nil {
		t.Fatalf("outbox %v", msgs)
	}
	if got := srv.Outbox("ADA@example.com"); len(got) != 1 || got[0].Token != msgs[0]["token"] || got[0].MethodID != r.str("email_id") {
		t.Errorf("Outbox() = %+v, want the message GET /_emulator/outbox lists", got)
	}
	again := post(t, srv, loginOrCreatePath, map[string]any{"email": "ada@example.com"})
	if again.body["user_created"] != false || again.str("user_id") != r.str("user_id") {
		t.Errorf("second login_or_create %v", again)
	}
	if msgs := outbox(t, srv, "ada@example.com"); len(msgs) != 2 || msgs[0]["token"] == msgs[1]["token"] {
		t.Errorf("outbox after two sends %v", msgs)
	}
	// The user has no password: password logins fail, the user object says so.
	wantError(t, post(t, srv, "/v1/passwords/authenticate", map[string]any{"email": "ada@example.com", "password": ""}),
		http.StatusBadRequest, "invalid_request_body")
	wantError(t, post(t, srv, "/v1/passwords/authenticate", map[string]any{"email": "ada@example.com", "password": "x"}),
		http.StatusUnauthorized, "unauthorized_credentials")
	auth := post(t, srv, linkAuthPath, map[string]any{"token": newestLink(t, srv, "ada@example.com")})
	wantOK(t, auth)
	if pw, present := auth.obj("user")["password"]; !present || pw != nil {
		t.Errorf("user.password = %v, want null", pw)
	}
}

func TestMagicLinkAuthenticateStartsSession(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	created := post(t, srv, loginOrCreatePath, map[string]any{"email": "ada@example.com"})
	tok := newestLink(t, srv, "ada@example.com")
	r := post(t, srv, linkAuthPath, map[string]any{"token": tok, "session_duration_minutes": 30,
		"session_custom_claims": map[string]any{"plan": "pro"}})
	wantOK(t, r)
	if r.str("user_id") != created.str("user_id") || r.str("method_id") != created.str("email_id") ||
		r.body["reset_sessions"] != false || len(r.str("session_token")) != 44 || r.str("session_jwt") == "" {
		t.Fatalf("answer %v", r)
	}
	s := r.obj("session")
	if s["expires_at"] != "2025-03-01T10:30:00Z" || s["custom_claims"].(map[string]any)["plan"] != "pro" {
		t.Errorf("session %v", s)
	}
	f := s["authentication_factors"].([]any)[0].(map[string]any)
	if f["type"] != "magic_link" || f["delivery_method"] != "email" ||
		f["email_factor"].(map[string]any)["email_address"] != "ada@example.com" {
		t.Errorf("factor %v", f)
	}
	wantOK(t, post(t, srv, authPath, map[string]any{"session_jwt": r.str("session_jwt")}))
	// Single use.
	wantError(t, post(t, srv, linkAuthPath, map[string]any{"token": tok, "session_duration_minutes": 30}),
		http.StatusUnauthorized, "unable_to_auth_magic_link")
}

func TestMagicLinkAuthenticateWithoutSession(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	post(t, srv, loginOrCreatePath, map[string]any{"email": "ada@example.com"})
	r := post(t, srv, linkAuthPath, map[string]any{"token": newestLink(t, srv, "ada@example.com")})
	wantOK(t, r)
	if s, present := r.body["session"]; !present || s != nil || r.str("session_token") != "" || r.str("session_jwt") != "" {
		t.Errorf("answer %v, want a null session and empty tokens", r)
	}
}

func TestMagicLinkExpiry(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	// A sign-up link lives 7 days by default, a login link 60 minutes.
	post(t, srv, loginOrCreatePath, map[string]any{"email": "new@example.com"})
	signup := newestLink(t, srv, "new@example.com")
	post(t, srv, loginOrCreatePath, map[string]any{"email": "new@example.com"})
	login := newestLink(t, srv, "new@example.com")
	post(t, srv, loginOrCreatePath, map[string]any{"email": "new@example.com", "login_expiration_minutes": 5})
	short := newestLink(t, srv, "new@example.com")
	srv.Advance(5 * time.Minute)
	wantError(t, post(t, srv, linkAuthPath, map[string]any{"token": short}), http.StatusUnauthorized, "unable_to_auth_magic_link")
	srv.Advance(55 * time.Minute)
	wantError(t, post(t, srv, linkAuthPath, map[string]any{"token": login}), http.StatusUnauthorized, "unable_to_auth_magic_link")
	wantOK(t, post(t, srv, linkAuthPath, map[string]any{"token": signup}))
	for _, body := range []map[string]any{
		{"email": "new@example.com", "login_expiration_minutes": 4},
		{"email": "new@example.com", "signup_expiration_minutes": 10081},
	} {
		wantError(t, post(t, srv, loginOrCreatePath, body), http.StatusBadRequest, "invalid_request_body")
	}
}

func TestMagicLinkAddsFactorToSession(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	tok, err := srv.CreateSignedInUser("ada@example.com", "correct horse battery", stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	for _, creds := range []map[string]any{{"session_token": tok.SessionToken}, {"session_jwt": tok.SessionJWT}} {
		wantOK(t, post(t, srv, sendPath, map[string]any{"email": "ada@example.com"}))
		body := map[string]any{"token": newestLink(t, srv, "ada@example.com"), "session_duration_minutes": 120}
		for k, v := range creds {
			body[k] = v
		}
		r := post(t, srv, linkAuthPath, body)
		wantOK(t, r)
		if r.str("session_token") != tok.SessionToken || r.obj("session")["session_id"] != tok.Session.SessionID {
			t.Fatalf("a new session: %v", r)
		}
		if got := factorTypes(r); len(got) != 2 || got[0] != "password/knowledge" || got[1] != "magic_link/email" {
			t.Errorf("factors = %v, want password then magic_link", got)
		}
	}
}

func TestMagicLinkRefusals(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	other, err := srv.CreateSignedInUser("bob@example.com", "correct horse battery", stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	created := post(t, srv, loginOrCreatePath, map[string]any{"email": "ada@example.com"})
	tok := newestLink(t, srv, "ada@example.com")
	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		typ    string
	}{
		{"missing token", map[string]any{}, 400, "invalid_request_body"},
		{"unknown token", map[string]any{"token": "rM_kw42CWBhsHLF62V75jELMbvJ87njMe3tFVj7Qupu7"}, 404, "magic_link_not_found"},
		{"bad duration", map[string]any{"token": tok, "session_duration_minutes": 4}, 400, "invalid_session_duration_minutes"},
		{"another user's session", map[string]any{"token": tok, "session_token": other.SessionToken}, 400, "session_user_mismatch"},
		{"both credentials", map[string]any{"token": tok, "session_token": other.SessionToken, "session_jwt": other.SessionJWT}, 400, "too_many_session_arguments"},
		{"unknown session", map[string]any{"token": tok, "session_token": "WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtX"}, 404, "session_not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, post(t, srv, linkAuthPath, tc.body), tc.status, tc.typ)
		})
	}
	// None of the refusals used the link up.
	if r := post(t, srv, linkAuthPath, map[string]any{"token": tok}); r.status != 200 || r.str("user_id") != created.str("user_id") {
		t.Errorf("the link after refusals: %v", r)
	}
	wantError(t, post(t, srv, sendPath, map[string]any{"email": "nobody@example.com"}), 404, "email_not_found")
	wantError(t, post(t, srv, sendPath, map[string]any{"email": "ada@example.com", "user_id": other.Session.UserID}), 400, "session_user_mismatch")
	wantError(t, post(t, srv, sendPath, map[string]any{"email": "ada@example.com", "session_token": other.SessionToken}), 400, "session_user_mismatch")
	wantError(t, post(t, srv, sendPath, map[string]any{"email": "not an address"}), 400, "invalid_email")
	wantError(t, post(t, srv, loginOrCreatePath, map[string]any{}), 400, "invalid_request_body")
	if n := len(outbox(t, srv, "ada@example.com")); n != 1 {
		t.Errorf("refused sends reached the outbox: %d messages", n)
	}
}

func TestMagicLinkReset(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	post(t, srv, loginOrCreatePath, map[string]any{"email": "ada@example.com"})
	tok := newestLink(t, srv, "ada@example.com")
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/reset", nil))
	wantError(t, post(t, srv, linkAuthPath, map[string]any{"token": tok}), 404, "magic_link_not_found")
	if n := len(outbox(t, srv, "ada@example.com")); n != 0 {
		t.Errorf("outbox after reset: %d messages", n)
	}
}
