package stepup

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// Check is the decision behind [Policy.Require]: it reads the session and
// its verification from ctx, re-verifies through the context's
// [sessiongate.Rechecker] when the policy's ConfirmedWithin rule is not met
// by the current verification, then evaluates the factor rules.
//
// It returns the context to continue with (carrying the re-verified session
// when a recheck happened) and nil, or an error: one wrapping
// [sessiongate.ErrNoSession] when ctx has no session; a [*RequiredError]
// when factors are missing; the Rechecker's error (wrapping
// [sessiongate.ErrSessionNotFound], [sessiongate.ErrUnavailable], …) when
// re-verification fails; and one wrapping [sessiongate.ErrMisconfigured]
// when a recheck is needed but ctx has no Rechecker (the session middleware
// is not installed in front of stepup), or the Rechecker did not deliver the
// freshness asked for.
func (p *Policy) Check(ctx context.Context) (context.Context, error) {
	ctx, _, err := p.check(ctx)
	return ctx, err
}

// check is Check, also reporting whether a recheck was asked for.
func (p *Policy) check(ctx context.Context) (_ context.Context, rechecked bool, _ error) {
	s, ok := sessiongate.FromContext(ctx)
	if !ok {
		return ctx, false, fmt.Errorf("stepup: %w", sessiongate.ErrNoSession)
	}
	if p.hasConfirm {
		v, ok := sessiongate.VerificationFromContext(ctx)
		if !ok || v.Session != s || !p.confirmedBy(v, p.now()) {
			var err error
			if ctx, err = p.recheck(ctx); err != nil {
				return ctx, true, err
			}
			s, _ = sessiongate.FromContext(ctx)
			rechecked = true
		}
	}
	return ctx, rechecked, Evaluate(s, p, p.now()).Err()
}

// recheck asks the context's Rechecker for a verification that meets the
// ConfirmedWithin rule and returns a context carrying it.
func (p *Policy) recheck(ctx context.Context) (context.Context, error) {
	rc, ok := sessiongate.RecheckerFromContext(ctx)
	if !ok {
		return ctx, fmt.Errorf("%w: stepup: the policy needs server confirmation but the request has no Rechecker; install the session middleware before stepup", sessiongate.ErrMisconfigured)
	}
	v, err := rc.Recheck(ctx, sessiongate.MaxTokenAge(p.confirm))
	if err != nil {
		return ctx, fmt.Errorf("stepup: recheck: %w", err)
	}
	if v == nil || v.Session == nil || !p.confirmedBy(v, p.now()) {
		return ctx, fmt.Errorf("%w: stepup: the Rechecker returned no verification within %v", sessiongate.ErrMisconfigured, p.confirm)
	}
	return sessiongate.NewVerificationContext(ctx, v), nil
}

// Require wraps next so that it runs only for requests whose session meets
// the policy. Use it as an alice constructor (alice.New(m.RequireSession,
// p.Require)) or directly. It must run after the session middleware, which
// puts the session, its verification and a Rechecker into the context.
//
// Failures are answered without calling next: a missing factor by the
// challenge handler (default: 303 to the step-up page for browser
// navigations when [WithStepUpURL] is set, otherwise the RFC 9470 401 of
// [WriteChallenge]); anything else by the error handler (default
// [WriteError]). Wrapping does no I/O. Require panics if p or next is
// nil, at chain-build time.
func (p *Policy) Require(next http.Handler) http.Handler {
	if p == nil || next == nil {
		panic("stepup: Require: nil policy or handler")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, rechecked, err := p.check(r.Context())
		p.observe(err, rechecked)
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

// fail dispatches err to the challenge or error handler.
func (p *Policy) fail(w http.ResponseWriter, r *http.Request, err error) {
	var req *RequiredError
	if !errors.As(err, &req) {
		if p.onError != nil {
			p.onError(w, r, err)
			return
		}
		WriteError(w, r, err)
		return
	}
	req.ReturnTo = p.returnTarget(r)
	switch {
	case p.challenge != nil:
		p.challenge(w, r, req)
	case p.stepUpURL != "" && httpcontract.IsNavigation(r):
		Redirect(w, r, p.stepUpURL, req)
	default:
		writeChallenge(w, r, req)
	}
}
