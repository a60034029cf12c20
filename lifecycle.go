package sessiongate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sessiongate/sessiongate/internal/reqctx"
)

// ErrNoSuchSession: a session id given to [Lifecycle.RevokeSession] names
// no active session of the current user. Answer it with 404, not 403: a
// session id of another user must not be told apart from an unknown one.
var ErrNoSuchSession = errors.New("sessiongate: no such session of the current user")

// ReservedClaimError refuses a custom claim name that Stytch reserves: the
// registered JWT claims iss, sub, aud, exp, nbf, iat, jti and every name
// starting with "https://stytch.com/". It is returned before any call to
// Stytch and wraps [ErrMalformedRequest].
type ReservedClaimError struct {
	// Name is the refused claim name.
	Name string
}

// Error names the refused claim.
func (e *ReservedClaimError) Error() string {
	return fmt.Sprintf("sessiongate: custom claim name %q is reserved", e.Name)
}

// Unwrap returns [ErrMalformedRequest].
func (e *ReservedClaimError) Unwrap() error { return ErrMalformedRequest }

// ActiveSession is one active session of the current user, as
// [Lifecycle.Sessions] lists it. It never carries a credential.
type ActiveSession struct {
	Session
	// Current marks the session of the request that asked.
	Current bool `json:"current"`
}

// Lifecycle manages the current request's session and its user's other
// sessions with Stytch. The middleware's Rechecker implements it; get it
// with [LifecycleFromContext]. Every method that changes the session hands
// the fresh credentials Stytch issued back to the client (cookies or
// response headers) before the response's first byte, the way a refresh
// does; call them before writing the response. They also update the
// request's session in place, so [FromContext] reads the new claims and
// expiry: do not read that session from another goroutine meanwhile. When
// Stytch refuses or cannot be reached, nothing is changed on the client. Errors wrap the
// sentinels: [ErrUnavailable] for Stytch 5xx, 429 and timeouts (answer 503
// with Retry-After), [ErrSessionNotFound] when the session has ended.
type Lifecycle interface {
	// Extend asks Stytch to reset the session's expiry to now + d (d of at
	// least 5 minutes; 0 uses the verifier's configured session duration).
	Extend(ctx context.Context, d time.Duration) (*Verification, error)
	// SetClaims merges claims into the session's custom claims. A reserved
	// name is refused with a [*ReservedClaimError] before any call.
	SetClaims(ctx context.Context, claims map[string]any) (*Verification, error)
	// DeleteClaims removes the named custom claims, refusing reserved names
	// like SetClaims.
	DeleteClaims(ctx context.Context, names ...string) (*Verification, error)
	// User returns the session's user: the one Stytch sent when it verified
	// the session during this request, else fetched from Stytch now.
	User(ctx context.Context) (*User, error)
	// Sessions lists the user's active sessions, the current one marked.
	Sessions(ctx context.Context) ([]ActiveSession, error)
	// RevokeSession ends the user's session sessionID. An id that is not one
	// of the user's active sessions is refused with [ErrNoSuchSession]
	// without revoking anything. Revoking the current session also clears
	// the request's session cookies.
	RevokeSession(ctx context.Context, sessionID string) error
	// RevokeOtherSessions ends every active session of the user but the
	// current one and returns how many it ended.
	RevokeOtherSessions(ctx context.Context) (int, error)
}

// LifecycleFromContext returns the [Lifecycle] of the request's session,
// and false when the context has none (no session middleware ran, or its
// Rechecker does not manage sessions).
func LifecycleFromContext(ctx context.Context) (Lifecycle, bool) {
	l, ok := ctx.Value(reqctx.RecheckKey{}).(Lifecycle)
	return l, ok && l != nil
}
