package verifier

import (
	"context"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// TestStatsJWKS: fetches, failures (the set in use kept), keys and the
// fetch time of the set in use.
func TestStatsJWKS(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	s := l.Stats()
	if s.JWKSFetches < 1 || s.JWKSFailures != 0 || s.JWKSKeys != 1 || !s.JWKSUsable || !s.JWKSFetchedAt.Equal(e.srv.Now()) {
		t.Fatalf("after the first load: %+v, want ≥ 1 fetch, no failure, 1 usable key fetched now", s)
	}
	e.srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Status: 503})
	wantErr(t, l.Refresh(t.Context()), sessiongate.ErrUnavailable)
	after := l.Stats()
	if after.JWKSFetches != s.JWKSFetches+1 || after.JWKSFailures != 1 || !after.JWKSUsable || after.JWKSKeys != 1 {
		t.Errorf("after a failed refresh: %+v, want one more fetch, 1 failure, the set kept", after)
	}
	e.srv.ClearFaults()
	e.srv.RotateKey()
	wantErr(t, l.Refresh(t.Context()), nil)
	if got := l.Stats(); got.JWKSKeys != 2 || got.JWKSFailures != 1 {
		t.Errorf("after a rotation: %+v, want 2 keys and still 1 failure", got)
	}
	e.srv.Advance(DefaultMaxStaleness + time.Second)
	if got := l.Stats(); got.JWKSUsable {
		t.Errorf("past the max staleness: %+v, want JWKSUsable false", got)
	}
}

// TestStatsCacheAndAPI: the hybrid verifier reports its cache size and its
// calls to Stytch, counting outages apart from answers.
func TestStatsCacheAndAPI(t *testing.T) {
	e := newEnv(t)
	h := e.hybrid(WithRetries(0))
	_, err := h.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	if s := h.Stats(); s.CachedJWTs != 1 || s.APICalls != 0 || !s.JWKSUsable {
		t.Fatalf("after a local verification: %+v, want 1 cached JWT and no API call", s)
	}
	_, err = h.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, nil)
	e.srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Status: 503})
	_, err = h.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, sessiongate.ErrUnavailable)
	e.srv.ClearFaults()
	_, err = h.Verify(t.Context(), tokenCred("gone"+e.tokens.SessionToken[4:]), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	if s := h.Stats(); s.APICalls != 3 || s.APIUnavailable != 1 {
		t.Errorf("after an answer, an outage and a 404: %+v, want 3 calls, 1 unavailable", s)
	}
	if s := e.local(WithCacheSize(0)).Stats(); s.CachedJWTs != 0 {
		t.Errorf("without a cache: %+v", s)
	}
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	err = h.Revoke(gone, tokenCred(e.tokens.SessionToken))
	wantErr(t, err, sessiongate.ErrUnavailable)
	if s := h.Stats(); s.APIUnavailable != 1 {
		t.Errorf("after a revoke its caller cancelled: %+v, want still 1 unavailable", s)
	}
}
