package cookie_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
)

var (
	oldHash, oldBlock = bytes.Repeat([]byte("o"), 32), bytes.Repeat([]byte("O"), 32)
	newHash, newBlock = bytes.Repeat([]byte("n"), 32), bytes.Repeat([]byte("N"), 32)
)

func sealedStore(t *testing.T, pairs ...[]byte) *cookie.Store {
	t.Helper()
	return mustStore(t, cookie.WithServerManaged(), cookie.WithHostPrefix(), cookie.WithSealing(pairs...))
}

// cookieHeader turns Set-Cookie lines into a request Cookie header.
func cookieHeader(lines []string) string {
	var parts []string
	for _, l := range lines {
		nv, _, _ := strings.Cut(l, ";")
		parts = append(parts, nv)
	}
	return strings.Join(parts, "; ")
}

func TestSealedRoundTripAndRotation(t *testing.T) {
	creds := sessiongate.Credentials{JWT: testJWT, Token: testToken}
	old := sealedStore(t, oldHash, oldBlock)
	lines, _ := setCookies(t, old, "app.example", creds)
	for _, l := range lines {
		if strings.Contains(l, testToken) || strings.Contains(l, "eyJ") {
			t.Fatalf("sealed cookie %q shows the credential", l)
		}
	}
	rotated := sealedStore(t, newHash, newBlock, oldHash, oldBlock)
	stale := creds
	stale.OldSeal = true // opened with the older pair: to be re-sealed
	for name, tc := range map[string]struct {
		s    *cookie.Store
		want sessiongate.Credentials
	}{"same keys": {old, creds}, "rotated keys": {rotated, stale}} {
		for round := range 2 { // the second read comes from the open cache
			got, err := tc.s.Read(request(cookieHeader(lines)))
			if err != nil || got != tc.want {
				t.Errorf("%s, read %d: Read() = %+v, %v; want %+v", name, round, got, err, tc.want)
			}
		}
	}
	// New values are sealed with the new key: the old store cannot open them,
	// and the rotated store reads them as current.
	newLines, _ := setCookies(t, rotated, "app.example", creds)
	if got, err := rotated.Read(request(cookieHeader(newLines))); err != nil || got != creds {
		t.Errorf("rotated store Read(new value) = %+v, %v; want %+v", got, err, creds)
	}
	if _, err := old.Read(request(cookieHeader(newLines))); !errors.Is(err, cookie.ErrUnreadable) {
		t.Errorf("old store Read(new value) error = %v, want ErrUnreadable", err)
	}
	// Dropping the old key retires the old values.
	retired := sealedStore(t, newHash, newBlock)
	if _, err := retired.Read(request(cookieHeader(lines))); !errors.Is(err, cookie.ErrUnreadable) {
		t.Errorf("retired key Read() error = %v, want ErrUnreadable", err)
	}
}

func TestSealedBadValues(t *testing.T) {
	s := sealedStore(t, oldHash, oldBlock)
	lines, _ := setCookies(t, s, "app.example", sessiongate.Credentials{JWT: testJWT, Token: testToken})
	tok, jwt := lines[0], lines[1]
	tokVal := strings.TrimPrefix(strings.SplitN(tok, ";", 2)[0], "__Host-stytch_session=")
	jwtVal := strings.TrimPrefix(strings.SplitN(jwt, ";", 2)[0], "__Host-stytch_session_jwt=")
	flip := func(v string) string {
		b := []byte(v)
		i := len(b) / 2
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	tests := []struct {
		name string
		line string
	}{
		{"tampered token", "__Host-stytch_session=" + flip(tokVal)},
		{"tampered jwt with good token", "__Host-stytch_session=" + tokVal + "; __Host-stytch_session_jwt=" + flip(jwtVal)},
		{"values swapped between names", "__Host-stytch_session=" + jwtVal + "; __Host-stytch_session_jwt=" + tokVal},
		{"unsealed value", "__Host-stytch_session=" + testToken},
		{"garbage", "__Host-stytch_session=%%%"},
		{"oversize", "__Host-stytch_session=" + strings.Repeat("A", cookie.MaxCookieLength+1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Read(request(tc.line))
			if !errors.Is(err, cookie.ErrUnreadable) || !errors.Is(err, sessiongate.ErrNoSession) {
				t.Fatalf("Read() error = %v, want ErrUnreadable wrapping ErrNoSession", err)
			}
			if !got.Empty() {
				t.Errorf("Read() = %+v, want empty credentials", got)
			}
		})
	}
}

func TestSealedDuplicateIsMalformed(t *testing.T) {
	s := sealedStore(t, oldHash, oldBlock)
	_, err := s.Read(request("__Host-stytch_session=a; __Host-stytch_session=b"))
	if !errors.Is(err, sessiongate.ErrMalformedRequest) {
		t.Errorf("Read() error = %v, want ErrMalformedRequest", err)
	}
}

func TestSealedWriteRequestIndependent(t *testing.T) {
	s := sealedStore(t, oldHash, oldBlock)
	w := httptest.NewRecorder()
	if _, err := s.Write(w, nil, sessiongate.Credentials{Token: testToken}, expires); err != nil {
		t.Fatalf("Write(nil request) error = %v", err)
	}
	if c := w.Result().Cookies(); len(c) != 1 || !c[0].Secure || !c[0].HttpOnly || c[0].SameSite != http.SameSiteLaxMode {
		t.Errorf("cookies = %+v, want one Secure HttpOnly Lax cookie", c)
	}
}
