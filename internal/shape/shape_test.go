package shape

import (
	"regexp"
	"strings"
	"testing"
)

type alphabet byte

const (
	base64URL    alphabet = notBase64URL
	base64URLDot alphabet = notBase64URLDot
	b64token     alphabet = notB64Token
)

// in is the per-byte definition of each alphabet, written independently of
// the word-at-a-time code.
func in(b byte, a alphabet) bool {
	switch {
	case 'A' <= b && b <= 'Z', 'a' <= b && b <= 'z', '0' <= b && b <= '9', b == '-', b == '_':
		return true
	case a == base64URLDot:
		return b == '.'
	case a == b64token:
		return strings.IndexByte(".~+/", b) >= 0
	}
	return false
}

// TestScanEveryByteEveryPosition puts each byte value at every position
// of strings of 1 to 17 bytes (the unrolled body and the tail) and compares
// scan with the per-byte definition of each alphabet.
func TestScanEveryByteEveryPosition(t *testing.T) {
	for n := 1; n <= 17; n++ {
		for pos := 0; pos < n; pos++ {
			for b := 0; b < 256; b++ {
				s := []byte(strings.Repeat("a", n))
				s[pos] = byte(b)
				for _, a := range []alphabet{base64URL, base64URLDot, b64token} {
					if got, want := scan(string(s))&byte(a) == 0, in(byte(b), a); got != want {
						t.Fatalf("alphabet %d, byte %#x at %d of %d: accepted = %v, want %v", a, b, pos, n, got, want)
					}
				}
			}
		}
	}
}

func TestShapes(t *testing.T) {
	tests := []struct {
		s                string
		jwt, token, b64t bool
	}{
		{"", false, false, false},
		{"a.b.c", true, false, true},
		{"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl", true, false, true},
		{"a..c", false, false, true},
		{".b.c", false, false, true},
		{"a.b.", false, false, true},
		{"a.b.c.d", false, false, true},
		{"a.b", false, false, true},
		{"abc", false, true, true},
		{"a+b/c~d==", false, false, true},
		{"====", false, false, false},
		{"a=b", false, false, false},
		{"a b", false, false, false},
		{"a\x00b", false, false, false},
		{"é.b.c", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			if got := JWT(tt.s, 100); got != tt.jwt {
				t.Errorf("JWT(%q) = %v, want %v", tt.s, got, tt.jwt)
			}
			if got := Token(tt.s, 100); got != tt.token {
				t.Errorf("Token(%q) = %v, want %v", tt.s, got, tt.token)
			}
			if got := B64Token(tt.s); got != tt.b64t {
				t.Errorf("B64Token(%q) = %v, want %v", tt.s, got, tt.b64t)
			}
		})
	}
}

func TestLengthCaps(t *testing.T) {
	jwt := "aaaa.bbbb.cccc"
	if !JWT(jwt, len(jwt)) || JWT(jwt, len(jwt)-1) {
		t.Errorf("JWT cap: want accepted at %d bytes and refused at %d", len(jwt), len(jwt)-1)
	}
	if !Token("abcd", 4) || Token("abcde", 4) {
		t.Error("Token cap: want accepted at 4 bytes and refused at 5")
	}
}

var (
	jwtRE      = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)
	tokenRE    = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	b64tokenRE = regexp.MustCompile(`^[A-Za-z0-9._~+/-]+=*$`)
)

// FuzzShapesMatchRegexp checks every exported function against the regular
// expression it implements.
func FuzzShapesMatchRegexp(f *testing.F) {
	for _, s := range []string{"a.b.c", "abcdefgh.ijklmnop.qrstuvwx", "a+/~.-_=", "é", "a.b.c.d", "\x80aaaaaaa", "aaaaaaa\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := JWT(s, 1<<20), jwtRE.MatchString(s); got != want {
			t.Errorf("JWT(%q) = %v, want %v", s, got, want)
		}
		if got, want := Token(s, 1<<20), tokenRE.MatchString(s); got != want {
			t.Errorf("Token(%q) = %v, want %v", s, got, want)
		}
		if got, want := B64Token(s), b64tokenRE.MatchString(s); got != want {
			t.Errorf("B64Token(%q) = %v, want %v", s, got, want)
		}
	})
}

var sink bool

func BenchmarkJWT(b *testing.B) {
	jwt := "eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("eyJzdWIiOiJ1c2VyLXRlc3QifQ", 40) + ".c2lnbmF0dXJl"
	b.SetBytes(int64(len(jwt)))
	for b.Loop() {
		sink = JWT(jwt, 4096)
	}
}

func BenchmarkB64Token(b *testing.B) {
	jwt := "eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("eyJzdWIiOiJ1c2VyLXRlc3QifQ", 40) + ".c2lnbmF0dXJl"
	b.SetBytes(int64(len(jwt)))
	for b.Loop() {
		sink = B64Token(jwt)
	}
}
