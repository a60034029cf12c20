package verifier

import (
	"strings"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/claims"
)

// maxClaims caps the number of top-level claims (custom claims included).
const maxClaims = 64

// rawClaims are the top-level members of a payload, read by exact name.
type rawClaims struct {
	iss, sub, aud, exp, iat, nbf string
	session                      *sessiongate.Session // decoded in place
	custom                       [][2]string          // name, value
}

// parseClaims scans a decoded payload: valid JSON object, no duplicate
// names, no case variant of a reserved name, no M2M scope (security.md F9,
// F10), no B2B organization claim.
func parseClaims(payload string) (*rawClaims, error) {
	rc := &rawClaims{}
	n := 0
	s := jsonScanner{data: payload}
	err := s.objectIn(func(name string, s *jsonScanner) error {
		if n++; n > maxClaims {
			return invalid("too many claims")
		}
		if name == claims.SessionClaim {
			if rc.session != nil {
				return invalid("duplicate name")
			}
			var err error
			rc.session, err = decodeSessionIn(s)
			return err
		}
		value, err := s.raw()
		if err != nil {
			return err
		}
		return rc.add(name, value)
	})
	if err == nil && s.peek() != 0 {
		err = errJSONSyntax
	}
	if err != nil {
		return nil, asInvalid("bad payload", err)
	}
	return rc, nil
}

func (rc *rawClaims) add(name, value string) error {
	switch name {
	case "iss":
		return setOnce(&rc.iss, value)
	case "sub":
		return setOnce(&rc.sub, value)
	case "aud":
		return setOnce(&rc.aud, value)
	case "exp":
		return setOnce(&rc.exp, value)
	case "iat":
		return setOnce(&rc.iat, value)
	case "nbf":
		return setOnce(&rc.nbf, value)
	case "jti":
		return nil
	case "scope":
		return invalid("token carries scope: not a session JWT")
	}
	if isReservedVariant(name) {
		return invalid("claim name is a variant of a reserved name")
	}
	for _, c := range rc.custom {
		if c[0] == name {
			return invalid("duplicate claim")
		}
	}
	rc.custom = append(rc.custom, [2]string{name, value})
	return nil
}

// isReservedVariant reports names that are not a reserved claim name but
// equal one ignoring case, or that lie in Stytch's namespace.
func isReservedVariant(name string) bool {
	for _, r := range [...]string{"iss", "sub", "aud", "exp", "iat", "nbf", "jti", "scope"} {
		if strings.EqualFold(name, r) {
			return true
		}
	}
	return len(name) >= len(claims.StytchPrefix) &&
		strings.EqualFold(name[:len(claims.StytchPrefix)], claims.StytchPrefix)
}

// issuerAudienceOK reports whether iss is one of issuers and aud contains
// projectID. It reads unverified claims only to decide whether a JWKS refresh
// is worth it, and again after the signature check.
func (rc *rawClaims) issuerAudienceOK(issuers []string, projectID string) bool {
	iss, ok := jsonString(rc.iss)
	if !ok {
		return false
	}
	found := false
	for _, want := range issuers {
		found = found || iss == want
	}
	return found && audienceContains(rc.aud, projectID)
}

// audienceContains accepts aud as a string or an array of strings (RFC 7519
// §4.1.3) and requires projectID among them. Non-string elements reject.
func audienceContains(aud string, projectID string) bool {
	if s, ok := jsonString(aud); ok {
		return s == projectID
	}
	if len(aud) == 0 || aud[0] != '[' {
		return false
	}
	found, n := false, 0
	err := eachElement(aud, func(v string) error {
		s, ok := jsonString(v)
		if n++; !ok || n > 16 {
			return errJSONSyntax
		}
		found = found || s == projectID
		return nil
	})
	return err == nil && found
}

// customClaims decodes the custom claims, or returns nil when there are none.
func (rc *rawClaims) customClaims() (map[string]any, error) {
	if len(rc.custom) == 0 {
		return nil, nil
	}
	m := make(map[string]any, len(rc.custom))
	for _, c := range rc.custom {
		v, err := decodeAny(c[1])
		if err != nil {
			return nil, invalidf("bad custom claim", err)
		}
		m[c[0]] = v
	}
	return m, nil
}
