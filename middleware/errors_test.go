package middleware_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/middleware"
)

func TestWriteErrorClasses(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		status     int
		challenge  string
		retryAfter string
		code       string
	}{
		{"no session", sessiongate.ErrNoSession, 401, `Bearer realm="app"`, "", "login_required"},
		{"unreadable", cookie.ErrUnreadable, 401, `Bearer realm="app"`, "", "login_required"},
		{"malformed", sessiongate.ErrMalformedRequest, 400, `Bearer realm="app", error="invalid_request"`, "", "invalid_request"},
		{"invalid", sessiongate.ErrInvalidToken, 401, `Bearer realm="app", error="invalid_token"`, "", "invalid_token"},
		{"too old", sessiongate.ErrTooOld, 401, `Bearer realm="app", error="invalid_token"`, "", "invalid_token"},
		{"step-up", sessiongate.ErrStepUpRequired, 401, `Bearer realm="app", error="insufficient_user_authentication"`, "", "insufficient_user_authentication"},
		{"cross-origin", middleware.ErrCrossOrigin, 403, "", "", "cross_origin_request"},
		{"permission denied", fmt.Errorf("rbac: %w", sessiongate.ErrPermissionDenied), 403, `Bearer realm="app", error="insufficient_scope"`, "", "insufficient_scope"},
		{"unavailable wraps a cause", &sessiongate.UnavailableError{RetryAfter: 1500 * time.Millisecond, Err: sessiongate.ErrSessionNotFound}, 503, "", "2", "temporarily_unavailable"},
		{"misconfigured", fmt.Errorf("x: %w", sessiongate.ErrMisconfigured), 500, "", "", "server_error"},
		{"unknown", errors.New("secret detail"), 500, "", "", "server_error"},
	}
	m := newMiddleware(t, &fakeVerifier{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { m.WriteError(w, r, tc.err) }), newRequest("GET", "/"))
			if w.Code != tc.status || w.Header().Get("WWW-Authenticate") != tc.challenge || w.Header().Get("Retry-After") != tc.retryAfter {
				t.Errorf("got %d, WWW-Authenticate %q, Retry-After %q; want %d, %q, %q", w.Code,
					w.Header().Get("WWW-Authenticate"), w.Header().Get("Retry-After"), tc.status, tc.challenge, tc.retryAfter)
			}
			if !strings.HasPrefix(w.Body.String(), `{"error":"`+tc.code+`",`) || strings.Contains(w.Body.String(), "detail") {
				t.Errorf("body = %s, want error %q and no detail", w.Body, tc.code)
			}
		})
	}
}

func TestCustomErrorHandler(t *testing.T) {
	var got error
	m := newMiddleware(t, &fakeVerifier{}, middleware.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, err error) {
		got = err
		w.WriteHeader(http.StatusTeapot)
	}))
	w := serve(m.RequireSession(okHandler), newRequest("GET", "/", "Cookie", "stytch_session="+goneToken))
	if w.Code != http.StatusTeapot || !errors.Is(got, sessiongate.ErrSessionNotFound) {
		t.Fatalf("status %d, err %v; want 418 and ErrSessionNotFound", w.Code, got)
	}
	if len(setCookieNamed(w.Header(), "stytch_session")) != 1 || w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("Vary") != "Cookie" {
		t.Errorf("headers = %v; want cleared cookies, no-store and Vary before the custom handler", w.Header())
	}
}
