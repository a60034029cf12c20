package stytchtest_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestDeleteUserRevokesSessions(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	uid, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	second, err := srv.CreateSession(uid, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	otherID, other := func() (string, stytchtest.Tokens) {
		id, err := srv.CreateUser("keep@example.com", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		tk, err := srv.CreateSession(id, stytchtest.SessionSpec{})
		if err != nil {
			t.Fatal(err)
		}
		return id, tk
	}()
	r := call(t, srv, http.MethodDelete, "/v1/users/"+uid, nil)
	wantOK(t, r)
	if r.str("user_id") != uid {
		t.Errorf("answer %v", r)
	}
	for _, s := range []stytchtest.Tokens{tok, second} {
		wantError(t, post(t, srv, "/v1/sessions/authenticate", map[string]any{"session_token": s.SessionToken}), http.StatusNotFound, "session_not_found")
	}
	wantOK(t, post(t, srv, "/v1/sessions/authenticate", map[string]any{"session_token": other.SessionToken}))
	wantError(t, call(t, srv, http.MethodGet, "/v1/sessions?user_id="+uid, nil), http.StatusNotFound, "user_not_found")
	wantError(t, call(t, srv, http.MethodDelete, "/v1/users/"+uid, nil), http.StatusNotFound, "user_not_found")
	// The address is free again.
	wantOK(t, post(t, srv, "/v1/passwords", map[string]any{"email": "TestDeleteUserRevokesSessions@example.com", "password": "correct horse battery"}))
	if err := srv.DeleteUser(otherID); err != nil {
		t.Fatal(err)
	}
	if err := srv.DeleteUser(otherID); err == nil {
		t.Error("deleting a deleted user succeeded")
	}
	if _, ok := srv.Session(other.Session.SessionID); ok {
		t.Error("DeleteUser left the user's session alive")
	}
	if n := srv.Requests(stytchtest.EndpointUsersDelete); n != 2 {
		t.Errorf("Requests(users/delete) = %d, want 2", n)
	}
}

func TestDeleteUserForgetsPasscodesAndPhones(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	r := post(t, srv, smsLoginPath, map[string]any{"phone_number": "+15555550142"})
	code := newestCode(t, srv, "+15555550142", r.str("phone_id"))
	link := post(t, srv, loginOrCreatePath, map[string]any{"email": "gone@example.com"})
	token := newestLink(t, srv, "gone@example.com")
	wantOK(t, call(t, srv, http.MethodDelete, "/v1/users/"+link.str("user_id"), nil))
	wantError(t, post(t, srv, linkAuthPath, map[string]any{"token": token}), http.StatusNotFound, "magic_link_not_found")
	wantOK(t, call(t, srv, http.MethodDelete, "/v1/users/"+r.str("user_id"), nil))
	wantError(t, post(t, srv, otpAuthPath, map[string]any{"method_id": r.str("phone_id"), "code": code}), http.StatusNotFound, "otp_code_not_found")
	again := post(t, srv, smsLoginPath, map[string]any{"phone_number": "+15555550142"})
	if again.body["user_created"] != true || again.str("user_id") == r.str("user_id") {
		t.Errorf("login_or_create after delete %v, want a new user", again)
	}
}

func TestDeleteUserFault(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/faults", map[string]any{"endpoint": "users/delete", "status": 503}))
	wantError(t, call(t, srv, http.MethodDelete, "/v1/users/user-test-x", nil), http.StatusServiceUnavailable, "internal_server_error")
	counts := ctl(t, srv, http.MethodGet, "/_emulator/requests", nil).obj("requests")
	if counts["users/delete"] != float64(1) {
		t.Errorf("requests %v, want users/delete: 1", counts)
	}
}

func TestUsersPathServesGetPutAndDelete(t *testing.T) {
	srv := newServer(t)
	uid, err := srv.CreateUser("both@example.com", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if r := call(t, srv, http.MethodGet, "/v1/users/"+uid, nil); r.status != http.StatusOK || r.str("user_id") != uid {
		t.Fatalf("GET %v", r)
	}
	wantOK(t, call(t, srv, http.MethodPut, "/v1/users/"+uid, nil))
	wantError(t, call(t, srv, http.MethodPatch, "/v1/users/"+uid, nil), http.StatusMethodNotAllowed, "method_not_allowed")
	wantOK(t, call(t, srv, http.MethodDelete, "/v1/users/"+uid, nil))
	wantError(t, call(t, srv, http.MethodGet, "/v1/users/"+uid, nil), http.StatusNotFound, "user_not_found")
}

func TestDeleteUserRoute(t *testing.T) {
	srv := newServer(t)
	wantError(t, call(t, srv, http.MethodDelete, "/v1/users/"+stytchtest.SandboxUserID, nil), http.StatusNotFound, "user_not_found")
	wantError(t, call(t, srv, http.MethodDelete, "/v1/users/", nil), http.StatusNotFound, "route_not_found")
	wantError(t, call(t, srv, http.MethodDelete, "/v1/users/a/b", nil), http.StatusNotFound, "route_not_found")
	wantError(t, callAs(t, srv, srv.ProjectID(), "wrong", http.MethodDelete, "/v1/users/user-test-x", nil), http.StatusUnauthorized, "unauthorized_credentials")
	// The sandbox session survives any delete.
	wantOK(t, post(t, srv, "/v1/sessions/authenticate", map[string]any{"session_token": stytchtest.SandboxSessionToken}))
	var apiErr interface{ Error() string }
	if err := srv.DeleteUser("user-test-nope"); !errors.As(err, &apiErr) || errors.Is(err, sessiongate.ErrSessionNotFound) {
		t.Errorf("DeleteUser(unknown) = %v, want a user_not_found error", err)
	}
}
