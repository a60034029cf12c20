package verifier

import (
	"crypto/rsa"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/boundedcache"
)

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
}

// resultCache maps exact token strings to verified entries, until each
// entry's until. It is a [boundedcache.Cache]: sharded, bounded (a flood of
// distinct valid tokens cannot grow it, security.md §5), found by a seeded
// hash of the token's tail (the RS256 signature) and compared with the
// whole token, so that a token sharing a cached one's tail is a miss.
type resultCache boundedcache.Cache[*entry]

// newResultCache returns a cache of about size entries, or nil for size 0.
func newResultCache(size int) *resultCache {
	return (*resultCache)(boundedcache.New[*entry](size))
}

func (c *resultCache) bounded() *boundedcache.Cache[*entry] {
	return (*boundedcache.Cache[*entry])(c)
}

// get returns the live entry for tok, if any.
func (c *resultCache) get(tok string, now time.Time) *entry {
	e, _ := c.bounded().Get(tok, now.UnixNano())
	return e
}

// put stores e for a copy of tok, evicting to stay within bounds.
func (c *resultCache) put(tok string, e *entry, now time.Time) {
	c.bounded().Put(tok, e, e.until, now.UnixNano())
}

// remove forgets tok.
func (c *resultCache) remove(tok string) { c.bounded().Remove(tok) }

// len returns the number of entries (Stats, tests).
func (c *resultCache) len() int { return c.bounded().Len() }
