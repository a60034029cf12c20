package verifier

import (
	"context"
	"errors"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Request-triggered fetch retries: after a fetch that a request started
// (for an unknown kid, or with no key set loaded) fails, requests start no
// new one for a gap that doubles from minRetryGap to maxRetryGap while
// fetches keep failing; any successful fetch resets it.
const (
	minRetryGap = time.Second
	maxRetryGap = 8 * time.Second
)

// startOnRequest joins the fetch in flight or starts one for a request. It
// returns errRateLimited for an unknown kid when a fetch for one succeeded
// within the unknown-kid interval (the kid is unknown in a fresh set), and
// an unavailable error while the retry gap after a failed request-triggered
// fetch runs (the JWKS could not be checked).
func (s *keyStore) startOnRequest(by trigger) (*flight, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight != nil {
		return s.inflight, nil
	}
	now := s.now()
	if by == byUnknownKID && !s.lastUnknown.IsZero() && now.Sub(s.lastUnknown) < s.unknownKIDInterval {
		return nil, errRateLimited
	}
	if now.Before(s.retryAt) {
		return nil, unavailable(ceilSeconds(s.retryAt.Sub(now)), "JWKS unreachable; next fetch in %v", s.retryAt.Sub(now))
	}
	return s.startLocked(by, now), nil
}

// settle records f's outcome for the rate limits. s.mu is held. A failed
// fetch never uses up the unknown-kid interval: only a set actually fetched
// can show that a kid is unknown.
func (s *keyStore) settle(f *flight) {
	if f.err == nil {
		s.retryAt, s.retryGap = time.Time{}, 0
		if f.by == byUnknownKID {
			s.lastUnknown = f.started
		}
		return
	}
	s.failures.Add(1)
	if f.by != byLoop {
		s.retryGap = min(max(2*s.retryGap, minRetryGap), maxRetryGap)
		s.retryAt = s.now().Add(s.retryGap)
	}
}

// ensure returns a usable key set, fetching one (rate-limited) if none is loaded.
func (s *keyStore) ensure(ctx context.Context) (*keySet, error) {
	if ks := s.current(); ks != nil {
		return ks, nil
	}
	f, err := s.startOnRequest(byNoSet)
	if err == nil {
		err = wait(ctx, f)
	}
	if ks := s.current(); ks != nil {
		return ks, nil
	}
	if err == nil {
		err = errNoUsableKeys
	}
	return nil, s.unavailable("no JWKS loaded", err)
}

// refreshUnknown runs the rate-limited refresh for an unknown kid. It
// returns nil when the key set in use can settle the kid: it was just
// fetched, or fetched for an unknown kid within the unknown-kid interval.
// Otherwise (the fetch failed, the retry gap after a failed one runs, or
// ctx ended first) the kid cannot be checked: an unavailable error.
func (s *keyStore) refreshUnknown(ctx context.Context) error {
	f, err := s.startOnRequest(byUnknownKID)
	if errors.Is(err, errRateLimited) {
		return nil
	}
	if err == nil {
		err = wait(ctx, f)
	}
	if err != nil {
		return s.unavailable("JWKS refresh", err)
	}
	return nil
}

// unavailable wraps a failed or deferred fetch as ErrUnavailable, with the
// time left until requests may fetch again as its Retry-After.
func (s *keyStore) unavailable(what string, err error) error {
	if errors.Is(err, sessiongate.ErrUnavailable) {
		return err
	}
	s.mu.Lock()
	left := s.retryAt.Sub(s.now())
	s.mu.Unlock()
	return unavailable(ceilSeconds(left), "%s: %v", what, err)
}

// ceilSeconds rounds d up to whole seconds; 0 for d ≤ 0.
func ceilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}
