package rbac_test

import (
	"errors"
	"testing"

	"github.com/sessiongate/sessiongate/rbac"
)

// FuzzParsePolicy checks that no input panics, that every refusal is a
// *PolicyError wrapping ErrInvalidPolicy, and that an accepted policy
// answers checks without panicking and never grants an empty action.
func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(testPolicy))
	f.Add([]byte(`{"roles": []}`))
	f.Add([]byte(`{"roles": [{"role_id": "a", "permissions": [{"resource_id": "r", "actions": ["*"]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := rbac.ParsePolicy(data)
		if err != nil {
			var pe *rbac.PolicyError
			if p != nil || !errors.As(err, &pe) || !errors.Is(err, rbac.ErrInvalidPolicy) {
				t.Fatalf("ParsePolicy() = %v, %v: not a nil policy and a PolicyError", p, err)
			}
			return
		}
		s := sessionWith("a", "stytch_user", "editor")
		ok, roles := rbac.Authorized(s, p, "r", "read")
		if ok != (len(roles) > 0) || ok != rbac.Allows(s, p, "r", "read") {
			t.Fatalf("Authorized() = %v, %q disagrees with Allows", ok, roles)
		}
		if rbac.Allows(s, p, "r", "") {
			t.Fatal("an empty action was allowed")
		}
	})
}
