package verifier

import (
	"sync"
	"time"

	"github.com/sessiongate/sessiongate"
)

// remoteCacheSize bounds the optional positive cache of remote results.
const remoteCacheSize = 4096

// remoteCache is the optional positive cache of remote verifications, keyed
// by a hash of the credential. Disabled (nil) unless a TTL is configured.
type remoteCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]*remoteResult
}

func newRemoteCache(ttl time.Duration) *remoteCache {
	if ttl <= 0 {
		return nil
	}
	return &remoteCache{ttl: ttl, m: make(map[string]*remoteResult)}
}

// get returns a result younger than the TTL and than the requested freshness.
func (c *remoteCache) get(key string, now time.Time, f sessiongate.Freshness, def time.Duration) *remoteResult {
	if c == nil {
		return nil
	}
	maxAge, ok := f.MaxAge()
	if !ok {
		maxAge = def
	}
	c.mu.Lock()
	res := c.m[key]
	c.mu.Unlock()
	if res == nil {
		return nil
	}
	age := now.Sub(res.confirmedAt)
	if age >= c.ttl || age > maxAge || maxAge <= 0 || res.session.Expired(now) {
		return nil
	}
	return res
}

func (c *remoteCache) put(key string, res *remoteResult) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= remoteCacheSize {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[key] = res
}

func (c *remoteCache) remove(key string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.m, key)
	c.mu.Unlock()
}
