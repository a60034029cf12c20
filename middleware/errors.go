package middleware

import (
	"errors"
	"net/http"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// problem is what the middleware's own code reads of an error's contract
// answer (see [httpcontract.Classify]): its status, error code and
// observer reason.
type problem struct {
	status int
	code   string
	reason Reason
}

// classify maps an error to its contract answer. A sealed cookie that
// cannot be opened is answered like a missing session but observed apart.
func classify(err error) problem {
	p := httpcontract.Classify(err)
	reason := Reason(p.Reason)
	if reason == ReasonMissing && errors.Is(err, cookie.ErrUnreadable) {
		reason = ReasonUnreadable
	}
	return problem{status: p.Status, code: p.Code, reason: reason}
}

// clears reports whether a failure from cookie credentials removes the
// cookies: the credential is unusable for good (E1), not when the service
// is down (E5), the request ambiguous (E2) or the session merely not fresh
// enough.
func clears(err error) bool {
	for _, target := range []error{sessiongate.ErrSessionNotFound, sessiongate.ErrInvalidToken,
		sessiongate.ErrExpired, sessiongate.ErrUnknownKey, cookie.ErrUnreadable} {
		if errors.Is(err, target) && !errors.Is(err, sessiongate.ErrUnavailable) {
			return true
		}
	}
	return false
}

// anonymous reports whether an optional route serves the request as
// anonymous after a failure answered with p: credential problems do,
// service failures do not.
func (p problem) anonymous() bool {
	return p.status != http.StatusServiceUnavailable && p.status != http.StatusInternalServerError
}

// outcome is the observed outcome of a refusal answered with p: failed for
// a server-side status, denied otherwise.
func (p problem) outcome() Outcome {
	if p.status >= http.StatusInternalServerError {
		return OutcomeFailed
	}
	return OutcomeDenied
}

// clearCookies expires the session cookies on w, and keeps the response
// out of caches.
func (m *Middleware) clearCookies(w http.ResponseWriter, r *http.Request) {
	m.cookies.Clear(w, r)
	w.Header().Set("Cache-Control", "no-store")
}

// contract returns the answers' parameters: the realm and the default
// Retry-After of m's options.
func (m *Middleware) contract() httpcontract.Contract {
	return httpcontract.Contract{Realm: m.o.realm, RetryAfter: m.o.retryAfter}
}

// WriteError writes the contract response for err: the status of its
// class, a JSON body {"error": ..., "error_description": ...} with fixed
// text (never err's message nor a credential), Cache-Control: no-store,
// WWW-Authenticate on 400, 401 and 403 insufficient_scope, and Retry-After
// on 503. Custom error handlers ([WithErrorHandler]) may call it as a
// fallback.
func (m *Middleware) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	m.contract().WriteError(w, r, err)
}

// retryAfter returns the Retry-After value for err: the upstream's delay,
// else m's default, in whole seconds rounded up.
func (m *Middleware) retryAfter(err error) string {
	return m.contract().RetryAfterValue(sessiongate.RetryAfter(err))
}

// defaultErrorHandler redirects browser navigations to the login page when
// one is configured, and writes the contract response otherwise.
func (m *Middleware) defaultErrorHandler(w http.ResponseWriter, r *http.Request, err error) {
	if m.login != nil && classify(err).status == http.StatusUnauthorized && httpcontract.IsNavigation(r) {
		m.redirectToLogin(w, r)
		return
	}
	m.WriteError(w, r, err)
}
