package verifier

import (
	"crypto/rsa"
	"hash/maphash"
	"strings"
	"sync"
	"time"

	"github.com/sessiongate/sessiongate"
)

const cacheShards = 16

// entry is a verified JWT: its session, its iat, the instant after which it
// must not be served (min of exp and the session's expiry), and the key that
// verified it, so that a key dropped from the JWKS stops serving its tokens.
type entry struct {
	session *sessiongate.Session
	iat     int64
	until   int64 // unix nanoseconds
	kid     string
	pub     *rsa.PublicKey
}

// resultCache maps exact token strings to verified entries. It is sharded
// (one RWMutex per shard, readers never contend with each other) and bounded:
// a full shard first drops expired entries it meets, then an arbitrary one,
// so a flood of distinct valid tokens cannot grow it (security.md §5).
type resultCache struct {
	seed     uint64
	perShard int
	shards   [cacheShards]cacheShard
}

type cacheShard struct {
	mu sync.RWMutex
	m  map[string]*entry
}

// newResultCache returns a cache of about size entries, or nil for size 0.
func newResultCache(size int) *resultCache {
	if size <= 0 {
		return nil
	}
	c := &resultCache{seed: maphash.String(maphash.MakeSeed(), ""), perShard: max(1, (size+cacheShards-1)/cacheShards)}
	for i := range c.shards {
		c.shards[i].m = make(map[string]*entry)
	}
	return c
}

// shard picks tok's shard from its last eight bytes. Cached tokens are
// genuine JWTs ending in an RS256 signature, whose base64url characters are
// already evenly spread, so hashing the whole token (about 1.5 KB) only to
// pick a lock would cost more than the lookup. Mixing with the seed keeps
// the choice unpredictable; a client that crafts tokens can at most crowd
// one shard's read lock: each shard's map hashes its keys with its own
// random seed, so bucket collisions cannot be forced.
func (c *resultCache) shard(tok string) *cacheShard {
	var tail uint64
	for i := max(0, len(tok)-8); i < len(tok); i++ {
		tail = tail<<8 | uint64(tok[i])
	}
	h := (tail ^ c.seed) * 0x9e3779b97f4a7c15
	return &c.shards[(h>>32)%cacheShards]
}

// get returns the live entry for tok, if any.
func (c *resultCache) get(tok string, now time.Time) *entry {
	sh := c.shard(tok)
	sh.mu.RLock()
	e := sh.m[tok]
	sh.mu.RUnlock()
	if e == nil || now.UnixNano() >= e.until {
		return nil
	}
	return e
}

// put stores e for a copy of tok, evicting to stay within bounds. The copy
// keeps the cache from pinning the request header line tok was sliced
// from (up to the server's header limit) for as long as the entry lives.
func (c *resultCache) put(tok string, e *entry, now time.Time) {
	sh := c.shard(tok)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if len(sh.m) >= c.perShard {
		c.evict(sh, now.UnixNano())
	}
	sh.m[strings.Clone(tok)] = e
}

// evict drops up to 8 expired entries, or one arbitrary entry if none expired.
func (c *resultCache) evict(sh *cacheShard, now int64) {
	dropped, looked := 0, 0
	var victim string
	for k, e := range sh.m {
		if looked == 0 {
			victim = k
		}
		looked++
		if now >= e.until {
			delete(sh.m, k)
			dropped++
		}
		if dropped >= 8 || looked >= 64 {
			break
		}
	}
	if dropped == 0 {
		delete(sh.m, victim)
	}
}

// remove forgets tok.
func (c *resultCache) remove(tok string) {
	sh := c.shard(tok)
	sh.mu.Lock()
	delete(sh.m, tok)
	sh.mu.Unlock()
}

// len returns the number of entries (Stats, tests).
func (c *resultCache) len() int {
	n := 0
	for i := range c.shards {
		c.shards[i].mu.RLock()
		n += len(c.shards[i].m)
		c.shards[i].mu.RUnlock()
	}
	return n
}
