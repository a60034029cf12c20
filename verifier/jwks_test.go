package verifier

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func (e *env) jwksFetches() int { return e.srv.Requests(stytchtest.EndpointJWKS) }

// TestF8JWKSDownAtStartThenUp: a verifier built while the JWKS is down
// answers "unavailable" (never "invalid"), and recovers as soon as the
// endpoint does, without waiting for a scheduled refresh.
func TestF8JWKSDownAtStartThenUp(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Status: 503})
	l, err := NewLocal(t.Context(), e.srv.ProjectID(), e.opts()...)
	wantErr(t, err, nil)
	_, err = l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrUnavailable)
	wantErr(t, l.Refresh(t.Context()), sessiongate.ErrUnavailable)

	e.srv.ClearFaults()
	e.srv.Advance(minRetryGap)
	_, err = l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
}

// TestF8StaleSetServedDuringRotation: while the JWKS is down, the last good
// set keeps verifying; a token from a newly rotated key is unavailable
// locally (issue 16) and settled remotely by the hybrid verifier.
func TestF8StaleSetServedDuringRotation(t *testing.T) {
	e := newEnv(t)
	v := e.hybrid()
	e.srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Status: 500})
	wantErr(t, v.Refresh(t.Context()), sessiongate.ErrUnavailable)
	e.srv.RotateKey()
	fresh, err := e.srv.MintJWT(e.tokens.Session.SessionID)
	wantErr(t, err, nil)

	got, err := v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	if got.Source == sessiongate.SourceRemote {
		t.Errorf("old-key token Source = remote, want local (stale set served)")
	}
	_, err = v.local.Verify(t.Context(), jwtCred(fresh), anyAge)
	wantErr(t, err, sessiongate.ErrUnavailable) // the new kid cannot be checked: never "unknown"
	got, err = v.Verify(t.Context(), jwtCred(fresh), anyAge)
	wantErr(t, err, nil)
	if got.Source != sessiongate.SourceRemote {
		t.Errorf("new-key token Source = %q, want remote", got.Source)
	}

	t.Run("staleness is bounded", func(t *testing.T) {
		e.srv.Advance(DefaultMaxStaleness + time.Second)
		_, err := v.local.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), sessiongate.MaxTokenAge(1<<40))
		wantErr(t, err, sessiongate.ErrUnavailable)
	})
}

// TestF8CoalescedRefresh: 200 concurrent refreshes make one fetch.
func TestF8CoalescedRefresh(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	before := e.jwksFetches()
	e.srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Latency: time.Second, Times: 1})
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() {
			<-start
			_ = l.Refresh(t.Context())
		})
	}
	close(start)
	wg.Wait()
	if got := e.jwksFetches() - before; got != 1 {
		t.Errorf("200 concurrent refreshes made %d fetches, want 1", got)
	}
}

// withKID replaces the kid of tok without re-signing (the key lookup comes
// before the signature check).
func withKID(tok, kid string) string {
	seg := strings.SplitN(tok, ".", 2)
	return b64url([]byte(`{"alg":"RS256","kid":"`+kid+`","typ":"JWT"}`)) + "." + seg[1]
}

// TestUnknownKIDStorm: 10,000 requests with random unknown kids cause at
// most one JWKS fetch per interval, and none for foreign tokens.
func TestUnknownKIDStorm(t *testing.T) {
	e := newEnv(t)
	l := e.local(WithUnknownKIDRefreshInterval(time.Minute))
	foreign := e.resign(func(_, c map[string]any) { c["iss"] = "stytch.com/project-test-other" })
	storm := func(tok string, n int, want error) {
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
	before := e.jwksFetches()
	storm(foreign, 2000, sessiongate.ErrInvalidToken)
	if got := e.jwksFetches() - before; got != 0 {
		t.Errorf("foreign tokens caused %d fetches, want 0", got)
	}
	storm(e.tokens.SessionJWT, 10000, sessiongate.ErrUnknownKey)
	if got := e.jwksFetches() - before; got != 1 {
		t.Errorf("10,000 unknown kids caused %d fetches, want 1", got)
	}
	e.srv.Advance(time.Minute)
	storm(e.tokens.SessionJWT, 1000, sessiongate.ErrUnknownKey)
	if got := e.jwksFetches() - before; got != 2 {
		t.Errorf("after one interval: %d fetches, want 2", got)
	}
}

// TestKeyRotation: a token signed with a new key verifies after one refresh.
func TestKeyRotation(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	before := e.jwksFetches()
	kid := e.srv.RotateKey()
	tok, err := e.srv.MintJWT(e.tokens.Session.SessionID)
	wantErr(t, err, nil)
	if decodePart(t, tok, 0)["kid"] != kid {
		t.Fatal("minted token does not use the rotated key")
	}
	_, err = l.Verify(t.Context(), jwtCred(tok), anyAge)
	wantErr(t, err, nil)
	_, err = l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	if got := e.jwksFetches() - before; got != 1 {
		t.Errorf("rotation took %d fetches, want 1", got)
	}
}

// TestRemovedKeyStopsVerifying: once a refresh drops a key, its tokens
// fail, cached or not; a refresh that keeps the key keeps them cached.
func TestRemovedKeyStopsVerifying(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	old := decodePart(t, e.tokens.SessionJWT, 0)["kid"].(string)
	_, err := l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	e.srv.RotateKey()
	wantErr(t, l.Refresh(t.Context()), nil)
	if _, ok := l.VerifyCached(e.tokens.SessionJWT, anyAge); !ok {
		t.Fatal("VerifyCached declined a JWT whose key a refresh kept")
	}
	e.srv.RemoveKey(old)
	wantErr(t, l.Refresh(t.Context()), nil)
	if _, ok := l.VerifyCached(e.tokens.SessionJWT, anyAge); ok {
		t.Error("VerifyCached answered for a JWT whose key was dropped")
	}
	_, err = l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrUnknownKey)
}

// TestUnknownKIDRefreshHonoursContext: a request never waits for a slow
// refresh past its own deadline.
func TestUnknownKIDRefreshHonoursContext(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	e.srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Latency: 5 * time.Second, Times: 1})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := l.Verify(ctx, jwtCred(withKID(e.tokens.SessionJWT, "jwk-test-new")), anyAge)
	wantErr(t, err, sessiongate.ErrUnavailable)
	if waited := time.Since(began); waited > 2*time.Second {
		t.Errorf("Verify waited %v past a 50ms deadline", waited)
	}
}

// TestF8FirstLoadRetriedInBackground: with the JWKS failing at start, the
// background loop keeps retrying (with backoff) and loads the set without
// any request asking for it.
func TestF8FirstLoadRetriedInBackground(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Status: 503, Times: 2})
	l, err := NewLocal(t.Context(), e.srv.ProjectID(), e.opts()...)
	wantErr(t, err, nil)
	select {
	case <-l.keys.loaded:
	case <-time.After(10 * time.Second):
		t.Fatal("key set not loaded by the background retries")
	}
	if got := e.jwksFetches(); got != 3 {
		t.Errorf("fetches = %d, want 3 (two failures, one success)", got)
	}
	_, err = l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
}

// TestJWKSDownForeignTokenStaysInvalid: while no key set can be loaded, a
// token for another project is invalid (the hybrid must not ask Stytch).
func TestJWKSDownForeignTokenStaysInvalid(t *testing.T) {
	e := newEnv(t)
	foreign := e.resign(func(_, c map[string]any) { c["aud"] = []string{"project-test-other"} })
	e.srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Status: 503})
	v, err := New(t.Context(), e.srv.ProjectID(), e.srv.Secret(), e.opts()...)
	wantErr(t, err, nil)
	_, err = v.Verify(t.Context(), jwtCred(foreign), anyAge)
	wantErr(t, err, sessiongate.ErrInvalidToken)
	if n := e.srv.Requests(stytchtest.EndpointAuthenticate); n != 0 {
		t.Errorf("upstream calls = %d, want 0", n)
	}
}
