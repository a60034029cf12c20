package cookie_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
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

// TestRead pins the first step of reading: duplicates, absence and size
// caps are Read's; any other syntax passes through raw, for the
// middleware's shape check and the verifier's parser.
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
		{"raw: jwt two segments", []string{"stytch_session_jwt=a.b"}, sessiongate.Credentials{JWT: "a.b"}, nil},
		{"raw: jwt four segments", []string{"stytch_session_jwt=a.b.c.d"}, sessiongate.Credentials{JWT: "a.b.c.d"}, nil},
		{"raw: jwt empty segment", []string{"stytch_session_jwt=a..c"}, sessiongate.Credentials{JWT: "a..c"}, nil},
		{"raw: jwt padded base64", []string{"stytch_session_jwt=YQ==.YQ.YQ"}, sessiongate.Credentials{JWT: "YQ==.YQ.YQ"}, nil},
		{"raw: jwt std alphabet", []string{"stytch_session_jwt=a+b.c/d.e"}, sessiongate.Credentials{JWT: "a+b.c/d.e"}, nil},
		{"raw: jwt json serialization", []string{`stytch_session_jwt={"payload":"x"}`}, sessiongate.Credentials{JWT: `{"payload":"x"}`}, nil},
		{"jwt oversize", []string{"stytch_session_jwt=" + strings.Repeat("a", 3000) + "." + strings.Repeat("b", 1100) + ".c"}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"raw: token with dot", []string{"stytch_session=abc.def"}, sessiongate.Credentials{Token: "abc.def"}, nil},
		{"raw: token with percent", []string{"stytch_session=abc%20def"}, sessiongate.Credentials{Token: "abc%20def"}, nil},
		{"token oversize", []string{"stytch_session=" + strings.Repeat("a", cookie.MaxTokenLength+1)}, sessiongate.Credentials{}, sessiongate.ErrInvalidToken},
		{"raw: bad token with good jwt", []string{"stytch_session=a~b; stytch_session_jwt=" + testJWT}, sessiongate.Credentials{JWT: testJWT, Token: "a~b"}, nil},
		{"raw: non-ascii", []string{"stytch_session=tök"}, sessiongate.Credentials{Token: "tök"}, nil},
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

func TestReadAllocs(t *testing.T) {
	s := mustStore(t)
	r := request("theme=dark; stytch_session=" + testToken + "; stytch_session_jwt=" + testJWT)
	if n := testing.AllocsPerRun(100, func() { _, _ = s.Read(r) }); n != 0 {
		t.Errorf("Read() allocs = %v, want 0", n)
	}
}

func FuzzRead(f *testing.F) {
	f.Add("stytch_session=" + testToken + "; stytch_session_jwt=" + testJWT)
	f.Add(`stytch_session="x"; stytch_session=`)
	f.Add("stytch_session_jwt=a.b.c.d;;;=")
	s := mustStore(f)
	// Read returns raw values: they must come from the header, within
	// their caps, and every error must wrap a sentinel without echoing.
	f.Fuzz(func(t *testing.T, line string) {
		c, err := s.Read(request(line))
		switch {
		case err == nil:
			if c.Empty() {
				t.Fatal("Read() = empty credentials without error")
			}
			if !strings.Contains(line, c.JWT) || !strings.Contains(line, c.Token) ||
				len(c.JWT) > cookie.MaxJWTLength || len(c.Token) > cookie.MaxTokenLength {
				t.Fatalf("Read() = %+v, not raw values of %q within their caps", c, line)
			}
		case !errors.Is(err, sessiongate.ErrNoSession) && !errors.Is(err, sessiongate.ErrMalformedRequest) && !errors.Is(err, sessiongate.ErrInvalidToken):
			t.Fatalf("Read() error = %v, want a sentinel", err)
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
