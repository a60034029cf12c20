package verifier

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/boundedcache"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// TestCacheBoundedUnderFlood: distinct valid tokens never grow the cache
// past its size.
func TestCacheBoundedUnderFlood(t *testing.T) {
	e := newEnv(t)
	const size = 32
	l := e.local(WithCacheSize(size))
	for i := range 120 {
		tok := e.resign(func(_, c map[string]any) { c["n"] = i })
		_, err := l.Verify(t.Context(), jwtCred(tok), anyAge)
		wantErr(t, err, nil)
		if n := l.cache.len(); n > size {
			t.Fatalf("after %d tokens the cache holds %d entries, want ≤ %d", i+1, n, size)
		}
	}
	if n := l.cache.len(); n < size/2 {
		t.Errorf("cache holds %d entries, want it used (≥ %d)", n, size/2)
	}
}

// TestCacheEntryEndsWithToken: a cached token stops being served at exp,
// and the cache keys on the exact token string.
func TestCacheEntryEndsWithToken(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	_, err := l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	if l.cache.get(e.tokens.SessionJWT, e.srv.Now()) == nil {
		t.Fatal("verified token not cached")
	}
	e.srv.Advance(5 * time.Minute)
	if l.cache.get(e.tokens.SessionJWT, e.srv.Now()) != nil {
		t.Error("cache served a token at its exp")
	}
	_, err = l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), sessiongate.MaxTokenAge(time.Hour))
	wantErr(t, err, nil) // still within leeway, verified again (not from cache)
	e.srv.Advance(DefaultLeeway)
	_, err = l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), sessiongate.MaxTokenAge(time.Hour))
	wantErr(t, err, sessiongate.ErrExpired)
}

func TestCacheSessionExpiryBoundsEntry(t *testing.T) {
	e := newEnv(t)
	short := e.session(stytchtest.SessionSpec{Duration: 2 * time.Minute})
	l := e.local()
	_, err := l.Verify(t.Context(), jwtCred(short.SessionJWT), anyAge)
	wantErr(t, err, nil)
	e.srv.Advance(2 * time.Minute)
	_, err = l.Verify(t.Context(), jwtCred(short.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrExpired)
}

// TestCacheSlotSharedByTwoTokens: entries are found by a hash of the
// token's tail, so two tokens can share a slot (a crafted one copying a
// genuine JWT's tail and length). Neither ever answers for the other: the
// later put wins the slot, and removing a token leaves another's entry
// alone.
func TestCacheSlotSharedByTwoTokens(t *testing.T) {
	c := newResultCache(1024)
	now := epoch
	live := now.Add(time.Minute).UnixNano()
	genuine := "header.payload." + strings.Repeat("s", boundedcache.TailBytes)
	lookalike := "HEADER.PAYLOAD." + strings.Repeat("s", boundedcache.TailBytes) // same tail and length
	a := cachedEntryOf("a", live)
	c.put(genuine, a, now)
	if got := c.get(lookalike, now); got != nil {
		t.Fatalf("get(lookalike) = entry of %q, want a miss", got.shared.Session.SessionID)
	}
	c.remove(lookalike)
	if c.get(genuine, now) != a {
		t.Fatal("removing a lookalike dropped the genuine token's entry")
	}
	b := cachedEntryOf("b", live)
	c.put(lookalike, b, now)
	if c.get(genuine, now) != nil || c.get(lookalike, now) != b {
		t.Error("after the lookalike's put, want it alone in the slot")
	}
	if n := c.len(); n != 1 {
		t.Errorf("len = %d, want 1 (the two tokens share one slot)", n)
	}
}

// cachedEntryOf returns an entry for session id, live until until (unix ns).
func cachedEntryOf(id string, until int64) *entry {
	return &entry{until: until, shared: sessiongate.Verification{Session: &sessiongate.Session{SessionID: id}}}
}

func TestCacheEvictionPrefersExpired(t *testing.T) {
	c := newResultCache(boundedcache.Shards) // one entry per shard
	now := epoch
	for i := range 200 {
		c.put(fmt.Sprint(i), cachedEntryOf("", now.Add(time.Minute).UnixNano()), now)
	}
	if n := c.len(); n > boundedcache.Shards {
		t.Errorf("len = %d, want ≤ %d", n, boundedcache.Shards)
	}
	if newResultCache(0) != nil {
		t.Error("size 0 must disable the cache")
	}
}

// TestVerifyCached: VerifyCached answers, like Verify, for a JWT verified
// before and still good at the freshness asked, and declines (false) for
// anything only Verify can settle: a string never verified or one byte
// off, an expired entry, a too-old JWT, a freshness that asks Stytch, a
// session revoked here.
func TestVerifyCached(t *testing.T) {
	e := newEnv(t)
	h := e.hybrid()
	jwt := e.tokens.SessionJWT
	if _, ok := h.VerifyCached(jwt, anyAge); ok {
		t.Fatal("VerifyCached answered before any verification")
	}
	want, err := h.Verify(t.Context(), jwtCred(jwt), anyAge)
	wantErr(t, err, nil)
	got, ok := h.VerifyCached(jwt, anyAge)
	if !ok || got.Source != sessiongate.SourceCache || got.Session.SessionID != want.Session.SessionID ||
		got.Session.UserID != want.Session.UserID || !got.ConfirmedAt.Equal(want.ConfirmedAt) {
		t.Fatalf("VerifyCached = %+v, %v; want the cached form of %+v", got, ok, want)
	}
	if got.Session == want.Session {
		t.Error("VerifyCached shares the session Verify handed its caller")
	}
	if again, _ := h.VerifyCached(jwt, anyAge); again != got {
		t.Error("VerifyCached built a new answer for the same JWT; want the cache's shared one")
	}
	if mine, _ := h.Verify(t.Context(), jwtCred(jwt), anyAge); mine == got || mine.Session == got.Session {
		t.Error("Verify handed out the cache's shared answer; want a private copy")
	}
	forged := []byte(jwt)
	forged[len(forged)-10] ^= 'A' ^ 'B' // another base64url letter
	_, err = h.Verify(t.Context(), jwtCred(string(forged)), anyAge)
	wantErr(t, err, sessiongate.ErrInvalidToken)
	for _, s := range []string{string(forged), jwt + "x", jwt[:len(jwt)-1], "", "not a jwt"} {
		if _, ok := h.VerifyCached(s, anyAge); ok {
			t.Errorf("VerifyCached(%.20q…) answered, want false", s)
		}
	}
	declines := map[string]sessiongate.Freshness{
		"confirm with server": sessiongate.ConfirmWithServer(),
		"max age 0":           sessiongate.MaxTokenAge(0),
	}
	for name, f := range declines {
		if _, ok := h.VerifyCached(jwt, f); ok {
			t.Errorf("%s: VerifyCached answered, want false (Stytch must be asked)", name)
		}
	}
	e.srv.Advance(2 * time.Minute)
	if _, ok := h.VerifyCached(jwt, sessiongate.MaxTokenAge(time.Minute)); ok {
		t.Error("VerifyCached answered for a JWT older than the max token age")
	}
	if _, ok := h.VerifyCached(jwt, sessiongate.MaxTokenAge(time.Hour)); !ok {
		t.Error("VerifyCached declined a JWT within the max token age")
	}
	e.srv.Advance(4 * time.Minute)
	if _, ok := h.VerifyCached(jwt, sessiongate.MaxTokenAge(time.Hour)); ok {
		t.Error("VerifyCached answered for an expired JWT")
	}
	if l := e.local(WithCacheSize(0)); func() bool { _, ok := l.VerifyCached(jwt, anyAge); return ok }() {
		t.Error("VerifyCached answered without a cache")
	}
}

// TestVerifyCachedAfterRevoke: a session revoked through the verifier is no
// longer answered from the cache.
func TestVerifyCachedAfterRevoke(t *testing.T) {
	e := newEnv(t)
	h := e.hybrid()
	c := sessiongate.Credentials{JWT: e.tokens.SessionJWT, Token: e.tokens.SessionToken}
	_, err := h.Verify(t.Context(), c, anyAge)
	wantErr(t, err, nil)
	if _, ok := h.VerifyCached(c.JWT, anyAge); !ok {
		t.Fatal("VerifyCached declined a verified JWT")
	}
	wantErr(t, h.Revoke(t.Context(), c), nil)
	if _, ok := h.VerifyCached(c.JWT, anyAge); ok {
		t.Error("VerifyCached answered for a revoked session")
	}
}

// TestCachedSessionsAreCopies: a caller changing the session it got (local
// cache or remote cache) does not change what the next request sees.
func TestCachedSessionsAreCopies(t *testing.T) {
	e := newEnv(t)
	verifiers := map[string]struct {
		v interface {
			Verify(context.Context, sessiongate.Credentials, sessiongate.Freshness) (*sessiongate.Verification, error)
		}
		c sessiongate.Credentials
	}{
		"local":  {e.local(), jwtCred(e.tokens.SessionJWT)},
		"remote": {e.remote(WithRemoteCacheTTL(time.Minute)), tokenCred(e.tokens.SessionToken)},
	}
	for name, tc := range verifiers {
		t.Run(name, func(t *testing.T) {
			first, err := tc.v.Verify(t.Context(), tc.c, anyAge)
			wantErr(t, err, nil)
			want := *first.Session
			first.Session.UserID, first.Session.SessionID = "user-evil", "session-evil"
			first.Source = "tampered"
			again, err := tc.v.Verify(t.Context(), tc.c, anyAge)
			wantErr(t, err, nil)
			if again.Session.UserID != want.UserID || again.Session.SessionID != want.SessionID {
				t.Errorf("cached session changed by a caller: got %s/%s, want %s/%s",
					again.Session.UserID, again.Session.SessionID, want.UserID, want.SessionID)
			}
			if again.Source != sessiongate.SourceCache || again.Session == first.Session {
				t.Errorf("second answer Source=%q, same session pointer=%v; want a cache hit with its own copy",
					again.Source, again.Session == first.Session)
			}
		})
	}
}

// TestCacheHitAllocations pins a cache hit through Verify at one
// allocation (the caller's Verification with its copy of the session) and
// through VerifyCached at none (the cache's shared, read-only answer).
func TestCacheHitAllocations(t *testing.T) {
	e := newEnv(t)
	h := e.hybrid()
	c := jwtCred(e.tokens.SessionJWT)
	_, err := h.Verify(t.Context(), c, anyAge)
	wantErr(t, err, nil)
	ctx := t.Context()
	if n := testing.AllocsPerRun(100, func() { _, _ = h.Verify(ctx, c, anyAge) }); n != 1 {
		t.Errorf("cache hit allocations = %v, want 1", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = h.VerifyCached(c.JWT, anyAge) }); n != 0 {
		t.Errorf("VerifyCached allocations = %v, want 0", n)
	}
}
