package stepup_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
)

func TestNewInvalid(t *testing.T) {
	cases := []struct {
		name string
		opts []stepup.Option
	}{
		{"empty", nil},
		{"only presentation", []stepup.Option{stepup.WithStepUpURL("/stepup")}},
		{"nil option", []stepup.Option{stepup.AnyOf(totp), nil}},
		{"any of nothing", []stepup.Option{stepup.AnyOf()}},
		{"all of nothing", []stepup.Option{stepup.AllOf()}},
		{"unknown type", []stepup.Option{stepup.AnyOf("totpp")}},
		{"duplicate type", []stepup.Option{stepup.AllOf(otp, otp)}},
		{"within zero", []stepup.Option{stepup.Within(0)}},
		{"within negative", []stepup.Option{stepup.Within(-time.Minute)}},
		{"within fractional", []stepup.Option{stepup.Within(1500 * time.Millisecond)}},
		{"within twice", []stepup.Option{stepup.Within(time.Minute), stepup.Within(time.Hour)}},
		{"distinct zero", []stepup.Option{stepup.Distinct(0)}},
		{"distinct too many", []stepup.Option{stepup.Distinct(9)}},
		{"too many slots", []stepup.Option{stepup.AllOf(sessiongate.FactorTypes()...)}},
		{"delivered by nothing", []stepup.Option{stepup.DeliveredBy()}},
		{"unknown delivery", []stepup.Option{stepup.NotDeliveredBy("pigeon")}},
		{"accepted and excluded", []stepup.Option{stepup.DeliveredBy(sessiongate.DeliverySMS), stepup.NotDeliveredBy(sessiongate.DeliverySMS)}},
		{"totp by sms", []stepup.Option{stepup.AnyOf(totp), stepup.DeliveredBy(sessiongate.DeliverySMS)}},
		{"password by sms", []stepup.Option{stepup.AllOf(password, otp), stepup.DeliveredBy(sessiongate.DeliverySMS)}},
		{"only restricted delivery", []stepup.Option{stepup.DeliveredBy(sessiongate.DeliveryRecoveryCode)}},
		{"totp not by app", []stepup.Option{stepup.AnyOf(totp), stepup.NotDeliveredBy(sessiongate.DeliveryAuthenticatorApp)}},
		{"confirm negative", []stepup.Option{stepup.ConfirmedWithin(-1)}},
		{"leeway too big", []stepup.Option{stepup.AnyOf(totp), stepup.WithLeeway(time.Hour)}},
		{"leeway negative", []stepup.Option{stepup.AnyOf(totp), stepup.WithLeeway(-1)}},
		{"nil clock", []stepup.Option{stepup.AnyOf(totp), stepup.WithClock(nil)}},
		{"nil challenge handler", []stepup.Option{stepup.AnyOf(totp), stepup.WithChallengeHandler(nil)}},
		{"nil error handler", []stepup.Option{stepup.AnyOf(totp), stepup.WithErrorHandler(nil)}},
		{"step-up url scheme-relative", []stepup.Option{stepup.AnyOf(totp), stepup.WithStepUpURL("//evil.example/stepup")}},
		{"step-up url javascript", []stepup.Option{stepup.AnyOf(totp), stepup.WithStepUpURL("javascript:alert(1)")}},
		{"step-up url relative", []stepup.Option{stepup.AnyOf(totp), stepup.WithStepUpURL("stepup")}},
		{"step-up url backslash", []stepup.Option{stepup.AnyOf(totp), stepup.WithStepUpURL("/\\evil.example")}},
		{"return path absolute", []stepup.Option{stepup.AnyOf(totp), stepup.WithReturnPath("https://evil.example/")}},
		{"return path empty", []stepup.Option{stepup.AnyOf(totp), stepup.WithReturnPath("")}},
		{"step-up url twice", []stepup.Option{stepup.AnyOf(totp), stepup.WithStepUpURL("/a"), stepup.WithStepUpURL("/b")}},
		{"nil observer", []stepup.Option{stepup.AnyOf(totp), stepup.WithObserver(nil)}},
		{"empty name", []stepup.Option{stepup.AnyOf(totp), stepup.WithName("")}},
		{"name with a space", []stepup.Option{stepup.AnyOf(totp), stepup.WithName("big transfer")}},
		{"name with a newline", []stepup.Option{stepup.AnyOf(totp), stepup.WithName("a\nb")}},
		{"name too long", []stepup.Option{stepup.AnyOf(totp), stepup.WithName(strings.Repeat("a", 65))}},
		{"name twice", []stepup.Option{stepup.AnyOf(totp), stepup.WithName("a"), stepup.WithName("b")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := stepup.New(tc.opts...)
			if !errors.Is(err, stepup.ErrInvalidPolicy) || p != nil {
				t.Errorf("New() = %v, %v, want nil, ErrInvalidPolicy", p, err)
			}
		})
	}
}

func TestNewValid(t *testing.T) {
	h := func(http.ResponseWriter, *http.Request, *stepup.RequiredError) {}
	cases := []struct {
		name string
		opts []stepup.Option
		want string
	}{
		{"any of within",
			[]stepup.Option{stepup.AnyOf(totp, webauthn), stepup.Within(10 * time.Minute)},
			"stepup(factors=[totp|webauthn], max_age=600s)"},
		{"all of",
			[]stepup.Option{stepup.AllOf(password, otp)},
			"stepup(factors=[password]+[otp])"},
		{"within only",
			[]stepup.Option{stepup.Within(time.Minute)},
			"stepup(factors=any, max_age=60s, distinct=1)"},
		{"delivery",
			[]stepup.Option{stepup.AnyOf(otp, totp), stepup.NotDeliveredBy(sessiongate.DeliverySMS)},
			"stepup(factors=[otp|totp], not_delivered_by=[sms])"},
		{"delivery narrows slot",
			[]stepup.Option{stepup.AnyOf(otp, totp), stepup.DeliveredBy(sessiongate.DeliveryAuthenticatorApp)},
			"stepup(factors=[totp], delivered_by=[authenticator_app])"},
		{"confirm only",
			[]stepup.Option{stepup.ConfirmedWithin(0)},
			"stepup(confirmed_within=0s)"},
		{"everything",
			[]stepup.Option{stepup.Options(stepup.WithStepUpURL("https://auth.example.com/stepup?x=1"), stepup.WithClock(time.Now),
				stepup.WithLeeway(0), stepup.WithChallengeHandler(h), stepup.WithReturnPath("/transfer?a=b")),
				stepup.AnyOf(totp), stepup.Distinct(2), stepup.ConfirmedWithin(30 * time.Second), stepup.Within(time.Hour)},
			"stepup(factors=[totp], max_age=3600s, distinct=2, confirmed_within=30s)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := mustNew(t, tc.opts...)
			if got := p.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPolicyAccessors(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp), stepup.Within(5*time.Minute), stepup.ConfirmedWithin(0))
	if d, ok := p.MaxAge(); d != 5*time.Minute || !ok {
		t.Errorf("MaxAge() = %v, %v, want 5m, true", d, ok)
	}
	if d, ok := p.ConfirmWithin(); d != 0 || !ok {
		t.Errorf("ConfirmWithin() = %v, %v, want 0, true", d, ok)
	}
	q := mustNew(t, stepup.AnyOf(totp))
	if _, ok := q.MaxAge(); ok {
		t.Errorf("MaxAge() ok = true without Within")
	}
	if _, ok := q.ConfirmWithin(); ok {
		t.Errorf("ConfirmWithin() ok = true without ConfirmedWithin")
	}
}

func TestACRAndAMR(t *testing.T) {
	if got := stepup.ACR(sessiongate.FactorEmailOTP); got != "stytch:email_otp" {
		t.Errorf("ACR(email_otp) = %q, want stytch:email_otp", got)
	}
	cases := []struct {
		f    sessiongate.AuthenticationFactor
		want []string
	}{
		{fac(password, "1", t0), []string{"pwd"}},
		{facBy(otp, sessiongate.DeliverySMS, "1", t0), []string{"otp", "sms"}},
		{facBy(otp, sessiongate.DeliveryWhatsApp, "1", t0), []string{"otp"}},
		{fac(totp, "1", t0), []string{"otp"}},
		{fac(webauthn, "1", t0), []string{"hwk"}},
		{fac(magic, "1", t0), nil},
		{fac(sessiongate.FactorRecoveryCodes, "1", t0), nil},
	}
	for _, tc := range cases {
		got := stepup.AMR(tc.f)
		if len(got) != len(tc.want) || (len(got) > 0 && got[len(got)-1] != tc.want[len(tc.want)-1]) {
			t.Errorf("AMR(%s/%s) = %v, want %v", tc.f.Type, tc.f.DeliveryMethod, got, tc.want)
		}
	}
}
