package main

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"

	"github.com/sessiongate/sessiongate/cookie"
)

// TestBrowserFlow drives the demo in headless Chromium through the whole
// story: sign up, enroll TOTP, a transfer challenged by step-up, the code,
// the transfer, step-up expiring when the clock moves, logout. It runs only
// with SESSIONGATE_BROWSER=1:
//
//	cd examples/demo && SESSIONGATE_BROWSER=1 go test -run Browser -v .
func TestBrowserFlow(t *testing.T) {
	execPath := requireBrowser(t)
	demo := startDemo(t)
	b := newBrowser(t, execPath, demo.URL)

	if got := b.open("/"); got != "/" {
		t.Fatalf("home path = %q, want /", got)
	}
	b.shot("home")

	if got := b.open("/account"); !strings.HasPrefix(got, "/login") {
		t.Fatalf("/account without a session ended on %q, want /login…", got)
	}

	// Sign up.
	b.open("/signup")
	b.fill("email", "ada@example.com")
	b.fill("password", "correct horse battery staple")
	b.shot("signup")
	if got := b.submit("submit"); got != "/account" {
		t.Fatalf("after signup path = %q, want /account", got)
	}
	b.shot("account")
	assertSessionCookies(t, b)
	if got := b.text("#factors"); !strings.Contains(got, "password") {
		t.Errorf("factors table = %q, want a password factor", got)
	}
	if got := b.text("#source"); !containsAny(got, "local", "cache", "remote") {
		t.Errorf("verification source = %q, want local, cache or remote", got)
	}

	// Signing up again with the same email is an error on the page.
	b.open("/signup")
	b.fill("email", "ada@example.com")
	b.fill("password", "another password 123")
	b.submit("submit")
	if got := b.text("#error"); !strings.Contains(strings.ToLower(got), "already") {
		t.Errorf("duplicate signup message = %q, want it to say the account already exists", got)
	}
	b.shot("signup-duplicate")

	// Enroll TOTP.
	b.open("/account/totp")
	b.shot("totp-enroll")
	b.submit("enroll")
	b.totpCode()
	b.shot("totp-enrolled")

	// A transfer is challenged: the browser lands on the step-up page.
	transferChallenged(t, b, "100", "bob")
	b.shot("stepup")

	// A wrong code is an error on the page, not a 500.
	b.fill("code", wrongCode(b.totpCode()))
	b.submit("verify")
	if got := b.text("#error"); !strings.Contains(strings.ToLower(got), "code") {
		t.Errorf("wrong-code message = %q, want it to mention the code", got)
	}
	b.shot("stepup-wrong-code")

	// The right code leads back to the transfer, which now goes through.
	b.fill("code", b.totpCode())
	if got := b.submit("verify"); !strings.HasPrefix(got, "/transfer") {
		t.Fatalf("after step-up path = %q, want /transfer…", got)
	}
	b.shot("transfer-confirm")
	if got := b.submit("transfer"); got != "/transfer" || !b.has("#transfer-done") {
		t.Fatalf("transfer after step-up: path %q, done=%v; want the confirmation", got, b.has("#transfer-done"))
	}
	b.shot("transfer-done")
	assertSessionCookies(t, b)

	// Six minutes later the TOTP factor is too old: challenged again.
	b.open("/account")
	b.submit("advance")
	b.shot("account-after-advance")
	transferChallenged(t, b, "50", "carol")
	if got := b.text("#info"); !strings.Contains(got, "6 minutes ago") {
		t.Errorf("expired step-up message = %q, want it to say the code is 6 minutes old", got)
	}
	b.shot("stepup-expired")

	// Log out: the cookies are gone and /account sends us to login.
	b.open("/account")
	if got := b.submit("logout"); got != "/?notice=logout" || !b.has("#notice") {
		t.Errorf("after logout path = %q (notice shown: %v), want /?notice=logout with the notice", got, b.has("#notice"))
	}
	b.shot("logged-out")
	cs := b.cookies()
	for _, name := range []string{cookie.DefaultTokenName, cookie.DefaultJWTName} {
		if c, ok := cs[name]; ok {
			t.Errorf("after logout cookie %s still set (value length %d)", name, len(c.Value))
		}
	}
	if got := b.open("/account"); !strings.HasPrefix(got, "/login") {
		t.Fatalf("/account after logout ended on %q, want /login…", got)
	}
	b.shot("login-after-logout")

	// A wrong password is an error on the page.
	b.fill("email", "ada@example.com")
	b.fill("password", "not the password")
	b.submit("submit")
	if got := b.text("#error"); !strings.Contains(strings.ToLower(got), "password") {
		t.Errorf("wrong-password message = %q, want it to mention the password", got)
	}
	b.shot("login-wrong-password")
}

// transferChallenged submits a transfer from the account page and checks the
// browser lands on the step-up page.
func transferChallenged(t *testing.T, b *browser, amount, to string) {
	t.Helper()
	b.open("/account")
	b.fill("amount", amount)
	b.fill("to", to)
	if got := b.submit("transfer"); !strings.HasPrefix(got, "/stepup") {
		t.Fatalf("transfer of %s to %s ended on %q, want /stepup…", amount, to, got)
	}
	if !b.has("#stepup-form") {
		t.Fatal("step-up page has no code form")
	}
}

// assertSessionCookies checks that both session cookies are set, HttpOnly,
// SameSite=Lax, and invisible to scripts.
func assertSessionCookies(t *testing.T, b *browser) {
	t.Helper()
	cs := b.cookies()
	for _, name := range []string{cookie.DefaultTokenName, cookie.DefaultJWTName} {
		c, ok := cs[name]
		if !ok {
			t.Errorf("cookie %s not set; have %v", name, cookieNames(cs))
			continue
		}
		if !c.HTTPOnly {
			t.Errorf("cookie %s HttpOnly = false, want true", name)
		}
		if c.SameSite != network.CookieSameSiteLax {
			t.Errorf("cookie %s SameSite = %q, want Lax", name, c.SameSite)
		}
		if c.Path != "/" {
			t.Errorf("cookie %s Path = %q, want /", name, c.Path)
		}
	}
	if got := b.documentCookie(); strings.Contains(got, "stytch_session") {
		t.Errorf("document.cookie = %q, want no session cookie visible to scripts", got)
	}
}

func cookieNames(cs map[string]*network.Cookie) []string {
	names := make([]string, 0, len(cs))
	for n := range cs {
		names = append(names, n)
	}
	return names
}

// wrongCode returns a 6-digit code that differs from code in every digit.
func wrongCode(code string) string {
	b := []byte(code)
	for i := range b {
		b[i] = '0' + (b[i]-'0'+5)%10
	}
	return string(b)
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
