package stepup_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
)

const (
	totp     = sessiongate.FactorTOTP
	webauthn = sessiongate.FactorWebAuthn
	password = sessiongate.FactorPassword
	otp      = sessiongate.FactorOTP
	emailOTP = sessiongate.FactorEmailOTP
	magic    = sessiongate.FactorMagicLink
)

func TestEvaluateEveryFactorType(t *testing.T) {
	recent := stepup.Within(5 * time.Minute)
	for _, typ := range sessiongate.FactorTypes() {
		t.Run(string(typ), func(t *testing.T) {
			s := session(fac(typ, "1", ago(time.Minute)))
			restricted := typ == sessiongate.FactorRecoveryCodes || typ == sessiongate.FactorImpersonated ||
				typ == sessiongate.FactorImported || typ == sessiongate.FactorTrustedAuthToken
			cases := []struct {
				name string
				p    *stepup.Policy
				want bool
			}{
				{"named", mustNew(t, stepup.AnyOf(typ), recent), true},
				{"any type", mustNew(t, recent), !restricted},
				{"totp only", mustNew(t, stepup.AnyOf(totp), recent), typ == totp},
				{"stale", mustNew(t, stepup.AnyOf(typ), stepup.Within(30*time.Second)), false},
			}
			for _, tc := range cases {
				if got := stepup.Evaluate(s, tc.p, t0).Satisfied; got != tc.want {
					t.Errorf("%s: Evaluate(%s, %v).Satisfied = %v, want %v", tc.name, typ, tc.p, got, tc.want)
				}
			}
		})
	}
}

func TestEvaluateRecencyAndSkew(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp), stepup.Within(5*time.Minute))
	noLeeway := mustNew(t, stepup.AnyOf(totp), stepup.Within(5*time.Minute), stepup.WithLeeway(0))
	cases := []struct {
		name          string
		p             *stepup.Policy
		at            time.Time
		want          bool
		wantUntrusted int
	}{
		{"just now", p, t0, true, 0},
		{"age one second under max", p, ago(5*time.Minute - time.Second), true, 0},
		{"age exactly max", p, ago(5 * time.Minute), true, 0},
		{"age one nanosecond over max", p, ago(5*time.Minute + 1), false, 0},
		{"age one second over max", p, ago(5*time.Minute + time.Second), false, 0},
		{"leeway does not extend max age", p, ago(5*time.Minute + stepup.DefaultLeeway), false, 0},
		{"future within leeway", p, t0.Add(stepup.DefaultLeeway), true, 0},
		{"future beyond leeway", p, t0.Add(stepup.DefaultLeeway + time.Second), false, 1},
		{"far future (forged 2099)", p, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), false, 1},
		{"future with zero leeway", noLeeway, t0.Add(time.Second), false, 1},
		{"zero leeway, exactly now", noLeeway, t0, true, 0},
		{"zero timestamp", p, time.Time{}, false, 0},
		{"year 1 timestamp", p, time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := stepup.Evaluate(session(fac(totp, "1", tc.at)), tc.p, t0)
			if res.Satisfied != tc.want {
				t.Errorf("Satisfied = %v, want %v", res.Satisfied, tc.want)
			}
			if res.Untrusted != tc.wantUntrusted {
				t.Errorf("Untrusted = %d, want %d", res.Untrusted, tc.wantUntrusted)
			}
		})
	}
}

func TestEvaluateNoRecencyBound(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp))
	if got := stepup.Evaluate(session(fac(totp, "1", ago(30*24*time.Hour))), p, t0).Satisfied; !got {
		t.Errorf("Satisfied = false for an old factor without Within, want true")
	}
	if got := stepup.Evaluate(session(fac(totp, "1", t0.Add(time.Hour))), p, t0).Satisfied; got {
		t.Errorf("Satisfied = true for a future factor without Within, want false")
	}
}

func TestEvaluateDistinct(t *testing.T) {
	fresh := ago(time.Minute)
	cases := []struct {
		name        string
		opts        []stepup.Option
		factors     []sessiongate.AuthenticationFactor
		want        bool
		wantMissing [][]ft
	}{
		{"all of two, both present", []stepup.Option{stepup.AllOf(password, otp)},
			[]sessiongate.AuthenticationFactor{fac(password, "1", fresh), fac(otp, "1", fresh)}, true, nil},
		{"all of two, one missing", []stepup.Option{stepup.AllOf(password, otp)},
			[]sessiongate.AuthenticationFactor{fac(password, "1", fresh)}, false, [][]ft{{otp}}},
		{"all of two, nothing", []stepup.Option{stepup.AllOf(password, otp)},
			nil, false, [][]ft{{password}, {otp}}},
		{"distinct 2, same otp twice", []stepup.Option{stepup.AnyOf(otp), stepup.Distinct(2)},
			[]sessiongate.AuthenticationFactor{fac(otp, "1", fresh), fac(otp, "1", ago(2*time.Minute))}, false, [][]ft{{otp}}},
		{"distinct 2, two phones", []stepup.Option{stepup.AnyOf(otp), stepup.Distinct(2)},
			[]sessiongate.AuthenticationFactor{fac(otp, "1", fresh), fac(otp, "2", fresh)}, true, nil},
		{"distinct 2, same totp registration twice", []stepup.Option{stepup.AnyOf(totp, webauthn), stepup.Distinct(2)},
			[]sessiongate.AuthenticationFactor{fac(totp, "1", fresh), fac(totp, "1", fresh)}, false, [][]ft{{totp, webauthn}}},
		{"distinct 2, magic link and email otp to one mailbox", []stepup.Option{stepup.Distinct(2)},
			[]sessiongate.AuthenticationFactor{fac(magic, "a", fresh), fac(emailOTP, "a", fresh)}, false, nil},
		{"all of magic link and email otp, one mailbox", []stepup.Option{stepup.AllOf(magic, emailOTP)},
			[]sessiongate.AuthenticationFactor{fac(magic, "a", fresh), fac(emailOTP, "a", fresh)}, false, [][]ft{{emailOTP}}},
		{"all of magic link and email otp, two mailboxes", []stepup.Option{stepup.AllOf(magic, emailOTP)},
			[]sessiongate.AuthenticationFactor{fac(magic, "a", fresh), fac(emailOTP, "b", fresh)}, true, nil},
		{"two passwords are one", []stepup.Option{stepup.Distinct(2)},
			[]sessiongate.AuthenticationFactor{fac(password, "1", fresh), fac(password, "2", fresh)}, false, nil},
		{"any of twice needs two credentials", []stepup.Option{stepup.AnyOf(totp, webauthn), stepup.AnyOf(totp, password)},
			[]sessiongate.AuthenticationFactor{fac(totp, "1", fresh)}, false, [][]ft{{totp, password}}},
		{"matching reassigns", []stepup.Option{stepup.AnyOf(totp, webauthn), stepup.AnyOf(totp)},
			[]sessiongate.AuthenticationFactor{fac(totp, "1", fresh), fac(webauthn, "1", fresh)}, true, nil},
		{"password plus any strong factor", []stepup.Option{stepup.AllOf(password), stepup.AnyOf(totp, webauthn), stepup.Within(10 * time.Minute)},
			[]sessiongate.AuthenticationFactor{fac(password, "1", ago(time.Hour)), fac(webauthn, "1", fresh)}, false, [][]ft{{password}}},
		{"distinct 3 of any, two present", []stepup.Option{stepup.Distinct(3), stepup.Within(time.Hour)},
			[]sessiongate.AuthenticationFactor{fac(password, "1", fresh), fac(totp, "1", fresh)}, false, nil},
		{"restricted type does not make distinct", []stepup.Option{stepup.Distinct(2)},
			[]sessiongate.AuthenticationFactor{fac(password, "1", fresh), fac(sessiongate.FactorRecoveryCodes, "1", fresh)}, false, nil},
		{"recovery codes named explicitly", []stepup.Option{stepup.AnyOf(totp, sessiongate.FactorRecoveryCodes)},
			[]sessiongate.AuthenticationFactor{fac(sessiongate.FactorRecoveryCodes, "1", fresh)}, true, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := mustNew(t, tc.opts...)
			res := stepup.Evaluate(session(tc.factors...), p, t0)
			if res.Satisfied != tc.want {
				t.Errorf("Evaluate(%v).Satisfied = %v, want %v (missing %v)", p, res.Satisfied, tc.want, res.Missing)
			}
			if tc.wantMissing != nil && !reflect.DeepEqual(res.Missing, tc.wantMissing) {
				t.Errorf("Missing = %v, want %v", res.Missing, tc.wantMissing)
			}
			if !tc.want && len(res.Missing) == 0 {
				t.Errorf("Missing is empty for an unsatisfied policy")
			}
		})
	}
}

func TestEvaluateDeliveryMethods(t *testing.T) {
	fresh := ago(time.Minute)
	noSMS := mustNew(t, stepup.AnyOf(otp, totp), stepup.NotDeliveredBy(sessiongate.DeliverySMS))
	appOnly := mustNew(t, stepup.DeliveredBy(sessiongate.DeliveryAuthenticatorApp))
	cases := []struct {
		name string
		p    *stepup.Policy
		f    sessiongate.AuthenticationFactor
		want bool
	}{
		{"sms otp refused", noSMS, facBy(otp, sessiongate.DeliverySMS, "1", fresh), false},
		{"whatsapp otp accepted", noSMS, facBy(otp, sessiongate.DeliveryWhatsApp, "1", fresh), true},
		{"totp accepted when sms excluded", noSMS, fac(totp, "1", fresh), true},
		{"authenticator app required: totp", appOnly, fac(totp, "1", fresh), true},
		{"authenticator app required: sms", appOnly, facBy(otp, sessiongate.DeliverySMS, "1", fresh), false},
		{"authenticator app required: password", appOnly, fac(password, "1", fresh), false},
		{"empty delivery method with DeliveredBy", appOnly, facBy(totp, "", "1", fresh), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := stepup.Evaluate(session(tc.f), tc.p, t0)
			if res.Satisfied != tc.want {
				t.Errorf("Evaluate(%v).Satisfied = %v, want %v", tc.p, res.Satisfied, tc.want)
			}
		})
	}
	res := stepup.Evaluate(session(), noSMS, t0)
	if want := []dm{sessiongate.DeliverySMS}; !reflect.DeepEqual(res.ExcludedDeliveryMethods, want) {
		t.Errorf("ExcludedDeliveryMethods = %v, want %v", res.ExcludedDeliveryMethods, want)
	}
}

func TestEvaluateManyFactors(t *testing.T) {
	var fs []sessiongate.AuthenticationFactor
	for i := range 64 {
		fs = append(fs, fac(password, "1", ago(time.Duration(i)*time.Hour)), fac(otp, fmt.Sprint(i), ago(2*time.Hour)))
	}
	p := mustNew(t, stepup.AnyOf(totp), stepup.Within(10*time.Minute))
	if res := stepup.Evaluate(session(fs...), p, t0); res.Satisfied || res.Counted != 0 {
		t.Errorf("128 irrelevant factors: Satisfied = %v, Counted = %d, want false, 0", res.Satisfied, res.Counted)
	}
	fs = append(fs, fac(totp, "1", ago(time.Minute)))
	if res := stepup.Evaluate(session(fs...), p, t0); !res.Satisfied {
		t.Errorf("with a fresh TOTP last among 129 factors: Satisfied = false, want true")
	}
	d := mustNew(t, stepup.AnyOf(otp), stepup.Distinct(8))
	if res := stepup.Evaluate(session(fs...), d, t0); !res.Satisfied || res.Counted != 64 {
		t.Errorf("64 phones, Distinct(8): Satisfied = %v, Counted = %d, want true, 64", res.Satisfied, res.Counted)
	}
}

func TestEvaluateNil(t *testing.T) {
	p := mustNew(t, stepup.ConfirmedWithin(0))
	if stepup.Evaluate(nil, p, t0).Satisfied {
		t.Errorf("Evaluate(nil session).Satisfied = true, want false")
	}
	if stepup.Evaluate(session(), nil, t0).Satisfied {
		t.Errorf("Evaluate(nil policy).Satisfied = true, want false")
	}
	if !stepup.Evaluate(session(), p, t0).Satisfied {
		t.Errorf("Evaluate(confirm-only policy) = false, want true: Evaluate ignores ConfirmedWithin")
	}
}

func TestEvaluateVerification(t *testing.T) {
	s := session(fac(totp, "1", ago(time.Minute)))
	now0 := mustNew(t, stepup.AnyOf(totp), stepup.ConfirmedWithin(0))
	min1 := mustNew(t, stepup.AnyOf(totp), stepup.ConfirmedWithin(time.Minute))
	cases := []struct {
		name string
		p    *stepup.Policy
		v    *sessiongate.Verification
		want bool
	}{
		{"0: remote", now0, &sessiongate.Verification{Session: s, Source: sessiongate.SourceRemote, ConfirmedAt: t0}, true},
		{"0: local JWT minted now", now0, &sessiongate.Verification{Session: s, Source: sessiongate.SourceLocal, ConfirmedAt: t0}, false},
		{"0: cache", now0, &sessiongate.Verification{Session: s, Source: sessiongate.SourceCache, ConfirmedAt: t0}, false},
		{"1m: local at max", min1, &sessiongate.Verification{Session: s, Source: sessiongate.SourceLocal, ConfirmedAt: ago(time.Minute)}, true},
		{"1m: local 1s over", min1, &sessiongate.Verification{Session: s, Source: sessiongate.SourceLocal, ConfirmedAt: ago(time.Minute + time.Second)}, false},
		{"1m: future beyond leeway", min1, &sessiongate.Verification{Session: s, Source: sessiongate.SourceLocal, ConfirmedAt: t0.Add(time.Minute)}, false},
		{"1m: zero time", min1, &sessiongate.Verification{Session: s, Source: sessiongate.SourceRemote}, false},
		{"nil verification", min1, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := stepup.EvaluateVerification(tc.v, tc.p, t0)
			if res.Satisfied != tc.want || res.NeedsConfirmation == tc.want {
				t.Errorf("Satisfied, NeedsConfirmation = %v, %v, want %v, %v", res.Satisfied, res.NeedsConfirmation, tc.want, !tc.want)
			}
			if err := res.Err(); tc.v != nil && err != nil {
				t.Errorf("Err() = %v, want nil: confirmation is not a missing factor", err)
			}
		})
	}
}

func TestResultErr(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp, webauthn), stepup.Within(10*time.Minute), stepup.NotDeliveredBy(sessiongate.DeliverySMS))
	err := stepup.Evaluate(session(fac(password, "1", t0)), p, t0).Err()
	var req *stepup.RequiredError
	if !errors.As(err, &req) || !errors.Is(err, sessiongate.ErrStepUpRequired) {
		t.Fatalf("Err() = %v, want *RequiredError wrapping ErrStepUpRequired", err)
	}
	if want := []ft{totp, webauthn}; !reflect.DeepEqual(req.Factors, want) {
		t.Errorf("Factors = %v, want %v", req.Factors, want)
	}
	if req.MaxAge != 10*time.Minute || len(req.Missing) != 1 {
		t.Errorf("MaxAge, len(Missing) = %v, %d, want 10m, 1", req.MaxAge, len(req.Missing))
	}
	if got, want := req.ACRValues(), "stytch:totp stytch:webauthn"; got != want {
		t.Errorf("ACRValues() = %q, want %q", got, want)
	}
	if stepup.Evaluate(session(fac(totp, "1", t0)), p, t0).Err() != nil {
		t.Errorf("Err() != nil for a satisfied result")
	}
}

func TestEvaluateResultDoesNotAliasPolicy(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp, webauthn), stepup.Distinct(2), stepup.NotDeliveredBy(sessiongate.DeliverySMS))
	res := stepup.Evaluate(session(), p, t0)
	for _, slot := range res.Missing {
		for i := range slot {
			slot[i] = password
		}
	}
	res.ExcludedDeliveryMethods[0] = sessiongate.DeliveryEmail
	again := stepup.Evaluate(session(), p, t0)
	if want := [][]ft{{totp, webauthn}, {totp, webauthn}}; !reflect.DeepEqual(again.Missing, want) {
		t.Errorf("after mutating a Result, Missing = %v, want %v", again.Missing, want)
	}
	if got := p.String(); got != "stepup(factors=[totp|webauthn], not_delivered_by=[sms], distinct=2)" {
		t.Errorf("after mutating a Result, String() = %q", got)
	}
}
