package middleware_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
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

// onlyVerify hides a verifier's VerifyCached, so that the middleware takes
// the path it takes for verifiers without a cache.
type onlyVerify struct{ middleware.Verifier }

// FuzzCachedAnswerEqualsVerify: with the verifier package's local verifier,
// the middleware answers every request exactly as it does when the
// verifier's cache is hidden from it (syntax check, then Verify): same
// status, same body, same cookies. The inputs edit the genuine JWT, which
// the verifier has cached: cut bytes at a position, insert bytes there,
// and append to the header (more cookies, a second JWT, ...), so that
// near misses of a cached string are what gets explored.
func FuzzCachedAnswerEqualsVerify(f *testing.F) {
	stytch := stytchtest.NewServer(f)
	v, err := verifier.NewLocal(f.Context(), stytch.ProjectID(), verifier.WithBaseURL(stytch.URL))
	if err != nil {
		f.Fatal(err)
	}
	tok, err := stytch.CreateSignedInUser("ada@example.com", "correct horse battery staple", stytchtest.SessionSpec{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(false, uint16(0), uint8(0), "", "")
	f.Add(true, uint16(0), uint8(0), "", "")
	f.Add(false, uint16(40), uint8(0), "*", "")
	f.Add(false, uint16(65535), uint8(0), "x", "")
	f.Add(false, uint16(65535), uint8(1), "", "")
	f.Add(false, uint16(0), uint8(0), "", "; stytch_session=a*b")
	f.Add(false, uint16(0), uint8(0), "", "; stytch_session=mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q")
	f.Add(false, uint16(0), uint8(0), "", "; stytch_session_jwt=a.b.c")
	f.Add(true, uint16(3), uint8(2), "", "; x=y")
	cached := newMiddleware(f, v).RequireSession(okHandler)
	plain := newMiddleware(f, onlyVerify{v}).RequireSession(okHandler)
	f.Fuzz(func(t *testing.T, bearer bool, pos uint16, cut uint8, insert, extra string) {
		jwt := tok.SessionJWT
		i := int(pos) % (len(jwt) + 1)
		value := jwt[:i] + insert + jwt[min(len(jwt), i+int(cut)):]
		r := newRequest("GET", "/")
		if bearer {
			r.Header["Authorization"] = []string{"Bearer " + value}
			r.Header["Cookie"] = []string{"theme=dark" + extra}
		} else {
			r.Header["Cookie"] = []string{"stytch_session_jwt=" + value + extra}
		}
		want := serve(plain, r)
		got := serve(cached, r)
		if got.Code != want.Code || got.Body.String() != want.Body.String() ||
			!slices.Equal(got.Header().Values("Set-Cookie"), want.Header().Values("Set-Cookie")) {
			t.Fatalf("with the cache: %d %q %q; without: %d %q %q",
				got.Code, got.Body, got.Header().Values("Set-Cookie"), want.Code, want.Body, want.Header().Values("Set-Cookie"))
		}
	})
}
