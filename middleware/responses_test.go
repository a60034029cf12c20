package middleware_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/internal/golden"

	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/middleware"
)

// goldenHeaders are the response headers the golden files pin.
var goldenHeaders = []string{"Cache-Control", "Content-Type", "Location", "Retry-After", "Set-Cookie", "Vary", "Www-Authenticate", "X-Session-Jwt"}

// dump renders a response for a golden file: status, pinned headers, body.
func dump(w *httptest.ResponseRecorder) []byte {
	var b bytes.Buffer
	b.WriteString("status: " + http.StatusText(w.Code) + "\n")
	for _, name := range goldenHeaders {
		for _, v := range w.Header().Values(name) {
			b.WriteString(strings.ToLower(name) + ": " + v + "\n")
		}
	}
	b.WriteString("\n")
	b.Write(w.Body.Bytes())
	return b.Bytes()
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, name, got, *update)
}

type responseCase struct {
	name    string
	method  string
	headers []string
	opts    []middleware.Option
	status  int
}

func responseCases(t *testing.T) []responseCase {
	sealed, err := cookie.New(cookie.WithServerManaged(), cookie.WithHostPrefix(),
		cookie.WithSealing(bytes.Repeat([]byte("h"), 32), bytes.Repeat([]byte("b"), 32)))
	if err != nil {
		t.Fatal(err)
	}
	ck := func(v string) []string { return []string{"Cookie", v} }
	return []responseCase{
		{"missing", "GET", nil, nil, 401},
		{"basic_auth_ignored_no_cookie", "GET", []string{"Authorization", "Basic dXNlcjpwYXNz"}, nil, 401},
		{"bearer_empty", "GET", []string{"Authorization", "Bearer"}, nil, 400},
		{"bearer_inner_space", "GET", []string{"Authorization", "Bearer abc def"}, nil, 400},
		{"bearer_bad_char", "GET", []string{"Authorization", "Bearer abc$def"}, nil, 400},
		{"bearer_tab", "GET", []string{"Authorization", "Bearer\t" + goodToken}, nil, 400},
		{"bearer_twice", "GET", []string{"Authorization", "Bearer " + goodToken, "Authorization", "bearer " + goodToken}, nil, 400},
		{"bearer_two_segments", "GET", []string{"Authorization", "Bearer abc.def"}, nil, 401},
		{"bearer_padded_jwt", "GET", []string{"Authorization", "Bearer " + goodJWT + "=="}, nil, 401},
		{"bearer_not_token_alphabet", "GET", []string{"Authorization", "Bearer abc~def"}, nil, 401},
		{"bearer_oversize", "GET", []string{"Authorization", "Bearer a." + strings.Repeat("b", middleware.MaxBearerJWTLength) + ".c"}, nil, 401},
		{"bearer_revoked", "GET", []string{"Authorization", "Bearer " + goneToken}, nil, 401},
		{"bearer_expired_jwt", "GET", []string{"Authorization", "Bearer " + expiredJWT}, nil, 401},
		{"cookie_duplicate", "GET", ck("stytch_session=" + goodToken + "; stytch_session=" + goneToken), nil, 400},
		{"cookie_bad_chars", "GET", ck("stytch_session=abc%24def"), nil, 401},
		{"cookie_bad_jwt", "GET", ck("stytch_session_jwt=not-a-jwt"), nil, 401},
		{"cookie_expired_jwt", "GET", ck("stytch_session_jwt=" + expiredJWT), nil, 401},
		{"cookie_unknown_kid", "GET", ck("stytch_session_jwt=" + unknownJWT), nil, 401},
		{"cookie_revoked", "GET", ck("stytch_session=" + goneToken), nil, 401},
		{"cookie_unreadable_sealed", "GET", ck("__Host-stytch_session=tampered"), []middleware.Option{middleware.WithCookies(sealed)}, 401},
		{"unavailable", "GET", ck("stytch_session=" + downToken), nil, 503},
		{"unavailable_retry_after", "GET", []string{"Authorization", "Bearer " + slowToken}, nil, 503},
		{"misconfigured", "GET", ck("stytch_session=" + brokenToken), nil, 500},
		{"unclassified_error", "GET", ck("stytch_session=" + weirdToken), nil, 500},
		{"cross_site_post", "POST", append(ck("stytch_session="+goodToken), "Sec-Fetch-Site", "cross-site"), nil, 403},
		{"cross_origin_post_origin_header", "POST", append(ck("stytch_session="+goodToken), "Origin", "https://evil.example"), nil, 403},
		{"head_missing", "HEAD", nil, nil, 401},
		{"navigation_redirect", "GET", []string{"Sec-Fetch-Mode", "navigate"}, []middleware.Option{middleware.WithLoginURL("/login?next=1")}, 303},
		{"navigation_accept_html_redirect", "GET", []string{"Accept", "text/html,application/xhtml+xml"}, []middleware.Option{middleware.WithLoginURL("https://auth.example/login")}, 303},
		{"fetch_not_redirected", "GET", []string{"Sec-Fetch-Mode", "cors", "Accept", "text/html"}, []middleware.Option{middleware.WithLoginURL("/login")}, 401},
		{"bearer_navigation_not_redirected", "GET", []string{"Sec-Fetch-Mode", "navigate", "Authorization", "Bearer " + goneToken}, []middleware.Option{middleware.WithLoginURL("/login")}, 401},
		{"bearer_accept_html_not_redirected", "GET", []string{"Accept", "text/html", "Authorization", "Bearer " + goneToken}, []middleware.Option{middleware.WithLoginURL("/login")}, 401},
		{"accept_json_preferred_not_redirected", "GET", []string{"Accept", "application/json, text/html;q=0.5"}, []middleware.Option{middleware.WithLoginURL("/login")}, 401},
		{"navigation_unavailable_not_redirected", "GET", []string{"Sec-Fetch-Mode", "navigate", "Cookie", "stytch_session=" + downToken}, []middleware.Option{middleware.WithLoginURL("/login")}, 503},
		{"custom_realm", "GET", []string{"Cookie", "stytch_session=" + goneToken}, []middleware.Option{middleware.WithRealm("example")}, 401},
	}
}

// TestRefusals pins the exact status, headers and body of every refusal.
func TestRefusals(t *testing.T) {
	for _, tc := range responseCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			m := newMiddleware(t, &fakeVerifier{}, tc.opts...)
			r := newRequest(tc.method, "/account?tab=1", tc.headers...)
			w := serve(m.RequireSession(okHandler), r)
			if w.Code != tc.status {
				t.Fatalf("status = %d, want %d", w.Code, tc.status)
			}
			if got := w.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			for _, secret := range []string{goodToken, goneToken, downToken, slowToken, brokenToken, weirdToken, expiredJWT, unknownJWT} {
				if bytes.Contains(w.Body.Bytes(), []byte(secret)) || slices.ContainsFunc(w.Header().Values("Www-Authenticate"), func(v string) bool { return strings.Contains(v, secret) }) {
					t.Errorf("response echoes a credential")
				}
			}
			checkGolden(t, tc.name, dump(w))
		})
	}
}
