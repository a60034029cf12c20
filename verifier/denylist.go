package verifier

import (
	"sync"
	"sync/atomic"
	"time"
)

// denylistSize bounds the revoked-session list.
const denylistSize = 8192

// denylist holds session ids revoked through this process, until every JWT
// they could have is expired (or, while a revoke is pending, until the
// session expires). It is keyed by session id, never by token string
// (security.md F5).
type denylist struct {
	n  atomic.Int32
	mu sync.Mutex
	m  map[string]time.Time
}

// set denies sessionID until until (replacing an earlier deadline).
func (d *denylist) set(sessionID string, until, now time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = make(map[string]time.Time)
	}
	if _, ok := d.m[sessionID]; !ok && len(d.m) >= denylistSize {
		d.sweep(now)
	}
	d.m[sessionID] = until
	d.n.Store(int32(len(d.m)))
}

// sweep drops expired ids, or an arbitrary one if none expired. d.mu is held.
func (d *denylist) sweep(now time.Time) {
	for id, until := range d.m {
		if now.After(until) {
			delete(d.m, id)
		}
	}
	for id := range d.m {
		if len(d.m) < denylistSize {
			break
		}
		delete(d.m, id)
	}
}

// has reports whether sessionID is denied at now. It takes no lock while
// the list is empty, which keeps the hot path lock-free.
func (d *denylist) has(sessionID string, now time.Time) bool {
	if d.n.Load() == 0 {
		return false
	}
	d.mu.Lock()
	until, ok := d.m[sessionID]
	d.mu.Unlock()
	return ok && now.Before(until)
}
