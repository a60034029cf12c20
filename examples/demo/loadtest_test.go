package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
)

// newLoadtestDemo is newTestDemo with -loadtest-routes.
func newLoadtestDemo(t *testing.T) *testDemo {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := config{sessionMinutes: 60, cookieSealing: true, loadtestRoutes: true}
	be, err := startEmulator(ctx, cfg, io.Discard, log)
	if err != nil {
		t.Fatalf("startEmulator() error = %v", err)
	}
	t.Cleanup(be.close)
	return serveApp(t, ctx, be, cfg, log)
}

// TestLoadtestRoutesOnlyWithFlag: without -loadtest-routes the load-test
// paths are not routes (the demo's 404 page).
func TestLoadtestRoutesOnlyWithFlag(t *testing.T) {
	c := newTestDemo(t).client(t)
	c.signup("plain@example.com")
	for _, path := range []string{"/loadtest/bare", "/loadtest/protected"} {
		if r := c.api("GET", path, ""); r.StatusCode != http.StatusNotFound || r.body == "ok\n" {
			t.Errorf("GET %s without the flag: status %d, body %.40q; want the 404 page", path, r.StatusCode, r.body)
		}
	}
}

// TestLoadtestRoutes: with the flag, the bare route answers anyone, the
// protected one refuses a request without a session (401 for an API
// client, /login for a browser) and, with one, answers as the bare route.
func TestLoadtestRoutes(t *testing.T) {
	d := newLoadtestDemo(t)
	anon := d.client(t)
	if r := anon.api("GET", "/loadtest/bare", "").wantStatus(t, http.StatusOK); r.body != "ok\n" {
		t.Errorf("GET /loadtest/bare body = %q, want %q", r.body, "ok\n")
	}
	if r := anon.api("GET", "/loadtest/protected", "").wantStatus(t, http.StatusUnauthorized); r.body == "ok\n" {
		t.Error("GET /loadtest/protected without a session served the handler's body")
	}
	anon.navigate("GET", "/loadtest/protected", nil).wantRedirect(t, "/login")

	user := d.client(t)
	user.signup("load@example.com")
	bare := user.api("GET", "/loadtest/bare", "").wantStatus(t, http.StatusOK)
	prot := user.api("GET", "/loadtest/protected", "").wantStatus(t, http.StatusOK)
	if prot.body != bare.body || prot.Header.Get("Content-Type") != bare.Header.Get("Content-Type") {
		t.Errorf("protected answer %q (%s), bare %q (%s); want the same handler's",
			prot.body, prot.Header.Get("Content-Type"), bare.body, bare.Header.Get("Content-Type"))
	}
}
