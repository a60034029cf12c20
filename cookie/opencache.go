package cookie

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate/internal/boundedcache"
)

// DefaultSealCacheSize is how many opened sealed values a Store keeps by
// default (see [WithSealCache]).
const DefaultSealCacheSize = 1024

// openCache remembers sealed cookie values securecookie has opened, so that
// a browser sending the same sealed cookies on every request costs a map
// lookup instead of base64, HMAC and AES on each. Only values that opened
// are stored, keyed by the exact sealed string and checked against the
// cookie name it was opened for (the MAC covers the name); an entry expires
// no later than securecookie itself would refuse the value. It is a
// [boundedcache.Cache]: bounded, and found by a seeded hash of the sealed
// value's tail, its MAC, which attackers cannot choose for values that open.
type openCache boundedcache.Cache[openEntry]

type openEntry struct {
	name  string // the cookie the value was sealed for
	plain string // the opened value
	old   bool   // opened with a key pair other than the newest
}

// newOpenCache returns a cache of about size entries, or nil for size 0.
func newOpenCache(size int) *openCache {
	return (*openCache)(boundedcache.New[openEntry](size))
}

func (c *openCache) bounded() *boundedcache.Cache[openEntry] {
	return (*boundedcache.Cache[openEntry])(c)
}

// get returns the entry of sealed for the cookie called name, if cached
// and unexpired at now (Unix seconds).
func (c *openCache) get(name, sealed string, now int64) (openEntry, bool) {
	e, ok := c.bounded().Get(sealed, now)
	if !ok || e.name != name {
		return openEntry{}, false
	}
	return e, true
}

// put stores an opened value, usable strictly before until (Unix seconds).
// sealed must have just been opened for name. The cache keeps its own copy
// of sealed, not the request's whole Cookie header.
func (c *openCache) put(sealed string, e openEntry, until, now int64) {
	c.bounded().Put(sealed, e, until, now)
}

// len returns the number of entries (tests).
func (c *openCache) len() int { return c.bounded().Len() }

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
