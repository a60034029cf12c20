package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// login signs c in with the password signup used.
func (c *client) login(email string) {
	c.t.Helper()
	c.navigate("POST", "/login", url.Values{"email": {email}, "password": {"correct horse battery"}}).
		wantRedirect(c.t, "/account")
}

// signedOut reports whether c's session no longer opens /account.
func (c *client) signedOut() bool {
	c.t.Helper()
	r := c.navigate("GET", "/account", nil)
	return r.StatusCode == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/login")
}

func TestDevicesPageListsTheUsersSessions(t *testing.T) {
	d := newTestDemo(t)
	laptop, phone, other := d.client(t), d.client(t), d.client(t)
	laptop.signup("ada@example.com")
	phone.login("ada@example.com")
	other.signup("bob@example.com")
	mine, theirs, bobs := laptop.session().SessionID, phone.session().SessionID, other.session().SessionID

	page := laptop.navigate("GET", "/account/devices", nil).wantStatus(t, http.StatusOK).body
	if !strings.Contains(page, `class="device current" data-session="`+mine+`"`) ||
		!strings.Contains(page, `class="device" data-session="`+theirs+`"`) || strings.Contains(page, bobs) {
		t.Fatalf("devices page does not list exactly ada's sessions, current marked:\n%.3000s", page)
	}
	if strings.Count(page, `class="device`) != 2 || !strings.Contains(page, "Sign out all other devices") {
		t.Errorf("devices page rows or sign-out-others button missing:\n%.3000s", page)
	}
}

func TestSignOutOneDevice(t *testing.T) {
	d := newTestDemo(t)
	laptop, phone, other := d.client(t), d.client(t), d.client(t)
	laptop.signup("ada@example.com")
	phone.login("ada@example.com")
	other.signup("bob@example.com")
	theirs, bobs := phone.session().SessionID, other.session().SessionID

	// Another user's session id, or no session at all: 404, nothing revoked.
	for _, id := range []string{bobs, "session-test-00000000-0000-0000-0000-000000000000", "garbage"} {
		laptop.navigate("POST", "/account/devices/signout", url.Values{"session_id": {id}}).wantStatus(t, http.StatusNotFound)
	}
	if other.signedOut() {
		t.Fatal("bob was signed out by ada")
	}
	laptop.navigate("POST", "/account/devices/signout", url.Values{"session_id": {theirs}}).
		wantRedirect(t, "/account/devices?notice=device-signed-out")
	if !phone.signedOut() {
		t.Error("the signed-out device still opens /account")
	}
	if laptop.signedOut() {
		t.Error("signing out another device signed this one out")
	}
}

func TestSignOutOtherDevices(t *testing.T) {
	d := newTestDemo(t)
	laptop, phone, tablet, other := d.client(t), d.client(t), d.client(t), d.client(t)
	laptop.signup("ada@example.com")
	phone.login("ada@example.com")
	tablet.login("ada@example.com")
	other.signup("bob@example.com")
	mine := laptop.session().SessionID

	laptop.navigate("POST", "/account/devices/signout-others", url.Values{}).
		wantRedirect(t, "/account/devices?notice=others-signed-out")
	if !phone.signedOut() || !tablet.signedOut() || laptop.signedOut() || other.signedOut() {
		t.Fatal("sign-out-others did not leave exactly this device (and bob) signed in")
	}
	page := laptop.navigate("GET", "/account/devices", nil).wantStatus(t, http.StatusOK).body
	if strings.Count(page, `class="device`) != 1 || !strings.Contains(page, mine) || !strings.Contains(page, `id="no-others"`) {
		t.Errorf("after sign-out-others the page lists:\n%.3000s", page)
	}
}

func TestDisplayPreferenceIsACustomClaim(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("ada@example.com")
	sid := c.session().SessionID
	c.navigate("POST", "/account/preference", url.Values{"theme": {"dark"}}).wantRedirect(t, "/account?notice=preference")
	if s, _ := d.emu.Session(sid); s.CustomClaims["theme"] != "dark" {
		t.Errorf("Stytch's session claims = %v, want theme dark", s.CustomClaims)
	}
	// The next request's JWT, verified without Stytch, carries the claim.
	if page := c.navigate("GET", "/account", nil).wantStatus(t, http.StatusOK).body; !strings.Contains(page, `<strong id="theme">dark</strong>`) ||
		strings.Contains(page, `<span class="badge remote">`) {
		t.Errorf("account page does not show dark from the JWT, verified without Stytch:\n%.2500s", page)
	}
	c.navigate("POST", "/account/preference", url.Values{"theme": {"system"}}).wantRedirect(t, "/account?notice=preference")
	if s, _ := d.emu.Session(sid); len(s.CustomClaims) != 0 {
		t.Errorf("claims after reset = %v, want none", s.CustomClaims)
	}
	if page := c.navigate("GET", "/account", nil).body; !strings.Contains(page, `<strong id="theme">system</strong>`) {
		t.Error("account page still shows a theme after reset")
	}
	c.navigate("POST", "/account/preference", url.Values{"theme": {"neon"}}).wantStatus(t, http.StatusBadRequest)
}

// Stytch failing during a lifecycle call is a 503 page with Retry-After;
// the cookies are not rewritten.
func TestLifecycleOutageIsA503(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("ada@example.com")
	t.Cleanup(d.emu.ClearFaults)
	cases := []struct {
		name, method, path string
		form               url.Values
		ep                 stytchtest.Endpoint
	}{
		{"devices", "GET", "/account/devices", nil, stytchtest.EndpointSessions},
		{"sign out one", "POST", "/account/devices/signout", url.Values{"session_id": {"session-test-x"}}, stytchtest.EndpointSessions},
		{"sign out others", "POST", "/account/devices/signout-others", url.Values{}, stytchtest.EndpointSessions},
		{"preference", "POST", "/account/preference", url.Values{"theme": {"dark"}}, stytchtest.EndpointAuthenticate},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d.emu.InjectFault(tc.ep, stytchtest.Fault{Status: http.StatusTooManyRequests, RetryAfter: 8 * time.Second, Times: 1})
			r := c.navigate(tc.method, tc.path, tc.form).wantStatus(t, http.StatusServiceUnavailable)
			if r.Header.Get("Retry-After") != "8" || len(r.Header.Values("Set-Cookie")) != 0 || !strings.Contains(r.body, "cannot be reached") {
				t.Errorf("Retry-After %q, Set-Cookie %v, body:\n%.1500s", r.Header.Get("Retry-After"), r.Header.Values("Set-Cookie"), r.body)
			}
		})
	}
}

// Sliding expiry: when the JWT has expired and the verifier asks Stytch,
// the session's expiry moves forward.
func TestSlidingExpiry(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("ada@example.com")
	sid := c.session().SessionID
	before, _ := d.emu.Session(sid)
	d.emu.Advance(6 * time.Minute)
	c.navigate("GET", "/account", nil).wantStatus(t, http.StatusOK)
	after, _ := d.emu.Session(sid)
	if moved := after.ExpiresAt.Sub(before.ExpiresAt); moved < 6*time.Minute || moved > 7*time.Minute {
		t.Errorf("expires_at %v → %v, want it 6 minutes later", before.ExpiresAt, after.ExpiresAt)
	}
}
