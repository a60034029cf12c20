package rbac

import (
	"errors"
	"fmt"
	"time"
)

// Cache defaults.
const (
	// DefaultRefreshInterval is how often a [Cache] refetches the policy, as
	// the official SDKs do.
	DefaultRefreshInterval = 5 * time.Minute
	// DefaultMaxStaleness is how long the last good policy is served while
	// fetches fail: the same bound as the verifier's JWKS.
	DefaultMaxStaleness = 24 * time.Hour
	// DefaultFetchTimeout bounds one fetch, on top of the fetcher's own timeouts.
	DefaultFetchTimeout = 10 * time.Second
)

// noPolicyRetryGap is the minimum time between two fetches requests start
// while no policy is usable.
const noPolicyRetryGap = time.Second

// minBackoff is the first background retry delay after a failed fetch.
const minBackoff = time.Second

// CacheOption configures a [Cache].
type CacheOption func(*cacheOptions)

type cacheOptions struct {
	now      func() time.Time
	refresh  time.Duration
	maxStale time.Duration
	timeout  time.Duration
	onError  func(error)
	errs     []error
}

// WithRefreshInterval sets how often the policy is refetched in the
// background. Default [DefaultRefreshInterval].
func WithRefreshInterval(d time.Duration) CacheOption {
	return func(o *cacheOptions) { o.refresh = d }
}

// WithMaxStaleness sets how long the last good policy is served while
// fetches fail; after that, checks fail closed. Default [DefaultMaxStaleness].
func WithMaxStaleness(d time.Duration) CacheOption {
	return func(o *cacheOptions) { o.maxStale = d }
}

// WithFetchTimeout bounds one fetch. Default [DefaultFetchTimeout].
func WithFetchTimeout(d time.Duration) CacheOption {
	return func(o *cacheOptions) { o.timeout = d }
}

// WithClock sets the clock the staleness and the request-triggered fetch
// rate limit are measured with. Default [time.Now].
func WithClock(now func() time.Time) CacheOption {
	return func(o *cacheOptions) {
		if now == nil {
			o.errs = append(o.errs, errors.New("nil clock"))
		}
		o.now = now
	}
}

// WithErrorHandler sets a function called, from the fetching goroutine,
// with the error of every failed fetch, such as a malformed policy (for
// logs). It must not block for long.
func WithErrorHandler(f func(error)) CacheOption {
	return func(o *cacheOptions) { o.onError = f }
}

func buildCacheOptions(f Fetcher, opts []CacheOption) (*cacheOptions, error) {
	o := &cacheOptions{now: time.Now, refresh: DefaultRefreshInterval, maxStale: DefaultMaxStaleness, timeout: DefaultFetchTimeout}
	for _, opt := range opts {
		opt(o)
	}
	if f == nil {
		o.errs = append(o.errs, errors.New("nil fetcher"))
	}
	if o.refresh <= 0 || o.maxStale <= 0 || o.timeout <= 0 {
		o.errs = append(o.errs, errors.New("refresh interval, max staleness and fetch timeout must be positive"))
	}
	if err := errors.Join(o.errs...); err != nil {
		return nil, fmt.Errorf("rbac: %w", err)
	}
	return o, nil
}
