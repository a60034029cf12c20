package stepup_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
)

func clock() time.Time { return t0 }

// fakeRechecker records calls and answers with v or err.
type fakeRechecker struct {
	v     *sessiongate.Verification
	err   error
	calls int
	got   sessiongate.Freshness
}

func (f *fakeRechecker) Recheck(_ context.Context, fr sessiongate.Freshness) (*sessiongate.Verification, error) {
	f.calls++
	f.got = fr
	return f.v, f.err
}

func localVerification(s *sessiongate.Session, confirmedAt time.Time) *sessiongate.Verification {
	return &sessiongate.Verification{Session: s, Source: sessiongate.SourceLocal, ConfirmedAt: confirmedAt}
}

// authed returns a request carrying v (and rc, when not nil) like the
// session middleware would.
func authed(r *http.Request, v *sessiongate.Verification, rc sessiongate.Rechecker) *http.Request {
	ctx := sessiongate.NewVerificationContext(r.Context(), v)
	if rc != nil {
		ctx = sessiongate.NewRecheckContext(ctx, rc)
	}
	return r.WithContext(ctx)
}

// okHandler records that it ran and the session it saw.
type okHandler struct {
	called bool
	seen   *sessiongate.Session
}

func (h *okHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.called = true
	h.seen, _ = sessiongate.FromContext(r.Context())
	w.WriteHeader(http.StatusNoContent)
}

func serve(p *stepup.Policy, r *http.Request) (*httptest.ResponseRecorder, *okHandler) {
	h := &okHandler{}
	rec := httptest.NewRecorder()
	p.Require(h).ServeHTTP(rec, r)
	return rec, h
}

func TestRequireNoSession(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp), stepup.WithClock(clock))
	rec, h := serve(p, httptest.NewRequest("GET", "/transfer", nil))
	if h.called || rec.Code != http.StatusUnauthorized {
		t.Fatalf("called, status = %v, %d, want false, 401", h.called, rec.Code)
	}
	checkGolden(t, "no_session", rec)
}

func TestRequireAPIChallenge(t *testing.T) {
	cases := []struct {
		name string
		opts []stepup.Option
		s    *sessiongate.Session
	}{
		{"challenge_any_of", []stepup.Option{stepup.AnyOf(totp, webauthn), stepup.Within(10 * time.Minute)},
			session(fac(password, "1", ago(time.Minute)), fac(totp, "1", ago(11*time.Minute)))},
		{"challenge_all_of", []stepup.Option{stepup.AllOf(password, otp), stepup.NotDeliveredBy(sessiongate.DeliverySMS)},
			session(facBy(otp, sessiongate.DeliverySMS, "1", ago(time.Minute)))},
		{"challenge_app_only", []stepup.Option{stepup.DeliveredBy(sessiongate.DeliveryAuthenticatorApp), stepup.Within(5 * time.Minute)},
			session(fac(password, "1", ago(time.Minute)))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := mustNew(t, append(tc.opts, stepup.WithClock(clock), stepup.WithStepUpURL("/stepup"))...)
			r := httptest.NewRequest("POST", "/api/transfer", nil)
			r.Header.Set("Accept", "application/json")
			rec, h := serve(p, authed(r, localVerification(tc.s, t0), nil))
			if h.called || rec.Code != http.StatusUnauthorized {
				t.Fatalf("called, status = %v, %d, want false, 401", h.called, rec.Code)
			}
			checkGolden(t, tc.name, rec)
		})
	}
}

func TestRequireSatisfied(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp), stepup.Within(5*time.Minute), stepup.WithClock(clock))
	s := session(fac(totp, "1", ago(5*time.Minute)))
	rec, h := serve(p, authed(httptest.NewRequest("POST", "/transfer", nil), localVerification(s, t0), nil))
	if !h.called || rec.Code != http.StatusNoContent || h.seen != s {
		t.Fatalf("called, status, same session = %v, %d, %v, want true, 204, true", h.called, rec.Code, h.seen == s)
	}
	if got := rec.Header().Get("WWW-Authenticate"); got != "" {
		t.Errorf("WWW-Authenticate = %q on success, want none", got)
	}
}

func TestRequireVaryNotDuplicated(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp), stepup.WithClock(clock))
	rec := httptest.NewRecorder()
	rec.Header().Add("Vary", "Cookie")
	r := authed(httptest.NewRequest("GET", "/", nil), localVerification(session(), t0), nil)
	p.Require(&okHandler{}).ServeHTTP(rec, r)
	if got := rec.Header().Values("Vary"); len(got) != 1 {
		t.Errorf("Vary = %q, want one Cookie", got)
	}
}

func TestRequirePanicsOnNil(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Require(nil) did not panic")
		}
	}()
	mustNew(t, stepup.AnyOf(totp)).Require(nil)
}

func TestRequireCustomHandlers(t *testing.T) {
	var gotReq *stepup.RequiredError
	var gotErr error
	p := mustNew(t, stepup.AnyOf(totp), stepup.ConfirmedWithin(time.Minute), stepup.WithClock(clock),
		stepup.WithChallengeHandler(func(w http.ResponseWriter, r *http.Request, e *stepup.RequiredError) {
			gotReq = e
			w.WriteHeader(http.StatusTeapot)
		}),
		stepup.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, err error) {
			gotErr = err
			w.WriteHeader(http.StatusConflict)
		}))
	v := localVerification(session(fac(password, "1", t0)), t0)
	rec, _ := serve(p, authed(httptest.NewRequest("GET", "/x?y=1", nil), v, nil))
	if rec.Code != http.StatusTeapot || gotReq == nil || gotReq.ReturnTo != "/x?y=1" {
		t.Errorf("challenge: status %d, err %+v, want 418 with ReturnTo /x?y=1", rec.Code, gotReq)
	}
	rc := &fakeRechecker{err: sessiongate.ErrSessionNotFound}
	rec, _ = serve(p, authed(httptest.NewRequest("GET", "/x", nil), localVerification(v.Session, ago(time.Hour)), rc))
	if rec.Code != http.StatusConflict || !errors.Is(gotErr, sessiongate.ErrSessionNotFound) {
		t.Errorf("error: status %d, err %v, want 409 with ErrSessionNotFound", rec.Code, gotErr)
	}
}
