package sessionprom_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/goleak"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/contrib/sessionprom"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stepup"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestDecisions drives the real middleware and verifier: an allowed cookie
// request, an anonymous-less refusal and a malformed header, then reads
// the counters back.
func TestDecisions(t *testing.T) {
	reg := prometheus.NewRegistry()
	obs, err := sessionprom.Decisions(reg)
	if err != nil {
		t.Fatal(err)
	}
	v, tok := liveSession(t)
	mw, err := middleware.New(v, middleware.WithObserver(obs))
	if err != nil {
		t.Fatal(err)
	}
	h := mw.RequireSession(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for _, header := range [][2]string{
		{"Cookie", "stytch_session_jwt=" + tok.SessionJWT},
		{"Cookie", "stytch_session_jwt=" + tok.SessionJWT},
		{"Cookie", "theme=dark"},
		{"Authorization", "Bearer a b"},
		{"Cookie", "stytch_session_jwt=a.b.c"},
	} {
		r := httptest.NewRequest("GET", "https://app.example/", nil)
		r.Header.Set(header[0], header[1])
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	want := `
# HELP sessiongate_decisions_total Session middleware decisions by outcome, reason code, credential source and verification source.
# TYPE sessiongate_decisions_total counter
sessiongate_decisions_total{credential="cookie",outcome="allowed",reason="ok",source="cache"} 1
sessiongate_decisions_total{credential="cookie",outcome="allowed",reason="ok",source="local"} 1
sessiongate_decisions_total{credential="cookie",outcome="denied",reason="invalid",source=""} 1
sessiongate_decisions_total{credential="header",outcome="denied",reason="malformed",source=""} 1
sessiongate_decisions_total{credential="none",outcome="denied",reason="missing",source=""} 1
# HELP sessiongate_cookies_cleared_total Responses that cleared the session cookies.
# TYPE sessiongate_cookies_cleared_total counter
sessiongate_cookies_cleared_total 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "sessiongate_decisions_total", "sessiongate_cookies_cleared_total"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(reg, "sessiongate_decision_duration_seconds"); n != 2 {
		t.Errorf("duration histograms = %d, want 2 (allowed, denied)", n)
	}
	if _, err := sessionprom.Decisions(reg); err == nil {
		t.Error("registering the decision metrics twice succeeded")
	}
}

// TestStepUpChecks counts a pass and a challenge of a named policy.
func TestStepUpChecks(t *testing.T) {
	reg := prometheus.NewRegistry()
	obs, err := sessionprom.StepUpChecks(reg)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	p, err := stepup.New(stepup.AnyOf(sessiongate.FactorTOTP), stepup.Within(5*time.Minute),
		stepup.WithName("transfer"), stepup.WithObserver(obs), stepup.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	h := p.Require(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	totp := sessiongate.AuthenticationFactor{Type: sessiongate.FactorTOTP, DeliveryMethod: sessiongate.DeliveryAuthenticatorApp, LastAuthenticatedAt: now}
	for _, s := range []*sessiongate.Session{{AuthenticationFactors: []sessiongate.AuthenticationFactor{totp}}, {}} {
		r := httptest.NewRequest("POST", "/transfer", nil)
		v := &sessiongate.Verification{Session: s, Source: sessiongate.SourceLocal, ConfirmedAt: now}
		h.ServeHTTP(httptest.NewRecorder(), r.WithContext(sessiongate.NewVerificationContext(r.Context(), v)))
	}
	want := `
# HELP sessiongate_stepup_checks_total Step-up policy checks by policy name, outcome and reason code.
# TYPE sessiongate_stepup_checks_total counter
sessiongate_stepup_checks_total{outcome="challenged",policy="transfer",reason="insufficient_user_authentication"} 1
sessiongate_stepup_checks_total{outcome="passed",policy="transfer",reason="ok"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
}

// TestRegisterVerifier reads the verifier's Stats at scrape time.
func TestRegisterVerifier(t *testing.T) {
	reg := prometheus.NewRegistry()
	v, tok := liveSession(t)
	if err := sessionprom.RegisterVerifier(reg, v); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(t.Context(), sessiongate.Credentials{Token: tok.SessionToken}, sessiongate.Freshness{}); err != nil {
		t.Fatal(err)
	}
	want := `
# HELP sessiongate_api_calls_total HTTP requests sent to Stytch's sessions API, retries included.
# TYPE sessiongate_api_calls_total counter
sessiongate_api_calls_total 1
# HELP sessiongate_api_jwts_rejected_total Fresh JWTs from Stytch's API that did not verify and were not handed back.
# TYPE sessiongate_api_jwts_rejected_total counter
sessiongate_api_jwts_rejected_total 0
# HELP sessiongate_api_unavailable_total Requests to Stytch's sessions API that found it unavailable.
# TYPE sessiongate_api_unavailable_total counter
sessiongate_api_unavailable_total 0
# HELP sessiongate_cached_jwts Entries in the verified-JWT cache.
# TYPE sessiongate_cached_jwts gauge
sessiongate_cached_jwts 1
# HELP sessiongate_jwks_fetch_failures_total JWKS fetches that failed (the key set in use was kept).
# TYPE sessiongate_jwks_fetch_failures_total counter
sessiongate_jwks_fetch_failures_total 0
# HELP sessiongate_jwks_keys Usable keys in the key set in use.
# TYPE sessiongate_jwks_keys gauge
sessiongate_jwks_keys 1
# HELP sessiongate_jwks_usable 1 when JWTs can be checked locally: a key set is loaded and not too stale.
# TYPE sessiongate_jwks_usable gauge
sessiongate_jwks_usable 1
# HELP sessiongate_revoke_retries_total Retries of revokes that found Stytch unavailable.
# TYPE sessiongate_revoke_retries_total counter
sessiongate_revoke_retries_total 0
# HELP sessiongate_revokes_abandoned_total Revokes given up without Stytch's confirmation.
# TYPE sessiongate_revokes_abandoned_total counter
sessiongate_revokes_abandoned_total 0
# HELP sessiongate_revokes_confirmed_total Retried revokes Stytch confirmed.
# TYPE sessiongate_revokes_confirmed_total counter
sessiongate_revokes_confirmed_total 0
# HELP sessiongate_revokes_pending Revokes that found Stytch unavailable and wait for a retry.
# TYPE sessiongate_revokes_pending gauge
sessiongate_revokes_pending 0
`
	names := []string{"sessiongate_api_calls_total", "sessiongate_api_unavailable_total", "sessiongate_cached_jwts",
		"sessiongate_jwks_fetch_failures_total", "sessiongate_jwks_keys", "sessiongate_jwks_usable",
		"sessiongate_api_jwts_rejected_total", "sessiongate_revoke_retries_total", "sessiongate_revokes_abandoned_total",
		"sessiongate_revokes_confirmed_total", "sessiongate_revokes_pending"}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(reg, "sessiongate_jwks_age_seconds", "sessiongate_jwks_fetches_total"); n != 2 {
		t.Errorf("age and fetch metrics = %d, want 2", n)
	}
	if problems, err := testutil.GatherAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %+v", err, problems)
	}
}

// liveSession starts an emulator, a hybrid verifier with its keys loaded,
// and one session.
func liveSession(t *testing.T) (*verifier.Verifier, stytchtest.Tokens) {
	t.Helper()
	stytch := stytchtest.NewServer(t)
	v, err := verifier.New(t.Context(), stytch.ProjectID(), stytch.Secret(), verifier.WithBaseURL(stytch.URL))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	tok, err := stytch.CreateSignedInUser("ada@example.com", "correct horse battery staple", stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	return v, tok
}
