package stepup_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
)

// TestChallengeFromResponseRoundTrip: what Require answers parses back to
// the policy's factors and max age.
func TestChallengeFromResponseRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		opts []stepup.Option
		want stepup.Challenge
	}{
		{"any of two within", []stepup.Option{stepup.AnyOf(totp, webauthn), stepup.Within(10 * time.Minute)},
			stepup.Challenge{Factors: []sessiongate.FactorType{totp, webauthn}, MaxAge: 10 * time.Minute}},
		{"no max age", []stepup.Option{stepup.AnyOf(totp)},
			stepup.Challenge{Factors: []sessiongate.FactorType{totp}}},
		{"two of", []stepup.Option{stepup.AllOf(totp, webauthn), stepup.Within(time.Minute)},
			stepup.Challenge{Factors: []sessiongate.FactorType{totp, webauthn}, MaxAge: time.Minute}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := mustNew(t, append(tc.opts, stepup.WithClock(clock))...)
			rec, _ := serve(p, authed(httptest.NewRequest("POST", "/transfer", nil), localVerification(session(fac(password, "1", ago(time.Minute))), t0), nil))
			got, ok := stepup.ChallengeFromResponse(rec.Result())
			if !ok || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ChallengeFromResponse = %+v, %v; want %+v, true\nheader: %s", got, ok, tc.want, rec.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

func TestChallengeFromResponse(t *testing.T) {
	cases := []struct {
		name   string
		status int
		header []string
		want   stepup.Challenge
		ok     bool
	}{
		{"token values, odd spacing", 401, []string{`bearer  ERROR=insufficient_user_authentication ,max_age=60 , acr_values="stytch:totp"`},
			stepup.Challenge{Factors: []sessiongate.FactorType{totp}, MaxAge: time.Minute}, true},
		{"escaped quote in description", 401, []string{`Bearer error="insufficient_user_authentication", error_description="say \"hi\", then go", acr_values="stytch:webauthn other:x stytch:nope stytch:webauthn"`},
			stepup.Challenge{Factors: []sessiongate.FactorType{webauthn}}, true},
		{"second header line", 401, []string{`Basic realm="x"`, `Bearer error="insufficient_user_authentication"`}, stepup.Challenge{}, true},
		{"not 401", 403, []string{`Bearer error="insufficient_user_authentication"`}, stepup.Challenge{}, false},
		{"other error", 401, []string{`Bearer error="invalid_token"`}, stepup.Challenge{}, false},
		{"no header", 401, nil, stepup.Challenge{}, false},
		{"unterminated quote", 401, []string{`Bearer error="insufficient_user_authentication`}, stepup.Challenge{}, false},
		{"duplicate param", 401, []string{`Bearer error=insufficient_user_authentication, error=invalid_token`}, stepup.Challenge{}, false},
		{"junk after quote", 401, []string{`Bearer error="insufficient_user_authentication"x`}, stepup.Challenge{}, false},
		{"no equals", 401, []string{`Bearer insufficient_user_authentication`}, stepup.Challenge{}, false},
		{"bad max age ignored", 401, []string{`Bearer error=insufficient_user_authentication, max_age=-5`}, stepup.Challenge{}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: tc.status, Header: http.Header{"Www-Authenticate": tc.header}}
			got, ok := stepup.ChallengeFromResponse(resp)
			if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ChallengeFromResponse = %+v, %v; want %+v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
	if _, ok := stepup.ChallengeFromResponse(nil); ok {
		t.Error("ChallengeFromResponse(nil) = ok")
	}
}

// FuzzChallengeFromResponse: any header parses without panicking, and what
// is returned is always usable: known, distinct factor types and a
// non-negative max age.
func FuzzChallengeFromResponse(f *testing.F) {
	f.Add(`Bearer error="insufficient_user_authentication", error_description="a \"b\"", max_age=300, acr_values="stytch:totp stytch:webauthn"`)
	f.Add(`Bearer error=insufficient_user_authentication,,,max_age=1`)
	f.Add(`Bearer error="`)
	f.Add(`Bearer =x`)
	f.Fuzz(func(t *testing.T, h string) {
		c, ok := stepup.ChallengeFromResponse(&http.Response{StatusCode: 401, Header: http.Header{"Www-Authenticate": {h}}})
		if !ok && (c.Factors != nil || c.MaxAge != 0) {
			t.Fatalf("not ok but %+v", c)
		}
		seen := map[sessiongate.FactorType]bool{}
		for _, ft := range c.Factors {
			if !ft.Known() || seen[ft] {
				t.Fatalf("factor %q unknown or repeated in %+v", ft, c.Factors)
			}
			seen[ft] = true
		}
		if c.MaxAge < 0 {
			t.Fatalf("negative max age %v", c.MaxAge)
		}
	})
}
