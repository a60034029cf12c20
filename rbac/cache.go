package rbac

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Fetcher fetches the raw JSON of a project's RBAC policy object, the
// "policy" member of Stytch's GET /v1/rbac/policy answer. The verifier
// package's Verifier and Remote implement it.
type Fetcher interface {
	FetchPolicy(ctx context.Context) ([]byte, error)
}

// Cache keeps the project's current [Policy]: loaded on first use (or by
// [Cache.Refresh]), refreshed in the background, and kept through outages
// and malformed answers for a bounded time. A Cache is safe for concurrent
// use; reading its policy is one atomic load.
type Cache struct {
	fetcher  Fetcher
	now      func() time.Time
	refresh  time.Duration
	maxStale time.Duration
	timeout  time.Duration
	onError  func(error)
	base     context.Context

	cur atomic.Pointer[snapshot]

	mu       sync.Mutex
	inflight *flight
	lastTry  time.Time // last request-triggered fetch while no policy was usable
	lastErr  error     // error of the last fetch, nil after a success

	fetches, failures, malformed atomic.Int64
}

// snapshot is a loaded policy and when it was fetched (the cache's clock).
type snapshot struct {
	policy    *Policy
	fetchedAt time.Time
}

// flight is one fetch that every concurrent caller joins.
type flight struct {
	done chan struct{}
	err  error
}

// NewCache returns a policy cache that fetches through f. It does no I/O:
// the first check (or [Cache.Refresh], for readiness) loads the policy.
// The background refresh it starts (every [DefaultRefreshInterval] by
// default, sooner with backoff after a failure) runs until ctx is done.
func NewCache(ctx context.Context, f Fetcher, opts ...CacheOption) (*Cache, error) {
	o, err := buildCacheOptions(f, opts)
	if err != nil {
		return nil, err
	}
	c := &Cache{
		fetcher: f, now: o.now, refresh: o.refresh, maxStale: o.maxStale,
		timeout: o.timeout, onError: o.onError, base: ctx,
	}
	go c.loop()
	return c, nil
}

// Policy returns the current policy. Once one is loaded it never waits: a
// refresh runs in the background, and the last good policy is served while
// fetches fail, up to the max staleness. With no usable policy, it joins
// the fetch in flight or starts one (requests start at most one a second)
// and waits for it until ctx is done; it then fails closed with an error
// wrapping only [sessiongate.ErrUnavailable].
func (c *Cache) Policy(ctx context.Context) (*Policy, error) {
	if p := c.usable(c.now()); p != nil {
		return p, nil
	}
	f, err := c.startForRequest()
	if err != nil {
		return nil, err
	}
	if f == nil {
		return c.cur.Load().policy, nil
	}
	select {
	case <-f.done:
	case <-ctx.Done():
		return nil, unavailable(0, fmt.Errorf("rbac: waiting for the RBAC policy: %v", ctx.Err()))
	}
	if p := c.usable(c.now()); p != nil {
		return p, nil
	}
	return nil, c.noPolicy(f.err)
}

// Allows is [Allows] under the current policy; see [Cache.Policy] for the
// errors. It does not allocate once a policy is loaded.
func (c *Cache) Allows(ctx context.Context, s *sessiongate.Session, resource, action string) (bool, error) {
	p, err := c.Policy(ctx)
	if err != nil {
		return false, err
	}
	return Allows(s, p, resource, action), nil
}

// Refresh fetches the policy now (joining a fetch already in flight) and
// waits for it until ctx is done. It returns the fetch's error; the last
// good policy is kept when it fails. Use it for readiness checks.
func (c *Cache) Refresh(ctx context.Context) error {
	f := c.start()
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return unavailable(0, fmt.Errorf("rbac: waiting for the RBAC policy: %v", ctx.Err()))
	}
}

// usable returns the loaded policy when it is no older than the max staleness.
func (c *Cache) usable(now time.Time) *Policy {
	s := c.cur.Load()
	if s == nil || now.Sub(s.fetchedAt) > c.maxStale {
		return nil
	}
	return s.policy
}

// startForRequest joins or starts a fetch for a request that found no
// usable policy, rate-limited so that an outage does not turn every
// request into a fetch. It returns nil and no error when a fetch loaded a
// usable policy since the caller looked.
func (c *Cache) startForRequest() (*flight, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight != nil {
		return c.inflight, nil
	}
	now := c.now()
	if p := c.usable(now); p != nil {
		return nil, nil
	}
	if d := now.Sub(c.lastTry); !c.lastTry.IsZero() && d >= 0 && d < noPolicyRetryGap {
		return nil, c.noPolicy(c.lastErr)
	}
	c.lastTry = now
	return c.startLocked(), nil
}

// start joins the fetch in flight or starts one.
func (c *Cache) start() *flight {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight != nil {
		return c.inflight
	}
	return c.startLocked()
}

func (c *Cache) startLocked() *flight {
	f := &flight{done: make(chan struct{})}
	c.inflight = f
	c.fetches.Add(1)
	go c.run(f)
	return f
}

// run makes one fetch, bounded by the cache's ctx and timeout.
func (c *Cache) run(f *flight) {
	ctx, cancel := context.WithTimeout(c.base, c.timeout)
	f.err = c.fetchOnce(ctx)
	cancel()
	c.mu.Lock()
	c.inflight, c.lastErr = nil, f.err
	c.mu.Unlock()
	close(f.done)
	if f.err != nil && c.onError != nil {
		c.onError(f.err)
	}
}

func (c *Cache) fetchOnce(ctx context.Context) error {
	raw, err := c.fetcher.FetchPolicy(ctx)
	if err != nil {
		c.failures.Add(1)
		return fmt.Errorf("rbac: fetching the policy: %w", err)
	}
	p, err := ParsePolicy(raw)
	if err != nil {
		c.failures.Add(1)
		c.malformed.Add(1)
		return fmt.Errorf("rbac: fetched policy refused: %w", err)
	}
	c.cur.Store(&snapshot{policy: p, fetchedAt: c.now()})
	return nil
}

// noPolicy is the error of a check that found no usable policy. It wraps
// only ErrUnavailable (the cause is kept as text), so that it maps to 503
// whatever made the fetch fail, with the fetch's Retry-After when it had one.
func (c *Cache) noPolicy(cause error) error {
	retry := noPolicyRetryGap
	var ue *sessiongate.UnavailableError
	if errors.As(cause, &ue) && ue.RetryAfter > 0 {
		retry = ue.RetryAfter
	}
	if cause == nil {
		cause = errors.New("no policy loaded")
	}
	return unavailable(retry, fmt.Errorf("rbac: no usable RBAC policy: %v", cause))
}

func unavailable(retry time.Duration, err error) error {
	return &sessiongate.UnavailableError{RetryAfter: retry, Err: err}
}

// loop refreshes the policy every refresh interval, sooner with jittered
// exponential backoff after a failure, until the cache's ctx is done.
func (c *Cache) loop() {
	delay, failures := c.refresh, 0
	for {
		t := time.NewTimer(delay)
		select {
		case <-c.base.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if err := c.Refresh(c.base); err != nil {
			failures++
			delay = min(minBackoff<<min(failures-1, 16), c.refresh)
			delay = delay/2 + rand.N(delay/2+1)
			continue
		}
		failures, delay = 0, c.refresh
	}
}

// Stats returns a snapshot of c's fetches and policy, for metrics and
// readiness endpoints.
func (c *Cache) Stats() CacheStats {
	s := CacheStats{Fetches: c.fetches.Load(), Failures: c.failures.Load(), Malformed: c.malformed.Load()}
	if snap := c.cur.Load(); snap != nil {
		s.FetchedAt = snap.fetchedAt
	}
	s.Usable = c.usable(c.now()) != nil
	c.mu.Lock()
	s.LastError = c.lastErr
	c.mu.Unlock()
	return s
}

// CacheStats is a snapshot of a [Cache]. Counters only grow.
type CacheStats struct {
	// Fetches counts policy fetches started (background refreshes, Refresh
	// calls, and loads that checks started).
	Fetches int64
	// Failures counts fetches that failed: Stytch unreachable or refusing,
	// or an answer ParsePolicy refused. The policy in use is kept.
	Failures int64
	// Malformed counts fetched policies ParsePolicy refused.
	Malformed int64
	// FetchedAt is when the policy in use was fetched (the cache's clock);
	// zero before the first success.
	FetchedAt time.Time
	// Usable reports whether checks can be answered now: a policy is loaded
	// and no older than the max staleness.
	Usable bool
	// LastError is the error of the last fetch; nil after a success.
	LastError error
}
