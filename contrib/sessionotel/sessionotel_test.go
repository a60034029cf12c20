package sessionotel_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.uber.org/goleak"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/contrib/sessionotel"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stepup"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// collect reads every metric the reader holds, by name.
func collect(t *testing.T, r *sdkmetric.ManualReader) map[string]metricdata.Aggregation {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]metricdata.Aggregation{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m.Data
		}
	}
	return out
}

// sums maps each data point's attributes (encoded) to its value.
func sums(t *testing.T, a metricdata.Aggregation) map[string]int64 {
	t.Helper()
	s, ok := a.(metricdata.Sum[int64])
	if !ok {
		t.Fatalf("aggregation %T, want an int64 sum", a)
	}
	out := map[string]int64{}
	for _, dp := range s.DataPoints {
		out[dp.Attributes.Encoded(attribute.DefaultEncoder())] = dp.Value
	}
	return out
}

func newProvider(t *testing.T) (*sdkmetric.MeterProvider, *sdkmetric.ManualReader) {
	r := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	return mp, r
}

// TestDecisions drives the real middleware and verifier and reads the
// decision counter and histogram back.
func TestDecisions(t *testing.T) {
	mp, r := newProvider(t)
	obs, err := sessionotel.Decisions(mp)
	if err != nil {
		t.Fatal(err)
	}
	v, tok := liveSession(t)
	mw, err := middleware.New(v, middleware.WithObserver(obs))
	if err != nil {
		t.Fatal(err)
	}
	h := mw.RequireSession(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for _, cookie := range []string{"stytch_session_jwt=" + tok.SessionJWT, "stytch_session_jwt=" + tok.SessionJWT, "theme=dark"} {
		req := httptest.NewRequest("GET", "https://app.example/", nil)
		req.Header.Set("Cookie", cookie)
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	got := collect(t, r)
	want := map[string]int64{
		"credential=cookie,outcome=allowed,reason=ok,source=local": 1,
		"credential=cookie,outcome=allowed,reason=ok,source=cache": 1,
		"credential=none,outcome=denied,reason=missing,source=":    1,
	}
	if s := sums(t, got["sessiongate.decisions"]); !equal(s, want) {
		t.Errorf("sessiongate.decisions = %v, want %v", s, want)
	}
	hist, ok := got["sessiongate.decision.duration"].(metricdata.Histogram[float64])
	if !ok || len(hist.DataPoints) != 2 {
		t.Errorf("sessiongate.decision.duration = %+v, want two histograms (allowed, denied)", got["sessiongate.decision.duration"])
	}
}

// TestStepUpChecks records a pass and a challenge of a named policy.
func TestStepUpChecks(t *testing.T) {
	mp, r := newProvider(t)
	obs, err := sessionotel.StepUpChecks(mp)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	p, err := stepup.New(stepup.AnyOf(sessiongate.FactorTOTP), stepup.WithName("transfer"),
		stepup.WithObserver(obs), stepup.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	h := p.Require(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	totp := sessiongate.AuthenticationFactor{Type: sessiongate.FactorTOTP, DeliveryMethod: sessiongate.DeliveryAuthenticatorApp, LastAuthenticatedAt: now}
	for _, s := range []*sessiongate.Session{{AuthenticationFactors: []sessiongate.AuthenticationFactor{totp}}, {}} {
		req := httptest.NewRequest("POST", "/transfer", nil)
		v := &sessiongate.Verification{Session: s, Source: sessiongate.SourceLocal, ConfirmedAt: now}
		h.ServeHTTP(httptest.NewRecorder(), req.WithContext(sessiongate.NewVerificationContext(req.Context(), v)))
	}
	want := map[string]int64{
		"outcome=passed,policy=transfer,reason=ok":                                   1,
		"outcome=challenged,policy=transfer,reason=insufficient_user_authentication": 1,
	}
	if s := sums(t, collect(t, r)["sessiongate.stepup.checks"]); !equal(s, want) {
		t.Errorf("sessiongate.stepup.checks = %v, want %v", s, want)
	}
}

// TestRegisterVerifier reads Stats at collection time and stops after
// Unregister.
func TestRegisterVerifier(t *testing.T) {
	mp, r := newProvider(t)
	v, tok := liveSession(t)
	reg, err := sessionotel.RegisterVerifier(mp, v)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(t.Context(), sessiongate.Credentials{Token: tok.SessionToken}, sessiongate.Freshness{}); err != nil {
		t.Fatal(err)
	}
	got := collect(t, r)
	for name, want := range map[string]int64{"sessiongate.api.calls": 1, "sessiongate.api.unavailable": 0, "sessiongate.jwks.fetch_failures": 0,
		"sessiongate.api.jwts_rejected": 0, "sessiongate.revokes.retries": 0, "sessiongate.revokes.confirmed": 0, "sessiongate.revokes.abandoned": 0} {
		if s := sums(t, got[name]); s[""] != want {
			t.Errorf("%s = %v, want %d", name, s, want)
		}
	}
	for name, want := range map[string]int64{"sessiongate.jwks.keys": 1, "sessiongate.jwks.usable": 1, "sessiongate.cached_jwts": 1, "sessiongate.revokes.pending": 0} {
		g, ok := got[name].(metricdata.Gauge[int64])
		if !ok || len(g.DataPoints) != 1 || g.DataPoints[0].Value != want {
			t.Errorf("%s = %+v, want %d", name, got[name], want)
		}
	}
	if age, ok := got["sessiongate.jwks.age"].(metricdata.Gauge[float64]); !ok || len(age.DataPoints) != 1 || age.DataPoints[0].Value < 0 {
		t.Errorf("sessiongate.jwks.age = %+v, want one non-negative value", got["sessiongate.jwks.age"])
	}
	if err := reg.Unregister(); err != nil {
		t.Fatal(err)
	}
	if _, ok := collect(t, r)["sessiongate.api.calls"]; ok {
		t.Error("verifier metrics still collected after Unregister")
	}
}

func equal(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
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
