package shape

import "strings"

// Token reports whether s is a non-empty string of at most max bytes drawn
// from the base64url alphabet: ^[A-Za-z0-9_-]+$ plus the length cap.
func Token(s string, max int) bool {
	return s != "" && len(s) <= max && scan(s)&notBase64URL == 0
}

// JWT reports whether s has the shape of a compact JWS of at most max
// bytes: ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ plus the length
// cap. It checks the shape only, not the signature.
func JWT(s string, max int) bool {
	if len(s) > max || scan(s)&notBase64URLDot != 0 {
		return false
	}
	i := strings.IndexByte(s, '.')
	if i <= 0 {
		return false
	}
	rest := s[i+1:]
	j := strings.IndexByte(rest, '.')
	return j > 0 && j < len(rest)-1 && strings.IndexByte(rest[j+1:], '.') < 0
}

// B64Token reports whether s is an RFC 6750 §2.1 b64token:
// ^[A-Za-z0-9._~+/-]+=*$.
func B64Token(s string) bool {
	body := strings.TrimRight(s, "=")
	return body != "" && scan(body)&notB64Token == 0
}

// Class bits: a byte's entry in classes has the bit of every alphabet it
// is outside of.
const (
	notBase64URL    = 1 << iota // [A-Za-z0-9_-]
	notBase64URLDot             // [A-Za-z0-9_.-]
	notB64Token                 // [A-Za-z0-9._~+/-]
)

// scan returns the union of the class bits of s's bytes: s is in an
// alphabet when the alphabet's bit is clear. It tests eight bytes per
// branch.
func scan(s string) byte {
	var bad byte
	for ; len(s) >= 8; s = s[8:] {
		bad |= classes[s[0]] | classes[s[1]] | classes[s[2]] | classes[s[3]] |
			classes[s[4]] | classes[s[5]] | classes[s[6]] | classes[s[7]]
	}
	for i := 0; i < len(s); i++ {
		bad |= classes[s[i]]
	}
	return bad
}

// classes is never written after initialisation.
var classes = func() (t [256]byte) {
	for b := range t {
		t[b] = notBase64URL | notBase64URLDot | notB64Token
	}
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" {
		t[c] = 0
	}
	t['.'] = notBase64URL
	for _, c := range "~+/" {
		t[c] = notBase64URL | notBase64URLDot
	}
	return t
}()
