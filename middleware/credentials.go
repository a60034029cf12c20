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

// credentials applies the precedence contract: an Authorization: Bearer
// header first, then the session cookies. Other Authorization schemes
// (Basic, ...) are ignored, so they never hide the cookies. A JWT for
// which known returns true skips the syntax check (nil: check all).
func (m *Middleware) credentials(r *http.Request, known func(jwt string) bool) (sessiongate.Credentials, CredentialSource, error) {
	if c, found, err := bearer(r.Header["Authorization"], known); found || err != nil {
		return c, CredentialHeader, err
	}
	if m.cookies == nil {
		return sessiongate.Credentials{}, CredentialNone, errNoCredential
	}
	c, err := m.cookies.ReadKnown(r, known)
	if errors.Is(err, sessiongate.ErrNoSession) && !errors.Is(err, cookie.ErrUnreadable) {
		return c, CredentialNone, err
	}
	return c, CredentialCookie, err
}

var errNoCredential = fmt.Errorf("%w: middleware: no credential", sessiongate.ErrNoSession)

// bearer finds the Bearer credential among Authorization header values.
// Header syntax problems (RFC 6750 §2.1 b64token violated, two Bearer
// headers) wrap ErrMalformedRequest (400 invalid_request); a well-formed
// value that is neither a compact JWT nor an opaque token wraps
// ErrInvalidToken (401 invalid_token). A value known returns true for is
// a JWT the verifier already verified, whose syntax needs no check.
func bearer(values []string, known func(string) bool) (c sessiongate.Credentials, found bool, err error) {
	var raw string
	for _, v := range values {
		if len(v) < 6 || !strings.EqualFold(v[:6], "bearer") || (len(v) > 6 && v[6] != ' ' && v[6] != '\t') {
			continue
		}
		if found {
			return c, true, fmt.Errorf("%w: middleware: more than one Bearer credential", sessiongate.ErrMalformedRequest)
		}
		raw, found = strings.TrimLeft(v[6:], " "), true
	}
	if !found {
		return c, false, nil
	}
	// The happy paths first: both shapes are b64tokens, so a value that
	// has one is checked once.
	switch {
	case len(raw) <= MaxBearerJWTLength && known != nil && known(raw), shape.JWT(raw, MaxBearerJWTLength):
		c.JWT = raw
	case shape.Token(raw, cookie.MaxTokenLength):
		c.Token = raw
	case !shape.B64Token(raw):
		return c, true, fmt.Errorf("%w: middleware: Authorization header is not Bearer <b64token>", sessiongate.ErrMalformedRequest)
	default:
		return c, true, fmt.Errorf("%w: middleware: Bearer value is neither a session JWT nor a session token", sessiongate.ErrInvalidToken)
	}
	return c, true, nil
}
