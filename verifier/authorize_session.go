package verifier

import (
	"context"

	"github.com/sessiongate/sessiongate"
)

// AuthorizeSession is [Remote.Authorize] returning only the session as
// Stytch confirmed it, with the fresh JWT: the form the session
// middleware's per-request Rechecker calls (middleware.Authorizer), which
// the rbac package's middleware uses to confirm a local denial.
func (r *Remote) AuthorizeSession(ctx context.Context, c sessiongate.Credentials, resource, action string) (*sessiongate.Verification, error) {
	verdict, err := r.Authorize(ctx, c, resource, action)
	if err != nil {
		return nil, err
	}
	return verdict.Verification, nil
}

// AuthorizeSession is [Verifier.Authorize] returning only the confirmed
// session; see [Remote.AuthorizeSession].
func (v *Verifier) AuthorizeSession(ctx context.Context, c sessiongate.Credentials, resource, action string) (*sessiongate.Verification, error) {
	return v.remote.AuthorizeSession(ctx, c, resource, action)
}
