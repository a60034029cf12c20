package boundedcache

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// signed returns a key shaped like a JWT: a fixed head and a random
// base64url tail, like an RS256 signature.
func signed(tb testing.TB) string {
	tb.Helper()
	sig := make([]byte, 256)
	_, _ = rand.Read(sig)
	return "header.payload." + base64.RawURLEncoding.EncodeToString(sig)
}

// stored returns the entries actually held, shard by shard.
func stored[V any](c *Cache[V]) int {
	n := 0
	for i := range c.shards {
		c.shards[i].mu.RLock()
		n += len(c.shards[i].m)
		c.shards[i].mu.RUnlock()
	}
	return n
}

// sameShard returns n distinct keys that land in one shard.
func sameShard[V any](c *Cache[V], n int) []string {
	_, want := c.slot("k0")
	keys := []string{"k0"}
	for i := 1; len(keys) < n; i++ {
		if k := fmt.Sprint("k", i); func() bool { _, sh := c.slot(k); return sh == want }() {
			keys = append(keys, k)
		}
	}
	return keys
}

func TestNewSizes(t *testing.T) {
	for _, size := range []int{0, -1} {
		if c := New[int](size); c != nil {
			t.Errorf("New(%d) = %p, want nil (no cache)", size, c)
		}
	}
	tests := []struct{ size, perShard int }{{1, 1}, {Shards, 1}, {Shards + 1, 2}, {1024, 64}}
	for _, tt := range tests {
		if got := New[int](tt.size).perShard; got != tt.perShard {
			t.Errorf("New(%d) holds %d a shard, want %d", tt.size, got, tt.perShard)
		}
	}
}

func TestNilCacheIsEmpty(t *testing.T) {
	var c *Cache[string]
	c.Put("k", "v", 10, 0)
	c.PutOwned("k", "v", 10, 0)
	c.Remove("k")
	if v, ok := c.Get("k", 0); ok || v != "" || c.Len() != 0 {
		t.Errorf("nil cache: Get = %q, %v, Len = %d; want a miss and 0", v, ok, c.Len())
	}
}

func TestExpiry(t *testing.T) {
	c := New[string](64)
	c.Put("key", "v", 100, 0)
	tests := []struct {
		name string
		now  int64
		ok   bool
	}{
		{"long before", -1 << 40, true},
		{"just before", 99, true},
		{"at expiry", 100, false},
		{"after", 1 << 40, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if v, ok := c.Get("key", tt.now); ok != tt.ok || (ok && v != "v") {
				t.Errorf("Get at %d = %q, %v; want hit %v", tt.now, v, ok, tt.ok)
			}
		})
	}
}

func TestBoundedUnderFlood(t *testing.T) {
	const size = 64
	c := New[int](size)
	for i := range 10_000 {
		c.Put(signed(t), i, 100, 0)
		if n := stored(c); n > size || n != c.Len() {
			t.Fatalf("after %d puts: %d entries held, Len = %d; want equal and ≤ %d", i+1, n, c.Len(), size)
		}
	}
	if n := c.Len(); n < size/2 {
		t.Errorf("cache holds %d entries, want it used (≥ %d)", n, size/2)
	}
}

func TestReplacingKeepsOneEntry(t *testing.T) {
	c := New[int](64)
	c.Put("key", 1, 100, 0)
	c.Put("key", 2, 100, 0)
	if v, ok := c.Get("key", 0); !ok || v != 2 || c.Len() != 1 || stored(c) != 1 {
		t.Errorf("Get = %d, %v, Len = %d; want 2, true, 1", v, ok, c.Len())
	}
	c.Remove("key")
	c.Remove("key")
	if _, ok := c.Get("key", 0); ok || c.Len() != 0 {
		t.Errorf("after Remove: hit %v, Len = %d; want a miss and 0", ok, c.Len())
	}
}

// TestEvictionPrefersExpired: a full shard drops the expired entries it
// meets and keeps the live ones; with none expired it drops one.
func TestEvictionPrefersExpired(t *testing.T) {
	c := New[string](4 * Shards) // four entries a shard
	keys := sameShard(c, 6)
	c.Put(keys[0], "expired", 10, 0)
	c.Put(keys[1], "live", 100, 0)
	c.Put(keys[2], "expired", 20, 0)
	c.Put(keys[3], "live", 100, 0)
	c.Put(keys[4], "new", 100, 50)
	for i, want := range []bool{false, true, false, true, true} {
		if _, ok := c.Get(keys[i], 50); ok != want {
			t.Errorf("after eviction, key %d (%s) present = %v, want %v", i, keys[i], ok, want)
		}
	}
	if c.Len() != 3 || stored(c) != 3 {
		t.Errorf("Len = %d, held %d; want 3", c.Len(), stored(c))
	}
	c.Put(keys[5], "new", 100, 50) // not full: no eviction
	c.Put(keys[0], "new", 100, 50) // full, none expired: one goes
	if c.Len() != 4 || stored(c) != 4 {
		t.Errorf("Len = %d, held %d; want 4", c.Len(), stored(c))
	}
	if _, ok := c.Get(keys[0], 50); !ok {
		t.Error("the entry just put was evicted")
	}
}

// TestLookalikeNeverAnswers: a key with a stored key's tail and length
// shares its slot but never answers for it, and removing it leaves the
// stored entry alone; the same tail at another length is another slot.
func TestLookalikeNeverAnswers(t *testing.T) {
	c := New[string](1024)
	tail := strings.Repeat("s", TailBytes)
	genuine, lookalike, longer := "header.payload."+tail, "HEADER.PAYLOAD."+tail, "header.payload.x"+tail
	if h1, _ := c.slot(genuine); func() bool { h2, _ := c.slot(lookalike); return h1 != h2 }() {
		t.Fatal("keys with the same tail and length must share a slot for this test")
	}
	c.Put(genuine, "genuine", 100, 0)
	if v, ok := c.Get(lookalike, 0); ok {
		t.Fatalf("Get(lookalike) = %q, want a miss", v)
	}
	c.Remove(lookalike)
	if v, ok := c.Get(genuine, 0); !ok || v != "genuine" || c.Len() != 1 {
		t.Fatalf("after Remove(lookalike): Get(genuine) = %q, %v, Len = %d; want it kept", v, ok, c.Len())
	}
	c.Put(longer, "longer", 100, 0)
	if c.Len() != 2 {
		t.Errorf("a key of another length took the genuine key's slot (Len = %d, want 2)", c.Len())
	}
	c.Put(lookalike, "lookalike", 100, 0)
	if _, ok := c.Get(genuine, 0); ok {
		t.Error("after the lookalike's put, the genuine key still answers; want it replaced")
	}
	if v, ok := c.Get(lookalike, 0); !ok || v != "lookalike" || c.Len() != 2 {
		t.Errorf("Get(lookalike) = %q, %v, Len = %d; want lookalike, true, 2", v, ok, c.Len())
	}
}
