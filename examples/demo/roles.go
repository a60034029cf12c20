package main

import (
	"context"
	"net/http"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/rbac"
)

// rolesPage is the data of /account/roles.
type rolesPage struct {
	Roles       []string
	Permissions []permissionRow
	PolicyError bool // the policy could not be loaded: nothing is shown as allowed
	CanAssign   bool // emulator mode: the role form is shown
	Documents   []document
}

// permissionRow is one permission and whether the session has it.
type permissionRow struct {
	Resource, Action string
	Allowed          bool
	GrantedBy        []string
}

// roles is GET /account/roles: the session's roles (from its JWT) and what
// the current policy lets them do.
func (a *app) roles(w http.ResponseWriter, r *http.Request) {
	s := sessiongate.MustFromContext(r.Context())
	p := rolesPage{Roles: s.Roles, CanAssign: a.be.emu != nil}
	policy, err := a.perms.cache.Policy(r.Context())
	p.PolicyError = err != nil
	for _, da := range demoActions {
		ok, by := rbac.Authorized(s, policy, da.Resource, da.Action) // a nil policy allows nothing
		p.Permissions = append(p.Permissions, permissionRow{da.Resource, da.Action, ok, by})
	}
	if ok, _ := rbac.Authorized(s, policy, "documents", "read"); ok {
		p.Documents = a.docs.list()
	}
	a.pages.render(w, http.StatusOK, "roles", view{
		Title: "Your roles", SignedIn: true, Notice: notices[r.URL.Query().Get("notice")], Page: p,
	})
}

// assignRole is POST /account/role (emulator mode only): it assigns the
// role of the form to the signed-in user through Stytch's users API (PUT
// /v1/users/{user_id}), then has Stytch confirm the session, which mints a
// JWT carrying the new roles; the middleware hands it to the browser with
// the redirect. A real application would let only administrators do this.
func (a *app) assignRole(w http.ResponseWriter, r *http.Request) {
	if !parseForm(w, r) {
		return
	}
	roles, ok := assignableRoles[r.PostFormValue("role")]
	if !ok {
		a.pages.renderError(w, r, http.StatusBadRequest, "Not accepted", "Choose editor or stytch_user.")
		return
	}
	s := sessiongate.MustFromContext(r.Context())
	if err := a.stytch.SetUserRoles(r.Context(), s.UserID, roles); err != nil {
		status, msg := stytchMessage(err)
		a.log.Info("role assignment failed", "err", err)
		a.pages.renderError(w, r, status, "Role not assigned", msg)
		return
	}
	if err := refreshSession(r.Context()); err != nil {
		a.lifecycleFailed(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/roles?notice=role", http.StatusSeeOther)
}

// refreshSession has Stytch confirm the request's session now, so that the
// fresh JWT (with the user's current roles) reaches the client.
func refreshSession(ctx context.Context) error {
	rc, ok := sessiongate.RecheckerFromContext(ctx)
	if !ok {
		return errNoLifecycle
	}
	_, err := rc.Recheck(ctx, sessiongate.ConfirmWithServer())
	return err
}
