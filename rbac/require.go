package rbac

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// Check decides whether the session in ctx (put there by the session
// middleware) may take action on resource under the current policy, locally.
// It returns nil when it may, a [*DeniedError] when it may not,
// [sessiongate.ErrNoSession] when ctx carries no session, and the errors of
// [Cache.Policy] (wrapping [sessiongate.ErrUnavailable]) when no policy is
// usable. An allowed check does not allocate.
func (c *Cache) Check(ctx context.Context, resource, action string) error {
	s, ok := sessiongate.FromContext(ctx)
	if !ok {
		return fmt.Errorf("rbac: %w", sessiongate.ErrNoSession)
	}
	p, err := c.Policy(ctx)
	if err != nil {
		return err
	}
	if !Allows(s, p, resource, action) {
		return &DeniedError{Resource: resource, Action: action}
	}
	return nil
}

// RequirePermission is [New] for use in a chain: it returns the check's
// [Permission.Require]. It panics when New fails, which happens when the
// chain is built, never per request.
func (c *Cache) RequirePermission(resource, action string, opts ...Option) func(http.Handler) http.Handler {
	p, err := New(c, resource, action, opts...)
	if err != nil {
		panic(err.Error())
	}
	return p.Require
}

// Check is the decision behind [Permission.Require]: the local check of
// [Cache.Check], then, on a local denial and unless [WithoutRemoteConfirm]
// is set, a confirmation with Stytch through the request's [Authorizer]
// (roles may have been granted since the session's JWT was minted).
//
// It returns the context to continue with (carrying Stytch's fresh
// verification after a remote grant) and nil, or an error: a [*DeniedError]
// when the permission is refused, or the errors of [Cache.Check] and of the
// Authorizer (the session has ended, Stytch is unavailable).
func (p *Permission) Check(ctx context.Context) (context.Context, error) {
	ctx, _, err := p.check(ctx)
	return ctx, err
}

// check is Check, also reporting whether Stytch was asked.
func (p *Permission) check(ctx context.Context) (_ context.Context, remote bool, _ error) {
	err := p.cache.Check(ctx, p.resource, p.action)
	if err == nil || p.noRemote {
		return ctx, false, err
	}
	if _, denied := err.(*DeniedError); !denied { // Cache.Check returns it unwrapped
		return ctx, false, err
	}
	a, ok := authorizerFrom(ctx)
	if !ok {
		return ctx, false, err
	}
	v, err := a.Authorize(ctx, p.resource, p.action)
	switch {
	case errors.Is(err, sessiongate.ErrPermissionDenied):
		return ctx, true, &DeniedError{Resource: p.resource, Action: p.action, Remote: true}
	case err != nil:
		return ctx, true, fmt.Errorf("rbac: confirming with Stytch: %w", err)
	case v == nil || v.Session == nil:
		return ctx, true, fmt.Errorf("%w: rbac: the Authorizer returned no verification", sessiongate.ErrMisconfigured)
	}
	return sessiongate.NewVerificationContext(ctx, v), true, nil
}

// Require wraps next so that it runs only for requests whose session may
// take the action on the resource ([Permission.Check]). Use it as an alice
// constructor (alice.New(sess.RequireSession, p.Require)) after the session
// middleware, which puts the session and the request's [Authorizer] in the
// context. Refusals are answered without calling next:
//
//   - a denial: browser navigations get the denied handler's page
//     ([WithDeniedHandler], default [WriteDeniedPage]); API requests get
//     [WriteDenied]'s 403 with WWW-Authenticate: Bearer error="insufficient_scope";
//   - anything else by [WriteError] (401 without a session, 503 with
//     Retry-After when no policy is usable or Stytch is down, 500 otherwise).
//
// Require panics if p or next is nil, at chain-build time.
func (p *Permission) Require(next http.Handler) http.Handler {
	if p == nil || next == nil {
		panic("rbac: Require: nil permission or handler")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, remote, err := p.check(r.Context())
		p.observe(err, remote)
		if err != nil {
			p.fail(w, r, err)
			return
		}
		if ctx != r.Context() {
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

// fail answers a refused or failed check.
func (p *Permission) fail(w http.ResponseWriter, r *http.Request, err error) {
	var denied *DeniedError
	switch {
	case !errors.As(err, &denied):
		WriteError(w, r, err)
	case !httpcontract.IsNavigation(r):
		WriteDenied(w, r, denied)
	case p.denied != nil:
		p.denied(w, r, denied)
	default:
		WriteDeniedPage(w, r, denied)
	}
}

// Authorizer confirms a permission with Stytch for the current request's
// session (sessions/authenticate with authorization_check), and hands the
// fresh credentials Stytch issued back to the client. Only the session
// middleware knows the request's credentials: its per-request
// [sessiongate.Rechecker] implements Authorizer when its Verifier can
// authorize (the verifier package's can). It returns an error wrapping
// [sessiongate.ErrPermissionDenied] when Stytch refuses.
type Authorizer interface {
	Authorize(ctx context.Context, resource, action string) (*sessiongate.Verification, error)
}

// authorizerFrom returns the request's Authorizer.
func authorizerFrom(ctx context.Context) (Authorizer, bool) {
	rc, ok := sessiongate.RecheckerFromContext(ctx)
	if !ok {
		return nil, false
	}
	a, ok := rc.(Authorizer)
	return a, ok
}
