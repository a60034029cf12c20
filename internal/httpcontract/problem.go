package httpcontract

import (
	"errors"
	"net/http"
	"time"

	"github.com/sessiongate/sessiongate"
)

// ErrCrossOrigin reports an unsafe request that carries session cookies but
// comes from another origin (403). The middleware exports it as
// middleware.ErrCrossOrigin; it lives here so that every writer of the
// contract answers it the same way.
var ErrCrossOrigin = errors.New("middleware: cross-origin request with session cookies refused")

// Problem is how one error class is answered: one row of the contract.
type Problem struct {
	// Status is the HTTP status.
	Status int
	// Code is the JSON "error" and, when ChallengeError is set, the
	// WWW-Authenticate error.
	Code string
	// Description is the fixed JSON "error_description".
	Description string
	// Reason is the middleware's observer reason for the class.
	Reason string
	// Challenge reports whether the answer carries WWW-Authenticate.
	Challenge bool
	// ChallengeError reports whether WWW-Authenticate carries error=Code
	// (RFC 6750 §3.1: not when credentials are simply missing).
	ChallengeError bool
	// RetryAfter is the upstream's retry delay for a 503, zero when it
	// gave none (the Contract's default is sent then).
	RetryAfter time.Duration
}

// Body returns the standard JSON body of p.
func (p Problem) Body() Body { return Body{Error: p.Code, Description: p.Description} }

// Body is the standard JSON error body. Writers that add fields embed it.
type Body struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// Classify maps err to its contract answer by the sentinel it wraps, most
// specific first. Unknown errors are internal: 500 without detail, fail
// closed.
func Classify(err error) Problem {
	switch {
	case errors.Is(err, sessiongate.ErrUnavailable):
		return Problem{Status: http.StatusServiceUnavailable, Code: "temporarily_unavailable",
			Description: "the session service is unavailable; retry later", Reason: "unavailable", RetryAfter: sessiongate.RetryAfter(err)}
	case errors.Is(err, sessiongate.ErrMisconfigured):
		return Problem{Status: http.StatusInternalServerError, Code: "server_error", Description: "the server cannot verify sessions", Reason: "misconfigured"}
	case errors.Is(err, ErrCrossOrigin):
		return Problem{Status: http.StatusForbidden, Code: "cross_origin_request", Description: "cross-origin request refused", Reason: "cross_origin"}
	case errors.Is(err, sessiongate.ErrPermissionDenied):
		return Problem{Status: http.StatusForbidden, Code: "insufficient_scope", Description: "the session is not allowed to do this",
			Reason: "permission_denied", Challenge: true, ChallengeError: true}
	case errors.Is(err, sessiongate.ErrMalformedRequest):
		return Problem{Status: http.StatusBadRequest, Code: "invalid_request", Description: "the request's session credentials are malformed or ambiguous",
			Reason: "malformed", Challenge: true, ChallengeError: true}
	case errors.Is(err, sessiongate.ErrStepUpRequired):
		return Problem{Status: http.StatusUnauthorized, Code: "insufficient_user_authentication", Description: "a stronger or more recent authentication is required",
			Reason: "step_up", Challenge: true, ChallengeError: true}
	case errors.Is(err, sessiongate.ErrNoSession):
		return Problem{Status: http.StatusUnauthorized, Code: "login_required", Description: "a session is required", Reason: "missing", Challenge: true}
	}
	return classifyToken(err)
}

// classifyToken maps the E1 sentinels (an unusable credential) to 401
// invalid_token.
func classifyToken(err error) Problem {
	p := Problem{Status: http.StatusUnauthorized, Code: "invalid_token", Challenge: true, ChallengeError: true}
	switch {
	case errors.Is(err, sessiongate.ErrSessionNotFound):
		p.Description, p.Reason = "the session has ended", "revoked"
	case errors.Is(err, sessiongate.ErrExpired):
		p.Description, p.Reason = "the session credential has expired", "expired"
	case errors.Is(err, sessiongate.ErrTooOld):
		p.Description, p.Reason = "the session must be confirmed again", "too_old"
	case errors.Is(err, sessiongate.ErrUnknownKey):
		p.Description, p.Reason = "the session credential is invalid", "unknown_kid"
	case errors.Is(err, sessiongate.ErrInvalidToken):
		p.Description, p.Reason = "the session credential is invalid", "invalid"
	default:
		return Problem{Status: http.StatusInternalServerError, Code: "server_error", Description: "internal error", Reason: "internal"}
	}
	return p
}
