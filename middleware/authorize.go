package middleware

import (
	"context"
	"fmt"

	"github.com/sessiongate/sessiongate"
)

// Authorizer confirms an RBAC permission with Stytch
// (sessions/authenticate with authorization_check), for the request's
// Authorize method, which calls the Middleware's Verifier when it is one
// (the verifier package's Verifier and Remote are). It returns the session
// as Stytch confirmed it, with fresh credentials, or an error wrapping
// [sessiongate.ErrPermissionDenied] when Stytch refuses the permission, and
// the other sessiongate sentinels otherwise.
type Authorizer interface {
	AuthorizeSession(ctx context.Context, c sessiongate.Credentials, resource, action string) (*sessiongate.Verification, error)
}

var errNoAuthorizer = fmt.Errorf("%w: middleware: the verifier cannot confirm permissions with Stytch (no AuthorizeSession)", sessiongate.ErrMisconfigured)

// Authorize asks Stytch whether the request's session may take action on
// resource now (roles may have changed since its JWT was minted). When
// Stytch grants it, the fresh credentials it issued (a JWT carrying the
// current roles) are handed back to the client, like a refresh, and the
// request's session is updated in place. The rbac package's middleware
// calls it, through the Rechecker in the request's context, to confirm a
// local denial.
func (rc *recheck) Authorize(ctx context.Context, resource, action string) (*sessiongate.Verification, error) {
	a, ok := rc.m.v.(Authorizer)
	if !ok {
		return nil, errNoAuthorizer
	}
	return rc.confirm(func(c sessiongate.Credentials) (*sessiongate.Verification, error) {
		return a.AuthorizeSession(ctx, c, resource, action)
	})
}
