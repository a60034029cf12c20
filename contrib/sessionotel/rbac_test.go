package sessionotel_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/contrib/sessionotel"
	"github.com/sessiongate/sessiongate/rbac"
)

// staticPolicy is a Fetcher that always answers the same policy.
type staticPolicy string

func (p staticPolicy) FetchPolicy(context.Context) ([]byte, error) { return []byte(p), nil }

// TestPermissionChecks records a grant and a denial of a named check.
func TestPermissionChecks(t *testing.T) {
	mp, r := newProvider(t)
	obs, err := sessionotel.PermissionChecks(mp)
	if err != nil {
		t.Fatal(err)
	}
	c, err := rbac.NewCache(t.Context(), staticPolicy(`{"roles": [{"role_id": "editor", "permissions": [{"resource_id": "documents", "actions": ["*"]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := rbac.New(c, "documents", "write", rbac.WithName("documents-write"), rbac.WithObserver(obs))
	if err != nil {
		t.Fatal(err)
	}
	h := p.Require(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for _, roles := range [][]string{{"editor"}, {"stytch_user"}} {
		req := httptest.NewRequest("POST", "/api/documents", nil)
		h.ServeHTTP(httptest.NewRecorder(), req.WithContext(sessiongate.NewContext(req.Context(), &sessiongate.Session{Roles: roles})))
	}
	want := map[string]int64{
		"name=documents-write,outcome=allowed,reason=local_grant": 1,
		"name=documents-write,outcome=denied,reason=local_deny":   1,
	}
	if s := sums(t, collect(t, r)["sessiongate.rbac.checks"]); !equal(s, want) {
		t.Errorf("sessiongate.rbac.checks = %v, want %v", s, want)
	}
}
