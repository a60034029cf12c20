package verifier

import "time"

// Stats is a snapshot of a verifier's health, for metrics and readiness
// endpoints. Counters only grow: export them as counters, or read them
// periodically and use the differences. Per-request outcomes (local, cache
// or remote answers, refusal reasons) are the middleware Observer's job;
// Stats adds what no request sees. Taking a snapshot briefly read-locks the
// result cache: call it from a metrics scrape, not on every request.
type Stats struct {
	// JWKSFetches counts JWKS fetches started: scheduled, triggered by an
	// unknown kid or a missing key set, or asked for with Refresh.
	JWKSFetches int64
	// JWKSFailures counts fetches that failed (network, status, body, or no
	// usable key). The key set in use is kept when a fetch fails.
	JWKSFailures int64
	// JWKSFetchedAt is when the key set in use was fetched (the verifier's
	// clock), zero before the first success.
	JWKSFetchedAt time.Time
	// JWKSKeys is the number of usable keys in the key set in use.
	JWKSKeys int
	// JWKSUsable reports whether JWTs can be checked locally now: a key set
	// is loaded and is no older than the max staleness.
	JWKSUsable bool
	// CachedJWTs is the number of entries in the verified-result cache.
	CachedJWTs int
	// APICalls counts HTTP requests sent to Stytch's sessions API
	// (authenticate and revoke), retries included.
	APICalls int64
	// APIUnavailable counts those requests that found Stytch unavailable
	// (network error, timeout, 5xx or 429). A request that failed because
	// its caller's context ended (a client that went away) is not counted.
	APIUnavailable int64
	// APIJWTsRejected counts fresh JWTs in Stytch's authenticate answers
	// that did not verify locally (signature, issuer, audience, times,
	// session and user, or a key that could not be fetched) and so were not
	// handed back to the client; the answer's session was used without
	// them. Only the hybrid [Verifier] checks them (a [Remote] has no JWKS).
	APIJWTsRejected int64
	// RevokesPending is the number of revokes that found Stytch unavailable
	// and wait for a retry (a gauge; see [Verifier.Revoke]). Their sessions
	// are refused by this process meanwhile.
	RevokesPending int
	// RevokeRetries counts retries of those revokes.
	RevokeRetries int64
	// RevokesConfirmed counts retried revokes Stytch confirmed (revoked, or
	// already gone).
	RevokesConfirmed int64
	// RevokesAbandoned counts revokes given up without Stytch's
	// confirmation: the pending set was full, the session expired first,
	// Stytch refused the retry for another reason, or the verifier's
	// context ended.
	RevokesAbandoned int64
}

// Stats returns a snapshot of l's key set and cache.
func (l *Local) Stats() Stats {
	s := Stats{JWKSFetches: l.keys.fetches.Load(), JWKSFailures: l.keys.failures.Load()}
	if ks := l.keys.set.Load(); ks != nil {
		s.JWKSFetchedAt, s.JWKSKeys = ks.fetchedAt, len(ks.keys)
	}
	s.JWKSUsable = l.keys.current() != nil
	if l.cache != nil {
		s.CachedJWTs = l.cache.len()
	}
	return s
}

// Stats returns a snapshot of r's calls to Stytch.
func (r *Remote) Stats() Stats {
	return Stats{APICalls: r.calls.Load(), APIUnavailable: r.outages.Load()}
}

// Stats returns a snapshot of v's key set, cache and calls to Stytch.
func (v *Verifier) Stats() Stats {
	s, rs := v.local.Stats(), v.remote.Stats()
	s.APICalls, s.APIUnavailable = rs.APICalls, rs.APIUnavailable
	s.APIJWTsRejected = v.apiJWTsRejected.Load()
	q := v.revokes
	s.RevokesPending, s.RevokeRetries = int(q.size.Load()), q.retries.Load()
	s.RevokesConfirmed, s.RevokesAbandoned = q.confirms.Load(), q.abandoned.Load()
	return s
}
