package middleware

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
	"github.com/sessiongate/sessiongate/internal/reqctx"
)

// recheck is the request's [sessiongate.Rechecker]: it re-verifies the
// request's credentials with a stricter freshness and hands fresh
// credentials back to the client.
type recheck struct {
	m *Middleware
	w http.ResponseWriter

	mu sync.Mutex
	// jwt and token are the credentials later rechecks send (the bound
	// session id is not kept: the first decision checked it, and a session
	// cannot change under its credentials).
	jwt, token string
	v          *sessiongate.Verification
	confirmed  bool // Stytch confirmed the session during this request
	// fromCookies: the credentials came from cookies, else from a header
	// (a bool rather than a CredentialSource keeps rc in a smaller size
	// class).
	fromCookies bool

	// Per-request storage allocated with rc: the request's context, the
	// Vary header's value (see Middleware.vary), the request the next
	// handler gets (see withContext; rc's Recheck reads it too) and the
	// request's own copy of a verifier's shared (cached) answer.
	ctx  reqctx.Carrier[sessiongate.Session, sessiongate.Verification, recheck]
	vary [1]string
	req  http.Request
	own  owned
}

// credentials returns what the next recheck sends.
func (rc *recheck) credentials() sessiongate.Credentials {
	return sessiongate.Credentials{JWT: rc.jwt, Token: rc.token}
}

// source says where the request's credentials came from.
func (rc *recheck) source() CredentialSource {
	if rc.fromCookies {
		return CredentialCookie
	}
	return CredentialHeader
}

// owned is storage for a private copy of a Verification and its Session.
type owned struct {
	v sessiongate.Verification
	s sessiongate.Session
}

// copyOf fills o with a copy of v and of v's session, which a
// caching verifier shares between requests, and returns the copy: what a
// handler changes in it stays in its request.
func (o *owned) copyOf(v *sessiongate.Verification) *sessiongate.Verification {
	o.s = *v.Session
	o.v = *v
	o.v.Session = &o.s
	return &o.v
}

// withContext returns r with ctx, like r.WithContext(ctx), but stored in
// rc: the copy WithContext makes stays on the stack (it is inlined and does
// not escape), which saves the request a heap allocation.
func (rc *recheck) withContext(r *http.Request, ctx context.Context) *http.Request {
	rc.req = *r.WithContext(ctx)
	return &rc.req
}

// Recheck verifies the request's credentials again with f. On success the
// fresh credentials are set on the response (headers not yet sent); when
// Stytch says the session is gone, cookie credentials are cleared. Errors
// wrap the sessiongate sentinels.
func (rc *recheck) Recheck(ctx context.Context, f sessiongate.Freshness) (*sessiongate.Verification, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	start := rc.m.start()
	v, err := rc.m.v.Verify(ctx, rc.credentials(), f)
	if err == nil && (v == nil || v.Session == nil) {
		v, err = nil, errNoSessionFromVerifier
	}
	if err != nil {
		cleared := rc.fromCookies && clears(err)
		if cleared {
			rc.m.clearCookies(rc.w, &rc.req)
		}
		p := classify(err)
		rc.m.observe(Event{Outcome: p.outcome(), Reason: p.reason, Credential: rc.source(), Status: p.status,
			Latency: rc.m.since(start), CookiesCleared: cleared, Recheck: true})
		return nil, err
	}
	fallback := rc.deliver(v)
	rc.m.observe(Event{Outcome: OutcomeAllowed, Reason: ReasonOK, Credential: rc.source(), Source: v.Source,
		Latency: rc.m.since(start), Refreshed: v.JWT != "" || v.Token != "", CookieFallback: fallback, Recheck: true})
	if v.JWT != "" {
		rc.jwt = v.JWT
	}
	if v.Token != "" {
		rc.token = v.Token
	}
	rc.v, rc.confirmed = v, rc.confirmed || v.Source == sessiongate.SourceRemote
	return v, nil
}

// satisfies reports whether the session verified so far meets f without
// asking again.
func (rc *recheck) satisfies(f sessiongate.Freshness, now time.Time) bool {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.confirmed {
		return true
	}
	d, set := f.MaxAge()
	return set && d > 0 && !rc.v.ConfirmedAt.IsZero() && now.Sub(rc.v.ConfirmedAt) <= d
}

// deliver hands v's fresh credentials to the client: through the pending
// lazy writer when there is one, else straight into the response headers
// (which the handler has normally not sent yet).
func (rc *recheck) deliver(v *sessiongate.Verification) bool {
	if v.JWT == "" && v.Token == "" {
		return false
	}
	if lw, ok := rc.w.(*lazyWriter); ok && !lw.done {
		lw.v, lw.creds = v, rc.credentials()
		return rc.m.fallback(&rc.req, rc.source(), v)
	}
	return rc.m.emit(rc.w.Header(), &rc.req, rc.source(), rc.credentials(), v)
}

// HTTPContract returns the realm and default Retry-After of the middleware
// that put rc in the request's context. The stepup package's default error
// writer reads it, so a policy after this middleware in a chain answers
// with the same realm without extra wiring. Its result type is internal:
// no type outside this module can implement the method.
func (rc *recheck) HTTPContract() httpcontract.Contract { return rc.m.contract() }
