package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testDemo is the demo's handler on an httptest server, with the emulator
// and the app at hand.
type testDemo struct {
	*httptest.Server
	emu *stytchtest.Emulator
	app *app
}

// newTestDemo starts the demo's routes on the in-process emulator.
func newTestDemo(t testing.TB) *testDemo {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := config{sessionMinutes: 60, cookieSealing: true}
	be, err := startEmulator(ctx, cfg, io.Discard, log)
	if err != nil {
		t.Fatalf("startEmulator() error = %v", err)
	}
	t.Cleanup(be.close)
	return serveApp(t, ctx, be, cfg, log)
}

// serveApp builds the demo's app on be and serves its routes until the
// test ends.
func serveApp(t testing.TB, ctx context.Context, be *backend, cfg config, log *slog.Logger) *testDemo {
	t.Helper()
	a, err := newApp(ctx, be, cfg, log)
	if err != nil {
		t.Fatalf("newApp() error = %v", err)
	}
	h, err := a.routes()
	if err != nil {
		t.Fatalf("routes() error = %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testDemo{Server: srv, emu: be.emu, app: a}
}

// client is a browser-like HTTP client: a cookie jar, no redirect following,
// and browser fetch metadata on every request.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func (d *testDemo) client(t *testing.T) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &client{t: t, base: d.URL, hc: &http.Client{
		Jar: jar, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// response is a read response.
type response struct {
	*http.Response
	body string
}

// navigate sends a browser page request (GET, or POST of a form).
func (c *client) navigate(method, path string, form url.Values) *response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", c.base)
	}
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// api sends a JSON API request.
func (c *client) api(method, path, jsonBody string) *response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(jsonBody))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if jsonBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Sec-Fetch-Mode", "cors")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

func (c *client) do(req *http.Request) *response {
	c.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("read body: %v", err)
	}
	return &response{Response: resp, body: string(b)}
}

// wantStatus fails the test unless r has the status.
func (r *response) wantStatus(t *testing.T, want int) *response {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s status = %d, want %d; body:\n%.600s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, r.body)
	}
	return r
}

// wantRedirect fails the test unless r is a 303 to a location starting with prefix.
func (r *response) wantRedirect(t *testing.T, prefix string) string {
	t.Helper()
	r.wantStatus(t, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s %s Location = %q, want prefix %q", r.Request.Method, r.Request.URL.Path, loc, prefix)
	}
	return loc
}

// signup creates an account through the form and checks it is signed in.
func (c *client) signup(email string) {
	c.t.Helper()
	c.navigate("POST", "/signup", url.Values{"email": {email}, "password": {"correct horse battery"}}).
		wantRedirect(c.t, "/account")
}

// sessionInfo reads GET /api/session.
func (c *client) session() sessionInfo {
	c.t.Helper()
	r := c.api("GET", "/api/session", "").wantStatus(c.t, http.StatusOK)
	var s sessionInfo
	if err := json.Unmarshal([]byte(r.body), &s); err != nil {
		c.t.Fatalf("decode /api/session: %v\n%s", err, r.body)
	}
	return s
}

// stepUp enrolls TOTP and enters the emulator's current code.
func (c *client) stepUp(d *testDemo) {
	c.t.Helper()
	c.navigate("POST", "/account/totp", url.Values{}).wantRedirect(c.t, "/account/totp")
	code, err := d.emu.TOTPCode(c.session().UserID)
	if err != nil {
		c.t.Fatalf("TOTPCode() error = %v", err)
	}
	c.navigate("POST", "/stepup", url.Values{"code": {code}, "return_to": {"/account"}}).wantRedirect(c.t, "/account?notice=verified")
}

func nowUTC() time.Time { return time.Now().UTC() }
