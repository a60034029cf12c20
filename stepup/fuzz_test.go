package stepup_test

import (
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stepup"
)

// FuzzReturnTo checks that ReturnTo only ever returns "/" or a path the
// shared return-path rule (middleware.SafeReturnTo) accepts, and that
// ReturnTo and ChallengeFromRequest never panic. The rule itself is fuzzed
// in internal/httpcontract.
func FuzzReturnTo(f *testing.F) {
	for _, s := range []string{"/", "/transfer?a=1", "//evil", "/\\evil", "https://evil", "/%2F%2Fevil", "/a/../../b", "/\t/x", "/;@evil", "/a b", "/a#b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := httptest.NewRequest("GET", "/stepup?"+url.Values{"return_to": {s}, "factors": {s}, "max_age": {s}}.Encode(), nil)
		if rt := stepup.ReturnTo(r); rt != "/" {
			if _, ok := middleware.SafeReturnTo(rt); !ok || rt != s {
				t.Fatalf("ReturnTo(%q) returned %q, unsafe or changed", s, rt)
			}
		}
		_ = stepup.ChallengeFromRequest(r)
	})
}

// FuzzEvaluate checks that evaluation never panics and that Satisfied and
// Missing agree, for arbitrary factor lists.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3}, int64(60))
	f.Add([]byte{4, 4, 4, 9, 200, 13}, int64(-3600))
	types, methods := sessiongate.FactorTypes(), sessiongate.DeliveryMethods()
	policies := []*stepup.Policy{
		mustNew(f, stepup.AnyOf(totp, webauthn), stepup.Within(5*time.Minute)),
		mustNew(f, stepup.AllOf(password, otp), stepup.AnyOf(totp, webauthn), stepup.Distinct(4)),
		mustNew(f, stepup.Distinct(3), stepup.NotDeliveredBy(sessiongate.DeliverySMS)),
	}
	f.Fuzz(func(t *testing.T, spec []byte, offset int64) {
		var fs []sessiongate.AuthenticationFactor
		for i := 0; i+1 < len(spec) && len(fs) < 64; i += 2 {
			at := t0.Add(time.Duration(offset) * time.Second).Add(-time.Duration(spec[i+1]) * time.Minute)
			fs = append(fs, facBy(types[int(spec[i])%len(types)], methods[int(spec[i+1])%len(methods)], string(rune('a'+spec[i]%4)), at))
		}
		for _, p := range policies {
			res := stepup.Evaluate(session(fs...), p, t0)
			if res.Satisfied != (len(res.Missing) == 0) {
				t.Fatalf("Satisfied = %v with Missing %v", res.Satisfied, res.Missing)
			}
			if (res.Err() == nil) != res.Satisfied {
				t.Fatalf("Err() = %v with Satisfied %v", res.Err(), res.Satisfied)
			}
		}
	})
}
