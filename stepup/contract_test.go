package stepup_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stepup"
)

// contractVerifier is a session middleware verifier: each token fails its
// first verification with first, or verifies a password-only session
// whose re-verification (a Rechecker call) fails with recheck.
type contractVerifier map[string]struct{ first, recheck error }

func (v contractVerifier) Verify(_ context.Context, c sessiongate.Credentials, f sessiongate.Freshness) (*sessiongate.Verification, error) {
	errs, ok := v[c.Token]
	if !ok {
		return nil, fmt.Errorf("%w: unknown test token", sessiongate.ErrSessionNotFound)
	}
	if d, set := f.MaxAge(); set && d == 0 {
		if errs.recheck != nil {
			return nil, errs.recheck
		}
		return &sessiongate.Verification{Session: session(fac(password, "1", t0)), Source: sessiongate.SourceRemote, ConfirmedAt: t0}, nil
	}
	if errs.first != nil {
		return nil, errs.first
	}
	return localVerification(session(fac(password, "1", t0)), t0), nil
}

// contractTokens maps a test token to the error class it stands for.
var contractTokens = map[string]error{
	"goneTOKEN":      fmt.Errorf("fake: %w", sessiongate.ErrSessionNotFound),
	"expiredTOKEN":   fmt.Errorf("fake: %w", sessiongate.ErrExpired),
	"malformedTOKEN": fmt.Errorf("fake: %w", sessiongate.ErrMalformedRequest),
	"deniedTOKEN":    fmt.Errorf("rbac: %w", sessiongate.ErrPermissionDenied),
	"downTOKEN":      &sessiongate.UnavailableError{Err: errors.New("upstream 502")},
	"slowTOKEN":      &sessiongate.UnavailableError{RetryAfter: 2500 * time.Millisecond},
	"brokenTOKEN":    fmt.Errorf("%w: bad secret", sessiongate.ErrMisconfigured),
	"weirdTOKEN":     errors.New("verifier bug"),
}

// newContractVerifier returns a verifier where "first-<token>" fails the
// first verification and "recheck-<token>" fails the recheck with the
// token's error, and "okTOKEN" always verifies.
func newContractVerifier() contractVerifier {
	v := contractVerifier{"okTOKEN": {}}
	for tok, err := range contractTokens {
		v["first-"+tok] = struct{ first, recheck error }{first: err}
		v["recheck-"+tok] = struct{ first, recheck error }{recheck: err}
	}
	return v
}

// answer is what the contract pins of a response.
type answer struct {
	status                       int
	challenge, code, retry, path string
}

func answerOf(t *testing.T, rec *httptest.ResponseRecorder) answer {
	t.Helper()
	a := answer{status: rec.Code, challenge: rec.Header().Get("WWW-Authenticate"), retry: rec.Header().Get("Retry-After")}
	if loc := rec.Header().Get("Location"); loc != "" {
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatalf("Location %q: %v", loc, err)
		}
		a.path = u.Path
		return a
	}
	var body struct{ Error string }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
	a.code = body.Error
	return a
}

func newContractMiddleware(t *testing.T, opts ...middleware.Option) *middleware.Middleware {
	t.Helper()
	m, err := middleware.New(newContractVerifier(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func serveHandler(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// TestContractErrorsMatchMiddleware checks that an error class gets the
// same answer (status, WWW-Authenticate with the middleware's realm,
// Retry-After, error code) from the session middleware, when its verifier
// fails, and from a step-up policy behind it, when the middleware's
// Rechecker fails: stepup picks up the realm and Retry-After without
// wiring.
func TestContractErrorsMatchMiddleware(t *testing.T) {
	configs := []struct {
		name         string
		opts         []middleware.Option
		realm, retry string
	}{
		{"defaults", nil, "app", "5"},
		{"custom realm", []middleware.Option{middleware.WithRealm("x"), middleware.WithRetryAfter(9 * time.Second)}, "x", "9"},
	}
	rows := []struct {
		token string
		want  answer // challenge holds the error part after the realm
	}{
		{"goneTOKEN", answer{status: 401, challenge: `, error="invalid_token"`, code: "invalid_token"}},
		{"expiredTOKEN", answer{status: 401, challenge: `, error="invalid_token"`, code: "invalid_token"}},
		{"malformedTOKEN", answer{status: 400, challenge: `, error="invalid_request"`, code: "invalid_request"}},
		{"deniedTOKEN", answer{status: 403, challenge: `, error="insufficient_scope"`, code: "insufficient_scope"}},
		{"downTOKEN", answer{status: 503, code: "temporarily_unavailable", retry: "default"}},
		{"slowTOKEN", answer{status: 503, code: "temporarily_unavailable", retry: "3"}},
		{"brokenTOKEN", answer{status: 500, code: "server_error"}},
		{"weirdTOKEN", answer{status: 500, code: "server_error"}},
	}
	policy := mustNew(t, stepup.AnyOf(password), stepup.ConfirmedWithin(0), stepup.WithClock(clock))
	for _, cfg := range configs {
		m := newContractMiddleware(t, cfg.opts...)
		for _, row := range rows {
			t.Run(cfg.name+"/"+row.token, func(t *testing.T) {
				want := row.want
				if want.challenge != "" {
					want.challenge = `Bearer realm="` + cfg.realm + `"` + want.challenge
				}
				if want.retry == "default" {
					want.retry = cfg.retry
				}
				ok := &okHandler{}
				mw := answerOf(t, serveHandler(m.RequireSession(ok), bearerRequest("first-"+row.token)))
				su := answerOf(t, serveHandler(m.RequireSession(policy.Require(ok)), bearerRequest("recheck-"+row.token)))
				if ok.called {
					t.Fatal("handler ran")
				}
				if mw != want || su != want {
					t.Errorf("middleware answered %+v, stepup %+v; want both %+v", mw, su, want)
				}
			})
		}
	}
}

func bearerRequest(token string) *http.Request {
	r := httptest.NewRequest("GET", "/account", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}

// TestContractNoSession checks that a request without a session gets the
// same 401 from the middleware and from a policy used without it.
func TestContractNoSession(t *testing.T) {
	want := answer{status: 401, challenge: `Bearer realm="app"`, code: "login_required"}
	ok := &okHandler{}
	mw := answerOf(t, serveHandler(newContractMiddleware(t).RequireSession(ok), httptest.NewRequest("GET", "/account", nil)))
	su := answerOf(t, serveHandler(mustNew(t, stepup.AnyOf(totp)).Require(ok), httptest.NewRequest("GET", "/account", nil)))
	if mw != want || su != want || ok.called {
		t.Errorf("middleware answered %+v, stepup %+v; want both %+v", mw, su, want)
	}
}

// TestContractNavigation checks that the middleware (no valid session,
// login page set) and a policy behind it (missing factor, step-up page
// set) agree on which requests are browser navigations (303 to their page)
// and which are API calls (401).
func TestContractNavigation(t *testing.T) {
	tests := []struct {
		name    string
		headers []string // a Bearer header gets a bad token (middleware) or a good one (stepup)
		nav     bool
	}{
		{"browser accept", []string{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, true},
		{"json preferred to html", []string{"Accept", "application/json, text/html;q=0.5"}, false},
		{"sec-fetch navigate", []string{"Sec-Fetch-Mode", "navigate"}, true},
		{"sec-fetch cors with accept html", []string{"Sec-Fetch-Mode", "cors", "Accept", "text/html"}, false},
		{"bearer with accept html", []string{"Authorization", "Bearer", "Accept", "text/html"}, false},
		{"bearer with sec-fetch navigate", []string{"Authorization", "Bearer", "Sec-Fetch-Mode", "navigate"}, false},
	}
	m := newContractMiddleware(t, middleware.WithLoginURL("/login"), middleware.WithRealm("x"))
	p := mustNew(t, stepup.AnyOf(totp), stepup.WithStepUpURL("/stepup"), stepup.WithClock(clock))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok := &okHandler{}
			mw := answerOf(t, serveHandler(m.RequireSession(ok), contractRequest(tc.headers, "first-goneTOKEN")))
			rec := serveHandler(m.RequireSession(p.Require(ok)), contractRequest(tc.headers, "okTOKEN"))
			su := answerOf(t, rec)
			if ok.called {
				t.Fatal("handler ran")
			}
			if vary := rec.Header().Values("Vary"); len(vary) != 1 || vary[0] != "Cookie" {
				t.Errorf("stepup behind the middleware: Vary = %q, want Cookie once", vary)
			}
			mwNav, suNav := mw.status == http.StatusSeeOther && mw.path == "/login", su.status == http.StatusSeeOther && su.path == "/stepup"
			if mwNav != tc.nav || suNav != tc.nav {
				t.Fatalf("middleware answered %+v, stepup %+v; want navigation %v from both", mw, su, tc.nav)
			}
			if !tc.nav && (mw.status != 401 || !strings.HasPrefix(mw.challenge, `Bearer realm="x"`) ||
				su.status != 401 || su.code != "insufficient_user_authentication") {
				t.Errorf("middleware answered %+v, stepup %+v; want 401s", mw, su)
			}
		})
	}
}

// contractRequest builds a GET with headers; a bare "Bearer" value gets
// token, and without one the token is sent as the session cookie.
func contractRequest(headers []string, token string) *http.Request {
	r := httptest.NewRequest("GET", "/account?tab=1", nil)
	bearer := false
	for i := 0; i < len(headers); i += 2 {
		v := headers[i+1]
		if headers[i] == "Authorization" && v == "Bearer" {
			v, bearer = "Bearer "+token, true
		}
		r.Header.Add(headers[i], v)
	}
	if !bearer && token == "okTOKEN" {
		r.AddCookie(&http.Cookie{Name: "stytch_session", Value: token})
	}
	return r
}

// TestContractReturnPaths checks that both packages refuse the return
// paths the middleware once accepted and stepup refused.
func TestContractReturnPaths(t *testing.T) {
	for _, path := range []string{"/a b", "/caf\xc3\xa9", "/a\x80", "/a#frag", "/a\tb", "//evil.example", "/\\evil.example"} {
		if got, ok := middleware.SafeReturnTo(path); ok || got != "" {
			t.Errorf("middleware.SafeReturnTo(%q) = %q, %v, want refused", path, got, ok)
		}
		r := httptest.NewRequest("GET", "/stepup?"+url.Values{"return_to": {path}}.Encode(), nil)
		if got := stepup.ReturnTo(r); got != "/" {
			t.Errorf("stepup.ReturnTo(%q) = %q, want /", path, got)
		}
		if _, err := stepup.New(stepup.AnyOf(totp), stepup.WithReturnPath(path)); err == nil {
			t.Errorf("stepup.WithReturnPath(%q) accepted", path)
		}
	}
	if got, ok := middleware.SafeReturnTo("/a?b=%20c"); !ok || got != "/a?b=%20c" {
		t.Errorf("SafeReturnTo(/a?b=%%20c) = %q, %v, want accepted", got, ok)
	}
}
