package verifier

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// quietLocal is a Local with its key set loaded and no background loop, so
// that every JWKS fetch in a test is one a request started.
func (e *env) quietLocal(extra ...Option) *Local {
	e.t.Helper()
	o, err := buildOptions(e.srv.ProjectID(), e.opts(extra...), forLocal)
	if err != nil {
		e.t.Fatal(err)
	}
	l := buildLocal(e.t.Context(), e.srv.ProjectID(), o)
	if err := l.Refresh(e.t.Context()); err != nil {
		e.t.Fatalf("Refresh: %v", err)
	}
	return l
}

// unknownKIDStorm verifies n copies of tok, each naming another unknown
// kid, from 8 goroutines, and fails unless every answer wraps want.
func unknownKIDStorm(t *testing.T, l *Local, tok string, n int, want error) {
	t.Helper()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				_, err := l.Verify(t.Context(), jwtCred(withKID(tok, fmt.Sprintf("jwk-test-%d", i))), anyAge)
				if !isErr(err, want) {
					t.Errorf("Verify = %v, want %v", err, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestUnknownKIDStormWhileJWKSDown (issue 16, finding 1): while the JWKS
// fails, unknown kids are unavailable (with a Retry-After), never unknown;
// request-triggered fetches are coalesced and spaced by a retry gap that
// doubles up to maxRetryGap; the failed fetches do not use up the
// unknown-kid interval, so the first fetch after the endpoint recovers
// settles the rotated key.
func TestUnknownKIDStormWhileJWKSDown(t *testing.T) {
	e := newEnv(t)
	l := e.quietLocal()
	e.srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Status: 503})
	before := e.jwksFetches()
	fetched := func(want int) {
		t.Helper()
		if got := e.jwksFetches() - before; got != want {
			t.Fatalf("fetches = %d, want %d", got, want)
		}
	}
	unknownKIDStorm(t, l, e.tokens.SessionJWT, 10000, sessiongate.ErrUnavailable)
	fetched(1)
	_, err := l.Verify(t.Context(), jwtCred(withKID(e.tokens.SessionJWT, "jwk-test-x")), anyAge)
	if got := sessiongate.RetryAfter(err); got != minRetryGap {
		t.Errorf("Retry-After = %v, want %v", got, minRetryGap)
	}
	// Gaps of 1s, 2s, 4s, 8s, 8s: one fetch at the end of each.
	total := 1
	for _, gap := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second} {
		e.srv.Advance(gap - time.Second)
		if gap > time.Second {
			unknownKIDStorm(t, l, e.tokens.SessionJWT, 500, sessiongate.ErrUnavailable)
			fetched(total)
		}
		e.srv.Advance(time.Second)
		unknownKIDStorm(t, l, e.tokens.SessionJWT, 500, sessiongate.ErrUnavailable)
		total++
		fetched(total)
	}

	e.srv.RotateKey()
	fresh, err := e.srv.MintJWT(e.tokens.Session.SessionID)
	wantErr(t, err, nil)
	e.srv.ClearFaults()
	e.srv.Advance(maxRetryGap)
	_, err = l.Verify(t.Context(), jwtCred(fresh), anyAge)
	wantErr(t, err, nil)
	fetched(total + 1)
	// The JWKS answers again: back to one fetch per unknown-kid interval.
	unknownKIDStorm(t, l, e.tokens.SessionJWT, 2000, sessiongate.ErrUnknownKey)
	fetched(total + 1)
}

// TestJoinedFailedFetchIsUnavailable: a request that joins a fetch in
// flight (here, a background one) and sees it fail cannot check its kid:
// unavailable, not unknown, and no fetch of its own.
func TestJoinedFailedFetchIsUnavailable(t *testing.T) {
	e := newEnv(t)
	l := e.quietLocal()
	f := &flight{done: make(chan struct{}), err: errors.New("fetch JWKS: status 500"), by: byLoop}
	close(f.done)
	l.keys.mu.Lock()
	l.keys.inflight = f
	l.keys.mu.Unlock()
	before := e.jwksFetches()
	_, err := l.Verify(t.Context(), jwtCred(withKID(e.tokens.SessionJWT, "jwk-test-new")), anyAge)
	wantErr(t, err, sessiongate.ErrUnavailable)
	if got := e.jwksFetches() - before; got != 0 {
		t.Errorf("fetches = %d, want 0 (the request joined the one in flight)", got)
	}
}
