package verifier

import (
	"context"
	"errors"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Extend resets the expiry of c's session; see [Remote.Extend]. The answer
// is checked like a remote verification's (see [Verifier.Verify]).
func (v *Verifier) Extend(ctx context.Context, c sessiongate.Credentials, d time.Duration) (*sessiongate.Verification, error) {
	if err := v.changeable(c); err != nil {
		return nil, err
	}
	res, err := v.remote.Extend(ctx, c, d)
	return v.checkAnswer(ctx, res, err)
}

// UpdateClaims changes the custom claims of c's session; see
// [Remote.UpdateClaims]. The JWT c carried keeps its old claims until it
// expires: hand the fresh one to the client. The answer is checked like a
// remote verification's.
func (v *Verifier) UpdateClaims(ctx context.Context, c sessiongate.Credentials, patch map[string]any) (*sessiongate.Verification, error) {
	if err := v.changeable(c); err != nil {
		return nil, err
	}
	res, err := v.remote.UpdateClaims(ctx, c, patch)
	return v.checkAnswer(ctx, res, err)
}

// changeable refuses to change a session logged out through this verifier
// whose revoke is still pending.
func (v *Verifier) changeable(c sessiongate.Credentials) error {
	if v.revokes.has(c) {
		return notFound("session logged out through this verifier; revoke pending")
	}
	return nil
}

// Sessions lists the active sessions of userID; see [Remote.Sessions].
func (v *Verifier) Sessions(ctx context.Context, userID string) ([]sessiongate.Session, error) {
	return v.remote.Sessions(ctx, userID)
}

// User fetches the user userID; see [Remote.User].
func (v *Verifier) User(ctx context.Context, userID string) (*sessiongate.User, error) {
	return v.remote.User(ctx, userID)
}

// RevokeSession revokes the session sessionID at Stytch (see
// [Remote.RevokeSession]) and, once Stytch says it is gone, makes this
// process reject every JWT of that session at once, as [Verifier.Revoke]
// does, and publishes the revocation ([WithRevocationPublisher]).
func (v *Verifier) RevokeSession(ctx context.Context, sessionID string) error {
	err := v.remote.RevokeSession(ctx, sessionID)
	if err == nil || errors.Is(err, sessiongate.ErrSessionNotFound) {
		v.denyShared("", sessionID, v.revokeHorizon())
	}
	return err
}
