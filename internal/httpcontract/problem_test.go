package httpcontract

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

// TestClassify pins the problem table: one row per sentinel, as the
// middleware and stepup both answer it.
func TestClassify(t *testing.T) {
	tests := []struct {
		err       error
		status    int
		code      string
		challenge string // with realm "x"
		reason    string
	}{
		{sessiongate.ErrNoSession, 401, "login_required", `Bearer realm="x"`, "missing"},
		{sessiongate.ErrMalformedRequest, 400, "invalid_request", `Bearer realm="x", error="invalid_request"`, "malformed"},
		{sessiongate.ErrInvalidToken, 401, "invalid_token", `Bearer realm="x", error="invalid_token"`, "invalid"},
		{sessiongate.ErrExpired, 401, "invalid_token", `Bearer realm="x", error="invalid_token"`, "expired"},
		{sessiongate.ErrTooOld, 401, "invalid_token", `Bearer realm="x", error="invalid_token"`, "too_old"},
		{sessiongate.ErrUnknownKey, 401, "invalid_token", `Bearer realm="x", error="invalid_token"`, "unknown_kid"},
		{fmt.Errorf("v: %w", sessiongate.ErrSessionNotFound), 401, "invalid_token", `Bearer realm="x", error="invalid_token"`, "revoked"},
		{sessiongate.ErrStepUpRequired, 401, "insufficient_user_authentication", `Bearer realm="x", error="insufficient_user_authentication"`, "step_up"},
		{fmt.Errorf("rbac: %w", sessiongate.ErrPermissionDenied), 403, "insufficient_scope", `Bearer realm="x", error="insufficient_scope"`, "permission_denied"},
		{ErrCrossOrigin, 403, "cross_origin_request", "", "cross_origin"},
		{&sessiongate.UnavailableError{Err: sessiongate.ErrSessionNotFound}, 503, "temporarily_unavailable", "", "unavailable"},
		{fmt.Errorf("%w: bad secret", sessiongate.ErrMisconfigured), 500, "server_error", "", "misconfigured"},
		{errors.New("secret detail"), 500, "server_error", "", "internal"},
		{nil, 500, "server_error", "", "internal"},
	}
	c := Contract{Realm: "x", RetryAfter: time.Second}
	for _, tc := range tests {
		p := Classify(tc.err)
		challenge := ""
		if p.Challenge {
			challenge = c.Challenge(p)
		}
		if p.Status != tc.status || p.Code != tc.code || challenge != tc.challenge || p.Reason != tc.reason || p.Description == "" {
			t.Errorf("Classify(%v) = %d %q %q %q %q, want %d %q %q %q", tc.err, p.Status, p.Code, challenge, p.Reason, p.Description,
				tc.status, tc.code, tc.challenge, tc.reason)
		}
	}
}

func TestRetryAfterValue(t *testing.T) {
	c := Contract{Realm: "app", RetryAfter: 2500 * time.Millisecond}
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "3"}, {-time.Second, "3"}, {time.Second, "1"}, {1001 * time.Millisecond, "2"},
		{time.Nanosecond, "1"}, {1<<63 - 1, "9223372037"},
	}
	for _, tc := range tests {
		if got := c.RetryAfterValue(tc.d); got != tc.want {
			t.Errorf("RetryAfterValue(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestWriteError(t *testing.T) {
	c := Contract{Realm: "x", RetryAfter: 5 * time.Second}
	tests := []struct {
		method, auth, retry, body string
		err                       error
	}{
		{"GET", `Bearer realm="x", error="invalid_token"`, "", `{"error":"invalid_token","error_description":"the session has ended"}` + "\n", sessiongate.ErrSessionNotFound},
		{"HEAD", `Bearer realm="x"`, "", "", sessiongate.ErrNoSession},
		{"GET", "", "7", `{"error":"temporarily_unavailable","error_description":"the session service is unavailable; retry later"}` + "\n",
			&sessiongate.UnavailableError{RetryAfter: 6100 * time.Millisecond}},
		{"GET", "", "5", `{"error":"temporarily_unavailable","error_description":"the session service is unavailable; retry later"}` + "\n", sessiongate.ErrUnavailable},
	}
	for _, tc := range tests {
		w := httptest.NewRecorder()
		c.WriteError(w, httptest.NewRequest(tc.method, "/", nil), tc.err)
		h := w.Header()
		if h.Get("WWW-Authenticate") != tc.auth || h.Get("Retry-After") != tc.retry || w.Body.String() != tc.body {
			t.Errorf("%v: WWW-Authenticate %q, Retry-After %q, body %q; want %q, %q, %q", tc.err,
				h.Get("WWW-Authenticate"), h.Get("Retry-After"), w.Body, tc.auth, tc.retry, tc.body)
		}
		if h.Get("Cache-Control") != "no-store" || h.Get("Content-Type") != "application/json" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%v: headers %v, want no-store, JSON and nosniff", tc.err, h)
		}
	}
}

// TestWriteProblemExtraFields checks the writer RBAC uses: a body that
// embeds Body and adds fields.
func TestWriteProblemExtraFields(t *testing.T) {
	type scopeBody struct {
		Body
		Resource string `json:"resource"`
		Action   string `json:"action"`
	}
	p := Classify(fmt.Errorf("rbac: %w", sessiongate.ErrPermissionDenied))
	w := httptest.NewRecorder()
	Contract{Realm: "api"}.WriteProblem(w, httptest.NewRequest("POST", "/", nil), p, scopeBody{p.Body(), "documents", "delete"})
	want := `{"error":"insufficient_scope","error_description":"the session is not allowed to do this","resource":"documents","action":"delete"}` + "\n"
	if w.Code != 403 || w.Body.String() != want || w.Header().Get("WWW-Authenticate") != `Bearer realm="api", error="insufficient_scope"` {
		t.Errorf("got %d %q %q, want 403 %q and the insufficient_scope challenge", w.Code, w.Body, w.Header().Get("WWW-Authenticate"), want)
	}
}

func TestWriteProblemUnencodableBody(t *testing.T) {
	w := httptest.NewRecorder()
	p := Classify(sessiongate.ErrNoSession)
	Default().WriteProblem(w, httptest.NewRequest("GET", "/", nil), p, map[string]any{"f": func() {}})
	if w.Code != 500 || w.Header().Get("WWW-Authenticate") != "" || !strings.Contains(w.Body.String(), `"server_error"`) {
		t.Errorf("got %d %q %q, want a bare 500 server_error", w.Code, w.Header().Get("WWW-Authenticate"), w.Body)
	}
}
