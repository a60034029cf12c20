package sessiongate

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Every error a sessiongate package returns about a
// credential wraps exactly one of them, so callers decide with [errors.Is]
// and never by comparing strings. The HTTP status each one maps to is the
// middleware contract.
var (
	// ErrNoSession: the request carries no session credential (401, no error code).
	ErrNoSession = errors.New("sessiongate: no session credential")
	// ErrMalformedRequest: credentials are ambiguous or syntactically broken at the
	// HTTP level, such as an Authorization header that is not Bearer (400).
	ErrMalformedRequest = errors.New("sessiongate: malformed credential request")
	// ErrInvalidToken: the credential is malformed, forged, or not a Stytch
	// session credential for this project (401 invalid_token).
	ErrInvalidToken = errors.New("sessiongate: invalid session token")
	// ErrExpired: the JWT's exp has passed. The hybrid verifier treats it as a
	// reason to ask Stytch rather than as a final answer.
	ErrExpired = errors.New("sessiongate: session token expired")
	// ErrTooOld: the JWT is valid but older than the route's max token age.
	ErrTooOld = errors.New("sessiongate: session token older than allowed")
	// ErrUnknownKey: the JWT names a key the JWKS does not list, even after a refresh.
	ErrUnknownKey = errors.New("sessiongate: signing key not found")
	// ErrSessionNotFound: Stytch says the session is revoked, expired or unknown
	// (401 invalid_token; cookies are cleared).
	ErrSessionNotFound = errors.New("sessiongate: session not found")
	// ErrUnavailable: Stytch or the JWKS cannot be reached, timed out, or answered
	// 5xx or 429 (503 with Retry-After; cookies are kept). See [UnavailableError].
	ErrUnavailable = errors.New("sessiongate: session service unavailable")
	// ErrMisconfigured: Stytch rejected our project credentials or the
	// configuration cannot work (500 without details; operators see the cause).
	ErrMisconfigured = errors.New("sessiongate: misconfigured")
	// ErrStepUpRequired: the session is valid but the route needs a fresher or
	// stronger factor (401 insufficient_user_authentication).
	ErrStepUpRequired = errors.New("sessiongate: step-up authentication required")
	// ErrPermissionDenied: the session is valid but not authorized for the
	// request (E4, authenticated but not authorized), such as a role missing
	// a permission (403 insufficient_scope, RFC 6750 §3.1).
	ErrPermissionDenied = errors.New("sessiongate: permission denied")
)

// UnavailableError reports that a verification could not be decided because a
// dependency failed. It wraps [ErrUnavailable] and, with [errors.Is], its
// cause's sentinel too when there is one.
type UnavailableError struct {
	// RetryAfter is how long the caller should wait, from the upstream's
	// Retry-After when it sent one; zero means unknown.
	RetryAfter time.Duration
	// Err is the underlying failure, for logs. It never carries a token.
	Err error
}

// Error describes the failure without any credential.
func (e *UnavailableError) Error() string {
	if e.Err == nil {
		return ErrUnavailable.Error()
	}
	return fmt.Sprintf("%v: %v", ErrUnavailable, e.Err)
}

// Unwrap returns [ErrUnavailable] and the cause.
func (e *UnavailableError) Unwrap() []error { return []error{ErrUnavailable, e.Err} }

// RetryAfter returns the retry delay carried by err when it is, or wraps, an
// [*UnavailableError], and zero otherwise.
func RetryAfter(err error) time.Duration {
	var u *UnavailableError
	if errors.As(err, &u) {
		return u.RetryAfter
	}
	return 0
}
