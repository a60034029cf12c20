package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestHealthz(t *testing.T) {
	d := newTestDemo(t)
	r := d.client(t).navigate("GET", "/healthz", nil).wantStatus(t, http.StatusOK)
	if r.body != "ok\n" {
		t.Errorf("body = %q, want %q", r.body, "ok\n")
	}
}

func TestNotFoundPage(t *testing.T) {
	d := newTestDemo(t)
	r := d.client(t).navigate("GET", "/no/such/page", nil).wantStatus(t, http.StatusNotFound)
	if !strings.Contains(r.body, "Page not found") || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("404 answer is not the demo's page: %.300s", r.body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	d := newTestDemo(t)
	r := d.client(t).navigate("GET", "/", nil).wantStatus(t, http.StatusOK)
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"Cache-Control":          "no-store",
	} {
		if got := r.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy = %q, want frame-ancestors 'none'", csp)
	}
}

func TestSignupSetsHttpOnlyCookiesAndShowsSession(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	r := c.navigate("POST", "/signup", url.Values{"email": {"ada@example.com"}, "password": {"correct horse battery"}})
	r.wantRedirect(t, "/account")
	cookies := r.Cookies()
	if len(cookies) != 2 {
		t.Fatalf("signup set %d cookies, want 2 (token and JWT)", len(cookies))
	}
	for _, ck := range cookies {
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
			t.Errorf("cookie %s: HttpOnly=%v SameSite=%v Path=%q, want true, Lax, /", ck.Name, ck.HttpOnly, ck.SameSite, ck.Path)
		}
		if strings.Count(ck.Value, ".") == 2 {
			t.Errorf("cookie %s holds a bare JWT, want a sealed value", ck.Name)
		}
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("signup Cache-Control = %q, want no-store", cc)
	}

	info := c.session()
	if info.UserID == "" || info.SessionID == "" || len(info.Factors) != 1 || info.Factors[0].Type != "password" {
		t.Fatalf("/api/session = %+v, want a session with a user and a password factor", info)
	}
	if got := info.Verification.Source; got != "local" && got != "cache" {
		t.Errorf("verification source = %q, want local or cache", got)
	}
	page := c.navigate("GET", "/account", nil).wantStatus(t, http.StatusOK)
	for _, want := range []string{info.UserID, "password", "knowledge", `id="source"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("account page lacks %q", want)
		}
	}
}

func TestFormErrorsAreShownOnThePage(t *testing.T) {
	d := newTestDemo(t)
	d.client(t).signup("taken@example.com")
	tests := []struct {
		name       string
		path       string
		email, pwd string
		wantStatus int
		wantMsg    string
	}{
		{"signup bad email", "/signup", "not-an-email", "correct horse battery", http.StatusUnprocessableEntity, "does not look right"},
		{"signup short password", "/signup", "bob@example.com", "short", http.StatusUnprocessableEntity, "at least 8"},
		{"signup existing email", "/signup", "taken@example.com", "correct horse battery", http.StatusConflict, "already exists"},
		{"login wrong password", "/login", "taken@example.com", "wrong password!", http.StatusUnauthorized, "Wrong email or password"},
		{"login unknown email", "/login", "nobody@example.com", "correct horse battery", http.StatusUnauthorized, "Wrong email or password"},
		{"login empty", "/login", "", "", http.StatusUnprocessableEntity, "Enter an email"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := d.client(t)
			r := c.navigate("POST", tc.path, url.Values{"email": {tc.email}, "password": {tc.pwd}})
			r.wantStatus(t, tc.wantStatus)
			if !strings.Contains(r.body, `id="error"`) || !strings.Contains(r.body, tc.wantMsg) {
				t.Errorf("page does not show %q in an error box:\n%.800s", tc.wantMsg, r.body)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type = %q, want an HTML page", ct)
			}
			if len(r.Cookies()) != 0 {
				t.Errorf("failed %s set cookies %v", tc.path, r.Cookies())
			}
		})
	}
}

func TestLoginAfterSignup(t *testing.T) {
	d := newTestDemo(t)
	d.client(t).signup("grace@example.com")
	c := d.client(t)
	r := c.navigate("POST", "/login", url.Values{
		"email": {"grace@example.com"}, "password": {"correct horse battery"}, "return_to": {"/account/totp"},
	})
	r.wantRedirect(t, "/account/totp")
	c.navigate("GET", "/account", nil).wantStatus(t, http.StatusOK)
}

// TestLoginEndsThePreviousSession: signing in again from a browser that
// already holds a session revokes the old one at Stytch (no fixation, no
// orphaned sessions), and the browser carries only the new one.
func TestLoginEndsThePreviousSession(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("ada@example.com")
	first := c.session().SessionID
	c.navigate("POST", "/login", url.Values{"email": {"ada@example.com"}, "password": {"correct horse battery"}}).
		wantRedirect(t, "/account")
	second := c.session().SessionID
	if second == first {
		t.Fatalf("login kept session %s, want a new one", first)
	}
	if _, live := d.emu.Session(first); live {
		t.Errorf("session %s is still live at Stytch after signing in again", first)
	}
	if _, live := d.emu.Session(second); !live {
		t.Errorf("the new session %s is not live", second)
	}
}

func TestLoginRefusesOffSiteReturnTo(t *testing.T) {
	d := newTestDemo(t)
	d.client(t).signup("eve@example.com")
	for _, rt := range []string{"https://evil.example/", "//evil.example/", `/\evil.example`} {
		r := d.client(t).navigate("POST", "/login", url.Values{
			"email": {"eve@example.com"}, "password": {"correct horse battery"}, "return_to": {rt},
		})
		if loc := r.wantRedirect(t, "/"); loc != "/account" {
			t.Errorf("return_to %q: Location = %q, want /account", rt, loc)
		}
	}
}

func TestNoSession(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	loc := c.navigate("GET", "/account", nil).wantRedirect(t, "/login")
	if !strings.Contains(loc, "return_to=%2Faccount") {
		t.Errorf("login redirect = %q, want return_to=/account", loc)
	}
	r := c.api("GET", "/api/session", "").wantStatus(t, http.StatusUnauthorized)
	if got := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
		t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", got)
	}
	c.api("POST", "/api/transfer", `{"amount":1,"to":"x"}`).wantStatus(t, http.StatusUnauthorized)
}

func TestAPITransferStepUp(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("api@example.com")

	r := c.api("POST", "/api/transfer", `{"amount":100,"to":"bob"}`).wantStatus(t, http.StatusUnauthorized)
	assertStepUpChallenge(t, r)

	c.stepUp(d)
	r = c.api("POST", "/api/transfer", `{"amount":100,"to":"bob"}`).wantStatus(t, http.StatusOK)
	if !strings.Contains(r.body, `"status":"sent"`) {
		t.Errorf("transfer body = %s, want status sent", r.body)
	}
	c.api("POST", "/api/transfer", `{"amount":0,"to":"bob"}`).wantStatus(t, http.StatusUnprocessableEntity)
	c.api("POST", "/api/transfer", `not json`).wantStatus(t, http.StatusBadRequest)

	d.emu.Advance(6 * time.Minute) // the TOTP factor is now too old
	r = c.api("POST", "/api/transfer", `{"amount":100,"to":"bob"}`).wantStatus(t, http.StatusUnauthorized)
	assertStepUpChallenge(t, r)
	// The JWT had expired: the verifier asked Stytch and the middleware
	// handed the fresh JWT back in the cookie, before the challenge.
	refreshed := false
	for _, ck := range r.Cookies() {
		refreshed = refreshed || (ck.Name == cookie.DefaultJWTName && ck.Value != "")
	}
	if !refreshed {
		t.Errorf("challenge after the JWT expired set cookies %v, want a refreshed %s", r.Cookies(), cookie.DefaultJWTName)
	}
	if got := c.session().Verification.Source; got != "local" && got != "cache" {
		t.Errorf("with the refreshed JWT, source = %q, want local or cache", got)
	}
}

// assertStepUpChallenge checks an RFC 9470 challenge for TOTP within 5 minutes.
func assertStepUpChallenge(t *testing.T, r *response) {
	t.Helper()
	h := r.Header.Get("WWW-Authenticate")
	for _, want := range []string{`error="insufficient_user_authentication"`, "max_age=300", "acr_values="} {
		if !strings.Contains(h, want) {
			t.Errorf("WWW-Authenticate = %q, want it to contain %s", h, want)
		}
	}
	var body struct {
		Error           string   `json:"error"`
		RequiredFactors []string `json:"required_factors"`
		MaxAge          int      `json:"max_age"`
	}
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Fatalf("challenge body %q: %v", r.body, err)
	}
	if body.Error != "insufficient_user_authentication" || body.MaxAge != 300 ||
		len(body.RequiredFactors) != 1 || body.RequiredFactors[0] != "totp" {
		t.Errorf("challenge body = %+v, want insufficient_user_authentication, [totp], 300", body)
	}
}

func TestFormTransferStepUp(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("browser@example.com")
	c.navigate("POST", "/account/totp", url.Values{}).wantRedirect(t, "/account/totp")

	loc := c.navigate("POST", "/transfer", url.Values{"amount": {"100"}, "to": {"bob"}}).wantRedirect(t, "/stepup?")
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if got, want := q.Get("return_to"), "/transfer?amount=100&to=bob"; got != want {
		t.Errorf("return_to = %q, want %q", got, want)
	}
	if q.Get("factors") != "totp" || q.Get("max_age") != "300" {
		t.Errorf("step-up query = %v, want factors=totp max_age=300", q)
	}

	page := c.navigate("GET", loc, nil).wantStatus(t, http.StatusOK)
	if !strings.Contains(page.body, `id="emulator-code"`) || !strings.Contains(page.body, "5 minutes") {
		t.Errorf("step-up page lacks the emulator code or the 5 minutes:\n%.1500s", page.body)
	}

	tests := []struct {
		name, code string
		wantStatus int
		wantMsg    string
	}{
		{"malformed", "12ab", http.StatusUnprocessableEntity, "6-digit"},
		{"wrong", "000000", http.StatusUnauthorized, "not right"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := c.navigate("POST", "/stepup", url.Values{"code": {tc.code}, "return_to": {q.Get("return_to")}})
			r.wantStatus(t, tc.wantStatus)
			if !strings.Contains(r.body, tc.wantMsg) {
				t.Errorf("page lacks %q", tc.wantMsg)
			}
		})
	}

	code, err := d.emu.TOTPCode(c.session().UserID)
	if err != nil {
		t.Fatal(err)
	}
	r := c.navigate("POST", "/stepup", url.Values{"code": {code}, "return_to": {q.Get("return_to")}})
	if got := r.wantRedirect(t, "/transfer"); got != "/transfer?amount=100&notice=verified&to=bob" {
		t.Errorf("after step-up Location = %q, want the transfer form", got)
	}
	form := c.navigate("GET", "/transfer?amount=100&to=bob", nil).wantStatus(t, http.StatusOK)
	if !strings.Contains(form.body, `value="100"`) || !strings.Contains(form.body, `value="bob"`) {
		t.Error("transfer form is not prefilled with the challenged transfer")
	}
	done := c.navigate("POST", "/transfer", url.Values{"amount": {"100"}, "to": {"bob"}}).wantStatus(t, http.StatusOK)
	if !strings.Contains(done.body, `id="transfer-done"`) {
		t.Error("transfer did not go through after step-up")
	}

	d.emu.Advance(6 * time.Minute)
	loc = c.navigate("POST", "/transfer", url.Values{"amount": {"5"}, "to": {"bob"}}).wantRedirect(t, "/stepup?")
	page = c.navigate("GET", loc, nil).wantStatus(t, http.StatusOK)
	if !strings.Contains(page.body, `id="info"`) || !strings.Contains(page.body, "6 minutes ago") {
		t.Errorf("expired step-up page does not say the code is 6 minutes old:\n%.1500s", page.body)
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("csrf@example.com")
	for _, path := range []string{"/transfer", "/logout", "/login", "/account/totp"} {
		req, err := http.NewRequest("POST", d.URL+path, strings.NewReader("amount=1&to=x"))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		if r := c.do(req); r.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST %s status = %d, want 403", path, r.StatusCode)
		}
	}
	c.session() // still signed in
}

func TestLogout(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("bye@example.com")
	id := c.session().SessionID

	r := c.navigate("POST", "/logout", url.Values{})
	if loc := r.wantRedirect(t, "/"); loc != "/?notice=logout" {
		t.Errorf("logout Location = %q, want /?notice=logout", loc)
	}
	cleared := 0
	for _, ck := range r.Cookies() {
		if ck.MaxAge < 0 && ck.Value == "" {
			cleared++
		}
	}
	if cleared != 2 {
		t.Errorf("logout cleared %d cookies (%v), want 2", cleared, r.Cookies())
	}
	if _, ok := d.emu.Session(id); ok {
		t.Error("session still live in Stytch after logout, want revoked")
	}
	c.api("GET", "/api/session", "").wantStatus(t, http.StatusUnauthorized)
	c.navigate("GET", "/account", nil).wantRedirect(t, "/login")
}

func TestAdvanceClock(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	before := d.emu.Now()
	c.navigate("POST", "/_demo/advance?minutes=6", url.Values{}).wantRedirect(t, "/account?notice=clock")
	if got := d.emu.Now().Sub(before); got < 6*time.Minute {
		t.Errorf("emulator clock moved %v, want at least 6m", got)
	}
	for _, m := range []string{"0", "-5", "x", "100000"} {
		c.navigate("POST", "/_demo/advance?minutes="+m, url.Values{}).wantStatus(t, http.StatusBadRequest)
	}
}

func TestStytchOutageIsAMessage(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("outage@example.com")
	c.navigate("POST", "/account/totp", url.Values{}).wantRedirect(t, "/account/totp")
	d.emu.InjectFault(stytchtest.EndpointPasswords, stytchtest.Fault{Status: http.StatusServiceUnavailable})
	d.emu.InjectFault(stytchtest.EndpointTOTPsAuthenticate, stytchtest.Fault{Status: http.StatusTooManyRequests})
	t.Cleanup(d.emu.ClearFaults)

	tests := []struct {
		name, path string
		form       url.Values
	}{
		{"signup", "/signup", url.Values{"email": {"new@example.com"}, "password": {"correct horse battery"}}},
		{"step-up", "/stepup", url.Values{"code": {"123456"}, "return_to": {"/account"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := c.navigate("POST", tc.path, tc.form).wantStatus(t, http.StatusServiceUnavailable)
			if !strings.Contains(r.body, "cannot be reached right now") || !strings.Contains(r.body, `id="error"`) {
				t.Errorf("outage page does not explain it:\n%.800s", r.body)
			}
		})
	}
}

func TestWhen(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Time{}, "unknown"},
		{now.Add(-20 * time.Second), "just now (11:59:40 UTC)"},
		{now.Add(-6 * time.Minute), "6 minutes ago (11:54:00 UTC)"},
		{now.Add(90 * time.Second), "in 1 minute (12:01:30 UTC)"},
		{now.Add(59*time.Minute + 30*time.Second), "in 59 minutes (12:59:30 UTC)"},
		{now.Add(-3 * time.Hour), "3 hours ago (09:00:00 UTC)"},
	}
	for _, tc := range tests {
		if got := when(tc.t, now); got != tc.want {
			t.Errorf("when(%v) = %q, want %q", tc.t, got, tc.want)
		}
	}
}

// TestRevokedSessionWindow shows the revocation window and how the transfer
// routes close it: after Stytch revokes a session, its JWT still verifies
// locally on ordinary routes until it expires, but RequireConfirmed asks
// Stytch and refuses it.
func TestRevokedSessionWindow(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("revoked@example.com")
	c.stepUp(d)
	c.api("POST", "/api/transfer", `{"amount":1,"to":"bob"}`).wantStatus(t, http.StatusOK)

	if err := d.emu.Revoke(c.session().SessionID); err != nil {
		t.Fatalf("Revoke() error = %v", err)
	}
	if got := c.session().Verification.Source; got != "local" && got != "cache" {
		t.Errorf("GET /api/session after revocation verified by %q, want local or cache (the window)", got)
	}
	r := c.api("POST", "/api/transfer", `{"amount":1,"to":"bob"}`).wantStatus(t, http.StatusUnauthorized)
	if h := r.Header.Get("WWW-Authenticate"); !strings.Contains(h, `error="invalid_token"`) {
		t.Errorf("transfer with a revoked session: WWW-Authenticate = %q, want invalid_token", h)
	}
	c.api("GET", "/api/session", "").wantStatus(t, http.StatusUnauthorized) // cookies were cleared
}
