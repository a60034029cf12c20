package verifier

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/sessionjwt"
)

// maxSharedValue caps a shared cache value; larger ones are misses.
const maxSharedValue = 64 << 10

// sharedEntry is a remote answer as stored in a [SharedCache]: the session
// and when Stytch confirmed it. Neither the session token nor the JWT is
// ever stored, so a shared hit, like a local one, hands back neither.
type sharedEntry struct {
	Version     int                  `json:"v"`
	Session     *sessiongate.Session `json:"session"`
	ConfirmedAt time.Time            `json:"confirmed_at"`
}

const sharedVersion = 1

// sharedKey is the shared store's key for a credential key: its hex form
// (credentialKey is already a SHA-256 of the credential).
func sharedKey(key string) string { return hex.EncodeToString([]byte(key)) }

// load returns an answer another instance stored for key, usable at now for
// f, and keeps it in this process's cache too. Anything the store returns
// that does not decode to a complete, usable answer is a miss.
func (c *remoteCache) load(ctx context.Context, key string, now time.Time, f sessiongate.Freshness, def time.Duration) *remoteResult {
	if c == nil || c.shared == nil {
		return nil
	}
	maxAge, ok := f.MaxAge()
	if !ok {
		maxAge = def
	}
	raw, ok := c.shared.Load(ctx, sharedKey(key))
	if !ok {
		return nil
	}
	res := decodeShared(raw, now, c.ttl)
	if res == nil || !usable(res, now, maxAge) {
		return nil
	}
	c.put(key, res)
	return res
}

// store shares res, confirmed just now, with the other instances for what
// is left of the TTL.
func (c *remoteCache) store(ctx context.Context, key string, res *remoteResult) {
	if c == nil || c.shared == nil {
		return
	}
	raw, err := json.Marshal(sharedEntry{Version: sharedVersion, Session: res.session, ConfirmedAt: res.confirmedAt})
	if err != nil || len(raw) > maxSharedValue {
		return
	}
	c.shared.Store(ctx, sharedKey(key), res.session.SessionID, raw, c.ttl)
}

// decodeShared parses a shared value, or returns nil when it is malformed,
// incomplete, confirmed in the future or older than ttl at now.
func decodeShared(raw []byte, now time.Time, ttl time.Duration) *remoteResult {
	if len(raw) > maxSharedValue {
		return nil
	}
	var e sharedEntry
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if d.Decode(&e) != nil || d.More() || e.Version != sharedVersion || e.Session == nil {
		return nil
	}
	s := e.Session
	if !sessionjwt.IsSessionID(s.SessionID) || !sessionjwt.IsUserID(s.UserID) || s.ExpiresAt.IsZero() {
		return nil
	}
	if e.ConfirmedAt.After(now.Add(time.Minute)) || now.Sub(e.ConfirmedAt) > ttl {
		return nil
	}
	return &remoteResult{session: s, confirmedAt: e.ConfirmedAt}
}
