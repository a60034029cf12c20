package middleware_test

import (
	"bufio"
	"net/http"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// TestE2EStytchDown: 503 with Retry-After, cookies kept; service back → 200.
func TestE2EStytchDown(t *testing.T) {
	for name, fault := range map[string]stytchtest.Fault{
		"503":        {Status: http.StatusServiceUnavailable, RetryAfter: 3 * time.Second},
		"dropped":    {DropConnection: true},
		"429":        {Status: http.StatusTooManyRequests},
		"bad answer": {MalformedBody: true},
	} {
		t.Run(name, func(t *testing.T) {
			e := newE2E(t, mustNewStore(t, cookie.WithServerManaged()))
			wantStatus(t, e.do("POST", "/login"), 200)
			before := e.cookies()
			e.stytch.Advance(jwtLifetime + time.Second)
			e.stytch.InjectFault(stytchtest.EndpointAuthenticate, fault)
			res := e.do("GET", "/account")
			wantStatus(t, res, 503)
			if ra := res.Header.Get("Retry-After"); ra == "" || ra == "0" {
				t.Errorf("Retry-After = %q, want a positive delay", ra)
			}
			if len(res.Header.Values("Set-Cookie")) != 0 || len(e.cookies()) != len(before) {
				t.Errorf("cookies touched during an outage: %q", res.Header.Values("Set-Cookie"))
			}
			e.stytch.ClearFaults()
			wantStatus(t, e.do("GET", "/account"), 200)
		})
	}
}

// TestE2EStreaming: a handler's flush reaches the client through the
// wrapper, with the refreshed cookie in the header.
func TestE2EStreaming(t *testing.T) {
	e := newE2E(t, mustNewStore(t, cookie.WithServerManaged()))
	t.Cleanup(func() { close(e.release) }) // before the server closes
	wantStatus(t, e.do("POST", "/login"), 200)
	e.stytch.Advance(jwtLifetime + time.Second)
	res := e.do("GET", "/stream")
	wantStatus(t, res, 200)
	if len(res.Header.Values("Set-Cookie")) == 0 {
		t.Error("streamed response lacks the refreshed cookie")
	}
	line, err := bufio.NewReader(res.Body).ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("first chunk = %q, %v; want it before the handler finishes", line, err)
	}
}

// TestE2ECrossOrigin: cookie-authenticated cross-site POST refused,
// same-origin allowed.
func TestE2ECrossOrigin(t *testing.T) {
	e := newE2E(t, mustNewStore(t, cookie.WithServerManaged()))
	wantStatus(t, e.do("POST", "/login"), 200)
	wantStatus(t, e.do("POST", "/transfer", "Sec-Fetch-Site", "cross-site"), 403)
	wantStatus(t, e.do("POST", "/transfer", "Origin", "https://evil.example"), 403)
	wantStatus(t, e.do("POST", "/transfer", "Sec-Fetch-Site", "same-origin"), 200)
	wantStatus(t, e.do("POST", "/transfer", "Origin", e.app.URL), 200)
	wantStatus(t, e.do("POST", "/logout", "Sec-Fetch-Site", "cross-site"), 403)
	if len(e.cookies()) != 2 {
		t.Errorf("a cross-site logout changed the cookies: %v", e.cookies())
	}
}
