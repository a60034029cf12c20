package verifier

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

// fakePublisher records the revocations a verifier publishes.
type fakePublisher struct {
	mu  sync.Mutex
	got map[string]time.Time
}

func (p *fakePublisher) PublishRevocation(sid string, until time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.got == nil {
		p.got = map[string]time.Time{}
	}
	p.got[sid] = until
}

func (p *fakePublisher) published() map[string]time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.got
}

// memShared is a SharedCache in a map.
type memShared struct {
	mu     sync.Mutex
	values map[string][]byte
	sids   map[string]string
}

func newMemShared() *memShared {
	return &memShared{values: map[string][]byte{}, sids: map[string]string{}}
}

func (m *memShared) Load(_ context.Context, key string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[key]
	return v, ok
}

func (m *memShared) Store(_ context.Context, key, sid string, value []byte, _ time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[key], m.sids[key] = value, sid
}

func (m *memShared) Forget(_ context.Context, key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.values, key)
}

// TestRevokePublishes: a logout publishes the session with the horizon of
// its JWTs; verified requests publish nothing.
func TestRevokePublishes(t *testing.T) {
	e := newEnv(t)
	p := &fakePublisher{}
	v := e.hybrid(WithRevocationPublisher(p))
	for range 10 {
		_, err := v.Verify(t.Context(), bothCred(e.tokens), anyAge)
		wantErr(t, err, nil)
	}
	if got := p.published(); len(got) != 0 {
		t.Fatalf("verified requests published %v", got)
	}
	wantErr(t, v.Revoke(t.Context(), bothCred(e.tokens)), nil)
	until, ok := p.published()[e.tokens.Session.SessionID]
	if !ok || until.Before(e.srv.Now().Add(5*time.Minute)) || until.After(e.srv.Now().Add(6*time.Minute)) {
		t.Fatalf("published %v, want %s until about now+5m", p.published(), e.tokens.Session.SessionID)
	}
}

// TestSessionGonePublishes: a session Stytch reports gone, asked with an
// expired JWT whose signature verified, is refused here and published.
func TestSessionGonePublishes(t *testing.T) {
	e := newEnv(t)
	p := &fakePublisher{}
	v := e.hybrid(WithRevocationPublisher(p))
	if err := e.srv.Revoke(e.tokens.Session.SessionID); err != nil {
		t.Fatal(err)
	}
	e.srv.Advance(6 * time.Minute)
	_, err := v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	if _, ok := p.published()[e.tokens.Session.SessionID]; !ok {
		t.Fatalf("published %v, want the gone session", p.published())
	}
	if !v.local.revoked.has(e.tokens.Session.SessionID, e.srv.Now()) {
		t.Error("the gone session is not refused here")
	}
}

// TestDeny: a revocation learned elsewhere refuses a cached JWT at once,
// cannot be shortened, and malformed or past ones change nothing.
func TestDeny(t *testing.T) {
	e := newEnv(t)
	v := e.hybrid()
	sid, now := e.tokens.Session.SessionID, e.srv.Now()
	_, err := v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	for _, bad := range []string{"", "session with spaces", strings.Repeat("s", 200)} {
		v.Deny(bad, now.Add(time.Minute))
	}
	v.Deny(sid, now.Add(-time.Second))
	if _, ok := v.VerifyCached(e.tokens.SessionJWT, anyAge); !ok {
		t.Fatal("a malformed or past deny refused the session")
	}
	v.Deny(sid, now.Add(time.Minute))
	v.Deny(sid, now.Add(time.Second)) // cannot shorten
	if _, ok := v.VerifyCached(e.tokens.SessionJWT, anyAge); ok {
		t.Fatal("VerifyCached answered for a denied session")
	}
	_, err = v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	if !v.local.revoked.has(sid, now.Add(30*time.Second)) {
		t.Error("a later, shorter Deny shortened the deny")
	}
	v.Deny(sid, now.Add(48*time.Hour))
	if v.local.revoked.has(sid, now.Add(maxRevokeHorizon+time.Second)) {
		t.Error("Deny was not capped at 24 hours")
	}
}

// TestSharedRemoteCache: an answer one instance got from Stytch serves
// another without a call; the store holds neither token nor JWT; bad
// values are misses; a revoke forgets the entry.
func TestSharedRemoteCache(t *testing.T) {
	e := newEnv(t)
	m := newMemShared()
	a := e.hybrid(WithRemoteCacheTTL(time.Minute), WithSharedRemoteCache(m))
	b := e.hybrid(WithRemoteCacheTTL(time.Minute), WithSharedRemoteCache(m))
	c := tokenCred(e.tokens.SessionToken)
	_, err := a.Verify(t.Context(), c, anyAge)
	wantErr(t, err, nil)
	if len(m.values) != 1 {
		t.Fatalf("shared store holds %d values, want 1", len(m.values))
	}
	for k, val := range m.values {
		if strings.Contains(k+string(val), e.tokens.SessionToken) || strings.Contains(string(val), e.tokens.SessionJWT) {
			t.Fatal("the shared store holds a credential")
		}
		if m.sids[k] != e.tokens.Session.SessionID {
			t.Errorf("stored under session %q, want %q", m.sids[k], e.tokens.Session.SessionID)
		}
	}
	got, err := b.Verify(t.Context(), c, anyAge)
	wantErr(t, err, nil)
	if got.Source != sessiongate.SourceCache || got.Session.SessionID != e.tokens.Session.SessionID || b.Stats().APICalls != 0 {
		t.Fatalf("second instance: source %v, session %q, %d API calls; want a shared hit", got.Source, got.Session.SessionID, b.Stats().APICalls)
	}
	b.Deny(e.tokens.Session.SessionID, e.srv.Now().Add(time.Minute))
	_, err = b.Verify(t.Context(), c, anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	wantErr(t, a.Revoke(t.Context(), c), nil)
	if len(m.values) != 0 {
		t.Errorf("a revoke left %d shared values", len(m.values))
	}
}

// TestSharedRemoteCacheBadValues: whatever the store returns that is not
// a complete, current answer is a miss (Stytch is asked).
func TestSharedRemoteCacheBadValues(t *testing.T) {
	now := epoch
	good := `{"v":1,"session":{"session_id":"session-test-00000000-0000-4000-8000-000000000001","user_id":"user-test-00000000-0000-4000-8000-000000000001","expires_at":"2026-03-01T11:00:00Z","authentication_factors":[],"roles":[]},"confirmed_at":"2026-03-01T10:00:00Z"}`
	if decodeShared([]byte(good), now, time.Minute) == nil {
		t.Fatal("a good value did not decode")
	}
	bad := map[string]string{
		"not json":       "garbage",
		"other version":  strings.Replace(good, `"v":1`, `"v":2`, 1),
		"unknown field":  strings.Replace(good, `"v":1`, `"v":1,"x":1`, 1),
		"no session id":  strings.Replace(good, `"session_id":"session-test-00000000-0000-4000-8000-000000000001"`, `"session_id":""`, 1),
		"bad user id":    strings.Replace(good, `"user-test-00000000-0000-4000-8000-000000000001"`, `"admin"`, 1),
		"no expiry":      strings.Replace(good, `,"expires_at":"2026-03-01T11:00:00Z"`, "", 1),
		"future confirm": strings.Replace(good, `"confirmed_at":"2026-03-01T10:00:00Z"`, `"confirmed_at":"2026-03-01T10:05:00Z"`, 1),
		"older than ttl": strings.Replace(good, `"confirmed_at":"2026-03-01T10:00:00Z"`, `"confirmed_at":"2026-03-01T09:58:00Z"`, 1),
		"trailing data":  good + `{}`,
	}
	for name, raw := range bad {
		if decodeShared([]byte(raw), now, time.Minute) != nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

// TestSharedOptionsScope: the publisher needs the hybrid verifier, the
// shared cache the remote cache.
func TestSharedOptionsScope(t *testing.T) {
	e := newEnv(t)
	if _, err := NewLocal(t.Context(), e.srv.ProjectID(), WithRevocationPublisher(&fakePublisher{})); err == nil {
		t.Error("NewLocal accepted WithRevocationPublisher")
	}
	if _, err := NewRemote(e.srv.ProjectID(), "s", WithRevocationPublisher(&fakePublisher{})); err == nil {
		t.Error("NewRemote accepted WithRevocationPublisher")
	}
	if _, err := NewRemote(e.srv.ProjectID(), "s", WithSharedRemoteCache(newMemShared())); err == nil {
		t.Error("WithSharedRemoteCache without a remote cache TTL was accepted")
	}
}

// TestSessionGoneByTokenNotPublished: when Stytch was asked with the
// token, its "gone" says nothing of the JWT's session: nothing is
// published.
func TestSessionGoneByTokenNotPublished(t *testing.T) {
	e := newEnv(t)
	p := &fakePublisher{}
	v := e.hybrid(WithRevocationPublisher(p))
	if err := e.srv.Revoke(e.tokens.Session.SessionID); err != nil {
		t.Fatal(err)
	}
	e.srv.Advance(6 * time.Minute)
	_, err := v.Verify(t.Context(), bothCred(e.tokens), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	if got := p.published(); len(got) != 0 {
		t.Errorf("published %v after a token-based answer", got)
	}
}

// TestRevokeSessionPublishes: revoking a session by id (a device, or
// sign-out-everywhere) publishes it too.
func TestRevokeSessionPublishes(t *testing.T) {
	e := newEnv(t)
	p := &fakePublisher{}
	v := e.hybrid(WithRevocationPublisher(p))
	wantErr(t, v.RevokeSession(t.Context(), e.tokens.Session.SessionID), nil)
	if _, ok := p.published()[e.tokens.Session.SessionID]; !ok {
		t.Fatalf("published %v, want the revoked session", p.published())
	}
}
