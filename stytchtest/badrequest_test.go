package stytchtest_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestBadRequests(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		wantType           string
	}{
		{"malformed JSON", "POST", authPath, `{"session_token":`, 400, "invalid_request_body"},
		{"not an object", "POST", authPath, `["session_token"]`, 400, "invalid_request_body"},
		{"a string", "POST", authPath, `"x"`, 400, "invalid_request_body"},
		{"trailing data", "POST", authPath, `{} {}`, 400, "invalid_request_body"},
		{"token not a string", "POST", authPath, `{"session_token":42}`, 400, "invalid_request_body"},
		{"duration not a number", "POST", authPath, `{"session_token":"x","session_duration_minutes":"60"}`, 400, "invalid_request_body"},
		{"duration fractional", "POST", authPath, `{"session_token":"x","session_duration_minutes":6.5}`, 400, "invalid_request_body"},
		{"claims not an object", "POST", authPath, `{"session_token":"x","session_custom_claims":[1]}`, 400, "invalid_request_body"},
		{"authorization_check without action", "POST", authPath, `{"session_token":"x","authorization_check":{"resource_id":"r"}}`, 400, "invalid_request_body"},
		{"authorization_check not an object", "POST", authPath, `{"session_token":"x","authorization_check":"r:a"}`, 400, "invalid_request_body"},
		{"roles not a list", "POST", "/v1/users", `{"email":"a@example.com","roles":"admin"}`, 400, "invalid_request_body"},
		{"users wrong method", "PATCH", "/v1/users/user-test-x", ``, 405, "method_not_allowed"},
		{"body over 1 MiB", "POST", authPath, `{"session_token":"` + strings.Repeat("x", 1<<20) + `"}`, 413, "request_body_too_large"},
		{"revoke wrong type", "POST", "/v1/sessions/revoke", `{"session_id":true}`, 400, "invalid_request_body"},
		{"passwords missing email", "POST", "/v1/passwords", `{"password":"long enough pw"}`, 400, "invalid_request_body"},
		{"passwords missing password", "POST", "/v1/passwords", `{"email":"a@example.com"}`, 400, "invalid_request_body"},
		{"passwords wrong type", "POST", "/v1/passwords", `{"email":["a@example.com"],"password":"x"}`, 400, "invalid_request_body"},
		{"passwords bad email", "POST", "/v1/passwords", `{"email":"nope","password":"long enough pw"}`, 400, "invalid_email"},
		{"passwords weak", "POST", "/v1/passwords", `{"email":"a@example.com","password":"short"}`, 400, "weak_password"},
		{"passwords bad duration", "POST", "/v1/passwords", `{"email":"a@example.com","password":"long enough pw","session_duration_minutes":1}`, 400, "invalid_session_duration_minutes"},
		{"password auth missing", "POST", "/v1/passwords/authenticate", `{}`, 400, "invalid_request_body"},
		{"totps missing user", "POST", "/v1/totps", `{}`, 400, "invalid_request_body"},
		{"totps unknown user", "POST", "/v1/totps", `{"user_id":"user-test-nobody"}`, 404, "user_not_found"},
		{"totp auth missing code", "POST", "/v1/totps/authenticate", `{"user_id":"user-test-nobody"}`, 400, "invalid_request_body"},
		{"totp auth wrong type", "POST", "/v1/totps/authenticate", `{"user_id":"u","totp_code":123456}`, 400, "invalid_request_body"},
		{"unknown route", "POST", "/v1/sessions/nope", `{}`, 404, "route_not_found"},
		{"root", "GET", "/", nil, 404, "route_not_found"},
		{"b2b route", "POST", "/v1/b2b/sessions/authenticate", `{}`, 404, "route_not_found"},
		{"jwks with extra segment", "GET", "/v1/sessions/jwks/a/b", nil, 404, "route_not_found"},
		{"wrong method authenticate", "GET", authPath, nil, 405, "method_not_allowed"},
		{"wrong method sessions", "POST", "/v1/sessions", `{}`, 405, "method_not_allowed"},
		{"wrong method jwks", "POST", "/v1/sessions/jwks/x", `{}`, 405, "method_not_allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, srv, tc.method, tc.path, tc.body)
			wantError(t, r, tc.status, tc.wantType)
			if ct := r.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestErrorsDoNotEchoTokens(t *testing.T) {
	srv := newServer(t)
	secret := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	r := post(t, srv, authPath, map[string]any{"session_token": secret})
	wantError(t, r, http.StatusNotFound, "session_not_found")
	if strings.Contains(r.String(), secret) {
		t.Error("the error body echoes the token")
	}
}

func TestWrongMethodSetsAllow(t *testing.T) {
	srv := newServer(t)
	r := call(t, srv, http.MethodGet, "/v1/sessions/revoke", nil)
	if got := r.header.Get("Allow"); got != http.MethodPost {
		t.Errorf("Allow = %q, want POST", got)
	}
}
