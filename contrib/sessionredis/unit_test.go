package sessionredis

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sessiongate/sessiongate"
)

func TestNewChecksConfig(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	if _, err := New(Config{Key: testKey}); err == nil {
		t.Error("New accepted a nil client")
	}
	if _, err := New(Config{Client: rdb, Key: testKey[:31]}); err == nil {
		t.Error("New accepted a 31-byte key")
	}
	s, err := New(Config{Client: rdb, Key: testKey})
	if err != nil || s.prefix != DefaultPrefix || s.opTimeout != DefaultOpTimeout {
		t.Errorf("New = %v, %v; want the defaults", s, err)
	}
}

// TestOutboxBounded: while Redis is unreachable at most maxOutbox
// revocations wait; more are dropped and counted; a later deadline for a
// waiting session replaces the earlier one without taking a place.
func TestOutboxBounded(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	s, _ := New(Config{Client: rdb, Key: testKey})
	until := time.Now().Add(time.Minute)
	for i := range maxOutbox + 3 {
		s.PublishRevocation(fmt.Sprint("session-", i), until)
	}
	s.PublishRevocation("session-0", until.Add(time.Minute))
	st := s.Stats()
	if st.Pending != maxOutbox || st.Dropped != 3 {
		t.Errorf("pending %d, dropped %d; want %d, 3", st.Pending, st.Dropped, maxOutbox)
	}
	if got := s.outbox["session-0"]; !got.Equal(until.Add(time.Minute)) {
		t.Errorf("session-0 waits until %v, want the later deadline", got)
	}
	if s.Healthy() == nil || st.Up {
		t.Error("a Shared that never connected reports healthy")
	}
}

// TestRevocationMessageAuthenticated: a revocation opens only under the
// key and prefix it was sealed with, unaltered.
func TestRevocationMessageAuthenticated(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	s, _ := New(Config{Client: rdb, Key: testKey})
	other, _ := New(Config{Client: rdb, Key: testKey, Prefix: "other:"})
	until := time.UnixMilli(time.Now().Add(time.Minute).UnixMilli())
	msg := s.revocation("session-a", until)
	if sid, got, ok := s.parseRevocation(msg); !ok || sid != "session-a" || !got.Equal(until) {
		t.Fatalf("parse = %q, %v, %v", sid, got, ok)
	}
	for name, bad := range map[string]string{
		"other session":  strings.Replace(msg, "session-a", "session-b", 1),
		"later deadline": strings.Replace(msg, fmt.Sprint(until.UnixMilli()), fmt.Sprint(until.UnixMilli()+1), 1),
		"no mac":         msg[:strings.LastIndexByte(msg, '|')],
		"extra field":    msg + "|x",
	} {
		if _, _, ok := s.parseRevocation(bad); ok {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, _, ok := other.parseRevocation(msg); ok {
		t.Error("a revocation opened under another prefix")
	}
}

// TestRevocationEvictsSharedEntries: a revoke through one instance deletes
// the session's shared-cache entries from Redis.
func TestRevocationEvictsSharedEntries(t *testing.T) {
	r := startRedis(t)
	srv, uid := newEmulator(t)
	tok := newSession(t, srv, uid)
	a, b := newInstance(t, srv, r.addr(), time.Minute), newInstance(t, srv, r.addr(), time.Minute)
	c := sessiongate.Credentials{Token: tok.SessionToken}
	if _, err := a.v.Verify(t.Context(), c, sessiongate.Freshness{}); err != nil {
		t.Fatal(err)
	}
	k := a.s.cacheKey(sharedKeyOf(c))
	if n, _ := a.rdb.Exists(t.Context(), k).Result(); n != 1 {
		t.Fatal("no shared entry stored")
	}
	if err := b.v.Revoke(t.Context(), jwtOnly(tok)); err != nil {
		t.Fatal(err)
	}
	a.waitApplied(t, tok.Session.SessionID) // published after the eviction
	if n, _ := a.rdb.Exists(t.Context(), k).Result(); n != 0 {
		t.Error("the revoked session's shared entry is still in Redis")
	}
}
