package verifier

import (
	"fmt"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

func remoteResultAt(at time.Time, sessionEnds time.Duration) *remoteResult {
	return &remoteResult{session: &sessiongate.Session{SessionID: "s", ExpiresAt: at.Add(sessionEnds)}, confirmedAt: at}
}

// TestRemoteCacheLifetime: an entry answers strictly within its TTL, the
// freshness asked and its session's life, and not after its removal.
func TestRemoteCacheLifetime(t *testing.T) {
	const ttl = 30 * time.Second
	c := newRemoteCache(ttl)
	key := credentialKey(tokenCred("tok"))
	c.put(key, remoteResultAt(epoch, 20*time.Second))
	tests := []struct {
		name   string
		after  time.Duration
		maxAge time.Duration
		hit    bool
	}{
		{"fresh", 0, time.Hour, true},
		{"older than the max age asked", 11 * time.Second, 10 * time.Second, false},
		{"max age 0", 0, 0, false},
		{"last instant of the session", 20*time.Second - 1, time.Hour, true},
		{"session ended", 20 * time.Second, time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.get(key, epoch.Add(tt.after), sessiongate.MaxTokenAge(tt.maxAge), time.Hour)
			if (got != nil) != tt.hit {
				t.Errorf("get at +%v = %v, want hit %v", tt.after, got, tt.hit)
			}
		})
	}
	c.put(key, remoteResultAt(epoch, time.Hour))
	for after, hit := range map[time.Duration]bool{ttl - 1: true, ttl: false} {
		if got := c.get(key, epoch.Add(after), sessiongate.MaxTokenAge(time.Hour), time.Hour); (got != nil) != hit {
			t.Errorf("get at +%v (TTL %v) = %v, want hit %v", after, ttl, got, hit)
		}
	}
	c.remove(key)
	if c.get(key, epoch, sessiongate.MaxTokenAge(time.Hour), time.Hour) != nil {
		t.Error("get after remove answered")
	}
	if newRemoteCache(0) != nil {
		t.Error("TTL 0 must disable the remote cache")
	}
}

func TestRemoteCacheBounded(t *testing.T) {
	c := newRemoteCache(time.Minute)
	for i := range remoteCacheSize + 500 {
		c.put(credentialKey(tokenCred(fmt.Sprint("tok", i))), remoteResultAt(epoch, time.Hour))
	}
	if n := c.results.Len(); n > remoteCacheSize || n < remoteCacheSize/2 {
		t.Errorf("remote cache holds %d entries, want ≤ %d and used", n, remoteCacheSize)
	}
}
