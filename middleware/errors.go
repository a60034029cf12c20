package middleware

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
)

// ErrorHandler writes the response for a request the middleware refuses.
// err wraps a sessiongate sentinel or [ErrCrossOrigin]; never write it to
// the client.
type ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)

// problem is how one error class is answered.
type problem struct {
	status int
	code   string // JSON "error" and, for 400/401, the WWW-Authenticate error
	desc   string
	reason Reason
	// challenge reports whether WWW-Authenticate carries the error code
	// (RFC 6750 §3.1: not when credentials are simply missing).
	challenge bool
}

// classify maps an error to its contract response, most specific first.
// Unknown errors are internal: 500 without detail, fail closed.
func classify(err error) problem {
	switch {
	case errors.Is(err, sessiongate.ErrUnavailable):
		return problem{http.StatusServiceUnavailable, "temporarily_unavailable", "the session service is unavailable; retry later", ReasonUnavailable, false}
	case errors.Is(err, sessiongate.ErrMisconfigured):
		return problem{http.StatusInternalServerError, "server_error", "the server cannot verify sessions", ReasonMisconfigured, false}
	case errors.Is(err, ErrCrossOrigin):
		return problem{http.StatusForbidden, "cross_origin_request", "cross-origin request refused", ReasonCrossOrigin, false}
	case errors.Is(err, sessiongate.ErrMalformedRequest):
		return problem{http.StatusBadRequest, "invalid_request", "the request's session credentials are malformed or ambiguous", ReasonMalformed, true}
	case errors.Is(err, sessiongate.ErrStepUpRequired):
		return problem{http.StatusUnauthorized, "insufficient_user_authentication", "a stronger or more recent authentication is required", ReasonStepUp, true}
	case errors.Is(err, cookie.ErrUnreadable):
		return problem{http.StatusUnauthorized, "login_required", "a session is required", ReasonUnreadable, false}
	case errors.Is(err, sessiongate.ErrNoSession):
		return problem{http.StatusUnauthorized, "login_required", "a session is required", ReasonMissing, false}
	}
	return classifyToken(err)
}

func classifyToken(err error) problem {
	p := problem{status: http.StatusUnauthorized, code: "invalid_token", challenge: true}
	switch {
	case errors.Is(err, sessiongate.ErrSessionNotFound):
		p.desc, p.reason = "the session has ended", ReasonRevoked
	case errors.Is(err, sessiongate.ErrExpired):
		p.desc, p.reason = "the session credential has expired", ReasonExpired
	case errors.Is(err, sessiongate.ErrTooOld):
		p.desc, p.reason = "the session must be confirmed again", ReasonTooOld
	case errors.Is(err, sessiongate.ErrUnknownKey):
		p.desc, p.reason = "the session credential is invalid", ReasonUnknownKey
	case errors.Is(err, sessiongate.ErrInvalidToken):
		p.desc, p.reason = "the session credential is invalid", ReasonInvalid
	default:
		return problem{http.StatusInternalServerError, "server_error", "internal error", ReasonInternal, false}
	}
	return p
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
// anonymous after err: credential problems do, service failures do not.
func anonymous(err error) bool {
	switch classify(err).status {
	case http.StatusServiceUnavailable, http.StatusInternalServerError:
		return false
	}
	return true
}

type errorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// WriteError writes the contract response for err: the status of its
// class, a JSON body {"error": ..., "error_description": ...} with fixed
// text (never err's message nor a credential), Cache-Control: no-store,
// WWW-Authenticate on 400 and 401, and Retry-After on 503. Custom
// [ErrorHandler]s may call it as a fallback.
func (m *Middleware) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	p := classify(err)
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	switch p.status {
	case http.StatusUnauthorized, http.StatusBadRequest:
		h.Set("WWW-Authenticate", m.challenge(p))
	case http.StatusServiceUnavailable:
		h.Set("Retry-After", m.retryAfter(err))
	}
	body, _ := json.Marshal(errorBody{Error: p.code, Description: p.desc})
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(append(body, '\n'))
	}
}

func (m *Middleware) challenge(p problem) string {
	c := `Bearer realm="` + m.o.realm + `"`
	if p.challenge {
		c += `, error="` + p.code + `"`
	}
	return c
}

func (m *Middleware) retryAfter(err error) string {
	d := sessiongate.RetryAfter(err)
	if d <= 0 {
		d = m.o.retryAfter
	}
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

// defaultErrorHandler redirects browser navigations to the login page when
// one is configured, and writes the contract response otherwise.
func (m *Middleware) defaultErrorHandler(w http.ResponseWriter, r *http.Request, err error) {
	if m.login != nil && classify(err).status == http.StatusUnauthorized && isNavigation(r) {
		m.redirectToLogin(w, r)
		return
	}
	m.WriteError(w, r, err)
}
