package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath is where Debian's chromium package installs the browser.
const chromiumPath = "/usr/bin/chromium"

// requireBrowser skips unless SESSIONGATE_BROWSER=1, and then fails (never
// skips) when Chromium is missing: the README's test command installs it.
func requireBrowser(t *testing.T) string {
	t.Helper()
	if os.Getenv("SESSIONGATE_BROWSER") != "1" {
		t.Skip("browser test: set SESSIONGATE_BROWSER=1 to run it (needs Debian's chromium at " + chromiumPath + ")")
	}
	path := chromiumPath
	if p := os.Getenv("CHROMIUM"); p != "" {
		path = p
	}
	if _, err := exec.LookPath(path); err != nil {
		t.Fatalf("SESSIONGATE_BROWSER=1 but Chromium is missing (%v): install it with `apt-get update && apt-get install -y chromium`", err)
	}
	return path
}

// browser drives one headless Chromium tab against the demo.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string
	n     int
}

// newBrowser starts Chromium with the flags of design.md §6, QUIC off and a
// fresh profile; it stops when the test ends.
func newBrowser(t *testing.T, execPath, base string) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1100, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
	})
	return &browser{t: t, ctx: ctx, base: base, shots: screenshotDir(t)}
}

// screenshotDir is $DEMO_SCREENSHOTS, or screenshots/ beside this file
// (gitignored), emptied of a previous run's NN-name.png files.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("DEMO_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshot dir: %v", err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, "[0-9][0-9]-*.png")) // the pattern is valid
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			t.Fatalf("remove old screenshot: %v", err)
		}
	}
	return dir
}

func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to path and returns the path the browser ended on.
func (b *browser) open(path string) string {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("body")))
	return b.path()
}

// fill types v into the input with the given id.
func (b *browser) fill(id, v string) {
	b.t.Helper()
	b.do("fill #"+id, chromedp.Clear(chromedp.ID(id)), chromedp.SendKeys(chromedp.ID(id), v))
}

// submit clicks the button with the given id, waits for the page it leads
// to, and returns that page's path.
func (b *browser) submit(id string) string {
	b.t.Helper()
	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.ID(id))); err != nil {
		b.t.Fatalf("click #%s: %v", id, err)
	}
	b.do("wait for page", chromedp.WaitReady(chromedp.CSS("body")))
	return b.path()
}

// path returns the current page's path and query.
func (b *browser) path() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("location %q: %v", loc, err)
	}
	return u.RequestURI()
}

// text returns the visible text of the first element matching css.
func (b *browser) text(css string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", css, err)
	}
	return strings.TrimSpace(s)
}

// has reports whether an element matching css is on the page now.
func (b *browser) has(css string) bool {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", css)))
	if err != nil {
		b.t.Fatalf("count %s: %v", css, err)
	}
	return n > 0
}

// shot saves a PNG of the whole page as NN-name.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	b.n++
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name))
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		b.t.Fatalf("save screenshot: %v", err)
	}
}

// cookies returns the browser's cookies for the demo's origin, by name.
func (b *browser) cookies() map[string]*network.Cookie {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.base + "/"}})
	if err != nil {
		b.t.Fatalf("get cookies: %v", err)
	}
	out := make(map[string]*network.Cookie, len(res.Cookies))
	for _, c := range res.Cookies {
		out[c.Name] = c
	}
	return out
}

// documentCookie returns what scripts on the page can read.
func (b *browser) documentCookie() string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string]("document.cookie"))
	if err != nil {
		b.t.Fatalf("document.cookie: %v", err)
	}
	return s
}

// totpCode reads the emulator's current TOTP code shown on the page.
func (b *browser) totpCode() string {
	b.t.Helper()
	code := b.text("#emulator-code strong.code")
	if !regexp.MustCompile(`^[0-9]{6}$`).MatchString(code) {
		b.t.Fatalf("emulator code on the page = %q, want 6 digits", code)
	}
	return code
}
