package main

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// device is another signed-in device of the browser's user: a plain HTTP
// client with its own cookie jar.
type device struct {
	t    *testing.T
	base string
	hc   *http.Client
}

// signInDevice signs a new device in as email through path (/login or
// /signup).
func signInDevice(t *testing.T, base, path, email, password string) *device {
	t.Helper()
	jar, _ := cookiejar.New(nil) // never fails without options
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	d := &device{t: t, base: base, hc: &http.Client{Jar: jar, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	res := d.send("POST", path, url.Values{"email": {email}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
		t.Fatalf("device login: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	return d
}

func (d *device) send(method, path string, form url.Values) *http.Response {
	d.t.Helper()
	req, err := http.NewRequest(method, d.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		d.t.Fatal(err)
	}
	if method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", d.base)
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	res, err := d.hc.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// signedIn reports whether the device still opens /account.
func (d *device) signedIn() bool {
	d.t.Helper()
	return d.send("GET", "/account", nil).StatusCode == http.StatusOK
}

// clickCSS clicks the first element matching css, waits for the page it
// leads to, and returns that page's path.
func (b *browser) clickCSS(css string) string {
	b.t.Helper()
	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		b.t.Fatalf("click %s: %v", css, err)
	}
	b.do("wait for page", chromedp.WaitReady(chromedp.CSS("body")))
	return b.path()
}

// count returns how many elements match css.
func (b *browser) count(css string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int]("document.querySelectorAll("+jsString(css)+").length"))
	if err != nil {
		b.t.Fatalf("count %s: %v", css, err)
	}
	return n
}

func jsString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// TestBrowserDevicesAndPreference: the Your devices page lists the user's
// sessions, signs one device out, then all the others; the display
// preference is a custom claim the account page shows.
func TestBrowserDevicesAndPreference(t *testing.T) {
	execPath := requireBrowser(t)
	demo := startDemo(t)
	b := newBrowser(t, execPath, demo.URL)
	const email, password = "ada@example.com", "correct horse battery staple"

	b.open("/signup")
	b.fill("email", email)
	b.fill("password", password)
	if got := b.submit("submit"); got != "/account" {
		t.Fatalf("after signup path = %q, want /account", got)
	}
	phone := signInDevice(t, demo.URL, "/login", email, password)
	tablet := signInDevice(t, demo.URL, "/login", email, password)
	bob := signInDevice(t, demo.URL, "/signup", "bob@example.com", password)

	if got := b.open("/account/devices"); got != "/account/devices" {
		t.Fatalf("devices page path = %q", got)
	}
	b.shot("devices")
	if n := b.count("tr.device"); n != 3 || b.count("tr.device.current") != 1 {
		t.Fatalf("devices page lists %d sessions (%d current), want 3 with 1 current", n, b.count("tr.device.current"))
	}

	// Sign out one device: the first other row.
	if got := b.clickCSS("tr.device:not(.current) button"); got != "/account/devices?notice=device-signed-out" {
		t.Fatalf("after sign-out path = %q", got)
	}
	b.shot("device-signed-out")
	if n := b.count("tr.device"); n != 2 {
		t.Errorf("after signing one device out the page lists %d sessions, want 2", n)
	}
	if phone.signedIn() == tablet.signedIn() {
		t.Errorf("phone signed in %t, tablet %t: want exactly one signed out", phone.signedIn(), tablet.signedIn())
	}

	// Sign out all the others.
	if got := b.submit("signout-others"); got != "/account/devices?notice=others-signed-out" {
		t.Fatalf("after sign-out-others path = %q", got)
	}
	b.shot("others-signed-out")
	if b.count("tr.device") != 1 || !b.has("#no-others") || phone.signedIn() || tablet.signedIn() {
		t.Error("sign-out-others did not leave only this device")
	}
	if !bob.signedIn() {
		t.Error("another user's device was signed out")
	}

	// The display preference is a custom claim.
	b.open("/account")
	if got := b.text("#theme"); got != "system" {
		t.Errorf("initial theme = %q, want system", got)
	}
	b.do("choose dark", chromedp.SetValue(chromedp.ID("theme-select"), "dark"))
	if got := b.submit("save-preference"); got != "/account?notice=preference" {
		t.Fatalf("after saving the preference path = %q", got)
	}
	b.shot("preference")
	if got := b.text("#theme"); got != "dark" {
		t.Errorf("theme after saving = %q, want dark", got)
	}
	if got := b.open("/account"); got != "/account" || b.text("#theme") != "dark" {
		t.Errorf("theme not kept on the next page load: %q", b.text("#theme"))
	}
}
