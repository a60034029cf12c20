package rbac_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/rbac"
)

// fakeFetcher serves a policy body or an error, counting calls.
type fakeFetcher struct {
	mu     sync.Mutex
	body   string
	err    error
	gate   chan struct{} // when set, calls wait for it to close (or ctx)
	called chan struct{} // when set, each call signals it (without blocking)
	calls  atomic.Int64
}

func (f *fakeFetcher) set(body string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.body, f.err = body, err
}

func (f *fakeFetcher) FetchPolicy(ctx context.Context) ([]byte, error) {
	f.calls.Add(1)
	if f.called != nil {
		select {
		case f.called <- struct{}{}:
		default:
		}
	}
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	return []byte(f.body), nil
}

// fakeClock is a settable clock.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *fakeClock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *fakeClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

const grantRead = `{"roles": [{"role_id": "reader", "permissions": [{"resource_id": "documents", "actions": ["read"]}]}]}`

func newCache(t *testing.T, f rbac.Fetcher, opts ...rbac.CacheOption) *rbac.Cache {
	t.Helper()
	c, err := rbac.NewCache(t.Context(), f, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var errDown = &sessiongate.UnavailableError{RetryAfter: 7 * time.Second, Err: errors.New("stytch down")}

func TestCacheColdBurstMakesOneFetch(t *testing.T) {
	f := &fakeFetcher{body: grantRead, gate: make(chan struct{})}
	c := newCache(t, f)
	const n = 1000
	var started, done sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			started.Done()
			ok, err := c.Allows(t.Context(), sessionWith("reader"), "documents", "read")
			if err == nil && !ok {
				err = errors.New("denied")
			}
			errs <- err
		}()
	}
	started.Wait()
	close(f.gate)
	done.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("check: %v", err)
		}
	}
	if got := f.calls.Load(); got != 1 {
		t.Errorf("fetches = %d, want 1", got)
	}
	if s := c.Stats(); s.Fetches != 1 || !s.Usable || s.LastError != nil {
		t.Errorf("Stats() = %+v, want 1 fetch and a usable policy", s)
	}
}

func TestCacheServesLastGoodPolicyWhileDown(t *testing.T) {
	clock := newFakeClock()
	f := &fakeFetcher{body: grantRead}
	c := newCache(t, f, rbac.WithClock(clock.now), rbac.WithMaxStaleness(time.Hour))
	if err := c.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.set("", errDown)
	if err := c.Refresh(t.Context()); !errors.Is(err, sessiongate.ErrUnavailable) {
		t.Fatalf("Refresh() = %v, want ErrUnavailable", err)
	}
	clock.advance(time.Hour)
	if ok, err := c.Allows(t.Context(), sessionWith("reader"), "documents", "read"); !ok || err != nil {
		t.Fatalf("at max staleness: Allows() = %v, %v; want the last good policy", ok, err)
	}
	clock.advance(time.Second)
	_, err := c.Allows(t.Context(), sessionWith("reader"), "documents", "read")
	if !errors.Is(err, sessiongate.ErrUnavailable) {
		t.Fatalf("past max staleness: Allows() error = %v, want ErrUnavailable", err)
	}
	if got := sessiongate.RetryAfter(err); got != 7*time.Second {
		t.Errorf("RetryAfter = %v, want the fetch's 7s", got)
	}
	if s := c.Stats(); s.Usable || s.Failures != 2 || s.LastError == nil {
		t.Errorf("Stats() = %+v, want unusable after 2 failures", s)
	}
}

func TestCacheWithoutPolicyFailsClosed(t *testing.T) {
	clock := newFakeClock()
	f := &fakeFetcher{err: fmt.Errorf("%w: 401", sessiongate.ErrMisconfigured)}
	c := newCache(t, f, rbac.WithClock(clock.now))
	for i := range 3 {
		p, err := c.Policy(t.Context())
		if p != nil || !errors.Is(err, sessiongate.ErrUnavailable) || errors.Is(err, sessiongate.ErrMisconfigured) {
			t.Fatalf("call %d: Policy() = %v, %v; want only ErrUnavailable", i, p, err)
		}
		if got := sessiongate.RetryAfter(err); got != time.Second {
			t.Errorf("RetryAfter = %v, want 1s", got)
		}
	}
	if got := f.calls.Load(); got != 1 {
		t.Errorf("fetches within the retry gap = %d, want 1", got)
	}
	clock.advance(time.Second)
	f.set(grantRead, nil)
	if ok, err := c.Allows(t.Context(), sessionWith("reader"), "documents", "read"); !ok || err != nil {
		t.Errorf("after the gap: Allows() = %v, %v; want a new fetch to load the policy", ok, err)
	}
}

func TestCacheMalformedPolicyKeepsLastGood(t *testing.T) {
	f := &fakeFetcher{body: grantRead}
	reported := make(chan error, 1)
	c := newCache(t, f, rbac.WithErrorHandler(func(err error) { reported <- err }))
	if err := c.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.set(`{"roles": [{"role_id": ""}]}`, nil)
	if err := c.Refresh(t.Context()); !errors.Is(err, rbac.ErrInvalidPolicy) {
		t.Fatalf("Refresh() = %v, want ErrInvalidPolicy", err)
	}
	if err := receive(t, reported); !errors.Is(err, rbac.ErrInvalidPolicy) {
		t.Errorf("reported %v, want ErrInvalidPolicy", err)
	}
	if ok, err := c.Allows(t.Context(), sessionWith("reader"), "documents", "read"); !ok || err != nil {
		t.Errorf("Allows() = %v, %v; want the last good policy", ok, err)
	}
	if s := c.Stats(); s.Malformed != 1 || s.Failures != 1 || !errors.Is(s.LastError, rbac.ErrInvalidPolicy) || !s.Usable {
		t.Errorf("Stats() = %+v, want one malformed policy reported", s)
	}
}

func TestCacheRefreshesInBackground(t *testing.T) {
	f := &fakeFetcher{body: `{"roles": []}`, called: make(chan struct{})}
	c := newCache(t, f, rbac.WithRefreshInterval(time.Millisecond))
	// Signals nobody waits for, such as the first load's, are dropped.
	if err := c.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.Allows(t.Context(), sessionWith("reader"), "documents", "read"); ok {
		t.Fatal("granted before the policy changed")
	}
	f.set(grantRead, nil)
	receive(t, f.called) // a background fetch started after the change...
	receive(t, f.called) // ...and finished, since the next one started
	if ok, err := c.Allows(t.Context(), sessionWith("reader"), "documents", "read"); !ok || err != nil {
		t.Errorf("Allows() = %v, %v after a background refresh; want the new policy", ok, err)
	}
}

// receive returns the next value from ch, failing the test if none comes
// within a generous bound (a guard against a hang, not a timing check).
func receive[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(30 * time.Second):
		t.Fatal("nothing received")
		panic("unreachable")
	}
}

func TestCacheWaitEndsWithContext(t *testing.T) {
	f := &fakeFetcher{body: grantRead, gate: make(chan struct{})}
	defer close(f.gate)
	c := newCache(t, f)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.Policy(ctx); !errors.Is(err, sessiongate.ErrUnavailable) {
		t.Errorf("Policy() error = %v, want ErrUnavailable", err)
	}
	if err := c.Refresh(ctx); !errors.Is(err, sessiongate.ErrUnavailable) {
		t.Errorf("Refresh() error = %v, want ErrUnavailable", err)
	}
}

// TestCacheConcurrentUse runs checks, refreshes and stats together; it
// finds races under -race.
func TestCacheConcurrentUse(t *testing.T) {
	f := &fakeFetcher{body: grantRead}
	c := newCache(t, f)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 200 {
				switch (i + j) % 3 {
				case 0:
					if err := c.Refresh(t.Context()); err != nil {
						t.Error(err)
					}
				case 1:
					c.Stats()
				default:
					if _, err := c.Allows(t.Context(), sessionWith("reader"), "documents", "read"); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
}

func TestNewCacheValidates(t *testing.T) {
	f := &fakeFetcher{}
	for name, tc := range map[string]struct {
		f    rbac.Fetcher
		opts []rbac.CacheOption
	}{
		"nil fetcher":    {nil, nil},
		"zero refresh":   {f, []rbac.CacheOption{rbac.WithRefreshInterval(0)}},
		"negative stale": {f, []rbac.CacheOption{rbac.WithMaxStaleness(-time.Second)}},
		"zero timeout":   {f, []rbac.CacheOption{rbac.WithFetchTimeout(0)}},
		"nil clock":      {f, []rbac.CacheOption{rbac.WithClock(nil)}},
	} {
		t.Run(name, func(t *testing.T) {
			if c, err := rbac.NewCache(t.Context(), tc.f, tc.opts...); c != nil || err == nil {
				t.Errorf("NewCache() = %v, %v; want an error", c, err)
			}
		})
	}
}
