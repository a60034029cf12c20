package verifier

import (
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/boundedcache"
)

// remoteCacheSize bounds the optional positive cache of remote results.
const remoteCacheSize = 4096

// remoteCache is the optional positive cache of remote verifications, keyed
// by a hash of the credential (see credentialKey), each entry kept for the
// TTL from its confirmation. Disabled (nil) unless a TTL is configured.
type remoteCache struct {
	ttl     time.Duration
	results *boundedcache.Cache[*remoteResult]
}

func newRemoteCache(ttl time.Duration) *remoteCache {
	if ttl <= 0 {
		return nil
	}
	return &remoteCache{ttl: ttl, results: boundedcache.New[*remoteResult](remoteCacheSize)}
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
	res, ok := c.results.Get(key, now.UnixNano())
	if !ok {
		return nil
	}
	if age := now.Sub(res.confirmedAt); age > maxAge || maxAge <= 0 || res.session.Expired(now) {
		return nil
	}
	return res
}

// put stores res, confirmed just now, for the TTL. key is a digest
// computed for this call, so the cache keeps it as it is.
func (c *remoteCache) put(key string, res *remoteResult) {
	if c == nil {
		return
	}
	at := res.confirmedAt
	c.results.PutOwned(key, res, at.Add(c.ttl).UnixNano(), at.UnixNano())
}

func (c *remoteCache) remove(key string) {
	if c == nil {
		return
	}
	c.results.Remove(key)
}
