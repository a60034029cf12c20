package boundedcache

import (
	"strings"
	"testing"
	"unsafe"
)

// TestPutCopiesKey: Put keeps its own copy of the key, not the caller's
// string (which may point into a much larger header line); PutOwned
// stores the string it is given.
func TestPutCopiesKey(t *testing.T) {
	c := New[int](64)
	line := "a=" + strings.Repeat("x", 4096) + "; k=" + signed(t)
	key := line[strings.LastIndexByte(line, '=')+1:]
	for _, owned := range []bool{false, true} {
		if owned {
			c.PutOwned(key, 1, 100, 0)
		} else {
			c.Put(key, 1, 100, 0)
		}
		h, sh := c.slot(key)
		k := sh.m[h].key
		if k != key || (unsafe.StringData(k) == unsafe.StringData(key)) != owned {
			t.Errorf("owned %v: stored key shares the caller's bytes = %v", owned, !owned)
		}
	}
}

// TestShardsSpreadKeys: random tails spread over the shards, and short
// keys cannot make shard selection panic.
func TestShardsSpreadKeys(t *testing.T) {
	c := New[int](1024)
	used := map[*shard[int]]int{}
	for range 256 {
		_, sh := c.slot(signed(t))
		used[sh]++
	}
	if len(used) < Shards*3/4 {
		t.Errorf("256 keys used %d of %d shards, want at least %d", len(used), Shards, Shards*3/4)
	}
	for _, n := range used {
		if n > 48 { // 16 expected a shard
			t.Errorf("one shard got %d of 256 keys", n)
		}
	}
	for _, k := range []string{"", "a", strings.Repeat("a", TailBytes+1)} {
		c.Put(k, len(k), 100, 0)
		if v, ok := c.Get(k, 0); !ok || v != len(k) {
			t.Errorf("Get(%q) = %d, %v; want %d, true", k, v, ok, len(k))
		}
	}
}
