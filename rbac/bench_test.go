package rbac_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/rbac"
)

// benchPolicyJSON is a 20-role, 50-resource policy: role-i may take
// action-0..action-4 on resources i, i+20, i+40 (below 50), and the last
// role may take every action on resource-49.
func benchPolicyJSON() []byte {
	type perm struct {
		ResourceID string   `json:"resource_id"`
		Actions    []string `json:"actions"`
	}
	type role struct {
		RoleID      string `json:"role_id"`
		Description string `json:"description"`
		Permissions []perm `json:"permissions"`
	}
	type resource struct {
		ResourceID  string   `json:"resource_id"`
		Description string   `json:"description"`
		Actions     []string `json:"actions"`
	}
	actions := []string{"action-0", "action-1", "action-2", "action-3", "action-4"}
	var doc struct {
		Roles     []role     `json:"roles"`
		Resources []resource `json:"resources"`
	}
	for i := range 50 {
		doc.Resources = append(doc.Resources, resource{ResourceID: fmt.Sprintf("resource-%d", i), Actions: actions})
	}
	for i := range 20 {
		r := role{RoleID: fmt.Sprintf("role-%d", i)}
		for j := i; j < 50; j += 20 {
			r.Permissions = append(r.Permissions, perm{ResourceID: fmt.Sprintf("resource-%d", j), Actions: actions})
		}
		doc.Roles = append(doc.Roles, r)
	}
	doc.Roles[19].Permissions = append(doc.Roles[19].Permissions, perm{ResourceID: "resource-49", Actions: []string{"*"}})
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return b
}

func benchPolicy(tb testing.TB) *rbac.Policy {
	tb.Helper()
	p, err := rbac.ParsePolicy(benchPolicyJSON())
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// benchSession holds three roles; only the last grants resource-49.
func benchSession() *sessiongate.Session {
	return &sessiongate.Session{Roles: []string{"stytch_user", "role-3", "role-19"}}
}

// BenchmarkAllows checks a session against the 20-role, 50-resource policy:
// a grant found on the last role, and a denial that probes every role.
func BenchmarkAllows(b *testing.B) {
	p, s := benchPolicy(b), benchSession()
	b.Run("granted", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !rbac.Allows(s, p, "resource-49", "action-3") {
				b.Fatal("denied")
			}
		}
	})
	b.Run("denied", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if rbac.Allows(s, p, "resource-48", "action-3") {
				b.Fatal("allowed")
			}
		}
	})
}

// BenchmarkParsePolicy parses the 20-role, 50-resource policy (done once
// per refresh, not per request).
func BenchmarkParsePolicy(b *testing.B) {
	data := benchPolicyJSON()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rbac.ParsePolicy(data); err != nil {
			b.Fatal(err)
		}
	}
}
