package rbac_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/rbac"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// A policy cache fed by the verifier guards a route; the session would come
// from the session middleware.
func ExampleCache_RequirePermission() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emu, _ := stytchtest.New(stytchtest.WithRBACPolicy([]byte(`{"roles": [
		{"role_id": "stytch_user"},
		{"role_id": "editor", "permissions": [{"resource_id": "documents", "actions": ["read", "write"]}]}]}`)))
	srv := httptest.NewServer(emu)
	defer srv.Close()
	v, _ := verifier.New(ctx, emu.ProjectID(), emu.Secret(), verifier.WithBaseURL(srv.URL))
	policies, _ := rbac.NewCache(ctx, v)

	h := policies.RequirePermission("documents", "write")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("saved")
	}))
	for _, roles := range [][]string{{"stytch_user", "editor"}, {"stytch_user"}} {
		s := &sessiongate.Session{SessionID: "session-test-1", UserID: "user-test-1", Roles: roles}
		req := httptest.NewRequest(http.MethodPost, "/api/documents", nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req.WithContext(sessiongate.NewContext(req.Context(), s)))
		fmt.Println(roles, rec.Code, rec.Header().Values("WWW-Authenticate"))
	}
	// Output:
	// saved
	// [stytch_user editor] 200 []
	// [stytch_user] 403 [Bearer realm="app", error="insufficient_scope"]
}
