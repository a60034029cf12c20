package verifier

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Retried revokes (see [Verifier.Revoke]).
const (
	// maxPendingRevokes bounds the revokes waiting for Stytch.
	maxPendingRevokes = 1024
	// Retry rounds start minRevokeBackoff apart and back off, doubling, to
	// maxRevokeBackoff while Stytch stays unreachable.
	minRevokeBackoff = time.Second
	maxRevokeBackoff = time.Minute
	// maxRevokeHorizon bounds the retries of a session whose expiry is not
	// known (no verified JWT came with the logout).
	maxRevokeHorizon = 24 * time.Hour
)

// pendingRevoke is a revoke Stytch could not be reached for.
type pendingRevoke struct {
	creds     sessiongate.Credentials // what the revoke sends: the token, else the JWT
	sessionID string                  // the session denied locally, or "" (no verified JWT)
	until     time.Time               // verifier clock: the session cannot be valid after it
}

// revokeQueue retries revokes that found Stytch unavailable, until Stytch
// confirms them (revoked, or already gone), the session could no longer be
// valid, Stytch refuses them for another reason, or base ends. One
// goroutine runs while revokes are pending, and none otherwise; a round
// retries the pending revokes one by one and stops at the first that finds
// Stytch still unavailable, so an outage costs one call per round.
type revokeQueue struct {
	base      context.Context
	now       func() time.Time
	revoke    func(context.Context, sessiongate.Credentials) error
	timeout   time.Duration          // bounds one retry (every attempt of it)
	confirmed func(p *pendingRevoke) // called when Stytch confirms p
	max       int
	// wait sleeps d, false if ctx ends first; afterRound, when set, is
	// called after each round. Tests replace them to drive the rounds.
	wait       func(ctx context.Context, d time.Duration) bool
	afterRound func()

	size    atomic.Int32 // len(pending), read without the lock
	mu      sync.Mutex
	pending map[string]*pendingRevoke // by credentialKey
	running bool
	backoff time.Duration
	retryIn time.Duration // Stytch's Retry-After from the last round, if longer

	retries, confirms, abandoned atomic.Int64
}

func newRevokeQueue(ctx context.Context, r *Remote, confirmed func(*pendingRevoke)) *revokeQueue {
	return &revokeQueue{
		base: ctx, now: r.now, revoke: r.Revoke, timeout: r.callBudget(), confirmed: confirmed,
		max: maxPendingRevokes, wait: sleep, pending: make(map[string]*pendingRevoke),
		backoff: minRevokeBackoff,
	}
}

// add queues p under key (replacing a pending revoke of the same
// credential) and reports whether it did: not when the queue is full or
// its context has ended.
func (q *revokeQueue) add(key string, p *pendingRevoke) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	_, dup := q.pending[key]
	if q.base.Err() != nil || (!dup && len(q.pending) >= q.max) {
		q.abandoned.Add(1)
		return false
	}
	q.pending[key] = p
	q.size.Store(int32(len(q.pending)))
	if !q.running {
		q.running = true
		go q.run()
	}
	return true
}

// has reports whether a revoke of the credential c would send is pending.
// It neither hashes c nor takes the lock while none is.
func (q *revokeQueue) has(c sessiongate.Credentials) bool {
	if q.size.Load() == 0 {
		return false
	}
	key := credentialKey(c)
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.pending[key] != nil
}

func (q *revokeQueue) run() {
	for {
		d, ok := q.next()
		if !ok {
			return
		}
		if !q.wait(q.base, d) {
			q.drop()
			return
		}
		q.round()
		if q.afterRound != nil {
			q.afterRound()
		}
	}
}

// next returns the wait before the next round (the backoff with equal
// jitter, or Stytch's Retry-After when longer), or false, marking the
// goroutine stopped, when nothing is pending.
func (q *revokeQueue) next() (time.Duration, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) == 0 {
		q.running = false
		return 0, false
	}
	d := q.backoff/2 + rand.N(q.backoff/2+1)
	return max(d, min(q.retryIn, maxRevokeBackoff)), true
}

// round retries the pending revokes until one finds Stytch unavailable.
func (q *revokeQueue) round() {
	for key, p := range q.snapshot() {
		if !q.now().Before(p.until) {
			q.finish(key, &q.abandoned) // the session has expired: nothing left to revoke
			continue
		}
		q.retries.Add(1)
		ctx, cancel := context.WithTimeout(q.base, q.timeout)
		err := q.revoke(ctx, p.creds)
		cancel()
		switch {
		case errors.Is(err, sessiongate.ErrUnavailable):
			q.backOff(sessiongate.RetryAfter(err))
			return
		case err == nil || errors.Is(err, sessiongate.ErrSessionNotFound):
			q.finish(key, &q.confirms)
			q.confirmed(p)
		default:
			q.finish(key, &q.abandoned) // refused for another reason (misconfigured, invalid)
		}
	}
	q.mu.Lock()
	q.backoff, q.retryIn = minRevokeBackoff, 0
	q.mu.Unlock()
}

func (q *revokeQueue) snapshot() map[string]*pendingRevoke {
	q.mu.Lock()
	defer q.mu.Unlock()
	m := make(map[string]*pendingRevoke, len(q.pending))
	for k, p := range q.pending {
		m[k] = p
	}
	return m
}

func (q *revokeQueue) backOff(retryAfter time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.backoff = min(2*q.backoff, maxRevokeBackoff)
	q.retryIn = retryAfter
}

// finish removes key and counts it in c.
func (q *revokeQueue) finish(key string, c *atomic.Int64) {
	q.mu.Lock()
	delete(q.pending, key)
	q.size.Store(int32(len(q.pending)))
	q.mu.Unlock()
	c.Add(1)
}

// drop abandons every pending revoke: the verifier's context has ended.
func (q *revokeQueue) drop() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.abandoned.Add(int64(len(q.pending)))
	clear(q.pending)
	q.size.Store(0)
	q.running = false
}
