package middleware

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/internal/shape"
)

// CredentialSource says where a request's credentials came from.
type CredentialSource string

// Credential sources.
const (
	CredentialNone   CredentialSource = "none"
	CredentialHeader CredentialSource = "header"
	CredentialCookie CredentialSource = "cookie"
)

// MaxBearerJWTLength caps a JWT sent in an Authorization header, in bytes.
// Longer values are invalid tokens (401).
const MaxBearerJWTLength = 8192

// credentials is the first step of reading a request's credentials: it
// applies the precedence contract (an Authorization: Bearer header first,
// then the session cookies) and returns the raw values, unchecked. A Bearer
// value, JWT or token, is returned in JWT until [checkShapes] classifies
// it. Other Authorization schemes (Basic, ...) are ignored, so they never
// hide the cookies.
func (m *Middleware) credentials(r *http.Request) (sessiongate.Credentials, CredentialSource, error) {
	if raw, found, err := bearer(r.Header["Authorization"]); found || err != nil {
		return sessiongate.Credentials{JWT: raw}, CredentialHeader, err
	}
	if m.cookies == nil {
		return sessiongate.Credentials{}, CredentialNone, errNoCredential
	}
	c, err := m.cookies.Read(r)
	if errors.Is(err, sessiongate.ErrNoSession) && !errors.Is(err, cookie.ErrUnreadable) {
		return c, CredentialNone, err
	}
	return c, CredentialCookie, err
}

var errNoCredential = fmt.Errorf("%w: middleware: no credential", sessiongate.ErrNoSession)

// bearer finds the raw Bearer value among Authorization header values. Two
// Bearer headers wrap ErrMalformedRequest (400 invalid_request).
func bearer(values []string) (raw string, found bool, err error) {
	for _, v := range values {
		if len(v) < 6 || !strings.EqualFold(v[:6], "bearer") || (len(v) > 6 && v[6] != ' ' && v[6] != '\t') {
			continue
		}
		if found {
			return "", true, fmt.Errorf("%w: middleware: more than one Bearer credential", sessiongate.ErrMalformedRequest)
		}
		raw, found = strings.TrimLeft(v[6:], " "), true
	}
	return raw, found, nil
}

// checkShapes is the second step, for credentials the verifier's cache did
// not answer for: it classifies a Bearer value as a JWT or a token and
// checks the syntax of every value. Header syntax problems (RFC 6750 §2.1
// b64token violated) wrap ErrMalformedRequest (400 invalid_request); a
// value of the wrong shape wraps ErrInvalidToken (401 invalid_token).
func checkShapes(c sessiongate.Credentials, src CredentialSource) (sessiongate.Credentials, error) {
	if src == CredentialHeader {
		return bearerShape(c.JWT)
	}
	if c.JWT != "" && !shape.JWT(c.JWT, cookie.MaxJWTLength) {
		return c, fmt.Errorf("%w: middleware: JWT cookie is not a compact JWT", sessiongate.ErrInvalidToken)
	}
	if !tokenShaped(c) {
		return c, fmt.Errorf("%w: middleware: token cookie has invalid characters or length", sessiongate.ErrInvalidToken)
	}
	return c, nil
}

// tokenShaped reports whether c's token, and the session id it is bound
// to, have the shape of a session token and id (or are absent).
func tokenShaped(c sessiongate.Credentials) bool {
	return (c.Token == "" || shape.Token(c.Token, cookie.MaxTokenLength)) &&
		(c.SessionID == "" || shape.Token(c.SessionID, maxSessionIDLength))
}

// maxSessionIDLength caps the session id a token cookie is bound to.
const maxSessionIDLength = 128

// errMixedPair refuses a token cookie bound to another session than the
// one verified: the cookies of two sessions were mixed.
var errMixedPair = fmt.Errorf("%w: middleware: the session cookies belong to different sessions", sessiongate.ErrInvalidToken)

// checkBinding refuses v when c's token is bound to another session.
func checkBinding(c sessiongate.Credentials, v *sessiongate.Verification) error {
	if c.SessionID != "" && c.SessionID != v.Session.SessionID {
		return errMixedPair
	}
	return nil
}

// bearerShape classifies a raw Bearer value. Both credential shapes are
// b64tokens, so a value that has one is checked once.
func bearerShape(raw string) (c sessiongate.Credentials, err error) {
	switch {
	case shape.JWT(raw, MaxBearerJWTLength):
		c.JWT = raw
	case shape.Token(raw, cookie.MaxTokenLength):
		c.Token = raw
	case !shape.B64Token(raw):
		err = fmt.Errorf("%w: middleware: Authorization header is not Bearer <b64token>", sessiongate.ErrMalformedRequest)
	default:
		err = fmt.Errorf("%w: middleware: Bearer value is neither a session JWT nor a session token", sessiongate.ErrInvalidToken)
	}
	return c, err
}

// checkedCredentials is both steps at once, for paths that never ask the
// cache (logout).
func (m *Middleware) checkedCredentials(r *http.Request) (sessiongate.Credentials, CredentialSource, error) {
	c, src, err := m.credentials(r)
	if err == nil {
		c, err = checkShapes(c, src)
	}
	return c, src, err
}
