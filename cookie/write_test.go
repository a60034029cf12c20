package cookie_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
)

var expires = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

func TestNewRejects(t *testing.T) {
	key32, key16 := bytes.Repeat([]byte("k"), 32), bytes.Repeat([]byte("b"), 16)
	tests := []struct {
		name string
		opts []cookie.Option
	}{
		{"host prefix without server-managed", []cookie.Option{cookie.WithHostPrefix()}},
		{"host prefix with domain", []cookie.Option{cookie.WithServerManaged(), cookie.WithHostPrefix(), cookie.WithDomain("example.com")}},
		{"host prefix insecure", []cookie.Option{cookie.WithServerManaged(), cookie.WithHostPrefix(), cookie.WithInsecure()}},
		{"sealing frontend-managed", []cookie.Option{cookie.WithSealing(key32, key16)}},
		{"odd key count", []cookie.Option{cookie.WithServerManaged(), cookie.WithSealing(key32)}},
		{"short hash key", []cookie.Option{cookie.WithServerManaged(), cookie.WithSealing(key16, key16)}},
		{"bad block key", []cookie.Option{cookie.WithServerManaged(), cookie.WithSealing(key32, key32[:20])}},
		{"no block key", []cookie.Option{cookie.WithServerManaged(), cookie.WithSealing(key32, nil)}},
		{"seal max age zero", []cookie.Option{cookie.WithServerManaged(), cookie.WithSealing(key32, key16), cookie.WithSealMaxAge(0)}},
		{"same names", []cookie.Option{cookie.WithNames("a", "a")}},
		{"empty name", []cookie.Option{cookie.WithNames("", "a")}},
		{"name with space", []cookie.Option{cookie.WithNames("a b", "c")}},
		{"name with prefix", []cookie.Option{cookie.WithNames("__Host-a", "c")}},
		{"bad domain", []cookie.Option{cookie.WithDomain("exa mple.com")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if s, err := cookie.New(tc.opts...); err == nil || s != nil {
				t.Errorf("New() = %v, %v; want nil and an error", s, err)
			}
		})
	}
}

func setCookies(t *testing.T, s *cookie.Store, host string, c sessiongate.Credentials) ([]string, cookie.WriteResult) {
	t.Helper()
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "https://"+host+"/", nil)
	res, err := s.Write(w, r, c, expires)
	if err != nil {
		t.Fatalf("Write() error = %v", err)
	}
	return w.Header().Values("Set-Cookie"), res
}

func TestWriteAttributes(t *testing.T) {
	exp := "Expires=Wed, 02 Jan 2030 03:04:05 GMT"
	tests := []struct {
		name string
		opts []cookie.Option
		host string
		want []string
	}{
		{"frontend-managed", nil, "app.example", []string{
			"stytch_session=" + testToken + "; Path=/; " + exp + "; Secure; SameSite=Lax",
			"stytch_session_jwt=" + testJWT + "; Path=/; " + exp + "; Secure; SameSite=Lax"}},
		{"frontend-managed on localhost", nil, "localhost:8080", []string{
			"stytch_session=" + testToken + "; Path=/; " + exp + "; SameSite=Lax",
			"stytch_session_jwt=" + testJWT + "; Path=/; " + exp + "; SameSite=Lax"}},
		{"frontend-managed on 127.0.0.2", nil, "127.0.0.2", []string{
			"stytch_session=" + testToken + "; Path=/; " + exp + "; SameSite=Lax",
			"stytch_session_jwt=" + testJWT + "; Path=/; " + exp + "; SameSite=Lax"}},
		{"server-managed", []cookie.Option{cookie.WithServerManaged()}, "localhost", []string{
			"stytch_session=" + testToken + "; Path=/; " + exp + "; HttpOnly; Secure; SameSite=Lax",
			"stytch_session_jwt=" + testJWT + "; Path=/; " + exp + "; HttpOnly; Secure; SameSite=Lax"}},
		{"server-managed host prefix", []cookie.Option{cookie.WithServerManaged(), cookie.WithHostPrefix()}, "app.example", []string{
			"__Host-stytch_session=" + testToken + "; Path=/; " + exp + "; HttpOnly; Secure; SameSite=Lax",
			"__Host-stytch_session_jwt=" + testJWT + "; Path=/; " + exp + "; HttpOnly; Secure; SameSite=Lax"}},
		{"server-managed domain insecure", []cookie.Option{cookie.WithServerManaged(), cookie.WithDomain("example.com"), cookie.WithInsecure()}, "app.example.com", []string{
			"stytch_session=" + testToken + "; Path=/; Domain=example.com; " + exp + "; HttpOnly; SameSite=Lax",
			"stytch_session_jwt=" + testJWT + "; Path=/; Domain=example.com; " + exp + "; HttpOnly; SameSite=Lax"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, res := setCookies(t, mustStore(t, tc.opts...), tc.host, sessiongate.Credentials{JWT: testJWT, Token: testToken})
			if res.JWTDropped {
				t.Error("JWTDropped = true, want false")
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Set-Cookie =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// attrs strips a Set-Cookie line of its value and expiry, leaving the
// attributes that must match between setting and clearing.
func attrs(line string) string {
	var keep []string
	for i, p := range strings.Split(line, "; ") {
		switch {
		case i == 0:
			name, _, _ := strings.Cut(p, "=")
			keep = append(keep, name)
		case strings.HasPrefix(p, "Expires="), strings.HasPrefix(p, "Max-Age="):
		default:
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "; ")
}

func TestClearMirrorsWrite(t *testing.T) {
	modes := map[string][]cookie.Option{
		"frontend":    nil,
		"server":      {cookie.WithServerManaged(), cookie.WithDomain("example.com")},
		"host prefix": {cookie.WithServerManaged(), cookie.WithHostPrefix(), cookie.WithSealing(bytes.Repeat([]byte("h"), 32), bytes.Repeat([]byte("b"), 32))},
	}
	for name, opts := range modes {
		t.Run(name, func(t *testing.T) {
			s := mustStore(t, opts...)
			set, _ := setCookies(t, s, "app.example.com", sessiongate.Credentials{JWT: testJWT, Token: testToken})
			w := httptest.NewRecorder()
			s.Clear(w, httptest.NewRequest(http.MethodGet, "https://app.example.com/", nil))
			cleared := w.Header().Values("Set-Cookie")
			if len(cleared) != len(set) {
				t.Fatalf("Clear() wrote %d cookies, want %d", len(cleared), len(set))
			}
			for i := range set {
				if got, want := attrs(cleared[i]), attrs(set[i]); got != want {
					t.Errorf("cleared attributes %q, want %q", got, want)
				}
				if !strings.Contains(cleared[i], "=; ") || !strings.Contains(cleared[i], "Max-Age=0") || !strings.Contains(cleared[i], "Expires=Thu, 01 Jan 1970 00:00:00 GMT") {
					t.Errorf("cleared cookie %q lacks empty value, Max-Age=0 or epoch Expires", cleared[i])
				}
			}
		})
	}
}

func bigJWT(n int) string {
	return "eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("x", n) + ".c2ln"
}

func TestWriteSizeGuard(t *testing.T) {
	tests := []struct {
		name     string
		opts     []cookie.Option
		jwtLen   int
		wantDrop bool
	}{
		{"plain fits", nil, 3900, false},
		{"plain too big", nil, 4050, true},
		{"sealed fits", []cookie.Option{cookie.WithServerManaged(), cookie.WithSealing(bytes.Repeat([]byte("h"), 32), bytes.Repeat([]byte("b"), 16))}, 1500, false},
		{"sealed too big", []cookie.Option{cookie.WithServerManaged(), cookie.WithSealing(bytes.Repeat([]byte("h"), 32), bytes.Repeat([]byte("b"), 16))}, 2400, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustStore(t, tc.opts...)
			got, res := setCookies(t, s, "app.example", sessiongate.Credentials{JWT: bigJWT(tc.jwtLen), Token: testToken})
			if res.JWTDropped != tc.wantDrop {
				t.Fatalf("JWTDropped = %v, want %v", res.JWTDropped, tc.wantDrop)
			}
			if len(got) != 2 {
				t.Fatalf("wrote %d cookies, want 2", len(got))
			}
			for _, line := range got {
				if len(line) > cookie.MaxCookieLength {
					t.Errorf("Set-Cookie line of %d bytes exceeds %d", len(line), cookie.MaxCookieLength)
				}
			}
			jwtLine := got[1]
			if cleared := strings.Contains(jwtLine, "Max-Age=0"); cleared != tc.wantDrop {
				t.Errorf("JWT cookie cleared = %v, want %v (%.80s)", cleared, tc.wantDrop, jwtLine)
			}
			if strings.Contains(got[0], "Max-Age=0") {
				t.Error("token cookie cleared, want it written")
			}
		})
	}
}

func TestWriteOnlyGivenCredentials(t *testing.T) {
	got, _ := setCookies(t, mustStore(t), "app.example", sessiongate.Credentials{JWT: testJWT})
	if len(got) != 1 || !strings.HasPrefix(got[0], "stytch_session_jwt=") {
		t.Errorf("Set-Cookie = %q, want only the JWT cookie", got)
	}
}

func TestWriteSealedSessionCookie(t *testing.T) {
	s := mustStore(t, cookie.WithServerManaged(), cookie.WithSealing(bytes.Repeat([]byte("h"), 64), bytes.Repeat([]byte("b"), 24)))
	w := httptest.NewRecorder()
	if _, err := s.Write(w, httptest.NewRequest(http.MethodGet, "/", nil), sessiongate.Credentials{Token: testToken}, time.Time{}); err != nil {
		t.Fatalf("Write() error = %v", err)
	}
	if line := w.Header().Get("Set-Cookie"); strings.Contains(line, testToken) || strings.Contains(line, "Expires=") {
		t.Errorf("Set-Cookie = %q: want a sealed browser-session cookie", line)
	}
}
