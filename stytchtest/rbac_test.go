package stytchtest_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

const docsPolicy = `{
  "roles": [
    {"role_id": "stytch_user", "description": "", "permissions": [{"resource_id": "profile", "actions": ["read"]}]},
    {"role_id": "editor", "description": "", "permissions": [{"resource_id": "documents", "actions": ["read", "write"]}]},
    {"role_id": "reader", "description": "", "permissions": [{"resource_id": "documents", "actions": ["read"]}]},
    {"role_id": "admin", "description": "", "permissions": [{"resource_id": "documents", "actions": ["*"]}]}
  ],
  "resources": [
    {"resource_id": "documents", "description": "", "actions": ["read", "write", "delete"]},
    {"resource_id": "profile", "description": "", "actions": ["read"]}
  ],
  "scopes": [{"scope": "read:documents", "description": "", "permissions": [{"resource_id": "documents", "actions": ["read"]}]}]
}`

// asJSON re-encodes v (decoded JSON) compactly, for comparisons.
func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func compact(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return asJSON(t, v)
}

func TestRBACPolicyDefault(t *testing.T) {
	srv := newServer(t)
	r := call(t, srv, http.MethodGet, "/v1/rbac/policy", nil)
	wantOK(t, r)
	want := `{"resources":[],"roles":[{"description":"Granted to every user.","permissions":[],"role_id":"stytch_user"}],"scopes":[]}`
	if got := asJSON(t, r.obj("policy")); got != want {
		t.Errorf("policy = %s, want %s", got, want)
	}
	wantError(t, callAs(t, srv, srv.ProjectID(), "wrong", http.MethodGet, "/v1/rbac/policy", nil), 401, "unauthorized_credentials")
	if n := srv.Requests(stytchtest.EndpointRBACPolicy); n != 2 {
		t.Errorf("Requests(rbac/policy) = %d, want 2", n)
	}
}

func TestRBACPolicySet(t *testing.T) {
	srv := newServer(t, stytchtest.WithRBACPolicy([]byte(docsPolicy)))
	if got, want := asJSON(t, call(t, srv, http.MethodGet, "/v1/rbac/policy", nil).obj("policy")), compact(t, docsPolicy); got != want {
		t.Errorf("policy = %s, want %s", got, want)
	}
	minimal := `{"roles": [{"role_id": "stytch_user"}]}`
	if err := srv.SetRBACPolicy([]byte(minimal)); err != nil {
		t.Fatal(err)
	}
	want := `{"resources":[],"roles":[{"description":"","permissions":[],"role_id":"stytch_user"}],"scopes":[]}`
	if got := asJSON(t, call(t, srv, http.MethodGet, "/v1/rbac/policy", nil).obj("policy")); got != want {
		t.Errorf("policy = %s, want %s (absent lists filled in)", got, want)
	}
}

func TestRBACPolicyRefused(t *testing.T) {
	for name, doc := range map[string]string{
		"not JSON":           `{`,
		"no roles":           `{"resources": []}`,
		"no stytch_user":     `{"roles": [{"role_id": "editor"}]}`,
		"empty role id":      `{"roles": [{"role_id": "stytch_user"}, {"role_id": ""}]}`,
		"repeated role":      `{"roles": [{"role_id": "stytch_user"}, {"role_id": "stytch_user"}]}`,
		"unknown field":      `{"roles": [{"role_id": "stytch_user", "permisions": []}]}`,
		"permission actions": `{"roles": [{"role_id": "stytch_user", "permissions": [{"resource_id": "r"}]}]}`,
		"empty action":       `{"roles": [{"role_id": "stytch_user", "permissions": [{"resource_id": "r", "actions": [""]}]}]}`,
		"stytch resource":    `{"roles": [{"role_id": "stytch_user"}], "resources": [{"resource_id": "stytch.user", "actions": ["read"]}]}`,
		"repeated resource":  `{"roles": [{"role_id": "stytch_user"}], "resources": [{"resource_id": "r", "actions": []}, {"resource_id": "r", "actions": []}]}`,
		"empty scope":        `{"roles": [{"role_id": "stytch_user"}], "scopes": [{"scope": "", "permissions": []}]}`,
		"trailing data":      `{"roles": [{"role_id": "stytch_user"}]} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t)
			if err := srv.SetRBACPolicy([]byte(doc)); err == nil {
				t.Error("SetRBACPolicy() accepted it")
			}
			if _, err := stytchtest.New(stytchtest.WithRBACPolicy([]byte(doc))); err == nil {
				t.Error("New(WithRBACPolicy) accepted it")
			}
		})
	}
}

func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func TestCreateUserWithRoles(t *testing.T) {
	srv := newServer(t)
	r := post(t, srv, "/v1/users", map[string]any{"email": "ada@example.com", "roles": []string{"editor", "stytch_user", "editor"}})
	wantOK(t, r)
	user := r.obj("user")
	if got := strs(user["roles"]); !reflect.DeepEqual(got, []string{"stytch_user", "editor"}) {
		t.Errorf("user.roles = %q, want [stytch_user editor]", got)
	}
	if r.str("user_id") == "" || r.str("user_id") != user["user_id"] || r.str("email_id") == "" || r.str("status") != "active" {
		t.Errorf("answer lacks user_id, email_id or status: %v", r)
	}
	if user["password"] != nil {
		t.Errorf("user.password = %v, want null for a user created without one", user["password"])
	}
	tok, err := srv.CreateSession(r.str("user_id"), stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	_, claims := decodeJWT(t, tok.SessionJWT)
	sessionClaim, _ := claims["https://stytch.com/session"].(map[string]any)
	if got := strs(sessionClaim["roles"]); !reflect.DeepEqual(got, []string{"stytch_user", "editor"}) || !reflect.DeepEqual(tok.Session.Roles, got) {
		t.Errorf("JWT roles = %q, session roles = %q; want [stytch_user editor]", got, tok.Session.Roles)
	}
	t.Run("errors", func(t *testing.T) {
		wantError(t, post(t, srv, "/v1/users", map[string]any{"email": "ada@example.com"}), 400, "duplicate_email")
		wantError(t, post(t, srv, "/v1/users", map[string]any{}), 400, "invalid_email")
		wantError(t, post(t, srv, "/v1/users", map[string]any{"email": "bob@example.com", "roles": []string{""}}), 400, "invalid_roles")
		wantOK(t, post(t, srv, "/v1/users", map[string]any{"email": "bob@example.com"})) // the refused one was not kept
	})
}

func TestUpdateUserRoles(t *testing.T) {
	srv := newServer(t, stytchtest.WithRBACPolicy([]byte(docsPolicy)))
	uid, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	r := call(t, srv, http.MethodPut, "/v1/users/"+uid, map[string]any{"roles": []string{"reader"}})
	wantOK(t, r)
	if got := strs(r.obj("user")["roles"]); !reflect.DeepEqual(got, []string{"stytch_user", "reader"}) || r.str("user_id") != uid {
		t.Errorf("PUT answer user.roles = %q (user_id %q), want [stytch_user reader]", got, r.str("user_id"))
	}
	g := call(t, srv, http.MethodGet, "/v1/users/"+uid, nil)
	wantOK(t, g)
	if got := strs(g.body["roles"]); !reflect.DeepEqual(got, []string{"stytch_user", "reader"}) || g.str("user_id") != uid {
		t.Errorf("GET roles = %q, want [stytch_user reader]", got)
	}
	a := post(t, srv, "/v1/sessions/authenticate", map[string]any{"session_token": tok.SessionToken})
	wantOK(t, a)
	_, claims := decodeJWT(t, a.str("session_jwt"))
	sessionClaim, _ := claims["https://stytch.com/session"].(map[string]any)
	if got := strs(a.obj("session")["roles"]); !reflect.DeepEqual(got, []string{"stytch_user", "reader"}) ||
		!reflect.DeepEqual(strs(sessionClaim["roles"]), got) {
		t.Errorf("live session roles = %q, JWT %q; want the new roles", got, strs(sessionClaim["roles"]))
	}
	wantOK(t, call(t, srv, http.MethodPut, "/v1/users/"+uid, map[string]any{}))
	if got := strs(call(t, srv, http.MethodGet, "/v1/users/"+uid, nil).body["roles"]); len(got) != 2 {
		t.Errorf("a PUT without roles changed them to %q", got)
	}
	t.Run("errors", func(t *testing.T) {
		wantError(t, call(t, srv, http.MethodGet, "/v1/users/user-test-unknown", nil), 404, "user_not_found")
		wantError(t, call(t, srv, http.MethodPut, "/v1/users/user-test-unknown", map[string]any{"roles": []string{}}), 404, "user_not_found")
		wantError(t, call(t, srv, http.MethodPut, "/v1/users/"+uid, map[string]any{"roles": []string{""}}), 400, "invalid_roles")
		if err := srv.SetUserRoles("user-test-unknown", nil); err == nil {
			t.Error("SetUserRoles accepted an unknown user")
		}
	})
}

func TestAuthorizationCheck(t *testing.T) {
	srv := newServer(t, stytchtest.WithRBACPolicy([]byte(docsPolicy)))
	uid, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	if err := srv.SetUserRoles(uid, []string{"reader", "editor"}); err != nil {
		t.Fatal(err)
	}
	check := func(resource, action string, extra map[string]any) reply {
		body := map[string]any{"session_token": tok.SessionToken,
			"authorization_check": map[string]string{"resource_id": resource, "action": action}}
		for k, v := range extra {
			body[k] = v
		}
		return post(t, srv, "/v1/sessions/authenticate", body)
	}
	for _, tc := range []struct {
		name, resource, action string
		granting               []string // nil: 403
	}{
		{"one role", "documents", "write", []string{"editor"}},
		{"two roles", "documents", "read", []string{"reader", "editor"}},
		{"default role", "profile", "read", []string{"stytch_user"}},
		{"not granted", "documents", "delete", nil},
		{"case-sensitive", "Documents", "read", nil},
		{"unknown resource", "images", "read", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := check(tc.resource, tc.action, nil)
			if tc.granting == nil {
				wantError(t, r, 403, "session_authorization_error")
				return
			}
			wantOK(t, r)
			v := r.obj("verdict")
			if v["authorized"] != true || !reflect.DeepEqual(strs(v["granting_roles"]), tc.granting) {
				t.Errorf("verdict = %v, want authorized by %q", v, tc.granting)
			}
		})
	}
	t.Run("wildcard", func(t *testing.T) {
		if err := srv.SetUserRoles(uid, []string{"admin"}); err != nil {
			t.Fatal(err)
		}
		wantOK(t, check("documents", "delete", nil))
	})
	t.Run("no check, no verdict", func(t *testing.T) {
		if r := post(t, srv, "/v1/sessions/authenticate", map[string]any{"session_token": tok.SessionToken}); r.body["verdict"] != nil {
			t.Errorf("verdict = %v without authorization_check", r.body["verdict"])
		}
	})
	t.Run("a refused check changes nothing", func(t *testing.T) {
		before, _ := srv.Session(tok.Session.SessionID)
		wantError(t, check("profile", "write", map[string]any{"session_duration_minutes": 600}), 403, "session_authorization_error")
		after, _ := srv.Session(tok.Session.SessionID)
		if !after.ExpiresAt.Equal(before.ExpiresAt) {
			t.Errorf("expires_at moved from %v to %v", before.ExpiresAt, after.ExpiresAt)
		}
	})
	t.Run("session checked first", func(t *testing.T) {
		r := post(t, srv, "/v1/sessions/authenticate", map[string]any{"session_token": strings.Repeat("A", 44),
			"authorization_check": map[string]string{"resource_id": "documents", "action": "read"}})
		wantError(t, r, 404, "session_not_found")
	})
}
