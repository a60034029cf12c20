package verifier

import (
	"fmt"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
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

func TestCacheEvictionPrefersExpired(t *testing.T) {
	c := newResultCache(cacheShards) // one entry per shard
	now := epoch
	for i := range 200 {
		c.put(fmt.Sprint(i), &entry{session: &sessiongate.Session{}, until: now.Add(time.Minute).UnixNano()}, now)
	}
	if n := c.len(); n > cacheShards {
		t.Errorf("len = %d, want ≤ %d", n, cacheShards)
	}
	if newResultCache(0) != nil {
		t.Error("size 0 must disable the cache")
	}
}

// TestCacheShardsSpreadGenuineTokens: picking a shard from a token's tail
// still spreads real tokens over the shards, and short or identical-tail
// inputs cannot make shard selection panic.
func TestCacheShardsSpreadGenuineTokens(t *testing.T) {
	e := newEnv(t)
	c := newResultCache(1024)
	used := map[*cacheShard]int{}
	for i := range 256 {
		tok := e.resign(func(_, cl map[string]any) { cl["n"] = i })
		used[c.shard(tok)]++
	}
	if len(used) < cacheShards*3/4 {
		t.Errorf("256 tokens used %d of %d shards, want at least %d", len(used), cacheShards, cacheShards*3/4)
	}
	for _, n := range used {
		if n > 48 { // 16 expected per shard
			t.Errorf("one shard got %d of 256 tokens", n)
		}
	}
	for _, s := range []string{"", "a", "abcdefg", "abcdefgh"} {
		if c.shard(s) == nil {
			t.Errorf("shard(%q) = nil", s)
		}
	}
}
