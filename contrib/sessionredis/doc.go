// Package sessionredis shares a sessiongate verifier's revocations and
// remote answers between the instances of an application, through Redis.
// It is a module of its own, so that only programs that import it depend on
// a Redis client (github.com/redis/go-redis/v9).
//
//	shared, err := sessionredis.New(sessionredis.Config{Client: rdb, Key: key})
//	v, err := verifier.New(ctx, projectID, secret, append(opts, shared.Options()...)...)
//	go shared.Run(ctx, v) // until ctx ends
//
// Revocations: a revoke made through any instance (a logout, a
// sign-out-everywhere, a session Stytch reported gone) is published on a
// channel, for speed, and recorded in a sorted set until its horizon (when
// every JWT of the session has expired), so that an instance that starts,
// or reconnects after a disconnect, loads what it missed; at each
// (re)connection an instance records again the revocations it published
// that are still current, so a Redis restarted without its data relearns
// them. Every instance
// applies it to its in-memory denylist ([verifier.Verifier.Deny]). The
// request path never calls Redis for revocations: it decides from memory.
//
// Shared remote cache: with [verifier.WithRemoteCacheTTL] set, an answer
// one instance got from Stytch serves the others until the TTL ends, so N
// instances make about as many Stytch calls as one. Redis keys are HMACs
// of a digest of the credential (never the credential); values hold the
// session and when Stytch confirmed it (never a token or JWT); a revocation
// evicts the session's entries.
//
// Threat model: everything read from Redis, revocations included, is
// authenticated with HMAC-SHA256 under Config.Key, which only the instances
// hold, and bound to its Redis key. Whoever else can write to Redis can
// delete entries (costing Stytch calls), and can block revocations from
// reaching other instances while it controls Redis (each instance still
// refuses what it revoked, and JWTs of sessions revoked elsewhere then live
// until their exp, Stytch's documented window; a genuine answer evicted by
// a revocation can be put back within its TTL, the remote cache's
// documented window), but can never make an instance accept a session
// Stytch has not confirmed to one of the instances within the TTL, nor
// refuse one. Whoever can read Redis learns
// session ids and the sessions' contents (user ids, factors, custom
// claims), never a credential.
//
// Outages: while Redis is unreachable, instances keep serving on their own
// (revocations they made still apply to them; remote answers are cached
// per instance), the outage is reported (Config.OnStateChange, [Stats],
// [Shared.Healthy]), and revocations made meanwhile are published when
// Redis returns (at most 8,192 wait). Run reconnects with jittered backoff.
package sessionredis
