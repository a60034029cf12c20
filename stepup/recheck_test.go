package stepup_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
)

func TestRequireRecheck(t *testing.T) {
	withTOTP := session(fac(totp, "1", ago(time.Minute)))
	withoutTOTP := session(fac(password, "1", ago(time.Minute)))
	remote := func(s *sessiongate.Session) *sessiongate.Verification {
		return &sessiongate.Verification{Session: s, Source: sessiongate.SourceRemote, ConfirmedAt: t0}
	}
	unavailable := &sessiongate.UnavailableError{RetryAfter: 6500 * time.Millisecond, Err: errors.New("upstream 503")}
	cases := []struct {
		name       string
		confirm    time.Duration
		v          *sessiongate.Verification
		rc         *fakeRechecker // nil: no Rechecker in the context
		wantCalls  int
		wantStatus int
		golden     string
	}{
		{"already remote on this request", 0, remote(withTOTP), &fakeRechecker{}, 0, http.StatusNoContent, ""},
		{"local, recheck succeeds", 0, localVerification(withTOTP, t0), &fakeRechecker{v: remote(withTOTP)}, 1, http.StatusNoContent, ""},
		{"recheck finds fresh factor", 0, localVerification(withoutTOTP, t0), &fakeRechecker{v: remote(withTOTP)}, 1, http.StatusNoContent, ""},
		{"recheck loses factor", 0, localVerification(withTOTP, t0), &fakeRechecker{v: remote(withoutTOTP)}, 1, http.StatusUnauthorized, ""},
		{"session revoked", 0, localVerification(withTOTP, t0), &fakeRechecker{err: sessiongate.ErrSessionNotFound}, 1, http.StatusUnauthorized, "recheck_not_found"},
		{"stytch unavailable", 0, localVerification(withTOTP, t0), &fakeRechecker{err: unavailable}, 1, http.StatusServiceUnavailable, "recheck_unavailable"},
		{"no rechecker", 0, localVerification(withTOTP, t0), nil, 0, http.StatusInternalServerError, "recheck_misconfigured"},
		{"rechecker returns nil", 0, localVerification(withTOTP, t0), &fakeRechecker{}, 1, http.StatusInternalServerError, ""},
		{"rechecker returns stale", 0, localVerification(withTOTP, t0), &fakeRechecker{v: localVerification(withTOTP, t0)}, 1, http.StatusInternalServerError, ""},
		{"within 1m, confirmed 60s ago", time.Minute, localVerification(withTOTP, ago(time.Minute)), &fakeRechecker{}, 0, http.StatusNoContent, ""},
		{"within 1m, confirmed 61s ago", time.Minute, localVerification(withTOTP, ago(61*time.Second)), &fakeRechecker{v: localVerification(withTOTP, ago(time.Second))}, 1, http.StatusNoContent, ""},
		{"within 1m, rechecker returns 2m old", time.Minute, localVerification(withTOTP, ago(time.Hour)), &fakeRechecker{v: localVerification(withTOTP, ago(2*time.Minute))}, 1, http.StatusInternalServerError, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := mustNew(t, stepup.AnyOf(totp), stepup.ConfirmedWithin(tc.confirm), stepup.WithClock(clock))
			var rc sessiongate.Rechecker
			if tc.rc != nil {
				rc = tc.rc
			}
			rec, h := serve(p, authed(httptest.NewRequest("POST", "/api/transfer", nil), tc.v, rc))
			if rec.Code != tc.wantStatus || h.called != (tc.wantStatus == http.StatusNoContent) {
				t.Fatalf("status, called = %d, %v, want %d, %v", rec.Code, h.called, tc.wantStatus, !h.called)
			}
			if tc.rc != nil && tc.rc.calls != tc.wantCalls {
				t.Errorf("Recheck calls = %d, want %d", tc.rc.calls, tc.wantCalls)
			}
			if tc.wantCalls > 0 {
				if d, ok := tc.rc.got.MaxAge(); !ok || d != tc.confirm {
					t.Errorf("Recheck freshness = %v, %v, want MaxTokenAge(%v)", d, ok, tc.confirm)
				}
			}
			if h.called && tc.rc != nil && tc.rc.v != nil && h.seen != tc.rc.v.Session {
				t.Errorf("next saw the pre-recheck session, want the rechecked one")
			}
			if tc.golden != "" {
				checkGolden(t, tc.golden, rec)
			}
		})
	}
}

func TestCheckErrors(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp), stepup.ConfirmedWithin(0), stepup.WithClock(clock))
	if _, err := p.Check(t.Context()); !errors.Is(err, sessiongate.ErrNoSession) {
		t.Errorf("Check(no session) error = %v, want ErrNoSession", err)
	}
	ctx := sessiongate.NewVerificationContext(t.Context(), localVerification(session(), t0))
	if _, err := p.Check(ctx); !errors.Is(err, sessiongate.ErrMisconfigured) {
		t.Errorf("Check(no Rechecker) error = %v, want ErrMisconfigured", err)
	}
	// A session swapped in after verification is not covered by its ConfirmedAt.
	ctx = sessiongate.NewVerificationContext(t.Context(),
		&sessiongate.Verification{Session: session(), Source: sessiongate.SourceRemote, ConfirmedAt: t0})
	ctx = sessiongate.NewContext(ctx, session(fac(totp, "1", t0)))
	rc := &fakeRechecker{err: sessiongate.ErrSessionNotFound}
	if _, err := p.Check(sessiongate.NewRecheckContext(ctx, rc)); !errors.Is(err, sessiongate.ErrSessionNotFound) || rc.calls != 1 {
		t.Errorf("Check(swapped session) error, calls = %v, %d, want ErrSessionNotFound, 1", err, rc.calls)
	}
}
