package stytchtest_test

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestControlRequests(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	post(t, srv, authPath, sandboxBody)
	post(t, srv, authPath, sandboxBody)
	ctl(t, srv, http.MethodGet, "/v1/sessions/jwks/"+srv.ProjectID(), nil)
	r := ctl(t, srv, http.MethodGet, "/_emulator/requests", nil)
	wantOK(t, r)
	got := r.obj("requests")
	want := map[string]any{
		"sessions/authenticate": 2.0, "sessions/jwks": 1.0, "sessions/revoke": 0.0, "sessions": 0.0,
		"passwords": 0.0, "passwords/authenticate": 0.0, "totps": 0.0, "totps/authenticate": 0.0,
	}
	for ep, n := range want {
		if got[ep] != n {
			t.Errorf("requests[%s] = %v, want %v", ep, got[ep], n)
		}
	}
	if len(got) < len(want) {
		t.Errorf("requests = %v, want at least every endpoint", got)
	}
	if _, counted := got["_emulator/requests"]; counted {
		t.Errorf("controls are counted: %v", got)
	}
}

func TestControlReset(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	first := srv.CurrentKeyID()
	uid, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/advance?seconds=60", nil))
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/keys/rotate", nil))
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/jwks/extra", `{"kind":"oct"}`))
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/faults", `{"endpoint":"totps","status":500}`))
	post(t, srv, authPath, sandboxBody)
	initial := call(t, srv, http.MethodGet, "/v1/rbac/policy", nil).body["policy"]
	if err := srv.SetRBACPolicy([]byte(`{"roles":[{"role_id":"stytch_user","description":"","permissions":[{"resource_id":"docs","actions":["*"]}]}],"resources":[],"scopes":[]}`)); err != nil {
		t.Fatal(err)
	}

	r := ctl(t, srv, http.MethodPost, "/_emulator/reset", nil)
	wantOK(t, r)
	if r.str("now") != "2025-03-01T10:00:00Z" || !srv.Now().Equal(t0) {
		t.Errorf("clock after reset: answered %q, Now %v; want %v", r.str("now"), srv.Now(), t0)
	}
	if kids := srv.KeyIDs(); len(kids) != 1 || kids[0] != first || srv.CurrentKeyID() != first {
		t.Errorf("keys after reset: %v, current %s; want [%s]", kids, srv.CurrentKeyID(), first)
	}
	if n := len(jwksEntries(t, srv)); n != 1 {
		t.Errorf("JWKS lists %d keys after reset, want 1", n)
	}
	if _, ok := srv.Session(tok.Session.SessionID); ok {
		t.Error("the session survived the reset")
	}
	wantError(t, call(t, srv, http.MethodGet, "/v1/sessions?user_id="+uid, nil), http.StatusNotFound, "user_not_found")
	if n := srv.Requests(stytchtest.EndpointAuthenticate); n != 0 {
		t.Errorf("Requests(authenticate) = %d after reset, want 0", n)
	}
	wantError(t, call(t, srv, http.MethodPost, "/v1/totps", `{"user_id":"x"}`), http.StatusNotFound, "user_not_found") // the fault is gone
	wantOK(t, post(t, srv, authPath, sandboxBody))                                                                     // the sandbox session is back
	if _, err := srv.CreateUser(t.Name()+"@example.com", "correct horse battery"); err != nil {
		t.Errorf("the address is still taken after reset: %v", err)
	}
	if got := call(t, srv, http.MethodGet, "/v1/rbac/policy", nil).body["policy"]; !reflect.DeepEqual(got, initial) {
		t.Errorf("RBAC policy after reset = %v, want the initial %v", got, initial)
	}
}

func TestControlOutboxEmpty(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	r := ctl(t, srv, http.MethodGet, "/_emulator/outbox?to=ada@example.com", nil)
	wantOK(t, r)
	if msgs, ok := r.body["messages"].([]any); !ok || len(msgs) != 0 {
		t.Errorf("messages = %v, want []", r.body["messages"])
	}
	wantError(t, ctl(t, srv, http.MethodGet, "/_emulator/outbox", nil), 400, "invalid_request")
	wantError(t, ctl(t, srv, http.MethodPost, "/_emulator/outbox?to=a@example.com", nil), 405, "method_not_allowed")
}
