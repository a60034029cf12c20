package cookie

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/sessiongate/sessiongate"
)

// Read returns the session credentials carried by r's cookies, following
// the reading rules in the package doc. Errors wrap
// [sessiongate.ErrNoSession] (no cookie, or [ErrUnreadable]),
// [sessiongate.ErrMalformedRequest] (a name sent twice) or
// [sessiongate.ErrInvalidToken] (a value outside the credential's alphabet
// or over its size cap); they never contain a cookie value. Read does not
// allocate for plain (unsealed) cookies.
func (s *Store) Read(r *http.Request) (sessiongate.Credentials, error) {
	var c sessiongate.Credentials
	jwt, nJWT := scan(r.Header, s.jwtName)
	tok, nTok := scan(r.Header, s.tokenName)
	if nJWT > 1 || nTok > 1 {
		return c, fmt.Errorf("%w: cookie: a session cookie name was sent more than once", sessiongate.ErrMalformedRequest)
	}
	if jwt == "" && tok == "" {
		return c, fmt.Errorf("%w: cookie: no session cookie", sessiongate.ErrNoSession)
	}
	if s.codecs != nil {
		var err error
		if jwt, tok, err = s.open(jwt, tok); err != nil {
			return c, err
		}
	}
	if jwt != "" && !IsJWT(jwt, MaxJWTLength) {
		return c, fmt.Errorf("%w: cookie: JWT cookie is not a compact JWT", sessiongate.ErrInvalidToken)
	}
	if tok != "" && !IsToken(tok, MaxTokenLength) {
		return c, fmt.Errorf("%w: cookie: token cookie has invalid characters or length", sessiongate.ErrInvalidToken)
	}
	c.JWT, c.Token = jwt, tok
	return c, nil
}

// Present reports whether r carries any non-empty session cookie, whatever
// its value.
func (s *Store) Present(r *http.Request) bool {
	jwt, _ := scan(r.Header, s.jwtName)
	tok, _ := scan(r.Header, s.tokenName)
	return jwt != "" || tok != ""
}

// scan returns the first non-empty value of the cookie called name in h's
// Cookie header lines and how many cookies of that name (empty or not) were
// sent. Surrounding double quotes are removed. It does not allocate.
func scan(h http.Header, name string) (value string, n int) {
	for _, line := range h["Cookie"] {
		for line != "" {
			var part string
			part, line, _ = strings.Cut(line, ";")
			k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
			if !ok || k != name {
				continue
			}
			n++
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			}
			if value == "" {
				value = v
			}
		}
	}
	return value, n
}

// IsToken reports whether s is a non-empty opaque session token of at most
// max bytes drawn from [A-Za-z0-9_-].
func IsToken(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	return allBase64URL(s)
}

// IsJWT reports whether s has the shape of a compact JWS of at most max
// bytes: exactly three non-empty base64url segments ([A-Za-z0-9_-], no
// padding) separated by dots. It checks the shape only, not the signature.
func IsJWT(s string, max int) bool {
	if len(s) > max {
		return false
	}
	i := strings.IndexByte(s, '.')
	if i <= 0 {
		return false
	}
	j := strings.IndexByte(s[i+1:], '.') + i + 1
	if j <= i+1 || j == len(s)-1 {
		return false
	}
	return allBase64URL(s[:i]) && allBase64URL(s[i+1:j]) && allBase64URL(s[j+1:])
}

// allBase64URL reports whether every byte of s is in the base64url
// alphabet. It tests eight bytes per branch: this runs on every request.
func allBase64URL(s string) bool {
	var bad byte
	for len(s) >= 8 {
		bad |= notBase64URL[s[0]] | notBase64URL[s[1]] | notBase64URL[s[2]] | notBase64URL[s[3]] |
			notBase64URL[s[4]] | notBase64URL[s[5]] | notBase64URL[s[6]] | notBase64URL[s[7]]
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		bad |= notBase64URL[s[i]]
	}
	return bad == 0
}

// notBase64URL is 1 for the bytes outside the unpadded base64url alphabet
// [A-Za-z0-9_-]. It is never written after initialisation.
var notBase64URL = func() (t [256]byte) {
	for b := range t {
		t[b] = 1
	}
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" {
		t[c] = 0
	}
	return t
}()
