package middleware_test

import (
	"net/http"
	"strings"
	"testing"
)

// FuzzCredentials sends arbitrary Authorization and Cookie headers: the
// middleware must answer 200, 400 or 401 (the fake verifier never fails
// otherwise for unknown credentials), never panic, and never echo input.
func FuzzCredentials(f *testing.F) {
	f.Add("Bearer "+goodToken, "")
	f.Add("Bearer "+goodJWT, "stytch_session="+goodToken)
	f.Add("Basic abc", "stytch_session_jwt="+goodJWT+"; stytch_session=x")
	f.Add("bearer a.b.c.d", `stytch_session="quoted"`)
	f.Add("Bearer ====", "stytch_session=;stytch_session=")
	m := newMiddleware(f, &fakeVerifier{})
	h := m.RequireSession(okHandler)
	f.Fuzz(func(t *testing.T, auth, cookies string) {
		r := newRequest("GET", "/")
		if auth != "" {
			r.Header["Authorization"] = []string{auth}
		}
		if cookies != "" {
			r.Header["Cookie"] = []string{cookies}
		}
		w := serve(h, r)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized:
		default:
			t.Fatalf("status %d for Authorization %q, Cookie %q", w.Code, auth, cookies)
		}
		if w.Code != http.StatusOK && len(auth) >= 16 && strings.Contains(w.Body.String(), auth[7:]) {
			t.Fatalf("body %q echoes the credential", w.Body)
		}
	})
}
