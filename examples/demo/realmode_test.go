package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// TestRealStytchMode runs the demo as it runs against Stytch, configured by
// STYTCH_PROJECT_ID, STYTCH_SECRET and STYTCH_BASE_URL, with an emulator on
// its own HTTP server standing in for Stytch's API: sign-up, the session
// API, the TOTP step-up, and a logout that revokes the session at "Stytch".
// The demo has no emulator of its own in this mode, so its clock controls
// are absent.
func TestRealStytchMode(t *testing.T) {
	stytch := stytchtest.NewServer(t)
	env := map[string]string{
		"STYTCH_PROJECT_ID": stytch.ProjectID(),
		"STYTCH_SECRET":     stytch.Secret(),
		"STYTCH_BASE_URL":   stytch.URL + "/",
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := config{sessionMinutes: 60, cookieSealing: true}
	be, err := startBackend(ctx, cfg, func(k string) string { return env[k] }, io.Discard, log)
	if err != nil {
		t.Fatalf("startBackend() error = %v", err)
	}
	t.Cleanup(be.close)
	if be.emu != nil || be.baseURL != stytch.URL {
		t.Fatalf("backend = {emulator: %v, baseURL: %q}, want the external API at %s", be.emu != nil, be.baseURL, stytch.URL)
	}
	d := serveApp(t, ctx, be, cfg, log)
	d.emu = stytch.Emulator // the stand-in for Stytch, for TOTP codes
	c := d.client(t)

	c.signup("real@example.com")
	info := c.session()
	if _, live := stytch.Session(info.SessionID); !live || len(info.Factors) != 1 || info.Factors[0].Type != "password" {
		t.Fatalf("after sign-up: session %+v, live at Stytch %v; want a live password session", info, live)
	}
	c.api("POST", "/api/transfer", `{"amount":5,"to":"bob"}`).wantStatus(t, http.StatusUnauthorized)
	c.stepUp(d)
	r := c.api("POST", "/api/transfer", `{"amount":5,"to":"bob"}`).wantStatus(t, http.StatusOK)
	if !strings.Contains(r.body, `"status":"sent"`) {
		t.Errorf("transfer after step-up: %s, want status sent", r.body)
	}
	req := c.navigate("POST", "/_demo/advance", url.Values{"minutes": {"6"}})
	if req.StatusCode != http.StatusNotFound && req.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /_demo/advance: status %d, want no such route with real Stytch", req.StatusCode)
	}
	c.navigate("POST", "/logout", url.Values{}).wantRedirect(t, "/")
	if _, live := stytch.Session(info.SessionID); live {
		t.Error("session still live at Stytch after logout")
	}
	if n := stytch.Requests(stytchtest.EndpointRevoke); n < 1 {
		t.Errorf("Stytch saw %d revoke calls, want at least 1", n)
	}
	c.api("GET", "/api/session", "").wantStatus(t, http.StatusUnauthorized)
}

// TestStepUpChecksAreLogged: the transfer policies log their checks with
// their names, challenges at info.
func TestStepUpChecksAreLogged(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	cfg := config{sessionMinutes: 60, cookieSealing: true}
	be, err := startEmulator(ctx, cfg, io.Discard, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(be.close)
	d := serveApp(t, ctx, be, cfg, log)
	c := d.client(t)
	c.signup("log@example.com")
	c.api("POST", "/api/transfer", `{"amount":5,"to":"bob"}`).wantStatus(t, http.StatusUnauthorized)
	want := `level=INFO msg="sessiongate step-up check" policy=transfer-api outcome=challenged reason=insufficient_user_authentication missing=totp`
	if !strings.Contains(buf.String(), want) {
		t.Errorf("log lacks %q:\n%s", want, buf.String())
	}
}
