package stytchtest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// ctl sends a test-control request without credentials.
func ctl(t *testing.T, srv *stytchtest.Server, method, path string, body any) reply {
	t.Helper()
	return callAs(t, srv, "", "", method, path, body)
}

var sandboxBody = map[string]any{"session_token": stytchtest.SandboxSessionToken}

func TestControlsAbsentWithoutOption(t *testing.T) {
	srv := newServer(t)
	for _, c := range []struct{ method, path string }{
		{http.MethodPost, "/_emulator/advance?seconds=1"}, {http.MethodPost, "/_emulator/faults"},
		{http.MethodDelete, "/_emulator/faults"}, {http.MethodPost, "/_emulator/keys/rotate"},
		{http.MethodPost, "/_emulator/keys/remove"}, {http.MethodPost, "/_emulator/jwks/extra"},
		{http.MethodGet, "/_emulator/outbox?to=a@example.com"}, {http.MethodGet, "/_emulator/requests"},
		{http.MethodPost, "/_emulator/reset"},
	} {
		wantError(t, ctl(t, srv, c.method, c.path, `{}`), http.StatusNotFound, "route_not_found")
	}
	if got := len(srv.KeyIDs()); got != 1 {
		t.Errorf("kids = %d after the refused controls, want 1", got)
	}
}

func TestControlsAuth(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	wantOK(t, ctl(t, srv, http.MethodGet, "/_emulator/requests", nil))
	wantOK(t, call(t, srv, http.MethodGet, "/_emulator/requests", nil))
	wantError(t, callAs(t, srv, srv.ProjectID(), "wrong", http.MethodGet, "/_emulator/requests", nil),
		http.StatusUnauthorized, "unauthorized_credentials")
	r := ctl(t, srv, http.MethodPut, "/_emulator/faults", nil)
	wantError(t, r, http.StatusMethodNotAllowed, "method_not_allowed")
	if got := r.header.Get("Allow"); got != "POST, DELETE" {
		t.Errorf("Allow = %q", got)
	}
	wantError(t, ctl(t, srv, http.MethodGet, "/_emulator/nope", nil), http.StatusNotFound, "route_not_found")
}

func TestControlFaultOutage(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	r := ctl(t, srv, http.MethodPost, "/_emulator/faults",
		`{"endpoint": "sessions/authenticate", "status": 503, "retry_after": 2, "delay_ms": 0, "times": 1, "body": "", "reset_connection": false}`)
	wantOK(t, r)
	if r.str("endpoint") != "sessions/authenticate" {
		t.Errorf("answer %v", r)
	}
	got := post(t, srv, authPath, sandboxBody)
	wantError(t, got, 503, "internal_server_error")
	if ra := got.header.Get("Retry-After"); ra != "2" {
		t.Errorf("Retry-After = %q, want 2", ra)
	}
	wantOK(t, post(t, srv, authPath, sandboxBody)) // times 1: the next request passes
}

func TestControlFaultUntilCleared(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/faults", map[string]any{"endpoint": "sessions/jwks", "status": 429}))
	for range 3 {
		wantError(t, ctl(t, srv, http.MethodGet, "/v1/sessions/jwks/"+srv.ProjectID(), nil), 429, "too_many_requests")
	}
	wantOK(t, ctl(t, srv, http.MethodDelete, "/_emulator/faults", nil))
	wantOK(t, ctl(t, srv, http.MethodGet, "/v1/sessions/jwks/"+srv.ProjectID(), nil))
}

func TestControlFaultRawBody(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/faults",
		map[string]any{"endpoint": "sessions/authenticate", "status": 502, "body": "<html>bad gateway</html>", "times": 1}))
	resp, err := http.Post(srv.URL+authPath, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 502 || string(raw) != "<html>bad gateway</html>" {
		t.Errorf("got %d %q, want 502 and the raw body", resp.StatusCode, raw)
	}
}

func TestControlFaultResetConnection(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/faults",
		map[string]any{"endpoint": "sessions/jwks", "reset_connection": true, "times": 1}))
	// A fresh connection: net/http retries a GET that fails on a reused one.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if resp, err := fresh.Get(srv.JWKSURL()); err == nil {
		resp.Body.Close()
		t.Fatalf("got status %d, want a transport error", resp.StatusCode)
	}
}

func TestControlFaultBadRequests(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	for _, tc := range []struct{ name, body, wantType string }{
		{"bad JSON", `{"endpoint":`, "invalid_request_body"},
		{"not an object", `["sessions"]`, "invalid_request_body"},
		{"empty", ``, "invalid_request"},
		{"trailing data", `{"endpoint":"sessions","status":503} {}`, "invalid_request_body"},
		{"unknown field", `{"endpoint":"sessions","status":503,"retry-after":2}`, "invalid_request_body"},
		{"wrong type", `{"endpoint":"sessions","status":"503"}`, "invalid_request_body"},
		{"fractional", `{"endpoint":"sessions","status":503,"delay_ms":1.5}`, "invalid_request_body"},
		{"missing endpoint", `{"status":503}`, "invalid_request"},
		{"unknown endpoint", `{"endpoint":"sessions/nope","status":503}`, "invalid_request"},
		{"control endpoint", `{"endpoint":"_emulator/advance","status":503}`, "invalid_request"},
		{"status too small", `{"endpoint":"sessions","status":99}`, "invalid_request"},
		{"status too large", `{"endpoint":"sessions","status":600}`, "invalid_request"},
		{"negative retry_after", `{"endpoint":"sessions","status":503,"retry_after":-1}`, "invalid_request"},
		{"negative delay", `{"endpoint":"sessions","delay_ms":-5}`, "invalid_request"},
		{"huge delay", `{"endpoint":"sessions","delay_ms":9223372036854775807}`, "invalid_request"},
		{"negative times", `{"endpoint":"sessions","status":503,"times":-1}`, "invalid_request"},
		{"no effect", `{"endpoint":"sessions","times":1}`, "invalid_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, ctl(t, srv, http.MethodPost, "/_emulator/faults", tc.body), http.StatusBadRequest, tc.wantType)
		})
	}
	wantOK(t, ctl(t, srv, http.MethodGet, "/v1/sessions/jwks/"+srv.ProjectID(), nil)) // nothing was injected
	wantError(t, call(t, srv, http.MethodGet, "/v1/sessions?user_id=x", nil), http.StatusNotFound, "user_not_found")
	r := ctl(t, srv, http.MethodPost, "/_emulator/faults", `{"endpoint":"sessions/nope","status":503}`)
	if msg := r.str("error_message"); !strings.Contains(msg, `"sessions/nope"`) || !strings.Contains(msg, "sessions/jwks") {
		t.Errorf("error_message %q does not name the bad endpoint and the valid ones", msg)
	}
}
