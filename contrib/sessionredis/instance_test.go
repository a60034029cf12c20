package sessionredis

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// testKey is the instances' shared key in tests.
var testKey = []byte("0123456789abcdef0123456789abcdef")

// instance is one app instance: a verifier plugged into Redis through a
// Shared that runs until the test ends.
type instance struct {
	v       *verifier.Verifier
	h       http.Handler // GET /session behind RequireSession, POST /logout
	s       *Shared
	rdb     *redis.Client
	applied chan string   // session ids applied to v, in order
	states  chan bool     // connection state changes
	calls   *commandCount // Redis commands sent by rdb
}

// notifier applies revocations to the verifier and reports them.
type notifier struct {
	v  *verifier.Verifier
	ch chan string
}

func (n notifier) Deny(sid string, until time.Time) {
	n.v.Deny(sid, until)
	select {
	case n.ch <- sid:
	default:
	}
}

// newInstance starts an instance on the emulator and the Redis at addr,
// with the shared remote cache when cacheTTL is positive, and waits until
// it is connected.
func newInstance(t testing.TB, srv *stytchtest.Server, addr string, cacheTTL time.Duration) *instance {
	t.Helper()
	in := &instance{applied: make(chan string, 4096), states: make(chan bool, 64), calls: &commandCount{}}
	in.rdb = redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second})
	in.rdb.AddHook(in.calls)
	var err error
	in.s, err = New(Config{Client: in.rdb, Key: testKey, OnStateChange: func(up bool, _ error) {
		select {
		case in.states <- up:
		default:
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	ctx, cancel := context.WithCancel(context.Background())
	base := []verifier.Option{verifier.WithBaseURL(srv.URL), verifier.WithHTTPClient(&http.Client{Transport: tr})}
	opts := append(base, in.s.RevocationOptions()...)
	if cacheTTL > 0 {
		opts = append(base, verifier.WithRemoteCacheTTL(cacheTTL))
		opts = append(opts, in.s.Options()...)
	}
	in.v, err = verifier.New(ctx, srv.ProjectID(), srv.Secret(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	in.h = routes(t, in.v)
	done := make(chan struct{})
	go func() { defer close(done); in.s.Run(ctx, notifier{in.v, in.applied}) }()
	t.Cleanup(func() { cancel(); <-done; in.rdb.Close(); tr.CloseIdleConnections() })
	if err := in.v.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	in.waitState(t, true)
	return in
}

// giveUp bounds a wait for an event that should come, so that a broken
// build fails instead of hanging; it is not a latency target.
const giveUp = 20 * time.Second

// routes serves the middleware in front of v: GET /session behind
// RequireSession, and POST /logout.
func routes(t testing.TB, v *verifier.Verifier) http.Handler {
	m, err := middleware.New(v)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /session", m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {})))
	mux.HandleFunc("POST /logout", m.Logout)
	return mux
}

// request sends method path to the instance with tok's cookies and
// returns the status.
func (in *instance) request(method, path string, tok stytchtest.Tokens) int {
	r := httptest.NewRequest(method, path, nil)
	r.AddCookie(&http.Cookie{Name: "stytch_session", Value: tok.SessionToken})
	r.AddCookie(&http.Cookie{Name: "stytch_session_jwt", Value: tok.SessionJWT})
	w := httptest.NewRecorder()
	in.h.ServeHTTP(w, r)
	return w.Code
}

// waitState waits for the instance's connection to become up or down.
func (in *instance) waitState(t testing.TB, up bool) {
	t.Helper()
	waitFor(t, in.states, up, fmt.Sprint("connection up = ", up))
}

// waitApplied waits until sid has been applied to the instance's verifier.
func (in *instance) waitApplied(t testing.TB, sid string) {
	t.Helper()
	waitFor(t, in.applied, sid, "the revocation to arrive")
}

func waitFor[T comparable](t testing.TB, ch <-chan T, want T, what string) {
	t.Helper()
	timer := time.NewTimer(giveUp)
	defer timer.Stop()
	for {
		select {
		case got := <-ch:
			if got == want {
				return
			}
		case <-timer.C:
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// commandCount counts the commands a client sends.
type commandCount struct {
	mu sync.Mutex
	n  int
}

func (c *commandCount) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *commandCount) add(n int) {
	c.mu.Lock()
	c.n += n
	c.mu.Unlock()
}

func (c *commandCount) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *commandCount) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { c.add(1); return next(ctx, cmd) }
}

func (c *commandCount) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { c.add(len(cmds)); return next(ctx, cmds) }
}
