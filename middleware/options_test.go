package middleware_test

import (
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/middleware"
)

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name string
		v    middleware.Verifier
		opts []middleware.Option
	}{
		{"nil verifier", nil, nil},
		{"bad trusted origin", &fakeVerifier{}, []middleware.Option{middleware.WithTrustedOrigins("not an origin")}},
		{"login url with scheme-relative", &fakeVerifier{}, []middleware.Option{middleware.WithLoginURL("//evil.example/login")}},
		{"login url javascript", &fakeVerifier{}, []middleware.Option{middleware.WithLoginURL("javascript:alert(1)")}},
		{"login url relative", &fakeVerifier{}, []middleware.Option{middleware.WithLoginURL("login")}},
		{"logout redirect bad", &fakeVerifier{}, []middleware.Option{middleware.WithLogoutRedirect("ftp://x/")}},
		{"realm with quote", &fakeVerifier{}, []middleware.Option{middleware.WithRealm(`a"b`)}},
		{"zero retry-after", &fakeVerifier{}, []middleware.Option{middleware.WithRetryAfter(0)}},
		{"unknown Clear-Site-Data type", &fakeVerifier{}, []middleware.Option{middleware.WithClearSiteData("cache", "everything")}},
		{"quoted Clear-Site-Data type", &fakeVerifier{}, []middleware.Option{middleware.WithClearSiteData(`"cache"`)}},
		{"cookies and no cookies", &fakeVerifier{}, []middleware.Option{middleware.WithCookies(nil), middleware.WithoutCookies(), middleware.WithCookies(mustCookieStore(t))}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if m, err := middleware.New(tc.v, tc.opts...); err == nil || m != nil {
				t.Errorf("New() = %v, %v; want nil and an error", m, err)
			}
		})
	}
}

func TestSafeReturnTo(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"/account", true}, {"/a/b?x=1&y=%2F", true}, {"/", true},
		{"", false}, {"account", false}, {"//evil.example", false}, {"/\\evil.example", false},
		{"https://evil.example/", false}, {"/a\\b", false}, {"/a\nb", false}, {"javascript:alert(1)", false},
		{"/" + strings.Repeat("a", 3000), false},
		// the strict rule shared with stepup
		{"/a b", false}, {"/caf\u00e9", false}, {"/a\x80", false}, {"/a#frag", false}, {"/a\tb", false},
	}
	for _, tc := range tests {
		got, ok := middleware.SafeReturnTo(tc.in)
		if ok != tc.ok || (ok && got != tc.in) {
			t.Errorf("SafeReturnTo(%q) = %q, %v; want ok=%v", tc.in, got, ok, tc.ok)
		}
	}
}
