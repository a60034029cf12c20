package verifier

import (
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sessiongate/sessiongate"
)

// MaxTokenLength caps the size of a JWT accepted for verification. Stytch's
// session JWTs are about 1–2 KiB; custom claims are limited to 4 KB.
const MaxTokenLength = 8 << 10

var b64 = base64.RawURLEncoding.Strict()

// outsideCharset is 1 for every byte outside [A-Za-z0-9_.-]. Read-only.
var outsideCharset = func() (t [256]byte) {
	for i := range t {
		t[i] = 1
	}
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") {
		t[c] = 0
	}
	return t
}()

// compact is a JWT split by the gate. Every field points into the token.
type compact struct {
	header, payload, signature string
	signingInput               string
}

// splitCompact enforces the JWS compact form before anything is parsed:
// at most MaxTokenLength bytes of [A-Za-z0-9_-] in exactly three non-empty
// dot-separated segments (RFC 8725bis §3.14; security.md F2, F5). It is
// equivalent to the regular expression
// ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ plus the length cap.
func splitCompact(tok string) (compact, error) {
	var c compact
	if len(tok) == 0 || len(tok) > MaxTokenLength {
		return c, invalid("token length out of range")
	}
	if !inCharset(tok) || strings.Count(tok, ".") != 2 {
		return c, invalid("token is not in compact form")
	}
	d1, d2 := strings.IndexByte(tok, '.'), strings.LastIndexByte(tok, '.')
	if d1 == 0 || d2 == d1+1 || d2 == len(tok)-1 {
		return c, invalid("token is not in compact form")
	}
	c.header, c.payload, c.signature = tok[:d1], tok[d1+1:d2], tok[d2+1:]
	c.signingInput = tok[:d2]
	return c, nil
}

// inCharset reports whether every byte of s is in [A-Za-z0-9_.-]. The loop
// is branch-free so that the gate costs well under a nanosecond per byte.
func inCharset(s string) bool {
	var bad byte
	i := 0
	for ; i+4 <= len(s); i += 4 {
		bad |= outsideCharset[s[i]] | outsideCharset[s[i+1]] | outsideCharset[s[i+2]] | outsideCharset[s[i+3]]
	}
	for ; i < len(s); i++ {
		bad |= outsideCharset[s[i]]
	}
	return bad == 0
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

// decodeJSONSegment decodes a segment that must hold UTF-8 JSON (RFC 8725
// §3.7). The result is one string that every decoded value slices into.
func decodeJSONSegment(seg string) (string, error) {
	var stack [2048]byte
	b, err := decodeSegment(seg, stack[:0])
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", invalid("segment is not UTF-8")
	}
	return string(b), nil
}

// invalid returns an error wrapping [sessiongate.ErrInvalidToken].
func invalid(reason string) error {
	return fmt.Errorf("%w: %s", sessiongate.ErrInvalidToken, reason)
}

// invalidf is invalid with a wrapped cause described by %v (never %w, so that
// internal error types do not become API).
func invalidf(reason string, err error) error {
	return fmt.Errorf("%w: %s: %v", sessiongate.ErrInvalidToken, reason, err)
}
