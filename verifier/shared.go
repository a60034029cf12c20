package verifier

import (
	"context"
	"errors"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/sessionjwt"
)

// RevocationPublisher shares the revocations a [Verifier] makes with the
// other instances of an application (see contrib/sessionredis). Plug one in
// with [WithRevocationPublisher]; without one, revocations stay in the
// process that made them.
type RevocationPublisher interface {
	// PublishRevocation is called when a revoke made through this verifier
	// (a logout, a session Stytch reported gone) makes it refuse every JWT
	// of sessionID until until. It is called on the revoking request's
	// path, never on a plain verified request's, and must not block:
	// queue the revocation and return.
	PublishRevocation(sessionID string, until time.Time)
}

// SharedCache is a store of remote verifications shared between the
// instances of an application (see contrib/sessionredis), used, when the
// remote cache is enabled ([WithRemoteCacheTTL]), after a miss in this
// process's own cache. Keys are hex digests of the credential, never the
// credential; values are the verifier's serialised answers, holding
// neither the session token nor a JWT. The store must authenticate what it
// returns (the verifier trusts a value it gets back as it trusts Stytch's
// answer) and should answer a miss, quickly, on any failure: Load is on
// the path of a request that would otherwise call Stytch.
type SharedCache interface {
	// Load returns the value stored under key, or false.
	Load(ctx context.Context, key string) ([]byte, bool)
	// Store stores value under key for ttl, filed under sessionID so that
	// a revocation of the session can evict it.
	Store(ctx context.Context, key, sessionID string, value []byte, ttl time.Duration)
	// Forget removes key: its credential was revoked.
	Forget(ctx context.Context, key string)
}

// WithRevocationPublisher makes the verifier publish its revocations
// through p (see [RevocationPublisher]); apply revocations learned from
// other instances with [Verifier.Deny].
//
// It configures the hybrid verifier: [New] only.
func WithRevocationPublisher(p RevocationPublisher) Option {
	return func(o *options) {
		o.only("WithRevocationPublisher", forLocal)
		o.only("WithRevocationPublisher", forRemote)
		o.publisher = p
	}
}

// WithSharedRemoteCache shares the remote cache ([WithRemoteCacheTTL],
// which it needs) with other instances through c: an answer one instance
// got from Stytch serves the others until the TTL (from Stytch's
// confirmation) ends, unless the session is revoked meanwhile.
//
// It configures calls to Stytch's API: [New] and [NewRemote] only.
func WithSharedRemoteCache(c SharedCache) Option {
	return func(o *options) { o.only("WithSharedRemoteCache", forRemote); o.shared = c }
}

// Deny makes v refuse every JWT and remote answer of sessionID until until
// (at most 24 hours from now; an earlier deadline already set is kept when
// later), and stops its cached verifications: it applies a revocation
// learned from another instance. It can only ever make v refuse a session,
// never accept one. An empty or malformed session id is ignored.
func (v *Verifier) Deny(sessionID string, until time.Time) {
	now := v.local.now()
	if !sessionjwt.IsSessionID(sessionID) || !until.After(now) {
		return
	}
	if cap := now.Add(maxRevokeHorizon); until.After(cap) {
		until = cap
	}
	v.local.revoked.extend(sessionID, until, now)
}

// publish shares a revocation made here, when a publisher is set.
func (v *Verifier) publish(sessionID string, until time.Time) {
	if v.publisher != nil && sessionID != "" {
		v.publisher.PublishRevocation(sessionID, until)
	}
}

// sessionGone denies, here and on the other instances, the session of e (c's
// JWT, whose signature verified) when Stytch, asked with that JWT, said
// (err) that it is gone. An answer about c's token says nothing of the
// JWT's session.
func (v *Verifier) sessionGone(c sessiongate.Credentials, e *entry, err error) {
	if e == nil || c.Token != "" || !errors.Is(err, sessiongate.ErrSessionNotFound) {
		return
	}
	sid := e.shared.Session.SessionID
	if now := v.local.now(); !v.local.revoked.has(sid, now) {
		v.denyShared("", sid, v.revokeHorizon())
	}
}
