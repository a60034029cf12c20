package verifier

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/claims"
)

// Revoke revokes c's session at Stytch (by token when present, else by JWT)
// and makes this process refuse the session at once: every JWT of it, when
// c's JWT is genuine, and the credential itself. A forged or foreign JWT
// never denies anyone's session.
//
// When Stytch confirms, the session is refused here until every JWT it had
// has expired (other processes accept them until then, within five
// minutes). When Stytch says the session is already gone, Revoke returns
// ErrSessionNotFound.
//
// When Stytch cannot be reached, Revoke returns an
// [*sessiongate.UnavailableError] (wrapped in an error whose RevokePending
// method reports true when the revoke was queued), the session is refused
// here at once all the same, and the revoke is retried in the background,
// with backoff (1 s doubling to 1 min, or Stytch's Retry-After), until
// Stytch confirms it, the session has expired (at most 24 hours when no
// verified JWT told its expiry), Stytch refuses it for another reason, or
// the ctx given to [New] ends. Until then the session stays refused here.
// At most 1,024 revokes wait at a time; beyond that a revoke is not
// retried (RevokePending is false) and its session is refused here only
// until its JWTs expire. [Stats] counts pending, retried, confirmed and
// abandoned revokes.
func (v *Verifier) Revoke(ctx context.Context, c sessiongate.Credentials) error {
	err := v.remote.Revoke(ctx, c)
	switch {
	case errors.Is(err, sessiongate.ErrUnavailable):
		return v.revokeLater(ctx, c, err)
	case err != nil && !errors.Is(err, sessiongate.ErrSessionNotFound):
		return err
	}
	v.denyRevoked(ctx, c)
	return err
}

// denyRevoked denies c.JWT's session locally once Stytch says it is gone:
// directly when the JWT itself was revoked, else by asking Stytch about it.
func (v *Verifier) denyRevoked(ctx context.Context, c sessiongate.Credentials) {
	sid, _ := v.local.verifiedSession(ctx, c.JWT)
	if sid == "" {
		return
	}
	if c.Token != "" {
		_, err := v.remote.Verify(ctx, sessiongate.Credentials{JWT: c.JWT}, sessiongate.ConfirmWithServer())
		if !errors.Is(err, sessiongate.ErrSessionNotFound) {
			return
		}
	}
	v.local.deny(c.JWT, sid, v.jwtHorizon())
}

// revokeLater handles a revoke that found Stytch unavailable (cause): it
// queues its retry and denies the session of c's JWT, when genuine, until
// the retry can no longer matter.
func (v *Verifier) revokeLater(ctx context.Context, c sessiongate.Credentials, cause error) error {
	now := v.local.now()
	sid, expires := v.local.verifiedSession(ctx, c.JWT)
	until := now.Add(maxRevokeHorizon)
	if sid != "" && expires.Before(until) {
		until = expires
	}
	sent := sessiongate.Credentials{Token: strings.Clone(c.Token)}
	if c.Token == "" {
		sent.JWT = strings.Clone(c.JWT)
	}
	queued := v.revokes.add(credentialKey(c), &pendingRevoke{creds: sent, sessionID: sid, until: until})
	if sid != "" {
		deny := v.jwtHorizon()
		if queued {
			deny = later(deny, until.Add(v.local.leeway))
		}
		v.local.deny(c.JWT, sid, deny)
	}
	if !queued {
		return cause
	}
	return &revokePendingError{cause}
}

// confirmRevoke is called when a retried revoke is confirmed: its session
// stays denied until the JWTs it had before have expired.
func (v *Verifier) confirmRevoke(p *pendingRevoke) {
	if p.sessionID != "" {
		v.local.revoked.set(p.sessionID, v.jwtHorizon(), v.local.now())
	}
}

// jwtHorizon is when every JWT issued until now has expired, leeway included.
func (v *Verifier) jwtHorizon() time.Time {
	return v.local.now().Add(claims.Lifetime + 2*v.local.leeway)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// revokePendingError is the error of a revoke that found Stytch
// unavailable and will be retried in the background. It is an
// [*sessiongate.UnavailableError] for errors.Is and errors.As.
type revokePendingError struct{ err error }

func (e *revokePendingError) Error() string {
	return e.err.Error() + " (revoke pending, will be retried)"
}

func (e *revokePendingError) Unwrap() error { return e.err }

// RevokePending reports that the revoke will be retried in the background.
func (e *revokePendingError) RevokePending() bool { return true }
