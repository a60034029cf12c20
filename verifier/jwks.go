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

// noSetRetryGap is the minimum time between two request-triggered JWKS
// fetches while no usable key set is loaded.
const noSetRetryGap = time.Second

// Background retry backoff after a failed fetch.
const (
	minBackoff = 100 * time.Millisecond
	maxBackoff = 30 * time.Second
)

var errRateLimited = errors.New("JWKS refresh rate-limited")

// keyStore holds the current key set and refreshes it. Lookups are one
// atomic load; fetches are coalesced (one in flight at a time, joined by
// every caller) and request-triggered ones are rate-limited (security.md F8).
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
	lastUnknown time.Time // last unknown-kid refresh start (verifier clock)
	lastNoSet   time.Time // last no-set refresh start (verifier clock)
	fetches     atomic.Int64
	failures    atomic.Int64
	loaded      chan struct{} // closed after the first successful load
	loadedOnce  sync.Once
}

type flight struct {
	done chan struct{}
	err  error
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

// start joins the fetch in flight or starts one. When last is not nil, a
// new fetch starts only if *last is older than gap, and *last is updated.
func (s *keyStore) start(last *time.Time, gap time.Duration) (*flight, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight != nil {
		return s.inflight, nil
	}
	if last != nil {
		now := s.now()
		if !last.IsZero() && now.Sub(*last) < gap {
			return nil, errRateLimited
		}
		*last = now
	}
	f := &flight{done: make(chan struct{})}
	s.inflight = f
	go s.run(f)
	return f, nil
}

func (s *keyStore) run(f *flight) {
	ctx, cancel := context.WithTimeout(s.base, s.timeout)
	defer cancel()
	f.err = s.fetch(ctx)
	if f.err != nil {
		s.failures.Add(1)
	}
	s.mu.Lock()
	s.inflight = nil
	s.mu.Unlock()
	close(f.done)
}

// refresh fetches (or joins a fetch) and waits for it, at most until ctx is done.
func (s *keyStore) refresh(ctx context.Context, last *time.Time, gap time.Duration) error {
	f, err := s.start(last, gap)
	if err != nil {
		return err
	}
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ensure returns a usable key set, fetching one (rate-limited) if none is loaded.
func (s *keyStore) ensure(ctx context.Context) (*keySet, error) {
	if ks := s.current(); ks != nil {
		return ks, nil
	}
	err := s.refresh(ctx, &s.lastNoSet, noSetRetryGap)
	if ks := s.current(); ks != nil {
		return ks, nil
	}
	if err == nil {
		err = errNoUsableKeys
	}
	return nil, unavailable(0, "no JWKS loaded: %v", err)
}

// refreshUnknown runs the rate-limited refresh for an unknown kid.
func (s *keyStore) refreshUnknown(ctx context.Context) error {
	return s.refresh(ctx, &s.lastUnknown, s.unknownKIDInterval)
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
		if err := s.refresh(ctx, nil, 0); err != nil {
			wait = min(backoff/2+rand.N(backoff/2+1), s.refreshInterval)
			backoff = min(backoff*2, maxBackoff)
		} else {
			backoff = minBackoff
			wait = s.scheduled()
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}
