package stepup_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stepup"
)

func TestWriteError(t *testing.T) {
	cases := []struct {
		err        error
		wantStatus int
		wantCode   string
		wantAuth   string
		wantRetry  string
	}{
		{sessiongate.ErrNoSession, 401, "login_required", `Bearer realm="app"`, ""},
		{fmt.Errorf("x: %w", sessiongate.ErrSessionNotFound), 401, "invalid_token", `Bearer realm="app", error="invalid_token"`, ""},
		{sessiongate.ErrExpired, 401, "invalid_token", `Bearer realm="app", error="invalid_token"`, ""},
		{sessiongate.ErrTooOld, 401, "invalid_token", `Bearer realm="app", error="invalid_token"`, ""},
		{sessiongate.ErrUnknownKey, 401, "invalid_token", `Bearer realm="app", error="invalid_token"`, ""},
		{sessiongate.ErrInvalidToken, 401, "invalid_token", `Bearer realm="app", error="invalid_token"`, ""},
		{sessiongate.ErrMalformedRequest, 400, "invalid_request", `Bearer realm="app", error="invalid_request"`, ""},
		{sessiongate.ErrUnavailable, 503, "temporarily_unavailable", "", "5"},
		{&sessiongate.UnavailableError{RetryAfter: 1100 * time.Millisecond}, 503, "temporarily_unavailable", "", "2"},
		{fmt.Errorf("rbac: %w", sessiongate.ErrPermissionDenied), 403, "insufficient_scope", `Bearer realm="app", error="insufficient_scope"`, ""},
		{sessiongate.ErrStepUpRequired, 401, "insufficient_user_authentication", `Bearer realm="app", error="insufficient_user_authentication"`, ""},
		{middleware.ErrCrossOrigin, 403, "cross_origin_request", "", ""},
		{sessiongate.ErrMisconfigured, 500, "server_error", "", ""},
		{errors.New("secret-token-abc leaked?"), 500, "server_error", "", ""},
		{&stepup.RequiredError{Factors: []ft{totp}, Missing: [][]ft{{totp}}, Description: "d"}, 401, "insufficient_user_authentication",
			`Bearer error="insufficient_user_authentication", error_description="d", acr_values="stytch:totp"`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.err.Error(), func(t *testing.T) {
			rec := httptest.NewRecorder()
			stepup.WriteError(rec, httptest.NewRequest("GET", "/", nil), tc.err)
			var body struct{ Error, ErrorDescription string }
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("body %q: %v", rec.Body, err)
			}
			if rec.Code != tc.wantStatus || body.Error != tc.wantCode {
				t.Errorf("status, error = %d, %q, want %d, %q", rec.Code, body.Error, tc.wantStatus, tc.wantCode)
			}
			if got := rec.Header().Get("WWW-Authenticate"); got != tc.wantAuth {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tc.wantAuth)
			}
			if got := rec.Header().Get("Retry-After"); got != tc.wantRetry {
				t.Errorf("Retry-After = %q, want %q", got, tc.wantRetry)
			}
			if rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", rec.Header().Get("Cache-Control"))
			}
			if strings.Contains(rec.Body.String(), tc.err.Error()) {
				t.Errorf("body %q echoes the error text", rec.Body)
			}
		})
	}
}

func TestWriteChallengeSanitizesDescription(t *testing.T) {
	rec := httptest.NewRecorder()
	stepup.WriteChallenge(rec, &stepup.RequiredError{Description: "a \"quoted\" \\ line\nbreak é"})
	got := rec.Header().Get("WWW-Authenticate")
	want := `Bearer error="insufficient_user_authentication", error_description="a  quoted    line break   "` // é is two bytes
	if got != want {
		t.Errorf("WWW-Authenticate = %q, want %q", got, want)
	}
}

// TestWriteErrorHead checks that a HEAD request gets the headers of the
// answer without a body, for errors and challenges alike.
func TestWriteErrorHead(t *testing.T) {
	for _, err := range []error{sessiongate.ErrNoSession, &stepup.RequiredError{Factors: []ft{totp}, Missing: [][]ft{{totp}}, Description: "d"}} {
		p := mustNew(t, stepup.AnyOf(totp), stepup.WithClock(clock), stepup.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, _ error) {
			stepup.WriteError(w, r, err)
		}))
		rec, _ := serve(p, httptest.NewRequest("HEAD", "/transfer", nil))
		if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") == "" || rec.Body.Len() != 0 {
			t.Errorf("%v: HEAD got %d, WWW-Authenticate %q, body %q; want 401 with a challenge and no body", err, rec.Code, rec.Header().Get("WWW-Authenticate"), rec.Body)
		}
	}
	rec, _ := serve(mustNew(t, stepup.AnyOf(totp), stepup.WithClock(clock)), authed(httptest.NewRequest("HEAD", "/transfer", nil), localVerification(session(), t0), nil))
	if rec.Code != 401 || rec.Body.Len() != 0 {
		t.Errorf("challenge to HEAD: got %d, body %q; want 401 without a body", rec.Code, rec.Body)
	}
}
