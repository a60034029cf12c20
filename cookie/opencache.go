package cookie

import (
	"encoding/base64"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultSealCacheSize is how many opened sealed values a Store keeps by
// default (see [WithSealCache]).
const DefaultSealCacheSize = 1024

const openShards = 16

// openCache remembers sealed cookie values securecookie has opened, so that
// a browser sending the same sealed cookies on every request costs a map
// lookup instead of base64, HMAC and AES on each. Only values that opened
// are stored, keyed by the exact sealed string and checked against the
// cookie name it was opened for (the MAC covers the name); an entry expires
// no later than securecookie itself would refuse the value. It is bounded:
// a full shard drops expired entries, else an arbitrary one.
type openCache struct {
	perShard int
	shards   [openShards]openShard
}

type openShard struct {
	mu sync.RWMutex
	m  map[string]openEntry
}

type openEntry struct {
	name  string // the cookie the value was sealed for
	plain string // the opened value
	until int64  // Unix seconds; the entry is usable strictly before
}

// newOpenCache returns a cache of about size entries, or nil for size 0.
func newOpenCache(size int) *openCache {
	if size <= 0 {
		return nil
	}
	c := &openCache{perShard: max(1, (size+openShards-1)/openShards)}
	for i := range c.shards {
		c.shards[i].m = make(map[string]openEntry)
	}
	return c
}

// shard picks a shard from the sealed value's last bytes, which encode its
// MAC: attackers cannot choose them for values that open.
func (c *openCache) shard(sealed string) *openShard {
	var h uint
	for i := max(0, len(sealed)-8); i < len(sealed); i++ {
		h = h*31 + uint(sealed[i])
	}
	return &c.shards[h%openShards]
}

// get returns the opened value of sealed for the cookie called name, if
// cached and unexpired at now (Unix seconds).
func (c *openCache) get(name, sealed string, now int64) (string, bool) {
	sh := c.shard(sealed)
	sh.mu.RLock()
	e, ok := sh.m[sealed]
	sh.mu.RUnlock()
	if !ok || e.name != name || now >= e.until {
		return "", false
	}
	return e.plain, true
}

// put stores an opened value. sealed must have just been opened for name.
// The key is copied so that the entry does not pin the request's whole
// Cookie header.
func (c *openCache) put(name, sealed, plain string, until, now int64) {
	sh := c.shard(sealed)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := sh.m[sealed]; !ok && len(sh.m) >= c.perShard {
		sh.evict(now)
	}
	sh.m[strings.Clone(sealed)] = openEntry{name: name, plain: plain, until: until}
}

// evict drops up to 8 entries expired before now, or one arbitrary entry
// when none is. Map iteration order is random, so an attacker cannot
// choose which entry goes.
func (sh *openShard) evict(now int64) {
	dropped, looked := 0, 0
	var victim string
	for k, e := range sh.m {
		if looked == 0 {
			victim = k
		}
		looked++
		if e.until <= now {
			delete(sh.m, k)
			if dropped++; dropped == 8 {
				return
			}
		}
		if looked >= 64 {
			break
		}
	}
	if dropped == 0 {
		delete(sh.m, victim)
	}
}

// len returns the number of entries (tests).
func (c *openCache) len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		n += len(sh.m)
		sh.mu.RUnlock()
	}
	return n
}

// sealedAt returns the Unix time securecookie wrote into a sealed value
// ("timestamp|ciphertext|mac", base64url with padding), decoding only its
// first 32 characters.
func sealedAt(sealed string) (int64, bool) {
	head := sealed[:min(len(sealed), 32)&^3]
	buf := make([]byte, 0, 24)
	buf, err := base64.URLEncoding.AppendDecode(buf, []byte(head))
	if err != nil {
		return 0, false
	}
	ts, _, ok := strings.Cut(string(buf), "|")
	if !ok {
		return 0, false
	}
	t, err := strconv.ParseInt(ts, 10, 64)
	return t, err == nil
}

// expiry returns the Unix second from which a value sealed at t must no
// longer be served from the cache: securecookie accepts it while
// now <= t + maxAge, so the cache stops one second early at worst.
func expiry(t int64, maxAge time.Duration) int64 {
	return t + int64(maxAge/time.Second)
}
