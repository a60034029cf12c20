package middleware_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/middleware"
)

// Credentials the fake verifier knows. Each is a valid token or JWT shape.
const (
	goodToken    = "goodTOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	staleToken   = "staleTOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" // verifies remotely, with a fresh JWT
	goneToken    = "goneTOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	downToken    = "downTOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	slowToken    = "slowTOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" // unavailable with Retry-After 7s
	brokenToken  = "brokenTOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" // misconfigured
	weirdToken   = "weirdTOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" // an unclassified error
	goodJWT      = "eyJhbGciOiJSUzI1NiJ9.eyJnb29kIjp0cnVlfQ.c2lnbmF0dXJl"
	expiredJWT   = "eyJhbGciOiJSUzI1NiJ9.eyJleHBpcmVkIjp0cnVlfQ.c2lnbmF0dXJl"
	unknownJWT   = "eyJhbGciOiJSUzI1NiJ9.eyJ1bmtub3duIjp0cnVlfQ.c2lnbmF0dXJl"
	freshJWT     = "eyJhbGciOiJSUzI1NiJ9.eyJmcmVzaCI6dHJ1ZX0.c2lnbmF0dXJl"
	testSession  = "session-test-1"
	testUserID   = "user-test-1"
	testHost     = "app.example"
	testOrigin   = "https://app.example"
	testExpiryAt = "2030-01-02T03:04:05Z"
)

var (
	testNow    = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	testExpiry = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
)

type verifyCall struct {
	Creds     sessiongate.Credentials
	Freshness sessiongate.Freshness
}

// fakeVerifier answers from the constants above and records calls.
type fakeVerifier struct {
	mu        sync.Mutex
	calls     []verifyCall
	revokes   []sessiongate.Credentials
	revokeErr error
}

func session() *sessiongate.Session {
	return &sessiongate.Session{SessionID: testSession, UserID: testUserID, ExpiresAt: testExpiry,
		AuthenticationFactors: []sessiongate.AuthenticationFactor{}, Roles: []string{}}
}

func (f *fakeVerifier) Verify(_ context.Context, c sessiongate.Credentials, fr sessiongate.Freshness) (*sessiongate.Verification, error) {
	f.mu.Lock()
	f.calls = append(f.calls, verifyCall{c, fr})
	f.mu.Unlock()
	if d, set := fr.MaxAge(); set && d == 0 {
		return &sessiongate.Verification{Session: session(), Source: sessiongate.SourceRemote, ConfirmedAt: testNow, JWT: freshJWT}, nil
	}
	switch c.JWT {
	case goodJWT, freshJWT:
		return &sessiongate.Verification{Session: session(), Source: sessiongate.SourceLocal, ConfirmedAt: testNow.Add(-time.Minute)}, nil
	case expiredJWT:
		if c.Token == "" {
			return nil, fmt.Errorf("%w: fake", sessiongate.ErrExpired)
		}
	case unknownJWT:
		return nil, fmt.Errorf("%w: fake", sessiongate.ErrUnknownKey)
	}
	return f.byToken(c.Token)
}

func (f *fakeVerifier) byToken(tok string) (*sessiongate.Verification, error) {
	switch tok {
	case goodToken:
		return &sessiongate.Verification{Session: session(), Source: sessiongate.SourceCache, ConfirmedAt: testNow.Add(-time.Minute)}, nil
	case staleToken:
		return &sessiongate.Verification{Session: session(), Source: sessiongate.SourceRemote, ConfirmedAt: testNow, JWT: freshJWT}, nil
	case goneToken:
		return nil, fmt.Errorf("%w: fake", sessiongate.ErrSessionNotFound)
	case downToken:
		return nil, &sessiongate.UnavailableError{Err: fmt.Errorf("fake: connection refused")}
	case slowToken:
		return nil, &sessiongate.UnavailableError{RetryAfter: 6500 * time.Millisecond, Err: fmt.Errorf("fake: 429")}
	case brokenToken:
		return nil, fmt.Errorf("%w: fake: bad secret", sessiongate.ErrMisconfigured)
	case weirdToken:
		return nil, fmt.Errorf("fake: something unexpected")
	case "":
		return nil, fmt.Errorf("%w: fake", sessiongate.ErrInvalidToken)
	}
	return nil, fmt.Errorf("%w: fake", sessiongate.ErrSessionNotFound)
}

func (f *fakeVerifier) Revoke(_ context.Context, c sessiongate.Credentials) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.revokes = append(f.revokes, c)
	return f.revokeErr
}

func (f *fakeVerifier) Calls() []verifyCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]verifyCall(nil), f.calls...)
}

func newMiddleware(t testing.TB, v middleware.Verifier, opts ...middleware.Option) *middleware.Middleware {
	t.Helper()
	opts = append([]middleware.Option{middleware.WithClock(func() time.Time { return testNow })}, opts...)
	m, err := middleware.New(v, opts...)
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}
	return m
}

// okHandler answers 200 "user=<id>" or "anonymous".
var okHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if s, ok := sessiongate.FromContext(r.Context()); ok {
		fmt.Fprintf(w, "user=%s", s.UserID)
		return
	}
	fmt.Fprint(w, "anonymous")
})

func newRequest(method, target string, headers ...string) *http.Request {
	r := httptest.NewRequest(method, "https://"+testHost+target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	return r
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func mustCookieStore(t testing.TB, opts ...cookie.Option) *cookie.Store {
	t.Helper()
	s, err := cookie.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
