package stepup_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stepup"
)

func TestRequireBrowserRedirect(t *testing.T) {
	base := []stepup.Option{stepup.AnyOf(totp, webauthn), stepup.Within(5 * time.Minute), stepup.WithClock(clock)}
	page := mustNew(t, append(base, stepup.WithStepUpURL("/stepup"))...)
	withReturn := mustNew(t, append(base, stepup.WithStepUpURL("https://auth.example.com/stepup?lang=en"), stepup.WithReturnPath("/account"))...)
	noPage := mustNew(t, base...)
	const nav = "/stepup?return_to=%2Ftransfer%3Fid%3D1%26x%3Da%2Bb&factors=totp,webauthn&max_age=300"
	cases := []struct {
		name         string
		p            *stepup.Policy
		method, path string
		headers      map[string]string
		wantStatus   int
		wantLocation string
	}{
		{"sec-fetch navigate", page, "GET", "/transfer?id=1&x=a+b", map[string]string{"Sec-Fetch-Mode": "navigate"}, 303, nav},
		{"accept html", page, "GET", "/transfer?id=1&x=a+b", map[string]string{"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, 303, nav},
		{"accept any (fetch)", page, "GET", "/transfer", map[string]string{"Accept": "*/*"}, 401, ""},
		{"accept json over html", page, "GET", "/transfer", map[string]string{"Accept": "text/html;q=0.5, application/json"}, 401, ""},
		{"no accept", page, "GET", "/transfer", nil, 401, ""},
		{"sec-fetch cors wins over accept", page, "GET", "/transfer", map[string]string{"Sec-Fetch-Mode": "cors", "Accept": "text/html"}, 401, ""},
		{"bearer client", page, "GET", "/transfer", map[string]string{"Accept": "text/html", "Authorization": "Bearer abc"}, 401, ""},
		{"no step-up page", noPage, "GET", "/transfer", map[string]string{"Sec-Fetch-Mode": "navigate"}, 401, ""},
		{"post uses same-origin referer", page, "POST", "/transfer", map[string]string{"Sec-Fetch-Mode": "navigate", "Referer": "http://example.com/account?tab=2"}, 303,
			"/stepup?return_to=%2Faccount%3Ftab%3D2&factors=totp,webauthn&max_age=300"},
		{"post ignores cross-origin referer", page, "POST", "/transfer", map[string]string{"Sec-Fetch-Mode": "navigate", "Referer": "https://evil.example/phish"}, 303,
			"/stepup?return_to=%2F&factors=totp,webauthn&max_age=300"},
		{"post uses return path", withReturn, "POST", "/transfer", map[string]string{"Sec-Fetch-Mode": "navigate", "Referer": "http://example.com/other"}, 303,
			"https://auth.example.com/stepup?lang=en&return_to=%2Faccount&factors=totp,webauthn&max_age=300"},
		{"unsafe request path falls back", page, "GET", "http://example.com//evil.example/x", map[string]string{"Sec-Fetch-Mode": "navigate"}, 303,
			"/stepup?return_to=%2F&factors=totp,webauthn&max_age=300"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, tc.path, nil)
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			rec, h := serve(tc.p, authed(r, localVerification(session(fac(password, "1", t0)), t0), nil))
			if h.called || rec.Code != tc.wantStatus {
				t.Fatalf("called, status = %v, %d, want false, %d", h.called, rec.Code, tc.wantStatus)
			}
			if got := rec.Header().Get("Location"); got != tc.wantLocation {
				t.Errorf("Location = %q, want %q", got, tc.wantLocation)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			if got := rec.Header().Get("Vary"); got != "Cookie" {
				t.Errorf("Vary = %q, want Cookie", got)
			}
		})
	}
}

func TestRedirectLocationRoundTrip(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp), stepup.Within(time.Minute), stepup.WithClock(clock), stepup.WithStepUpURL("/stepup"))
	r := httptest.NewRequest("GET", "/transfer?amount=10&to=a%20b", nil)
	r.Header.Set("Sec-Fetch-Mode", "navigate")
	rec, _ := serve(p, authed(r, localVerification(session(), t0), nil))
	page := httptest.NewRequest("GET", rec.Header().Get("Location"), nil)
	c := stepup.ChallengeFromRequest(page)
	if c.ReturnTo != "/transfer?amount=10&to=a%20b" || c.MaxAge != time.Minute || len(c.Factors) != 1 || c.Factors[0] != totp {
		t.Errorf("ChallengeFromRequest(%q) = %+v, want return /transfer?amount=10&to=a%%20b, 1m, [totp]", page.URL, c)
	}
}
