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

// entry is a verified JWT: its iat, the instant after which it must not be
// served (min of exp and the session's expiry), and the key that verified
// it, so that a key dropped from the JWKS stops serving its tokens. shared
// is the answer VerifyCached gives for it (Source cache, its session
// included), built once and handed to every caller, read-only.
type entry struct {
	iat    int64
	until  int64 // unix nanoseconds
	kid    string
	pub    *rsa.PublicKey
	set    *keySet // the key set that listed kid as pub when e was verified, or nil
	shared sessiongate.Verification
	tok    string // the token, the cache's own copy
}

// resultCache maps exact token strings to verified entries. It is sharded
// (one RWMutex per shard, readers never contend with each other) and bounded:
// a full shard first drops expired entries it meets, then an arbitrary one,
// so a flood of distinct valid tokens cannot grow it (security.md §5).
//
// Entries are found by a seeded hash of the token's tail and its length,
// then compared with the whole token: hashing a whole 1.5 KB JWT on every
// lookup would cost more than the comparison that has to read it anyway.
// Cached tokens are genuine JWTs ending in an RS256 signature, whose tails
// are already unpredictable and distinct; two tokens with the same hash
// share a slot (the later one wins), and a token that only shares a hash
// with a cached one is a miss, never a hit.
type resultCache struct {
	seed     maphash.Seed
	perShard int
	shards   [cacheShards]cacheShard
}

type cacheShard struct {
	mu sync.RWMutex
	m  map[uint64]*entry
}

// hashedTail is how many bytes at the end of a token its hash covers: 32
// base64url characters of an RS256 signature are 192 random bits.
const hashedTail = 32

// newResultCache returns a cache of about size entries, or nil for size 0.
func newResultCache(size int) *resultCache {
	if size <= 0 {
		return nil
	}
	c := &resultCache{seed: maphash.MakeSeed(), perShard: max(1, (size+cacheShards-1)/cacheShards)}
	for i := range c.shards {
		c.shards[i].m = make(map[uint64]*entry)
	}
	return c
}

// slot returns tok's hash and shard. Mixing in the random seed keeps both
// unpredictable: a client that crafts tokens can at most crowd one shard's
// read lock, and cannot choose which.
func (c *resultCache) slot(tok string) (uint64, *cacheShard) {
	h := maphash.String(c.seed, tok[max(0, len(tok)-hashedTail):]) ^ uint64(len(tok))*0x9e3779b97f4a7c15
	return h, &c.shards[h>>60]
}

// get returns the live entry for tok, if any.
func (c *resultCache) get(tok string, now time.Time) *entry {
	h, sh := c.slot(tok)
	sh.mu.RLock()
	e := sh.m[h]
	sh.mu.RUnlock()
	if e == nil || e.tok != tok || now.UnixNano() >= e.until {
		return nil
	}
	return e
}

// put stores e for a copy of tok, evicting to stay within bounds. The copy
// keeps the cache from pinning the request header line tok was sliced
// from (up to the server's header limit) for as long as the entry lives.
func (c *resultCache) put(tok string, e *entry, now time.Time) {
	h, sh := c.slot(tok)
	e.tok = strings.Clone(tok)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, replacing := sh.m[h]; !replacing && len(sh.m) >= c.perShard {
		c.evict(sh, now.UnixNano())
	}
	sh.m[h] = e
}

// evict drops up to 8 expired entries, or one arbitrary entry if none expired.
func (c *resultCache) evict(sh *cacheShard, now int64) {
	dropped, looked := 0, 0
	var victim uint64
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
	h, sh := c.slot(tok)
	sh.mu.Lock()
	if e := sh.m[h]; e != nil && e.tok == tok {
		delete(sh.m, h)
	}
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
