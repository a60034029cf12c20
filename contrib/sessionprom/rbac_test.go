package sessionprom_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/contrib/sessionprom"
	"github.com/sessiongate/sessiongate/rbac"
)

// staticPolicy is a Fetcher that always answers the same policy.
type staticPolicy string

func (p staticPolicy) FetchPolicy(context.Context) ([]byte, error) { return []byte(p), nil }

// TestPermissionChecks counts a grant and a denial of a named check.
func TestPermissionChecks(t *testing.T) {
	reg := prometheus.NewRegistry()
	obs, err := sessionprom.PermissionChecks(reg)
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
		r := httptest.NewRequest("POST", "/api/documents", nil)
		h.ServeHTTP(httptest.NewRecorder(), r.WithContext(sessiongate.NewContext(r.Context(), &sessiongate.Session{Roles: roles})))
	}
	want := `
# HELP sessiongate_rbac_checks_total RBAC permission checks by check name, outcome and reason code.
# TYPE sessiongate_rbac_checks_total counter
sessiongate_rbac_checks_total{name="documents-write",outcome="allowed",reason="local_grant"} 1
sessiongate_rbac_checks_total{name="documents-write",outcome="denied",reason="local_deny"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
}
