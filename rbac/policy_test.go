package rbac_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/rbac"
)

func TestParsePolicyRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, doc, path string
	}{
		{"empty input", ``, ""},
		{"not JSON", `roles`, ""},
		{"array", `[]`, ""},
		{"null", `null`, "roles"},
		{"no roles", `{"resources": []}`, "roles"},
		{"null roles", `{"roles": null}`, "roles"},
		{"roles not an array", `{"roles": {}}`, ""},
		{"trailing data", `{"roles": []} {}`, ""},
		{"role without id", `{"roles": [{"permissions": []}]}`, "roles[0].role_id"},
		{"role id not a string", `{"roles": [{"role_id": 7}]}`, ""},
		{"permission without resource", `{"roles": [{"role_id": "a", "permissions": [{"actions": ["x"]}]}]}`, "roles[0].permissions[0].resource_id"},
		{"permission without actions", `{"roles": [{"role_id": "a", "permissions": [{"resource_id": "r"}]}]}`, "roles[0].permissions[0].actions"},
		{"empty action", `{"roles": [{"role_id": "a", "permissions": [{"resource_id": "r", "actions": ["x", ""]}]}]}`, "roles[0].permissions[0].actions[1]"},
		{"action not a string", `{"roles": [{"role_id": "a", "permissions": [{"resource_id": "r", "actions": [1]}]}]}`, ""},
		{"resource without id", `{"roles": [], "resources": [{"actions": []}]}`, "resources[0].resource_id"},
		{"resource without actions", `{"roles": [], "resources": [{"resource_id": "r"}]}`, "resources[0].actions"},
		{"scope without name", `{"roles": [], "scopes": [{"permissions": []}]}`, "scopes[0].scope"},
		{"scope permission without actions", `{"roles": [], "scopes": [{"scope": "s", "permissions": [{"resource_id": "r"}]}]}`, "scopes[0].permissions[0].actions"},
		{"too large", `{"roles": [], "x": "` + strings.Repeat("a", rbac.MaxPolicySize) + `"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := rbac.ParsePolicy([]byte(tc.doc))
			if p != nil || !errors.Is(err, rbac.ErrInvalidPolicy) {
				t.Fatalf("ParsePolicy() = %v, %v, want nil, ErrInvalidPolicy", p, err)
			}
			var pe *rbac.PolicyError
			if !errors.As(err, &pe) || pe.Path != tc.path {
				t.Errorf("ParsePolicy() error = %#v, want a PolicyError at %q", err, tc.path)
			}
		})
	}
}

func TestParsePolicyAccepts(t *testing.T) {
	for _, tc := range []struct{ name, doc string }{
		{"empty roles", `{"roles": []}`},
		{"all lists empty", `{"roles": [], "resources": [], "scopes": []}`},
		{"unknown fields", `{"roles": [{"role_id": "a", "permissions": [], "new_field": 1}], "future": {}}`},
		{"role without permissions field", `{"roles": [{"role_id": "a"}]}`},
		{"stytch resource", `{"roles": [{"role_id": "stytch_user", "permissions": [{"resource_id": "stytch.user", "actions": ["*"]}]}]}`},
		{"empty actions", `{"roles": [{"role_id": "a", "permissions": [{"resource_id": "r", "actions": []}]}]}`},
		{"duplicate role", `{"roles": [{"role_id": "a"}, {"role_id": "a"}]}`},
		{"surrounding space", " \n{\"roles\": []}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := rbac.ParsePolicy([]byte(tc.doc)); err != nil {
				t.Errorf("ParsePolicy() error = %v", err)
			}
		})
	}
}

func TestDuplicateRolesGrantTheUnion(t *testing.T) {
	p := mustParse(t, `{"roles": [
		{"role_id": "a", "permissions": [{"resource_id": "r", "actions": ["read"]}]},
		{"role_id": "a", "permissions": [{"resource_id": "r", "actions": ["write"]}]}]}`)
	s := sessionWith("a")
	if !rbac.Allows(s, p, "r", "read") || !rbac.Allows(s, p, "r", "write") {
		t.Error("a role listed twice does not grant both lists")
	}
}

func TestPolicyErrorMessage(t *testing.T) {
	_, err := rbac.ParsePolicy([]byte(`{"roles": [{"role_id": ""}]}`))
	want := "rbac: invalid policy: roles[0].role_id: missing or empty"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
