package stepup_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
)

func BenchmarkEvaluate(b *testing.B) {
	p := mustNew(b, stepup.AnyOf(totp, webauthn), stepup.Within(10*time.Minute))
	cases := map[string]*sessiongate.Session{
		"3 factors": session(fac(password, "1", ago(time.Hour)), fac(otp, "1", ago(time.Hour)), fac(totp, "1", ago(time.Minute))),
	}
	var many []sessiongate.AuthenticationFactor
	for i := range 64 {
		many = append(many, fac(totp, fmt.Sprint(i), ago(time.Minute)))
	}
	cases["64 factors"] = session(many...)
	for name, s := range cases {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !stepup.Evaluate(s, p, t0).Satisfied {
					b.Fatal("not satisfied")
				}
			}
		})
	}
}

func BenchmarkRequire(b *testing.B) {
	p := mustNew(b, stepup.AnyOf(totp, webauthn), stepup.Within(10*time.Minute), stepup.WithClock(clock))
	s := session(fac(password, "1", ago(time.Hour)), fac(totp, "1", ago(time.Minute)))
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	h := p.Require(bare)
	r := authed(httptest.NewRequest("GET", "/transfer", nil), localVerification(s, t0), nil)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, r)
	}
}
