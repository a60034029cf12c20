package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/sessiongate/sessiongate/rbac"
	"github.com/sessiongate/sessiongate/verifier"
)

// demoPolicy is the RBAC policy of emulator mode: every user (stytch_user)
// may read documents; editors may do anything with them. With real Stytch,
// the demo uses the project's own policy.
const demoPolicy = `{"roles": [
	{"role_id": "stytch_user", "description": "Every user", "permissions": [{"resource_id": "documents", "actions": ["read"]}]},
	{"role_id": "editor", "description": "Writes documents", "permissions": [{"resource_id": "documents", "actions": ["*"]}]}
]}`

// demoActions are the permissions the roles page reports on.
var demoActions = []struct{ Resource, Action string }{
	{"documents", "read"}, {"documents", "write"}, {"documents", "delete"},
}

// assignableRoles are the roles POST /account/role accepts (emulator mode):
// stytch_user alone removes every assigned role.
var assignableRoles = map[string][]string{"editor": {"editor"}, "stytch_user": {}}

// permissions are the RBAC checks of the demo's routes, over one policy
// cache fed by the verifier.
type permissions struct {
	cache       *rbac.Cache
	readDocs    *rbac.Permission
	writeDocs   *rbac.Permission
	writeDocsUI *rbac.Permission // the form route: a denial renders the demo's 403 page
}

// newPermissions builds the policy cache (refreshed in the background
// until ctx is done) and the checks. Every check is logged: denials at
// info, failures at warn.
func newPermissions(ctx context.Context, v *verifier.Verifier, pg *pages, log *slog.Logger) (*permissions, error) {
	c, err := rbac.NewCache(ctx, v, rbac.WithErrorHandler(func(err error) {
		log.Warn("RBAC policy fetch failed; serving the last good policy", "err", err)
	}))
	if err != nil {
		return nil, fmt.Errorf("demo: rbac cache: %v", err)
	}
	obs := rbac.WithObserver(rbac.SlogObserver(log))
	p := &permissions{cache: c}
	if p.readDocs, err = rbac.New(c, "documents", "read", rbac.WithName("documents-read"), obs); err != nil {
		return nil, err
	}
	if p.writeDocs, err = rbac.New(c, "documents", "write", rbac.WithName("documents-write"), obs); err != nil {
		return nil, err
	}
	p.writeDocsUI, err = rbac.New(c, "documents", "write", rbac.WithName("documents-write-form"), obs,
		rbac.WithDeniedHandler(func(w http.ResponseWriter, r *http.Request, err *rbac.DeniedError) {
			pg.renderError(w, r, http.StatusForbidden, "Not allowed",
				"Your roles do not allow you to "+err.Action+" "+err.Resource+". See Your roles to ask for the editor role.")
		}))
	return p, err
}

// logPermissions prints which permission guards which route, at start.
func (a *app) logPermissions(t *rbac.Table) {
	for _, rt := range t.Routes() {
		a.log.Info("permission", "route", rt.Pattern, "check", rt.Permission.String())
	}
}
