package httpcontract

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func TestReturnPath(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"/", true},
		{"/transfer", true},
		{"/transfer?id=1&x=%2F%2Fevil", true},
		{"/a/b/../c", true},
		{"/%2F%2Fevil.example", true}, // one path segment on this origin
		{"/" + strings.Repeat("a", 2047), true},
		{"", false},
		{"transfer", false},
		{"//evil.example", false},
		{"///evil.example", false},
		{"/\\evil.example", false},
		{"\\\\evil.example", false},
		{"/a\\b", false},
		{"https://evil.example/", false},
		{"javascript:alert(1)", false},
		{"/\t/evil.example", false},
		{"/\n/evil.example", false},
		{"/a\x7fb", false},
		{"/ /evil.example", false},
		{"/a b", false},
		{"/a#frag", false},
		{"/caf\u00e9", false},
		{"/a\x80", false},
		{"/" + strings.Repeat("a", 2048), false},
		{"/%zz", false},
	}
	for _, tc := range tests {
		got, ok := ReturnPath(tc.in)
		if ok != tc.want || (ok && got != tc.in) || (!ok && got != "") {
			t.Errorf("ReturnPath(%q) = %q, %v, want %v", tc.in, got, ok, tc.want)
		}
	}
}

func TestAppendQuery(t *testing.T) {
	tests := []struct {
		base   string
		params []Param
		want   string
	}{
		{"/login", nil, "/login"},
		{"/login", []Param{{"return_to", "/account?tab=1"}}, "/login?return_to=%2Faccount%3Ftab%3D1"},
		{"/login?next=1", []Param{{"return_to", "/a"}}, "/login?next=1&return_to=%2Fa"},
		{"/login?", []Param{{"return_to", "/a"}}, "/login?return_to=%2Fa"},
		{"/login?return_to=%2Fold&next=1&&return%5Fto=x", []Param{{"return_to", "/a"}}, "/login?next=1&return_to=%2Fa"},
		{"/login?lang=en&next=1", []Param{{"return_to", "/a"}}, "/login?lang=en&next=1&return_to=%2Fa"},
		{"https://auth.example/login#top", []Param{{"return_to", "/a"}}, "https://auth.example/login?return_to=%2Fa#top"},
		{"/stepup", []Param{{"return_to", "/t?x=a+b&y=c%20d"}, {"factors", "totp,webauthn"}, {"max_age", "300"}},
			"/stepup?return_to=%2Ft%3Fx%3Da%2Bb%26y%3Dc%2520d&factors=totp,webauthn&max_age=300"},
		{"/s", []Param{{"k y", "a b&c=d#e"}}, "/s?k%20y=a%20b%26c%3Dd%23e"},
	}
	for _, tc := range tests {
		if got := AppendQuery(tc.base, tc.params...); got != tc.want {
			t.Errorf("AppendQuery(%q, %v) = %q, want %q", tc.base, tc.params, got, tc.want)
		}
	}
}

func TestRedirect(t *testing.T) {
	w := httptest.NewRecorder()
	Redirect(w, httptest.NewRequest("GET", "/account", nil), "/login", Param{"return_to", "/account"})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?return_to=%2Faccount" || w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("got %d, Location %q, Cache-Control %q; want 303 to /login?return_to=%%2Faccount, no-store",
			w.Code, w.Header().Get("Location"), w.Header().Get("Cache-Control"))
	}
}

func TestRequestTarget(t *testing.T) {
	r := httptest.NewRequest("GET", "/a%20b/c?x=1&y=%2F", nil)
	if got := RequestTarget(r); got != "/a%20b/c?x=1&y=%2F" {
		t.Errorf("RequestTarget = %q", got)
	}
}

func TestAddVaryCookie(t *testing.T) {
	tests := []struct {
		name string
		have []string
		want []string
	}{
		{"none", nil, []string{"Cookie"}},
		{"other", []string{"Origin"}, []string{"Origin", "Cookie"}},
		{"already", []string{"Cookie"}, []string{"Cookie"}},
		{"already in a list, lower case", []string{"Accept-Encoding, cookie"}, []string{"Accept-Encoding, cookie"}},
		{"cookie as a substring is not cookie", []string{"X-Cookie-Hint"}, []string{"X-Cookie-Hint", "Cookie"}},
	}
	for _, tc := range tests {
		h := http.Header{}
		if tc.have != nil {
			h["Vary"] = slices.Clone(tc.have)
		}
		AddVaryCookie(h)
		AddVaryCookie(h) // once only
		if got := h["Vary"]; !slices.Equal(got, tc.want) {
			t.Errorf("%s: Vary = %q, want %q", tc.name, got, tc.want)
		}
	}
}
