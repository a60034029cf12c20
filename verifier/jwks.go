package verifier

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Background retry backoff after a failed fetch.
const (
	minBackoff = 100 * time.Millisecond
	maxBackoff = 30 * time.Second
)

var errRateLimited = errors.New("JWKS refresh rate-limited")

// trigger says what started a fetch.
type trigger int

const (
	byLoop       trigger = iota // the background loop or Refresh
	byNoSet                     // a request while no usable key set is loaded
	byUnknownKID                // a request naming a kid the key set lacks
)

// keyStore holds the current key set and refreshes it. Lookups are one
// atomic load; fetches are coalesced (one in flight at a time, joined by
// every caller) and request-triggered ones are rate-limited (security.md F8):
// one per unknown-kid interval while the JWKS answers, one per retry gap
// while it does not.
type keyStore struct {
	url                string
	client             *http.Client
	now                func() time.Time
	timeout            time.Duration
	refreshInterval    time.Duration
	unknownKIDInterval time.Duration
	maxStaleness       time.Duration
	base               context.Context

	set atomic.Pointer[keySet]

	mu          sync.Mutex
	inflight    *flight
	lastUnknown time.Time     // start of the last successful unknown-kid fetch (verifier clock)
	retryAt     time.Time     // no request-triggered fetch before, after one failed
	retryGap    time.Duration // the gap that set retryAt; 0 after a success
	fetches     atomic.Int64
	failures    atomic.Int64
	loaded      chan struct{} // closed after the first successful load
	loadedOnce  sync.Once
}

type flight struct {
	done    chan struct{}
	err     error
	started time.Time
	by      trigger
}

func newKeyStore(ctx context.Context, url string, o *options) *keyStore {
	return &keyStore{
		url: url, client: o.client, now: o.now, timeout: o.jwksTimeout,
		refreshInterval: o.refreshInterval, unknownKIDInterval: o.unknownKIDInterval,
		maxStaleness: o.maxStaleness, base: ctx, loaded: make(chan struct{}),
	}
}

// current returns the loaded key set, or nil when none is loaded or the
// last good one is older than the max staleness.
func (s *keyStore) current() *keySet { return s.currentAt(s.now()) }

// currentAt is current for a caller that has already read the clock.
func (s *keyStore) currentAt(now time.Time) *keySet {
	ks := s.set.Load()
	if ks == nil || now.Sub(ks.fetchedAt) > s.maxStaleness {
		return nil
	}
	return ks
}

// startLocked joins the fetch in flight or starts one. s.mu is held.
func (s *keyStore) startLocked(by trigger, now time.Time) *flight {
	if s.inflight != nil {
		return s.inflight
	}
	f := &flight{done: make(chan struct{}), started: now, by: by}
	s.inflight = f
	go s.run(f)
	return f
}

func (s *keyStore) run(f *flight) {
	ctx, cancel := context.WithTimeout(s.base, s.timeout)
	defer cancel()
	f.err = s.fetch(ctx)
	s.mu.Lock()
	s.settle(f)
	s.inflight = nil
	s.mu.Unlock()
	close(f.done)
}

// wait waits for f, at most until ctx is done.
func wait(ctx context.Context, f *flight) error {
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// refresh fetches (or joins a fetch) and waits for it, at most until ctx
// is done. It is not rate-limited: the loop and Refresh use it.
func (s *keyStore) refresh(ctx context.Context) error {
	s.mu.Lock()
	f := s.startLocked(byLoop, s.now())
	s.mu.Unlock()
	return wait(ctx, f)
}

// fetch GETs the JWKS (no credentials), filters it and stores it. On any
// failure the previous set stays in place.
func (s *keyStore) fetch(ctx context.Context) error {
	s.fetches.Add(1)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("fetch JWKS: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBodyLen+1))
	if err != nil {
		return fmt.Errorf("read JWKS: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("fetch JWKS: status %d", resp.StatusCode)
	}
	if len(body) > maxJWKSBodyLen {
		return errors.New("JWKS body too large")
	}
	ks, err := parseKeySet(body, s.now())
	if err != nil {
		return err
	}
	ks.fresh = freshFor(resp.Header)
	ks.reuse(s.set.Load())
	s.set.Store(ks)
	s.loadedOnce.Do(func() { close(s.loaded) })
	return nil
}

// scheduled is the time from a successful fetch to the next scheduled one.
func (s *keyStore) scheduled() time.Duration {
	if ks := s.set.Load(); ks != nil {
		return scheduledWait(s.refreshInterval, ks.fresh)
	}
	return s.refreshInterval
}

// loop loads the key set, retrying with jittered exponential backoff, then
// refreshes it every refresh interval (sooner when the JWKS response's
// Cache-Control says so; see scheduledWait), until ctx is done.
func (s *keyStore) loop(ctx context.Context) {
	backoff := minBackoff
	for {
		var wait time.Duration
		if err := s.refresh(ctx); err != nil {
			wait = min(backoff/2+rand.N(backoff/2+1), s.refreshInterval)
			backoff = min(backoff*2, maxBackoff)
		} else {
			backoff = minBackoff
			wait = s.scheduled()
		}
		if !sleep(ctx, wait) {
			return
		}
	}
}
