package verifier

import (
	"sync/atomic"
	"time"

	"github.com/sessiongate/sessiongate/internal/boundedcache"
	"github.com/sessiongate/sessiongate/internal/claims"
)

// denylistSize bounds the revoked-session list.
const denylistSize = 8192

// denylist holds session ids revoked through this process, until every JWT
// they could have is expired. It is keyed by session id, never by token
// string (security.md F5). Its zero value is an empty list; the bounded
// cache behind it is made by the first add.
type denylist struct {
	ids atomic.Pointer[boundedcache.Cache[struct{}]]
}

func (d *denylist) add(sessionID string, now time.Time, leeway time.Duration) {
	ids := d.ids.Load()
	if ids == nil {
		d.ids.CompareAndSwap(nil, boundedcache.New[struct{}](denylistSize))
		ids = d.ids.Load()
	}
	until := now.Add(claims.Lifetime + 2*leeway)
	ids.PutOwned(sessionID, struct{}{}, until.UnixNano(), now.UnixNano())
}

// has reports whether sessionID is denied at now. It takes no lock while
// the list is empty, which keeps the hot path lock-free.
func (d *denylist) has(sessionID string, now time.Time) bool {
	_, ok := d.ids.Load().Get(sessionID, now.UnixNano())
	return ok
}
