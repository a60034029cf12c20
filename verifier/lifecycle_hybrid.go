package verifier

import (
	"context"
	"errors"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Extend resets the expiry of c's session; see [Remote.Extend].
func (v *Verifier) Extend(ctx context.Context, c sessiongate.Credentials, d time.Duration) (*sessiongate.Verification, error) {
	return v.remote.Extend(ctx, c, d)
}

// UpdateClaims changes the custom claims of c's session; see
// [Remote.UpdateClaims]. The JWT c carried keeps its old claims until it
// expires: hand the fresh one to the client.
func (v *Verifier) UpdateClaims(ctx context.Context, c sessiongate.Credentials, patch map[string]any) (*sessiongate.Verification, error) {
	return v.remote.UpdateClaims(ctx, c, patch)
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
// does.
func (v *Verifier) RevokeSession(ctx context.Context, sessionID string) error {
	err := v.remote.RevokeSession(ctx, sessionID)
	if err == nil || errors.Is(err, sessiongate.ErrSessionNotFound) {
		v.local.deny("", sessionID)
	}
	return err
}
