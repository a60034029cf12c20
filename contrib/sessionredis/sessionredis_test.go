package sessionredis

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func newEmulator(t testing.TB) (*stytchtest.Server, string) {
	t.Helper()
	srv := stytchtest.NewServer(t)
	uid, err := srv.CreateUser("ada@example.com", "correct horse battery staple 42")
	if err != nil {
		t.Fatal(err)
	}
	return srv, uid
}

func newSession(t testing.TB, srv *stytchtest.Server, uid string) stytchtest.Tokens {
	t.Helper()
	tok, err := srv.CreateSession(uid, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func both(tok stytchtest.Tokens) sessiongate.Credentials {
	return sessiongate.Credentials{Token: tok.SessionToken, JWT: tok.SessionJWT}
}

func jwtOnly(tok stytchtest.Tokens) sessiongate.Credentials {
	return sessiongate.Credentials{JWT: tok.SessionJWT}
}

// wantRefused fails unless in refuses tok's JWT, cached or not.
func wantRefused(t testing.TB, name string, in *instance, tok stytchtest.Tokens) {
	t.Helper()
	if _, ok := in.v.VerifyCached(tok.SessionJWT, sessiongate.Freshness{}); ok {
		t.Errorf("%s: VerifyCached accepted a revoked session", name)
	}
	if _, err := in.v.Verify(t.Context(), jwtOnly(tok), sessiongate.Freshness{}); !errors.Is(err, sessiongate.ErrSessionNotFound) {
		t.Errorf("%s: Verify = %v, want ErrSessionNotFound", name, err)
	}
}

func wantAccepted(t testing.TB, name string, in *instance, tok stytchtest.Tokens) {
	t.Helper()
	if _, err := in.v.Verify(t.Context(), jwtOnly(tok), sessiongate.Freshness{}); err != nil {
		t.Fatalf("%s: Verify = %v, want accepted", name, err)
	}
}

// TestLogoutFansOut: a logout (the middleware's) through instance 1 is
// refused by 2 and 3, whose caches held the JWT, and by an instance
// started afterwards; the session's cookies get 401 everywhere.
func TestLogoutFansOut(t *testing.T) {
	r := startRedis(t)
	srv, uid := newEmulator(t)
	tok := newSession(t, srv, uid)
	ins := []*instance{newInstance(t, srv, r.addr(), 0), newInstance(t, srv, r.addr(), 0), newInstance(t, srv, r.addr(), 0)}
	for i, in := range ins {
		if got := in.request("GET", "/session", tok); got != http.StatusOK {
			t.Fatalf("instance %d: GET /session = %d, want 200", i+1, got)
		}
	}
	if got := ins[0].request("POST", "/logout", tok); got != http.StatusOK {
		t.Fatalf("POST /logout = %d, want 200", got)
	}
	for i, in := range ins[1:] {
		in.waitApplied(t, tok.Session.SessionID)
		if got := in.request("GET", "/session", tok); got != http.StatusUnauthorized {
			t.Errorf("instance %d after the logout: GET /session = %d, want 401", i+2, got)
		}
		wantRefused(t, fmt.Sprint("instance ", i+2), in, tok)
	}
	late := newInstance(t, srv, r.addr(), 0)
	select {
	case <-late.s.Connected():
	default:
		t.Error("Connected not closed once connected")
	}
	wantRefused(t, "instance started after the logout", late, tok)
	if got := late.request("GET", "/session", tok); got != http.StatusUnauthorized {
		t.Errorf("instance started after the logout: GET /session = %d, want 401", got)
	}
	other := newSession(t, srv, uid)
	wantAccepted(t, "another session", late, other)
}

// TestRedisOutage: Redis stops; a logout through instance 1 applies there
// at once, instances 2 and 3 keep serving (the JWT is accepted there until
// its exp, Stytch's window); when Redis returns they receive it.
func TestRedisOutage(t *testing.T) {
	r := startRedis(t)
	srv, uid := newEmulator(t)
	tok := newSession(t, srv, uid)
	ins := []*instance{newInstance(t, srv, r.addr(), 0), newInstance(t, srv, r.addr(), 0), newInstance(t, srv, r.addr(), 0)}
	r.stop()
	for _, in := range ins {
		in.waitState(t, false)
		if in.s.Healthy() == nil || in.s.Stats().Up || in.s.Stats().Outages != 1 {
			t.Fatalf("outage not visible: Healthy %v, %+v", in.s.Healthy(), in.s.Stats())
		}
	}
	if err := ins[0].v.Revoke(t.Context(), both(tok)); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, "instance 1 during the outage", ins[0], tok)
	if p := ins[0].s.Stats().Pending; p != 1 {
		t.Errorf("pending revocations during the outage = %d, want 1", p)
	}
	for _, in := range ins[1:] {
		wantAccepted(t, "another instance during the outage", in, tok)
	}
	r.start()
	for i, in := range ins[1:] {
		in.waitApplied(t, tok.Session.SessionID)
		wantRefused(t, fmt.Sprint("instance ", i+2, " after the outage"), in, tok)
	}
	// A revocation queued now is published after the first one's
	// publication has finished: once it arrives, the first is counted.
	marker := newSession(t, srv, uid).Session.SessionID
	ins[0].s.PublishRevocation(marker, time.Now().Add(time.Minute))
	ins[1].waitApplied(t, marker)
	if st := ins[0].s.Stats(); st.Pending > 1 || st.Published < 1 {
		t.Errorf("after the outage: pending %d, published %d; want the first published", st.Pending, st.Published)
	}
}

// TestForgedEntriesIgnored: revocations and cache values written straight
// into Redis without the key are ignored.
func TestForgedEntriesIgnored(t *testing.T) {
	r := startRedis(t)
	srv, uid := newEmulator(t)
	tok, marker := newSession(t, srv, uid), newSession(t, srv, uid)
	in := newInstance(t, srv, r.addr(), time.Minute)
	wantAccepted(t, "before", in, tok)
	forger, _ := New(Config{Client: in.rdb, Key: []byte("another key, another key, another key")})
	ctx, sid := t.Context(), tok.Session.SessionID
	until := time.Now().Add(time.Minute)
	in.rdb.ZAdd(ctx, in.s.revokedSet(), redis.Z{Score: float64(until.UnixMilli()), Member: forger.revocation(sid, until)})
	in.rdb.Publish(ctx, in.s.channel(), forger.revocation(sid, until))
	in.rdb.Publish(ctx, in.s.channel(), sid+"|"+fmt.Sprint(until.UnixMilli())+"|00")
	in.rdb.Publish(ctx, in.s.channel(), in.s.revocation(marker.Session.SessionID, until)) // arrives after the forgeries
	in.waitApplied(t, marker.Session.SessionID)
	wantAccepted(t, "after forged revocations", in, tok)
	late := newInstance(t, srv, r.addr(), time.Minute) // loads the forged record
	wantAccepted(t, "instance started after a forged record", late, tok)
	if got := in.s.Stats().Rejected; got != 2 {
		t.Errorf("rejected = %d, want 2", got)
	}

	// A cache value for the victim's token, with the right Redis key but
	// sealed without the shared key, is a miss: Stytch is asked.
	gone := newSession(t, srv, uid)
	if err := srv.Revoke(gone.Session.SessionID); err != nil {
		t.Fatal(err)
	}
	forged := sessiongate.Credentials{Token: gone.SessionToken}
	// What the verifier would store for a live session, sealed with the wrong key.
	k := in.s.cacheKey(sharedKeyOf(forged))
	value := fmt.Sprintf(`{"v":1,"session":{"session_id":%q,"user_id":%q,"expires_at":%q,"authentication_factors":[],"roles":[]},"confirmed_at":%q}`,
		gone.Session.SessionID, uid, time.Now().Add(time.Hour).UTC().Format(time.RFC3339), time.Now().UTC().Format(time.RFC3339))
	in.rdb.Set(ctx, k, forger.sealValue(k, []byte(value)), time.Minute)
	if _, err := late.v.Verify(ctx, forged, sessiongate.Freshness{}); !errors.Is(err, sessiongate.ErrSessionNotFound) {
		t.Errorf("forged cache value: Verify = %v, want ErrSessionNotFound", err)
	}
	// Control: the same value sealed with the shared key is a hit, so the
	// forged one was refused for its seal alone.
	in.rdb.Set(ctx, k, in.s.sealValue(k, []byte(value)), time.Minute)
	if got, err := late.v.Verify(ctx, forged, sessiongate.Freshness{}); err != nil || got.Source != sessiongate.SourceCache {
		t.Errorf("control: Verify = %v, %v; want a shared hit", got, err)
	}
}

// sharedKeyOf is the verifier's SharedCache key for c's token.
func sharedKeyOf(c sessiongate.Credentials) string {
	sum := sha256.Sum256([]byte("t:" + c.Token))
	return hex.EncodeToString(sum[:])
}

// TestSharedCacheFlat: with the shared cache on, N instances verifying one
// opaque token make as many Stytch calls as one instance.
func TestSharedCacheFlat(t *testing.T) {
	r := startRedis(t)
	srv, uid := newEmulator(t)
	var ins []*instance
	for range 4 {
		ins = append(ins, newInstance(t, srv, r.addr(), time.Minute))
	}
	perInstance := 1000
	if testing.Short() {
		perInstance = 100
	}
	for _, n := range []int{1, 2, 3, 4} {
		tok := newSession(t, srv, uid)
		c := sessiongate.Credentials{Token: tok.SessionToken}
		before := srv.Requests(stytchtest.EndpointAuthenticate)
		for _, in := range ins[:n] {
			for range perInstance {
				if _, err := in.v.Verify(t.Context(), c, sessiongate.Freshness{}); err != nil {
					t.Fatal(err)
				}
			}
		}
		calls := srv.Requests(stytchtest.EndpointAuthenticate) - before
		t.Logf("%d instances x %d requests: %d Stytch calls", n, perInstance, calls)
		if calls != 1 {
			t.Errorf("%d instances: %d Stytch calls, want 1 (as one instance)", n, calls)
		}
	}
}

// TestRequestPathNoRedis: verified requests, cached or not, send no Redis
// command when the remote cache is off; with it on, only a miss in this
// process's cache does.
func TestRequestPathNoRedis(t *testing.T) {
	r := startRedis(t)
	srv, uid := newEmulator(t)
	in := newInstance(t, srv, r.addr(), time.Minute)
	tok := newSession(t, srv, uid)
	wantAccepted(t, "first", in, tok)
	before := in.calls.count()
	for range 1000 {
		if _, ok := in.v.VerifyCached(tok.SessionJWT, sessiongate.Freshness{}); !ok {
			t.Fatal("VerifyCached missed")
		}
		wantAccepted(t, "cached", in, tok)
		if _, err := in.v.Verify(t.Context(), both(tok), sessiongate.Freshness{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := in.calls.count() - before; n != 0 {
		t.Errorf("1000 cached requests sent %d Redis commands, want 0", n)
	}
}

// TestRedisRestartWithoutData: Redis restarts empty (no persistence); the
// instance that published a revocation records it again when it
// reconnects, so an instance started afterwards still refuses the session.
func TestRedisRestartWithoutData(t *testing.T) {
	r := startRedis(t)
	srv, uid := newEmulator(t)
	tok := newSession(t, srv, uid)
	first := newInstance(t, srv, r.addr(), 0)
	if err := first.v.Revoke(t.Context(), both(tok)); err != nil {
		t.Fatal(err)
	}
	first.waitApplied(t, tok.Session.SessionID) // published: it came back
	r.stop()
	first.waitState(t, false)
	r.start()
	first.waitState(t, true) // the revocation is recorded again before this
	late := newInstance(t, srv, r.addr(), 0)
	wantRefused(t, "instance started after Redis lost its data", late, tok)
}
