package cookie

import (
	"cmp"
	"fmt"
	"net/http"
	"strings"

	"github.com/sessiongate/sessiongate"
)

// Read returns the raw session credentials carried by r's cookies,
// following the reading rules in the package doc. A server-managed token
// cookie written with a session id (see [Store.Write]) yields that id in
// the credentials' SessionID. It does not check the
// values' syntax: they are untrusted input for a verifier, which checks
// them strictly (the middleware checks their shape first, unless its
// verifier has the JWT cached). Errors wrap [sessiongate.ErrNoSession] (no
// cookie, or [ErrUnreadable]), [sessiongate.ErrMalformedRequest] (a name
// sent twice) or [sessiongate.ErrInvalidToken] (a value over its size
// cap); they never contain a cookie value. Read does not allocate for
// plain (unsealed) cookies.
func (s *Store) Read(r *http.Request) (sessiongate.Credentials, error) {
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
		if jwt, tok, c.OldSeal, err = s.open(jwt, tok); err != nil {
			return c, err
		}
	}
	if len(jwt) > MaxJWTLength || len(tok) > MaxTokenLength {
		return c, fmt.Errorf("%w: cookie: session cookie value over its size cap", sessiongate.ErrInvalidToken)
	}
	c.JWT, c.Token = jwt, tok
	s.unbind(&c)
	return c, nil
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
