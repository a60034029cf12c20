package stepup_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/justinas/alice"
	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
)

// fakeSessionMiddleware stands in for the session middleware, which puts
// the verified session into the context.
func fakeSessionMiddleware(s *sessiongate.Session) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v := &sessiongate.Verification{Session: s, Source: sessiongate.SourceLocal, ConfirmedAt: t0}
			next.ServeHTTP(w, r.WithContext(sessiongate.NewVerificationContext(r.Context(), v)))
		})
	}
}

// A TOTP or WebAuthn factor from the last 10 minutes, composed in an alice
// chain after the session middleware.
func Example() {
	now := func() time.Time { return t0 }
	transfer, err := stepup.New(
		stepup.AnyOf(sessiongate.FactorTOTP, sessiongate.FactorWebAuthn),
		stepup.Within(10*time.Minute),
		stepup.WithStepUpURL("/stepup"),
		stepup.WithClock(now),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	passwordOnly := &sessiongate.Session{AuthenticationFactors: []sessiongate.AuthenticationFactor{{
		Type: sessiongate.FactorPassword, DeliveryMethod: sessiongate.DeliveryKnowledge,
		LastAuthenticatedAt: t0.Add(-time.Minute),
	}}}
	h := alice.New(fakeSessionMiddleware(passwordOnly), transfer.Require).ThenFunc(
		func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "transferred") })

	api := httptest.NewRequest("POST", "/api/transfer", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, api)
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))

	page := httptest.NewRequest("GET", "/transfer?to=bob", nil)
	page.Header.Set("Sec-Fetch-Mode", "navigate")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, page)
	fmt.Println(rec.Code, rec.Header().Get("Location"))
	// Output:
	// 401 Bearer error="insufficient_user_authentication", error_description="step-up authentication required: 1 more factor (totp or webauthn) authenticated within the last 600 seconds", max_age=600, acr_values="stytch:totp stytch:webauthn"
	// 303 /stepup?return_to=%2Ftransfer%3Fto%3Dbob&factors=totp,webauthn&max_age=600
}

// Two distinct factors: a password and an OTP that was not sent by SMS.
func ExampleAllOf() {
	p, err := stepup.New(
		stepup.AllOf(sessiongate.FactorPassword, sessiongate.FactorOTP),
		stepup.NotDeliveredBy(sessiongate.DeliverySMS),
	)
	fmt.Println(p, err)
	// Output: stepup(factors=[password]+[otp], not_delivered_by=[sms]) <nil>
}

// A revoked session must never pass, even with a JWT that is still valid:
// the middleware asks Stytch on every request to this route.
func ExampleConfirmedWithin() {
	p, err := stepup.New(stepup.AnyOf(sessiongate.FactorTOTP), stepup.ConfirmedWithin(0))
	fmt.Println(p, err)
	// Output: stepup(factors=[totp], confirmed_within=0s) <nil>
}

// Only codes from an authenticator app count, authenticated in the last
// five minutes.
func ExampleDeliveredBy() {
	p, err := stepup.New(stepup.DeliveredBy(sessiongate.DeliveryAuthenticatorApp), stepup.Within(5*time.Minute))
	fmt.Println(p, err)
	// Output: stepup(factors=any, max_age=300s, delivered_by=[authenticator_app], distinct=1) <nil>
}

// Invalid policies fail when they are built.
func ExampleNew_invalid() {
	_, err := stepup.New(stepup.AnyOf(sessiongate.FactorTOTP), stepup.DeliveredBy(sessiongate.DeliverySMS))
	fmt.Println(err)
	// Output: stepup: invalid policy: no allowed delivery method can produce a factor of type totp
}

// Evaluate works outside HTTP, for example to decide whether to show a
// "transfer" button or a "verify with your authenticator" prompt.
func ExampleEvaluate() {
	p, _ := stepup.New(stepup.AnyOf(sessiongate.FactorTOTP), stepup.Within(5*time.Minute))
	s := &sessiongate.Session{AuthenticationFactors: []sessiongate.AuthenticationFactor{{
		Type: sessiongate.FactorTOTP, DeliveryMethod: sessiongate.DeliveryAuthenticatorApp,
		LastAuthenticatedAt: t0.Add(-6 * time.Minute),
	}}}
	res := stepup.Evaluate(s, p, t0)
	fmt.Println(res.Satisfied, res.Factors, res.MaxAge)
	res = stepup.Evaluate(s, p, t0.Add(-time.Minute))
	fmt.Println(res.Satisfied)
	// Output:
	// false [totp] 5m0s
	// true
}

// A route table printed at startup for audits.
func ExampleTable() {
	transfer, _ := stepup.New(stepup.AnyOf(sessiongate.FactorTOTP), stepup.Within(5*time.Minute))
	closeAccount, _ := stepup.New(stepup.AllOf(sessiongate.FactorPassword, sessiongate.FactorWebAuthn), stepup.ConfirmedWithin(0))
	var routes stepup.Table
	mux := http.NewServeMux()
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	routes.Handle(mux, "POST /transfer", transfer, ok)
	routes.Handle(mux, "POST /account/close", closeAccount, ok)
	_, _ = routes.WriteTo(os.Stdout)
	// Output:
	// POST /transfer       stepup(factors=[totp], max_age=300s)
	// POST /account/close  stepup(factors=[password]+[webauthn], confirmed_within=0s)
}

// A step-up page reads what to ask for and where to go back.
func ExampleChallengeFromRequest() {
	r := httptest.NewRequest("GET", "/stepup?return_to=%2Ftransfer&factors=totp,webauthn&max_age=300", nil)
	c := stepup.ChallengeFromRequest(r)
	fmt.Println(c.Factors, c.MaxAge, c.ReturnTo)

	evil := httptest.NewRequest("GET", "/stepup?return_to=%2F%2Fevil.example", nil)
	fmt.Println(stepup.ReturnTo(evil))
	// Output:
	// [totp webauthn] 5m0s /transfer
	// /
}

// WithObserver counts passes, challenges and failures per named policy, for
// metrics or an audit log.
func ExampleWithObserver() {
	counts := map[string]int{}
	count := func(e stepup.Event) {
		counts[e.Policy+" "+string(e.Outcome)]++ // a real counter must be safe for concurrent use
	}
	transfer, err := stepup.New(stepup.AnyOf(sessiongate.FactorTOTP), stepup.Within(5*time.Minute),
		stepup.WithName("transfer"), stepup.WithObserver(count), stepup.WithClock(func() time.Time { return t0 }))
	if err != nil {
		fmt.Println(err)
		return
	}
	totpNow := &sessiongate.Session{AuthenticationFactors: []sessiongate.AuthenticationFactor{{
		Type: sessiongate.FactorTOTP, DeliveryMethod: sessiongate.DeliveryAuthenticatorApp, LastAuthenticatedAt: t0,
	}}}
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for _, s := range []*sessiongate.Session{totpNow, {}} {
		h := alice.New(fakeSessionMiddleware(s), transfer.Require).Then(ok)
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/transfer", nil))
	}
	fmt.Println(counts["transfer passed"], counts["transfer challenged"])
	// Output: 1 1
}

// A Go client of a protected API reads the step-up challenge from a 401,
// then asks its user for one of the factors.
func ExampleChallengeFromResponse() {
	transfer, err := stepup.New(stepup.AnyOf(sessiongate.FactorTOTP, sessiongate.FactorWebAuthn),
		stepup.Within(5*time.Minute), stepup.WithClock(func() time.Time { return t0 }))
	if err != nil {
		fmt.Println(err)
		return
	}
	h := alice.New(fakeSessionMiddleware(&sessiongate.Session{}), transfer.Require).
		ThenFunc(func(http.ResponseWriter, *http.Request) {})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/transfer", nil))

	if c, ok := stepup.ChallengeFromResponse(rec.Result()); ok {
		fmt.Println(c.Factors, c.MaxAge)
	}
	// Output: [totp webauthn] 5m0s
}
