package verifier

import (
	"sync/atomic"
	"time"

	"github.com/sessiongate/sessiongate/internal/boundedcache"
)

// denylistSize bounds the revoked-session list.
const denylistSize = 8192

// denylist holds session ids revoked through this process, until every JWT
// they could have is expired (or, while a revoke is pending, until the
// session expires). It is keyed by session id, never by token string
// (security.md F5). Its zero value is an empty list; the bounded cache
// behind it is made by the first set.
type denylist struct {
	ids atomic.Pointer[boundedcache.Cache[int64]] // value: the deadline, Unix ns
}

// set denies sessionID until until (replacing an earlier deadline).
func (d *denylist) set(sessionID string, until, now time.Time) {
	ids := d.ids.Load()
	if ids == nil {
		d.ids.CompareAndSwap(nil, boundedcache.New[int64](denylistSize))
		ids = d.ids.Load()
	}
	ids.PutOwned(sessionID, until.UnixNano(), until.UnixNano(), now.UnixNano())
}

// has reports whether sessionID is denied at now. It takes no lock while
// the list is empty, which keeps the hot path lock-free.
func (d *denylist) has(sessionID string, now time.Time) bool {
	_, ok := d.ids.Load().Get(sessionID, now.UnixNano())
	return ok
}
