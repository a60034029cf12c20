//go:build redis

package main

import (
	"bufio"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// demoProc is the demo binary running as a process of its own.
type demoProc struct {
	url     string
	applied chan struct{} // a line "session revocation applied" in its log
}

// startProcess runs bin with env until the test ends.
func startProcess(t *testing.T, bin string, env []string) *demoProc {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &demoProc{applied: make(chan struct{}, 16)}
	logDone := make(chan struct{})
	go func() {
		defer close(logDone)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "session revocation applied") {
				select {
				case p.applied <- struct{}{}:
				default:
				}
			}
		}
	}()
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait(); <-logDone })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "demo listening on "); ok {
			p.url = u
			break
		}
	}
	if p.url == "" {
		t.Fatal("the demo process did not start")
	}
	go func() {
		for sc.Scan() {
		}
	}() // drain; ends with the process
	return p
}

func (p *demoProc) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &client{t: t, base: p.url, hc: &http.Client{Jar: jar, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// TestTwoProcesses: the demo binary, run twice against one Stytch and one
// Redis with the same cookie keys: a session started in one process is
// served by the other, and refused by it once logged out in the first.
func TestTwoProcesses(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "demo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	stytch := stytchtest.NewServer(t)
	env := []string{
		"STYTCH_PROJECT_ID=" + stytch.ProjectID(), "STYTCH_SECRET=" + stytch.Secret(), "STYTCH_BASE_URL=" + stytch.URL,
		"REDIS_URL=redis://" + startRedisServer(t) + "/0",
		"SESSIONGATE_COOKIE_KEYS=" + randomHex(32) + ":" + randomHex(32),
	}
	a, b := startProcess(t, bin, env), startProcess(t, bin, env)
	ca, cb := a.client(t), b.client(t)
	ca.signup("process@example.com")
	info := ca.session()
	au, _ := url.Parse(a.url)
	bu, _ := url.Parse(b.url)
	cb.hc.Jar.SetCookies(bu, ca.hc.Jar.Cookies(au))
	if got := cb.session(); got.SessionID != info.SessionID {
		t.Fatalf("process B serves session %q, want A's %q", got.SessionID, info.SessionID)
	}
	ca.navigate("POST", "/logout", url.Values{}).wantRedirect(t, "/")
	select {
	case <-b.applied:
	case <-time.After(20 * time.Second): // a guard against a hang, not a latency target
		t.Fatal("the revocation did not reach process B")
	}
	cb.api("GET", "/api/session", "").wantStatus(t, http.StatusUnauthorized)
}
