package cookie

import (
	"cmp"
	"fmt"
	"net/http"
	"strings"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/shape"
)

// Read returns the session credentials carried by r's cookies, following
// the reading rules in the package doc. Errors wrap
// [sessiongate.ErrNoSession] (no cookie, or [ErrUnreadable]),
// [sessiongate.ErrMalformedRequest] (a name sent twice) or
// [sessiongate.ErrInvalidToken] (a value outside the credential's alphabet
// or over its size cap); they never contain a cookie value. Read does not
// allocate for plain (unsealed) cookies.
func (s *Store) Read(r *http.Request) (sessiongate.Credentials, error) {
	return s.ReadKnown(r, nil)
}

// ReadKnown is [Store.Read], except that a JWT cookie value for which known
// returns true skips the JWT syntax check, which is the costliest part of
// reading (about half a microsecond for a 1.5 KB JWT). known should return
// true only for strings that passed the check before, such as JWTs a
// verifier has verified and cached: a value equal to one that passed also
// passes. The middleware passes a function that asks its verifier's cache
// ([middleware.CachingVerifier]). A nil known checks every value, like
// Read. Every other rule (duplicates, size caps, sealing, the token
// cookie's alphabet) still applies, and known is called at most once.
//
// [middleware.CachingVerifier]: https://pkg.go.dev/github.com/sessiongate/sessiongate/middleware#CachingVerifier
func (s *Store) ReadKnown(r *http.Request, known func(jwt string) bool) (sessiongate.Credentials, error) {
	var c sessiongate.Credentials
	jwt, nJWT, tok, nTok := scan(r.Header, s.jwtName, s.tokenName)
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
	if jwt != "" && !(len(jwt) <= MaxJWTLength && known != nil && known(jwt)) && !IsJWT(jwt, MaxJWTLength) {
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
	jwt, _, tok, _ := scan(r.Header, s.jwtName, s.tokenName)
	return jwt != "" || tok != ""
}

// scan returns, for the cookies called a and b in h's Cookie header lines,
// the first non-empty value of each and how many cookies of that name
// (empty or not) were sent, in one pass over the header. A pair is what
// lies between semicolons, trimmed of white space (strings.TrimSpace); its
// name is what precedes its first "=". Surrounding double quotes are
// removed from a value. It does not allocate.
func scan(h http.Header, a, b string) (va string, na int, vb string, nb int) {
	for _, line := range h["Cookie"] {
		for line != "" {
			pair := line
			if i := strings.IndexByte(line, ';'); i >= 0 {
				pair, line = line[:i], line[i+1:]
			} else {
				line = ""
			}
			pair = strings.TrimSpace(pair)
			if v, ok := valueOf(pair, a); ok {
				na++
				va = cmp.Or(va, v)
			} else if v, ok := valueOf(pair, b); ok {
				nb++
				vb = cmp.Or(vb, v)
			}
		}
	}
	return va, na, vb, nb
}

// valueOf returns pair's value, unquoted, when its name is name. Names are
// HTTP tokens (validName), which never contain "=", so pair's name is name
// exactly when pair starts with name and "=": no search for the "=" is
// needed, and other cookies' pairs are dismissed on their first bytes.
func valueOf(pair, name string) (string, bool) {
	if len(pair) <= len(name) || pair[len(name)] != '=' || pair[:len(name)] != name {
		return "", false
	}
	v := pair[len(name)+1:]
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	return v, true
}

// IsToken reports whether s is a non-empty opaque session token of at most
// max bytes drawn from [A-Za-z0-9_-].
func IsToken(s string, max int) bool { return shape.Token(s, max) }

// IsJWT reports whether s has the shape of a compact JWS of at most max
// bytes: exactly three non-empty base64url segments ([A-Za-z0-9_-], no
// padding) separated by dots. It checks the shape only, not the signature.
func IsJWT(s string, max int) bool { return shape.JWT(s, max) }
