package rbac_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/rbac"
)

const testPolicy = `{
  "roles": [
    {"role_id": "stytch_user", "description": "every user", "permissions": [
      {"resource_id": "stytch.self", "actions": ["*"]},
      {"resource_id": "profile", "actions": ["read"]}
    ]},
    {"role_id": "editor", "description": "", "permissions": [
      {"resource_id": "documents", "actions": ["read", "write"]},
      {"resource_id": "images", "actions": ["*"]}
    ]},
    {"role_id": "reader", "description": "", "permissions": [
      {"resource_id": "documents", "actions": ["read"]}
    ]},
    {"role_id": "split", "description": "", "permissions": [
      {"resource_id": "reports", "actions": ["read"]},
      {"resource_id": "reports", "actions": ["export"]}
    ]},
    {"role_id": "empty", "description": "", "permissions": []}
  ],
  "resources": [
    {"resource_id": "documents", "description": "", "actions": ["read", "write"]},
    {"resource_id": "images", "description": "", "actions": ["upload"]}
  ],
  "scopes": [
    {"scope": "read:documents", "description": "", "permissions": [{"resource_id": "documents", "actions": ["read"]}]}
  ]
}`

func mustParse(t testing.TB, s string) *rbac.Policy {
	t.Helper()
	p, err := rbac.ParsePolicy([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func sessionWith(roles ...string) *sessiongate.Session {
	return &sessiongate.Session{SessionID: "session-test-1", UserID: "user-test-1", Roles: roles}
}

func TestAllows(t *testing.T) {
	p := mustParse(t, testPolicy)
	empty := mustParse(t, `{"roles": []}`)
	for _, tc := range []struct {
		name             string
		s                *sessiongate.Session
		p                *rbac.Policy
		resource, action string
		want             []string // granting roles; nil means denied
	}{
		{"exact action", sessionWith("stytch_user", "editor"), p, "documents", "write", []string{"editor"}},
		{"two granting roles", sessionWith("stytch_user", "reader", "editor"), p, "documents", "read", []string{"reader", "editor"}},
		{"repeated role listed once", sessionWith("editor", "editor"), p, "documents", "read", []string{"editor"}},
		{"action not granted", sessionWith("stytch_user", "reader"), p, "documents", "write", nil},
		{"wildcard grants any action", sessionWith("editor"), p, "images", "delete", []string{"editor"}},
		{"wildcard is per resource", sessionWith("editor"), p, "profile", "read", nil},
		{"literal star action needs star", sessionWith("reader"), p, "documents", "*", nil},
		{"default role", sessionWith("stytch_user"), p, "profile", "read", []string{"stytch_user"}},
		{"stytch resource", sessionWith("stytch_user"), p, "stytch.self", "update", []string{"stytch_user"}},
		{"unknown resource", sessionWith("editor"), p, "videos", "read", nil},
		{"resource is case-sensitive", sessionWith("editor"), p, "Documents", "read", nil},
		{"action is case-sensitive", sessionWith("editor"), p, "documents", "READ", nil},
		{"role is case-sensitive", sessionWith("Editor"), p, "documents", "read", nil},
		{"role missing from policy", sessionWith("admin"), p, "documents", "read", nil},
		{"role without permissions", sessionWith("empty"), p, "documents", "read", nil},
		{"split permissions union", sessionWith("split"), p, "reports", "export", []string{"split"}},
		{"no roles", sessionWith(), p, "documents", "read", nil},
		{"scopes grant nothing", sessionWith("read:documents"), p, "documents", "read", nil},
		{"empty policy", sessionWith("stytch_user", "editor"), empty, "documents", "read", nil},
		{"nil policy", sessionWith("editor"), nil, "documents", "read", nil},
		{"nil session", nil, p, "documents", "read", nil},
		{"empty resource", sessionWith("editor"), p, "", "read", nil},
		{"empty action", sessionWith("editor"), p, "images", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want != nil
			if got := rbac.Allows(tc.s, tc.p, tc.resource, tc.action); got != want {
				t.Errorf("Allows() = %v, want %v", got, want)
			}
			ok, roles := rbac.Authorized(tc.s, tc.p, tc.resource, tc.action)
			if ok != want || !slices.Equal(roles, tc.want) {
				t.Errorf("Authorized() = %v, %q, want %v, %q", ok, roles, want, tc.want)
			}
		})
	}
}

func TestHasRole(t *testing.T) {
	p := mustParse(t, testPolicy)
	if !p.HasRole("editor") || p.HasRole("admin") || p.HasRole("read:documents") {
		t.Error("HasRole does not match the policy's roles")
	}
	var nilPolicy *rbac.Policy
	if nilPolicy.HasRole("editor") {
		t.Error("nil policy has a role")
	}
}

func TestAllowsDoesNotAllocate(t *testing.T) {
	p, s := benchPolicy(t), benchSession()
	allocs := testing.AllocsPerRun(100, func() {
		if !rbac.Allows(s, p, "resource-49", "action-3") {
			t.Fatal("denied")
		}
		if rbac.Allows(s, p, "resource-48", "action-3") {
			t.Fatal("allowed")
		}
	})
	if allocs != 0 {
		t.Errorf("Allows allocates %v times, want 0", allocs)
	}
}

func TestZeroPolicyGrantsNothing(t *testing.T) {
	if rbac.Allows(sessionWith("editor"), &rbac.Policy{}, "documents", "read") {
		t.Error("zero Policy granted a permission")
	}
	if !errors.Is(&rbac.PolicyError{}, rbac.ErrInvalidPolicy) {
		t.Error("PolicyError does not wrap ErrInvalidPolicy")
	}
}
