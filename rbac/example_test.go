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

// A named check guards two routes; the table prints route → permission for
// audits.
func ExampleTable() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emu, _ := stytchtest.New(stytchtest.WithRBACPolicy([]byte(`{"roles": [
		{"role_id": "stytch_user", "permissions": [{"resource_id": "documents", "actions": ["read"]}]}]}`)))
	srv := httptest.NewServer(emu)
	defer srv.Close()
	v, _ := verifier.New(ctx, emu.ProjectID(), emu.Secret(), verifier.WithBaseURL(srv.URL))
	policies, _ := rbac.NewCache(ctx, v)
	read, _ := rbac.New(policies, "documents", "read")
	write, err := rbac.New(policies, "documents", "write", rbac.WithName("documents-write"))
	if err != nil {
		fmt.Println(err)
		return
	}
	var perms rbac.Table
	mux := http.NewServeMux()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	mux.Handle("GET /api/documents", perms.Protect("GET /api/documents", read)(h)) // after the session middleware
	mux.Handle("POST /api/documents", perms.Protect("POST /api/documents", write)(h))
	fmt.Print(&perms)
	// Output:
	// GET /api/documents   rbac(documents:read)
	// POST /api/documents  rbac(documents:write, name=documents-write)
}
