package cookie_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
)

const (
	testJWT   = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLXRlc3QifQ.c2lnbmF0dXJl"
	testToken = "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q"
)

func request(cookieLines ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "https://app.example/", nil)
	for _, l := range cookieLines {
		r.Header.Add("Cookie", l)
	}
	return r
}

func mustStore(t testing.TB, opts ...cookie.Option) *cookie.Store {
	t.Helper()
	s, err := cookie.New(opts...)
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}
	return s
}

func TestRead(t *testing.T) {
	tests := []struct {
		name    string
		lines   []string
		want    sessiongate.Credentials
		wantErr error
	}{
		{"none", nil, sessiongate.Credentials{}, sessiongate.ErrNoSession},
		{"other cookies only", []string{"theme=dark; stytch_session_jwtx=" + testJWT}, sessiongate.Credentials{}, sessiongate.ErrNoSession},
		{"empty values are absent", []string{"stytch_session=; stytch_session_jwt="}, sessiongate.Credentials{}, sessiongate.ErrNoSession},
		{"both", []string{"stytch_session=" + testToken + "; stytch_session_jwt=" + testJWT}, sessiongate.Credentials{JWT: testJWT, Token: testToken}, nil},
		{"jwt only", []string{"stytch_session_jwt=" + testJWT}, sessiongate.Credentials{JWT: testJWT}, nil},
		{"token only, split header lines", []string{"a=b", "stytch_session=" + testToken}, sessiongate.Credentials{Token: testToken}, nil},
		{"quoted value", []string{`stytch_session="` + testToken + `"`}, sessiongate.Credentials{Token: testToken}, nil},
		{"spaces around", []string{"  stytch_session=" + testToken + " ;x=y"}, sessiongate.Credentials{Token: testToken}, nil},
		{"duplicate token", []string{"stytch_session=" + testToken + "; stytch_session=" + testToken}, sessiongate.Credentials{}, sessiongate.ErrMalformedRequest},
		{"duplicate jwt across lines", []string{"stytch_session_jwt=" + testJWT, "stytch_session_jwt=x"}, sessiongate.Credentials{}, sessiongate.ErrMalformedRequest},
		{"duplicate with one empty", []string{"stytch_session=; stytch_session=" + testToken}, sessiongate.Credentials{}, sessiongate.ErrMalformedRequest},
		{"name differs in case is another cookie", []string{"Stytch_Session=" + testToken}, sessiongate.Credentials{}, sessiongate.ErrNoSession},
		{"jwt two segments", []string{"stytch_session_jwt=a.b"}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"jwt four segments", []string{"stytch_session_jwt=a.b.c.d"}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"jwt empty segment", []string{"stytch_session_jwt=a..c"}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"jwt padded base64", []string{"stytch_session_jwt=YQ==.YQ.YQ"}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"jwt std alphabet", []string{"stytch_session_jwt=a+b.c/d.e"}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"jwt json serialization", []string{`stytch_session_jwt={"payload":"x"}`}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"jwt oversize", []string{"stytch_session_jwt=" + strings.Repeat("a", 3000) + "." + strings.Repeat("b", 1100) + ".c"}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"token with dot", []string{"stytch_session=abc.def"}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"token with percent", []string{"stytch_session=abc%20def"}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"token oversize", []string{"stytch_session=" + strings.Repeat("a", cookie.MaxTokenLength+1)}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"bad token with good jwt", []string{"stytch_session=a~b; stytch_session_jwt=" + testJWT}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"non-ascii", []string{"stytch_session=tök"}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
	}
	s := mustStore(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Read(request(tc.lines...))
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("Read() error = %v, want %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("Read() = %+v, want %+v", got, tc.want)
			}
			if err != nil && (strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), testJWT)) {
				t.Errorf("Read() error %q echoes a credential", err)
			}
		})
	}
}

func TestReadCustomNamesAndPrefix(t *testing.T) {
	s := mustStore(t, cookie.WithServerManaged(), cookie.WithHostPrefix(), cookie.WithNames("sess", "sess_jwt"))
	if got, want := s.TokenName(), "__Host-sess"; got != want {
		t.Errorf("TokenName() = %q, want %q", got, want)
	}
	got, err := s.Read(request("sess=" + testToken + "; __Host-sess_jwt=" + testJWT))
	if err != nil {
		t.Fatalf("Read() error = %v", err)
	}
	if want := (sessiongate.Credentials{JWT: testJWT}); got != want {
		t.Errorf("Read() = %+v, want %+v (unprefixed name must be ignored)", got, want)
	}
}

func TestPresent(t *testing.T) {
	s := mustStore(t)
	if s.Present(request("x=y")) {
		t.Error("Present() = true without session cookies")
	}
	if !s.Present(request("stytch_session=%%bad")) {
		t.Error("Present() = false with a (bad) session cookie")
	}
}

func TestReadAllocs(t *testing.T) {
	s := mustStore(t)
	r := request("theme=dark; stytch_session=" + testToken + "; stytch_session_jwt=" + testJWT)
	if n := testing.AllocsPerRun(100, func() { _, _ = s.Read(r) }); n != 0 {
		t.Errorf("Read() allocs = %v, want 0", n)
	}
	known := func(jwt string) bool { return jwt == testJWT }
	if n := testing.AllocsPerRun(100, func() { _, _ = s.ReadKnown(r, known) }); n != 0 {
		t.Errorf("ReadKnown() allocs = %v, want 0", n)
	}
}

// TestReadKnown: a JWT value the caller knows skips only the JWT syntax
// check; the size cap and every other rule still apply.
func TestReadKnown(t *testing.T) {
	s := mustStore(t)
	const odd = "known-but-not-a-jwt" // fails IsJWT: shows the check was skipped
	var asked []string
	known := func(jwt string) bool { asked = append(asked, jwt); return jwt == odd }
	tests := []struct {
		name    string
		line    string
		wantJWT string
		wantErr error
		asked   int
	}{
		{"known value skips the check", "stytch_session_jwt=" + odd, odd, nil, 1},
		{"unknown value is checked", "stytch_session_jwt=unknown", "", sessiongate.ErrInvalidToken, 1},
		{"unknown genuine JWT passes the check", "stytch_session_jwt=" + testJWT, testJWT, nil, 1},
		{"bad token cookie still refused", "stytch_session_jwt=" + odd + "; stytch_session=a*b", "", sessiongate.ErrInvalidToken, 1},
		{"duplicate still refused", "stytch_session_jwt=" + odd + "; stytch_session_jwt=" + odd, "", sessiongate.ErrMalformedRequest, 0},
		{"over the cap never asked", "stytch_session_jwt=" + strings.Repeat("a", cookie.MaxJWTLength+1), "", sessiongate.ErrInvalidToken, 0},
		{"no JWT cookie never asked", "stytch_session=" + testToken, "", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked = nil
			c, err := s.ReadKnown(request(tt.line), known)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("ReadKnown() error = %v, want %v", err, tt.wantErr)
			}
			if c.JWT != tt.wantJWT {
				t.Errorf("ReadKnown() JWT = %q, want %q", c.JWT, tt.wantJWT)
			}
			if len(asked) != tt.asked {
				t.Errorf("known asked %d times (%q), want %d", len(asked), asked, tt.asked)
			}
		})
	}
	if _, err := s.ReadKnown(request("stytch_session_jwt="+odd), nil); !errors.Is(err, sessiongate.ErrInvalidToken) {
		t.Errorf("ReadKnown(nil) error = %v, want ErrInvalidToken (nil checks everything)", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add("stytch_session=" + testToken + "; stytch_session_jwt=" + testJWT)
	f.Add(`stytch_session="x"; stytch_session=`)
	f.Add("stytch_session_jwt=a.b.c.d;;;=")
	s := mustStore(f)
	// honest knows only strings that pass the check, as a verifier's cache
	// does: ReadKnown with it must answer exactly what Read answers.
	honest := func(jwt string) bool { return cookie.IsJWT(jwt, cookie.MaxJWTLength) }
	f.Fuzz(func(t *testing.T, line string) {
		c, err := s.Read(request(line))
		if kc, kerr := s.ReadKnown(request(line), honest); kc != c || (kerr == nil) != (err == nil) || kerr != nil && kerr.Error() != err.Error() {
			t.Fatalf("ReadKnown() = %+v, %v; Read() = %+v, %v", kc, kerr, c, err)
		}
		switch {
		case err == nil:
			if c.Empty() {
				t.Fatal("Read() = empty credentials without error")
			}
			if c.JWT != "" && !cookie.IsJWT(c.JWT, cookie.MaxJWTLength) || c.Token != "" && !cookie.IsToken(c.Token, cookie.MaxTokenLength) {
				t.Fatalf("Read() accepted %+v", c)
			}
		case !errors.Is(err, sessiongate.ErrNoSession) && !errors.Is(err, sessiongate.ErrMalformedRequest) && !errors.Is(err, sessiongate.ErrInvalidToken):
			t.Fatalf("Read() error = %v, want a sentinel", err)
		}
	})
}

func BenchmarkIsJWT(b *testing.B) {
	jwt := "eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("eyJzdWIiOiJ1c2VyLXRlc3QifQ", 60) + ".c2lnbmF0dXJl"
	for b.Loop() {
		if !cookie.IsJWT(jwt, cookie.MaxJWTLength) {
			b.Fatal("not a JWT")
		}
	}
}

var (
	jwtShape   = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)
	tokenShape = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// FuzzShapes checks IsJWT and IsToken against the regular expressions they
// implement.
func FuzzShapes(f *testing.F) {
	for _, s := range []string{testJWT, testToken, "a.b.c", "a..c", ".b.c", "a.b.", "a.b.c.d", "a+b.c.d", "", "é.b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := cookie.IsJWT(s, 1<<20), jwtShape.MatchString(s); got != want {
			t.Errorf("IsJWT(%q) = %v, want %v", s, got, want)
		}
		if got, want := cookie.IsToken(s, 1<<20), tokenShape.MatchString(s); got != want {
			t.Errorf("IsToken(%q) = %v, want %v", s, got, want)
		}
	})
}

func BenchmarkRead(b *testing.B) {
	s := mustStore(b)
	r := request("theme=dark; stytch_session=" + testToken + "; stytch_session_jwt=eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("eyJzdWIiOiJ1c2VyLXRlc3QifQ", 40) + ".c2lnbmF0dXJl")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Read(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadKnown is BenchmarkRead with the JWT already known, as when
// the middleware's verifier has it cached: the JWT syntax check is skipped.
func BenchmarkReadKnown(b *testing.B) {
	s := mustStore(b)
	jwt := "eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("eyJzdWIiOiJ1c2VyLXRlc3QifQ", 40) + ".c2lnbmF0dXJl"
	r := request("theme=dark; stytch_session=" + testToken + "; stytch_session_jwt=" + jwt)
	known := func(s string) bool { return s == jwt }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.ReadKnown(r, known); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadSealed(b *testing.B) {
	pairs := [][]byte{bytes.Repeat([]byte("h"), 32), bytes.Repeat([]byte("b"), 32)}
	jwt := "eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("eyJzdWIiOiJ1c2VyLXRlc3QifQ", 40) + ".c2lnbmF0dXJl"
	for _, bc := range []struct {
		name string
		opts []cookie.Option
	}{
		{"cache", nil},
		{"no-cache", []cookie.Option{cookie.WithSealCache(0)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := mustStore(b, append([]cookie.Option{cookie.WithServerManaged(), cookie.WithSealing(pairs...)}, bc.opts...)...)
			w := httptest.NewRecorder()
			if _, err := s.Write(w, nil, sessiongate.Credentials{JWT: jwt, Token: testToken}, time.Now().Add(time.Hour)); err != nil {
				b.Fatal(err)
			}
			r := request(cookieHeader(w.Header().Values("Set-Cookie")))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Read(r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
