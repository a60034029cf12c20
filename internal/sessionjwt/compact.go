package sessionjwt

import (
	"encoding/base64"
	"strings"

	"github.com/sessiongate/sessiongate/internal/shape"
)

// This file holds the compact-form gate and the strict base64url decoding.

// MaxLength caps the size of a JWT accepted for verification. Stytch's
// session JWTs are about 1–2 KiB; custom claims are limited to 4 KB.
const MaxLength = 8 << 10

var b64 = base64.RawURLEncoding.Strict()

// compact is a JWT split at its dots. Every field points into the token.
type compact struct {
	header, payload, signature string
	signingInput               string
}

// splitCompact enforces the JWS compact form before anything is parsed:
// at most MaxLength bytes of [A-Za-z0-9_-] in exactly three non-empty
// dot-separated segments (RFC 8725bis §3.14; security.md F2, F5).
func splitCompact(tok string) (compact, error) {
	var c compact
	if !shape.JWT(tok, MaxLength) {
		return c, invalid("token is not in compact form or too long")
	}
	// shape.JWT found exactly two dots. Both are found forwards:
	// strings.IndexByte is vectorised, LastIndexByte is a byte loop over
	// the 342-byte signature.
	d1 := strings.IndexByte(tok, '.')
	d2 := d1 + 1 + strings.IndexByte(tok[d1+1:], '.')
	c.header, c.payload, c.signature = tok[:d1], tok[d1+1:d2], tok[d2+1:]
	c.signingInput = tok[:d2]
	return c, nil
}

// CheckCompact reports, as an error wrapping ErrInvalidToken, a token that
// is not in the compact form Parse requires; it decodes nothing.
func CheckCompact(tok string) error {
	_, err := splitCompact(tok)
	return err
}

// decodeSegment base64url-decodes one segment strictly: no padding, no
// standard alphabet, no non-zero trailing bits (security.md F5).
func decodeSegment(seg string, buf []byte) ([]byte, error) {
	n := b64.DecodedLen(len(seg))
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	m, err := b64.Decode(buf, []byte(seg))
	if err != nil {
		return nil, invalid("bad base64url segment")
	}
	return buf[:m], nil
}

// decodeJSONSegment decodes a segment that holds JSON. The result is one
// string that every decoded value slices into; the scanner checks that it
// is UTF-8 (RFC 8725 §3.7).
func decodeJSONSegment(seg string) (string, error) {
	var stack [2048]byte
	b, err := decodeSegment(seg, stack[:0])
	if err != nil {
		return "", err
	}
	return string(b), nil
}
