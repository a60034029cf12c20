package stepup_test

import (
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stepup"
)

func TestReturnTo(t *testing.T) {
	cases := []struct{ query, want string }{
		{"return_to=%2Ftransfer%3Fa%3D1", "/transfer?a=1"},
		{"return_to=%2F%2Fevil.example", "/"},
		{"return_to=https%3A%2F%2Fevil.example", "/"},
		{"", "/"},
	}
	for _, tc := range cases {
		r := httptest.NewRequest("GET", "/stepup?"+tc.query, nil)
		if got := stepup.ReturnTo(r); got != tc.want {
			t.Errorf("ReturnTo(?%s) = %q, want %q", tc.query, got, tc.want)
		}
	}
	form := url.Values{"return_to": {"/account"}}.Encode()
	r := httptest.NewRequest("POST", "/stepup", strings.NewReader(form))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if got := stepup.ReturnTo(r); got != "/account" {
		t.Errorf("ReturnTo(form) = %q, want /account", got)
	}
}

func TestChallengeFromRequest(t *testing.T) {
	cases := []struct {
		query string
		want  stepup.Challenge
	}{
		{"factors=totp,webauthn&max_age=300&return_to=%2Fx",
			stepup.Challenge{Factors: []ft{totp, webauthn}, MaxAge: 5 * time.Minute, ReturnTo: "/x"}},
		{"factors=totp,bogus,totp,,%22&max_age=-5",
			stepup.Challenge{Factors: []ft{totp}, ReturnTo: "/"}},
		{"max_age=99999999999999&factors=",
			stepup.Challenge{ReturnTo: "/"}},
		{"", stepup.Challenge{ReturnTo: "/"}},
	}
	for _, tc := range cases {
		got := stepup.ChallengeFromRequest(httptest.NewRequest("GET", "/stepup?"+tc.query, nil))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ChallengeFromRequest(?%s) = %+v, want %+v", tc.query, got, tc.want)
		}
	}
}
