package stepup_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

var (
	apiHeaders = map[string]string{"Accept": "application/json"}
	navHeaders = map[string]string{"Sec-Fetch-Mode": "navigate", "Accept": "text/html"}
)

// TestEndToEndStepUp: password session → challenged (API and browser) →
// TOTP authenticate → retry passes → clock past max age → challenged again.
func TestEndToEndStepUp(t *testing.T) {
	e := newE2E(t)
	e.login()

	resp, body := e.do("POST", "/api/transfer", apiHeaders, nil)
	var ch struct {
		Error           string   `json:"error"`
		RequiredFactors []string `json:"required_factors"`
		MaxAge          int      `json:"max_age"`
	}
	if err := json.Unmarshal([]byte(body), &ch); err != nil || resp.StatusCode != http.StatusUnauthorized ||
		ch.Error != "insufficient_user_authentication" || len(ch.RequiredFactors) != 1 || ch.RequiredFactors[0] != "totp" || ch.MaxAge != 300 {
		t.Fatalf("API before step-up: %d %s, want 401 insufficient_user_authentication [totp] 300", resp.StatusCode, body)
	}
	if got, want := resp.Header.Get("WWW-Authenticate"), `max_age=300, acr_values="stytch:totp"`; !strings.HasSuffix(got, want) {
		t.Errorf("WWW-Authenticate = %q, want suffix %q", got, want)
	}
	resp, _ = e.do("GET", "/transfer?amount=10", navHeaders, nil)
	if want := "/stepup?return_to=%2Ftransfer%3Famount%3D10&factors=totp&max_age=300"; resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
		t.Fatalf("browser before step-up: %d Location %q, want 303 %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}

	e.stepUpWithTOTP("/transfer?amount=10")
	if resp, body := e.do("GET", "/transfer?amount=10", navHeaders, nil); resp.StatusCode != http.StatusOK || body != "ok" {
		t.Fatalf("browser after step-up: %d %q, want 200 ok", resp.StatusCode, body)
	}
	if resp, _ := e.do("POST", "/api/transfer", apiHeaders, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("API after step-up: %d, want 200", resp.StatusCode)
	}

	e.stytch.Advance(5 * time.Minute) // age == max age: still passes (JWT refreshed remotely)
	if resp, body := e.do("POST", "/api/transfer", apiHeaders, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("API at exactly max age: %d %s, want 200", resp.StatusCode, body)
	}
	e.stytch.Advance(time.Second)
	if resp, body := e.do("POST", "/api/transfer", apiHeaders, nil); resp.StatusCode != http.StatusUnauthorized ||
		!strings.Contains(body, "insufficient_user_authentication") {
		t.Fatalf("API 1s past max age: %d %s, want 401 insufficient_user_authentication", resp.StatusCode, body)
	}
	if resp, _ := e.do("GET", "/account", navHeaders, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("unprotected route 1s past max age: %d, want 200 (the session itself is fine)", resp.StatusCode)
	}
}

// stepUpWithTOTP posts the user's current TOTP code to the step-up page and
// checks it sends the browser back to returnTo.
func (e *e2e) stepUpWithTOTP(returnTo string) {
	e.t.Helper()
	code, err := e.stytch.TOTPCode(e.user)
	if err != nil {
		e.t.Fatal(err)
	}
	resp, body := e.do("POST", "/stepup", nil, url.Values{"code": {code}, "return_to": {returnTo}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != returnTo {
		e.t.Fatalf("step-up: %d Location %q %s, want 303 to %q", resp.StatusCode, resp.Header.Get("Location"), body, returnTo)
	}
}

// TestEndToEndRevokedConfirmed: a revoked session whose JWT is still valid
// passes a plain session route but is refused on a ConfirmedWithin(0) route.
func TestEndToEndRevokedConfirmed(t *testing.T) {
	e := newE2E(t)
	tok := e.login()

	before := e.stytch.Requests(stytchtest.EndpointAuthenticate)
	if resp, body := e.do("GET", "/confirmed", apiHeaders, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("live session on confirmed route: %d %s, want 200", resp.StatusCode, body)
	}
	if got := e.stytch.Requests(stytchtest.EndpointAuthenticate) - before; got != 1 {
		t.Errorf("sessions/authenticate calls for the confirmed route = %d, want 1", got)
	}
	if err := e.stytch.Revoke(tok.Session.SessionID); err != nil {
		t.Fatal(err)
	}
	if resp, _ := e.do("GET", "/account", apiHeaders, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("revoked session, plain route with valid JWT: %d, want 200 (local check)", resp.StatusCode)
	}
	resp, body := e.do("GET", "/confirmed", apiHeaders, nil)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(resp.Header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Fatalf("revoked session on confirmed route: %d %q %s, want 401 invalid_token", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), body)
	}
}

// TestEndToEndUnavailable: Stytch down on a ConfirmedWithin(0) route is a
// 503 with Retry-After, never a pass.
func TestEndToEndUnavailable(t *testing.T) {
	e := newE2E(t)
	e.login()
	e.stytch.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Status: http.StatusServiceUnavailable, RetryAfter: 3 * time.Second})
	resp, body := e.do("GET", "/confirmed", apiHeaders, nil)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("Stytch down on confirmed route: %d Retry-After %q %s, want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
}

// TestEndToEndLocalRemoteParity: a JWT checked locally and the session
// token checked remotely get the same step-up decision at every stage.
func TestEndToEndLocalRemoteParity(t *testing.T) {
	e := newE2E(t)
	e.login()
	check := func(stage string, want int) {
		t.Helper()
		before := e.stytch.Requests(stytchtest.EndpointAuthenticate)
		if resp, body := e.do("POST", "/api/transfer", apiHeaders, nil); resp.StatusCode != want {
			t.Errorf("%s, JWT: status %d %s, want %d", stage, resp.StatusCode, body, want)
		}
		if got := e.doTokenOnly("POST", "/api/transfer"); got != want {
			t.Errorf("%s, token only: status %d, want %d", stage, got, want)
		}
		if e.stytch.Requests(stytchtest.EndpointAuthenticate) == before {
			t.Errorf("%s: the token-only request did not reach Stytch", stage)
		}
	}
	check("password session", http.StatusUnauthorized)
	e.stepUpWithTOTP("/transfer")
	check("after TOTP", http.StatusOK)
	e.stytch.Advance(5*time.Minute + time.Second)
	check("past max age", http.StatusUnauthorized)
}
