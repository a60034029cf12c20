package middleware_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
)

func TestLogout(t *testing.T) {
	tests := []struct {
		name        string
		headers     []string
		revokeErr   error
		opts        []middleware.Option
		wantStatus  int
		wantBody    string
		wantRevokes int
		wantCleared bool
	}{
		{"cookie session", []string{"Cookie", "stytch_session=" + goodToken}, nil, nil, 200, `{"revoked":true,"cleared":true}`, 1, true},
		{"already gone", []string{"Cookie", "stytch_session=" + goodToken}, fmt.Errorf("%w: gone", sessiongate.ErrSessionNotFound), nil, 200, `{"revoked":true,"cleared":true}`, 1, true},
		{"no session", nil, nil, nil, 200, `{"revoked":false,"cleared":true}`, 0, true},
		{"invalid cookie", []string{"Cookie", "stytch_session=a.b"}, nil, nil, 200, `{"revoked":false,"cleared":true}`, 0, true},
		{"stytch down", []string{"Cookie", "stytch_session=" + goodToken}, &sessiongate.UnavailableError{Err: errors.New("refused")}, nil, 503,
			`{"error":"temporarily_unavailable","error_description":"the session could not be revoked; cookies were cleared","revoked":false,"cleared":true}`, 1, true},
		{"bearer client", []string{"Authorization", "Bearer " + goodJWT}, nil, []middleware.Option{middleware.WithoutCookies()}, 200, `{"revoked":true,"cleared":false}`, 1, false},
		{"cross-site refused", []string{"Cookie", "stytch_session=" + goodToken, "Sec-Fetch-Site", "cross-site"}, nil, nil, 403,
			`{"error":"cross_origin_request","error_description":"cross-origin request refused"}`, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fv := &fakeVerifier{revokeErr: tc.revokeErr}
			w := serve(http.HandlerFunc(newMiddleware(t, fv, tc.opts...).Logout), newRequest("POST", "/logout", tc.headers...))
			if w.Code != tc.wantStatus || strings.TrimSpace(w.Body.String()) != tc.wantBody {
				t.Fatalf("got %d %s, want %d %s", w.Code, w.Body, tc.wantStatus, tc.wantBody)
			}
			if len(fv.revokes) != tc.wantRevokes {
				t.Errorf("%d revokes, want %d", len(fv.revokes), tc.wantRevokes)
			}
			cleared := len(setCookieNamed(w.Header(), "stytch_session")) == 1 && len(setCookieNamed(w.Header(), "stytch_session_jwt")) == 1
			if cleared != tc.wantCleared {
				t.Errorf("cleared = %v (%q), want %v", cleared, w.Header().Values("Set-Cookie"), tc.wantCleared)
			}
			if w.Header().Get("Cache-Control") != "no-store" {
				t.Error("Cache-Control is not no-store")
			}
			if tc.wantStatus == 503 && w.Header().Get("Retry-After") != "5" {
				t.Errorf("Retry-After = %q, want 5", w.Header().Get("Retry-After"))
			}
		})
	}
}

// TestLogoutClearSiteData: with WithClearSiteData, Logout sends the
// header whenever it clears the cookies (also when Stytch is down), never
// on a refused cross-origin request, and not at all without the option.
func TestLogoutClearSiteData(t *testing.T) {
	const want = `"cache", "storage"`
	tests := []struct {
		name      string
		opts      []middleware.Option
		revokeErr error
		headers   []string
		want      string
	}{
		{"revoked", []middleware.Option{middleware.WithClearSiteData("cache", "storage")}, nil, nil, want},
		{"stytch down", []middleware.Option{middleware.WithClearSiteData("cache", "storage")}, &sessiongate.UnavailableError{Err: errors.New("refused")}, nil, want},
		{"cross-site refused", []middleware.Option{middleware.WithClearSiteData("cache", "storage")}, nil, []string{"Sec-Fetch-Site", "cross-site"}, ""},
		{"option not given", nil, nil, nil, ""},
		{"wildcard", []middleware.Option{middleware.WithClearSiteData("*")}, nil, nil, `"*"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fv := &fakeVerifier{revokeErr: tc.revokeErr}
			headers := append([]string{"Cookie", "stytch_session=" + goodToken}, tc.headers...)
			w := serve(http.HandlerFunc(newMiddleware(t, fv, tc.opts...).Logout), newRequest("POST", "/logout", headers...))
			if got := w.Header().Get("Clear-Site-Data"); got != tc.want {
				t.Errorf("Clear-Site-Data = %q, want %q (status %d)", got, tc.want, w.Code)
			}
		})
	}
	// Other responses never carry it.
	m := newMiddleware(t, &fakeVerifier{}, middleware.WithClearSiteData("cache"))
	w := serve(m.RequireSession(okHandler), newRequest("GET", "/", "Cookie", "stytch_session="+goodToken))
	if w.Code != http.StatusOK || w.Header().Get("Clear-Site-Data") != "" {
		t.Errorf("protected route: status %d, Clear-Site-Data %q; want 200 and none", w.Code, w.Header().Get("Clear-Site-Data"))
	}
}

func TestLogoutRedirect(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{}, middleware.WithLogoutRedirect("/"))
	w := serve(http.HandlerFunc(m.Logout), newRequest("POST", "/logout", "Cookie", "stytch_session="+goodToken, "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", "same-origin"))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" || len(w.Header().Values("Set-Cookie")) != 2 {
		t.Errorf("got %d to %q with %d cookies, want 303 to / clearing 2", w.Code, w.Header().Get("Location"), len(w.Header().Values("Set-Cookie")))
	}
}

func TestLogoutWithoutRevoker(t *testing.T) {
	m := newMiddleware(t, verifierFunc(func(_ context.Context, c sessiongate.Credentials, f sessiongate.Freshness) (*sessiongate.Verification, error) {
		return nil, sessiongate.ErrInvalidToken
	}))
	w := serve(http.HandlerFunc(m.Logout), newRequest("POST", "/logout", "Cookie", "stytch_session="+goodToken))
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{"revoked":false,"cleared":true}` {
		t.Errorf("got %d %s", w.Code, w.Body)
	}
}

func TestSessionHandler(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	w := serve(m.SessionHandler(), newRequest("GET", "/api/session", "Cookie", "stytch_session="+goodToken))
	var body map[string]map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != 200 {
		t.Fatalf("got %d %s (%v)", w.Code, w.Body, err)
	}
	s := body["session"]
	if s["session_id"] != testSession || s["user_id"] != testUserID || s["expires_at"] != testExpiryAt {
		t.Errorf("session = %v", s)
	}
	if bytes.Contains(w.Body.Bytes(), []byte(goodToken)) || w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("body echoes the token or is cacheable")
	}
	if w := serve(m.SessionHandler(), newRequest("GET", "/api/session")); w.Code != 401 {
		t.Errorf("without session: status %d, want 401", w.Code)
	}
}

// TestSessionHandlerUnencodableSession: a session no JSON can hold (a
// custom claim set by a custom Verifier to +Inf) is answered through the
// contract: a 500 JSON server_error, not cacheable, no detail.
func TestSessionHandlerUnencodableSession(t *testing.T) {
	v := verifierFunc(func(context.Context, sessiongate.Credentials, sessiongate.Freshness) (*sessiongate.Verification, error) {
		s := session()
		s.CustomClaims = map[string]any{"score": math.Inf(1)}
		return &sessiongate.Verification{Session: s, Source: sessiongate.SourceLocal}, nil
	})
	m := newMiddleware(t, v)
	w := serve(m.SessionHandler(), newRequest("GET", "/api/session", "Cookie", "stytch_session="+goodToken))
	var body map[string]string
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != 500 || body["error"] != "server_error" {
		t.Fatalf("got %d %s (%v), want 500 server_error", w.Code, w.Body, err)
	}
	h := w.Header()
	if h.Get("Content-Type") != "application/json" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v, want JSON, nosniff, no-store", h)
	}
}

type eventLog struct {
	mu     sync.Mutex
	events []middleware.Event
}

func (l *eventLog) Observe(e middleware.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func TestObserverEvents(t *testing.T) {
	tests := []struct {
		name    string
		ctor    func(*middleware.Middleware) http.Handler
		headers []string
		want    middleware.Event
	}{
		{"allowed", func(m *middleware.Middleware) http.Handler { return m.RequireSession(okHandler) }, []string{"Cookie", "stytch_session=" + goodToken},
			middleware.Event{Outcome: middleware.OutcomeAllowed, Reason: middleware.ReasonOK, Credential: middleware.CredentialCookie, Source: sessiongate.SourceCache, Latency: time.Millisecond}},
		{"refreshed", func(m *middleware.Middleware) http.Handler { return m.RequireSession(okHandler) }, []string{"Authorization", "Bearer " + staleToken},
			middleware.Event{Outcome: middleware.OutcomeAllowed, Reason: middleware.ReasonOK, Credential: middleware.CredentialHeader, Source: sessiongate.SourceRemote, Latency: time.Millisecond, Refreshed: true}},
		{"missing", func(m *middleware.Middleware) http.Handler { return m.RequireSession(okHandler) }, nil,
			middleware.Event{Outcome: middleware.OutcomeDenied, Reason: middleware.ReasonMissing, Credential: middleware.CredentialNone, Status: 401, Latency: time.Millisecond}},
		{"revoked", func(m *middleware.Middleware) http.Handler { return m.RequireSession(okHandler) }, []string{"Cookie", "stytch_session=" + goneToken},
			middleware.Event{Outcome: middleware.OutcomeDenied, Reason: middleware.ReasonRevoked, Credential: middleware.CredentialCookie, Status: 401, Latency: time.Millisecond, CookiesCleared: true}},
		{"unavailable", func(m *middleware.Middleware) http.Handler { return m.LoadSession(okHandler) }, []string{"Cookie", "stytch_session=" + downToken},
			middleware.Event{Outcome: middleware.OutcomeFailed, Reason: middleware.ReasonUnavailable, Credential: middleware.CredentialCookie, Status: 503, Latency: time.Millisecond}},
		{"anonymous", func(m *middleware.Middleware) http.Handler { return m.LoadSession(okHandler) }, []string{"Cookie", "stytch_session=a.b"},
			middleware.Event{Outcome: middleware.OutcomeAnonymous, Reason: middleware.ReasonInvalid, Credential: middleware.CredentialCookie, Latency: time.Millisecond, CookiesCleared: true}},
		{"logout", func(m *middleware.Middleware) http.Handler { return http.HandlerFunc(m.Logout) }, []string{"Cookie", "stytch_session=" + goodToken},
			middleware.Event{Outcome: middleware.OutcomeLoggedOut, Reason: middleware.ReasonOK, Credential: middleware.CredentialCookie, Status: 200, Latency: time.Millisecond, CookiesCleared: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			log := &eventLog{}
			now := testNow
			clock := func() time.Time { now = now.Add(time.Millisecond); return now }
			m := newMiddleware(t, &fakeVerifier{}, middleware.WithObserver(log.Observe), middleware.WithClock(clock))
			serve(tc.ctor(m), newRequest("GET", "/", tc.headers...))
			if len(log.events) != 1 || log.events[0] != tc.want {
				t.Errorf("events = %+v, want [%+v]", log.events, tc.want)
			}
		})
	}
}

func TestSlogObserverNeverLogsCredentials(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	m := newMiddleware(t, &fakeVerifier{}, middleware.WithObserver(middleware.SlogObserver(logger)))
	creds := []string{goodToken, staleToken, goneToken, downToken, goodJWT, expiredJWT}
	for _, c := range creds {
		serve(m.RequireSession(okHandler), newRequest("GET", "/", "Cookie", "stytch_session_jwt="+c))
		serve(m.RequireSession(okHandler), newRequest("GET", "/", "Cookie", "stytch_session="+c))
		serve(m.LoadSession(okHandler), newRequest("GET", "/", "Authorization", "Bearer "+c))
		serve(http.HandlerFunc(m.Logout), newRequest("POST", "/logout", "Authorization", "Bearer "+c))
	}
	out := buf.String()
	if n := strings.Count(out, "\n"); n != 4*len(creds) {
		t.Fatalf("%d log lines, want %d", n, 4*len(creds))
	}
	for _, secret := range append(creds, freshJWT, testSession) {
		if strings.Contains(out, secret) {
			t.Errorf("log output contains a credential or session ID")
		}
	}
	for _, want := range []string{`"outcome":"allowed"`, `"reason":"revoked"`, `"level":"WARN"`, `"refreshed":true`} {
		if !strings.Contains(out, want) {
			t.Errorf("log output lacks %s", want)
		}
	}
}
