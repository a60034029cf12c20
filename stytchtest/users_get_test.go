package stytchtest_test

import (
	"net/http"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// GET /v1/users/{user_id} answers the user object's fields at the top
// level, 404 user_not_found for an unknown (or the sandbox) user, and needs
// the project credentials.
func TestGetUser(t *testing.T) {
	srv := newServer(t)
	uid, _ := newUserSession(t, srv, stytchtest.SessionSpec{})
	r := call(t, srv, http.MethodGet, "/v1/users/"+uid, nil)
	wantOK(t, r)
	emails, _ := r.body["emails"].([]any)
	if r.str("user_id") != uid || r.str("status") != "active" || len(emails) != 1 || r.str("created_at") == "" {
		t.Errorf("user answer = %v", r)
	}
	if _, ok := r.body["user"]; ok {
		t.Error("user nested under \"user\"; Stytch answers its fields at the top level")
	}
	wantError(t, call(t, srv, http.MethodGet, "/v1/users/user-test-00000000-0000-0000-0000-000000000000", nil), http.StatusNotFound, "user_not_found")
	wantError(t, call(t, srv, http.MethodGet, "/v1/users/"+stytchtest.SandboxUserID, nil), http.StatusNotFound, "user_not_found")
	wantError(t, call(t, srv, http.MethodGet, "/v1/users/"+uid+"/extra", nil), http.StatusNotFound, "route_not_found")
	wantError(t, callAs(t, srv, srv.ProjectID(), "wrong", http.MethodGet, "/v1/users/"+uid, nil), http.StatusUnauthorized, "unauthorized_credentials")
	if n := srv.Requests(stytchtest.EndpointUserGet); n != 4 {
		t.Errorf("Requests(EndpointUserGet) = %d, want 4 (the route_not_found call is not one)", n)
	}
}
