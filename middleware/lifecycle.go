package middleware

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/claims"
)

// SessionManager changes sessions at Stytch, for the request's
// [sessiongate.Lifecycle], which calls the Middleware's Verifier when it
// is one (the verifier package's Verifier and Remote are; a wrapper around
// them must forward these methods too). Errors must wrap the sessiongate
// sentinels.
type SessionManager interface {
	// Extend resets the expiry of c's session to now + d (0: the
	// configured duration) and returns the confirmed session with fresh
	// credentials.
	Extend(ctx context.Context, c sessiongate.Credentials, d time.Duration) (*sessiongate.Verification, error)
	// UpdateClaims merges patch into c's session's custom claims (a nil
	// value deletes) and returns the session with a fresh JWT.
	UpdateClaims(ctx context.Context, c sessiongate.Credentials, patch map[string]any) (*sessiongate.Verification, error)
	// User fetches a user.
	User(ctx context.Context, userID string) (*sessiongate.User, error)
	// Sessions lists a user's active sessions.
	Sessions(ctx context.Context, userID string) ([]sessiongate.Session, error)
	// RevokeSession revokes a session by id.
	RevokeSession(ctx context.Context, sessionID string) error
}

var errNoManager = fmt.Errorf("%w: middleware: no SessionManager (the verifier does not manage sessions)", sessiongate.ErrMisconfigured)

var errOtherSession = fmt.Errorf("%w: middleware: Stytch answered for another session", sessiongate.ErrUnavailable)

// Extend implements [sessiongate.Lifecycle].
func (rc *recheck) Extend(ctx context.Context, d time.Duration) (*sessiongate.Verification, error) {
	return rc.change(func(l SessionManager, c sessiongate.Credentials) (*sessiongate.Verification, error) {
		return l.Extend(ctx, c, d)
	})
}

// SetClaims implements [sessiongate.Lifecycle].
func (rc *recheck) SetClaims(ctx context.Context, set map[string]any) (*sessiongate.Verification, error) {
	patch := make(map[string]any, len(set))
	for name, value := range set {
		patch[name] = value
	}
	return rc.updateClaims(ctx, patch)
}

// DeleteClaims implements [sessiongate.Lifecycle].
func (rc *recheck) DeleteClaims(ctx context.Context, names ...string) (*sessiongate.Verification, error) {
	patch := make(map[string]any, len(names))
	for _, name := range names {
		patch[name] = nil
	}
	return rc.updateClaims(ctx, patch)
}

func (rc *recheck) updateClaims(ctx context.Context, patch map[string]any) (*sessiongate.Verification, error) {
	if len(patch) == 0 {
		return nil, fmt.Errorf("%w: middleware: no custom claims to change", sessiongate.ErrMalformedRequest)
	}
	for name := range patch {
		if claims.IsRegistered(name) || claims.IsStytch(name) {
			return nil, &sessiongate.ReservedClaimError{Name: name}
		}
	}
	return rc.change(func(l SessionManager, c sessiongate.Credentials) (*sessiongate.Verification, error) {
		return l.UpdateClaims(ctx, c, patch)
	})
}

// change makes one session-changing call with the request's credentials
// and, only when Stytch accepted it, hands the fresh credentials to the
// client and updates the request's session in place.
func (rc *recheck) change(call func(SessionManager, sessiongate.Credentials) (*sessiongate.Verification, error)) (*sessiongate.Verification, error) {
	l := rc.m.manager()
	if l == nil {
		return nil, errNoManager
	}
	return rc.confirm(func(c sessiongate.Credentials) (*sessiongate.Verification, error) { return call(l, c) })
}

// confirm makes one call to Stytch that confirms the session with the
// request's credentials and, only when Stytch accepted it, hands the fresh
// credentials to the client and updates the request's session in place.
func (rc *recheck) confirm(call func(sessiongate.Credentials) (*sessiongate.Verification, error)) (*sessiongate.Verification, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	v, err := call(rc.credentials())
	switch {
	case err != nil:
		rc.clearIfGone(err)
		return nil, err
	case v == nil || v.Session == nil:
		return nil, errNoSessionFromVerifier
	case v.Session.SessionID != rc.v.Session.SessionID:
		return nil, errOtherSession
	}
	rc.deliver(v)
	if v.JWT != "" {
		rc.jwt = v.JWT
	}
	if v.Token != "" {
		rc.token = v.Token
	}
	rc.adopt(v)
	return v, nil
}

// adopt makes v the request's verification: the session in the request's
// context (and the one a recheck put there) now reads as v's. rc.mu is held.
func (rc *recheck) adopt(v *sessiongate.Verification) {
	if s := rc.ctx.Session(); s != nil && s != v.Session {
		*s = *v.Session
	}
	if s := rc.v.Session; s != v.Session {
		*s = *v.Session
	}
	rc.v, rc.confirmed = v, true
}

// clearIfGone clears cookie credentials when Stytch says the session has
// ended. rc.mu is held.
func (rc *recheck) clearIfGone(err error) {
	if rc.fromCookies && errors.Is(err, sessiongate.ErrSessionNotFound) && !errors.Is(err, sessiongate.ErrUnavailable) {
		rc.m.clearCookies(rc.w, &rc.req)
	}
}

// current returns the request's session id and user id.
func (rc *recheck) current() (sessionID, userID string, user *sessiongate.User) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.v.Session.SessionID, rc.v.Session.UserID, rc.v.User
}

// manager returns the Verifier as a SessionManager, or nil.
func (m *Middleware) manager() SessionManager {
	l, _ := m.v.(SessionManager)
	return l
}

var _ sessiongate.Lifecycle = (*recheck)(nil)
