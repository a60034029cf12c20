// Package boundedcache is the bounded, sharded, expiring cache behind
// sessiongate's caches of verified JWTs, opened sealed cookies, remote
// verifications and revoked sessions.
//
// A [Cache] maps string keys to values of one type. It is sharded (one
// RWMutex per shard: readers never contend with each other) and bounded: a
// full shard first drops expired entries it meets, then an arbitrary one,
// so a flood of distinct keys cannot grow it. Every entry carries an expiry
// and is never served at or after it.
//
// Entries are found by a seeded hash of the key's last [TailBytes] bytes and
// its length, then compared with the whole key: for keys that end in a
// signature, a MAC or a digest, hashing the whole key on every lookup would
// cost more than the comparison that has to read it anyway. Such tails are
// unpredictable and distinct; two keys with the same hash share a slot (the
// later one wins), and a key that only shares a hash with a stored one is a
// miss, never a hit. Keys whose tails a client can choose may evict each
// other, but never answer for each other.
package boundedcache

import (
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
)

// Shards is the number of shards; a cache's size is rounded up to a
// multiple of it.
const Shards = 16

// TailBytes is how many bytes at the end of a key its hash covers: 32
// base64url characters of an RS256 signature are 192 random bits, and a
// SHA-256 digest is 32 bytes.
const TailBytes = 32

// Eviction, when a shard is full: drop up to evictExpired expired entries
// among the first evictLook met, or else the first one met (map iteration
// order is random, so a client cannot choose which entry goes).
const (
	evictExpired = 8
	evictLook    = 64
)

// Cache is a bounded map from string keys to values of type V, each
// usable until an expiry given in the caller's units (Unix seconds or
// nanoseconds; the cache only compares them). A nil *Cache is an empty cache
// that stores nothing. A Cache is safe for concurrent use.
type Cache[V any] struct {
	seed     maphash.Seed
	perShard int
	shards   [Shards]shard[V]
	_        [64]byte     // keeps n, written by puts, off the line readers read
	n        atomic.Int64 // entries, across shards
}

type shard[V any] struct {
	mu sync.RWMutex
	m  map[uint64]item[V]
}

// item is an entry: the cache's own copy of its key, the instant from which
// it must not be served, and the value.
type item[V any] struct {
	key   string
	until int64
	val   V
}

// New returns a cache of about size entries, or nil for size 0 or less.
func New[V any](size int) *Cache[V] {
	if size <= 0 {
		return nil
	}
	c := &Cache[V]{seed: maphash.MakeSeed(), perShard: max(1, (size+Shards-1)/Shards)}
	for i := range c.shards {
		c.shards[i].m = make(map[uint64]item[V])
	}
	return c
}

// slot returns key's hash and shard. Mixing in the random seed keeps both
// unpredictable: a client that crafts keys can at most crowd one shard's
// read lock, and cannot choose which.
func (c *Cache[V]) slot(key string) (uint64, *shard[V]) {
	h := maphash.String(c.seed, key[max(0, len(key)-TailBytes):]) ^ uint64(len(key))*0x9e3779b97f4a7c15
	return h, &c.shards[h>>60]
}

// Get returns the value stored for key, if it is usable at now (now is
// before its expiry). It takes no lock while the cache is empty.
func (c *Cache[V]) Get(key string, now int64) (V, bool) {
	var zero V
	if c == nil || c.n.Load() == 0 {
		return zero, false
	}
	h, sh := c.slot(key)
	sh.mu.RLock()
	it, ok := sh.m[h]
	sh.mu.RUnlock()
	if !ok || it.key != key || now >= it.until {
		return zero, false
	}
	return it.val, true
}

// Put stores v for a copy of key, usable before until, evicting to stay
// within bounds (now tells which entries have expired). It replaces
// whatever held key's slot. The copy keeps the cache from pinning the
// string key was sliced from, such as a request's header line.
func (c *Cache[V]) Put(key string, v V, until, now int64) {
	if c != nil {
		c.put(item[V]{key: strings.Clone(key), until: until, val: v}, now)
	}
}

// PutOwned is Put for a key that is already a string of its own (a digest
// just computed, an id held for as long as the entry), stored as it is.
func (c *Cache[V]) PutOwned(key string, v V, until, now int64) {
	if c != nil {
		c.put(item[V]{key: key, until: until, val: v}, now)
	}
}

func (c *Cache[V]) put(it item[V], now int64) {
	h, sh := c.slot(it.key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, replacing := sh.m[h]; !replacing {
		if len(sh.m) >= c.perShard {
			c.n.Add(-int64(evict(sh.m, now)))
		}
		c.n.Add(1)
	}
	sh.m[h] = it
}

// evict drops entries from a full shard's map and returns how many.
func evict[V any](m map[uint64]item[V], now int64) int {
	dropped, looked := 0, 0
	var victim uint64
	for h, it := range m {
		if looked == 0 {
			victim = h
		}
		looked++
		if now >= it.until {
			delete(m, h)
			dropped++
		}
		if dropped >= evictExpired || looked >= evictLook {
			break
		}
	}
	if dropped == 0 {
		delete(m, victim)
		dropped = 1
	}
	return dropped
}

// Remove forgets key. An entry that only shares key's slot stays.
func (c *Cache[V]) Remove(key string) {
	if c == nil {
		return
	}
	h, sh := c.slot(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if it, ok := sh.m[h]; ok && it.key == key {
		delete(sh.m, h)
		c.n.Add(-1)
	}
}

// Len returns the number of entries, expired ones included until they are
// evicted.
func (c *Cache[V]) Len() int {
	if c == nil {
		return 0
	}
	return int(c.n.Load())
}
