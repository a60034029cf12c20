//go:build redis

// The demo as several instances sharing Redis and one Stytch; run by
// scripts/test's redis suite (go test -tags redis), which installs Debian's
// redis-server.

package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// startRedisServer runs redis-server on a free loopback port until the
// test ends and returns its address.
func startRedisServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	cmd := exec.Command("redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("redis-server: %v", err)
	}
	sc, ready := bufio.NewScanner(out), false
	for !ready && sc.Scan() {
		ready = strings.Contains(sc.Text(), "Ready to accept connections")
	}
	drained := make(chan struct{})
	go func() { defer close(drained); io.Copy(io.Discard, out) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-drained; cmd.Wait() })
	if !ready {
		t.Fatal("redis-server did not start")
	}
	return "127.0.0.1:" + port
}

// revocationWatcher is an instance's log: it reports each revocation the
// instance applied from Redis.
type revocationWatcher chan struct{}

func (w revocationWatcher) Write(p []byte) (int, error) {
	if strings.Contains(string(p), "session revocation applied") {
		select {
		case w <- struct{}{}:
		default:
		}
	}
	return len(p), nil
}

func (w revocationWatcher) wait(t *testing.T) {
	t.Helper()
	select {
	case <-w:
	case <-time.After(20 * time.Second): // a guard against a hang, not a latency target
		t.Fatal("the revocation did not reach the instance")
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// TestInstancesShareLogout: two demo instances share one Stytch (an
// emulator on its own server), one Redis and the cookie keys: a session
// started on one is served by the other, a logout on one is refused by the
// other at once, and by an instance started after it.
func TestInstancesShareLogout(t *testing.T) {
	stytch := stytchtest.NewServer(t)
	env := map[string]string{
		"STYTCH_PROJECT_ID": stytch.ProjectID(), "STYTCH_SECRET": stytch.Secret(), "STYTCH_BASE_URL": stytch.URL,
		"REDIS_URL":               "redis://" + startRedisServer(t) + "/0",
		"SESSIONGATE_COOKIE_KEYS": randomHex(32) + ":" + randomHex(32),
	}
	getenv := func(k string) string { return env[k] }
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cfg := config{sessionMinutes: 60, cookieSealing: true}
	if err := cfg.fromEnv(getenv); err != nil {
		t.Fatal(err)
	}
	start := func() (*testDemo, revocationWatcher) {
		w := make(revocationWatcher, 1)
		log := slog.New(slog.NewTextHandler(w, nil))
		be, err := startBackend(ctx, cfg, getenv, io.Discard, log)
		if err != nil {
			t.Fatal(err)
		}
		d := serveApp(t, ctx, be, cfg, log)
		t.Cleanup(func() { cancel(); d.app.shared.close() })
		return d, w
	}
	a, _ := start()
	b, bLog := start()
	ca, cb := a.client(t), b.client(t)
	ca.signup("multi@example.com")
	info := ca.session()
	au, _ := url.Parse(a.URL)
	bu, _ := url.Parse(b.URL)
	cookies := ca.hc.Jar.Cookies(au)
	cb.hc.Jar.SetCookies(bu, cookies)
	if got := cb.session(); got.SessionID != info.SessionID {
		t.Fatalf("instance B serves session %q, want A's %q", got.SessionID, info.SessionID)
	}
	ca.navigate("POST", "/logout", url.Values{}).wantRedirect(t, "/")
	bLog.wait(t)
	cb.api("GET", "/api/session", "").wantStatus(t, http.StatusUnauthorized)

	c, _ := start()
	cc := c.client(t)
	cu, _ := url.Parse(c.URL)
	cc.hc.Jar.SetCookies(cu, cookies)
	cc.api("GET", "/api/session", "").wantStatus(t, http.StatusUnauthorized)
}
