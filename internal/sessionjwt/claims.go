package sessionjwt

import (
	"strings"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/claims"
	"github.com/sessiongate/sessiongate/internal/strictjson"
)

// This file reads the payload's top-level claims by exact name.

// maxClaims caps the number of top-level claims (custom claims included).
const maxClaims = 64

// Claims are the top-level members of a payload, read by exact name: the
// registered claims as raw JSON, the session claim decoded, and the custom
// claims. Parsing rejects duplicate names, case variants of reserved names,
// names in Stytch's namespace other than the session claim, and scope.
type Claims struct {
	iss, sub, aud, exp, iat, nbf string
	session                      *sessiongate.Session // decoded in place
	custom                       [][2]string          // name, raw value
}

// parseClaims scans a decoded payload: a valid JSON object, no duplicate
// names, no case variant of a reserved name, no M2M scope (security.md F9,
// F10), no B2B organization claim.
func parseClaims(payload string) (*Claims, error) {
	c := &Claims{}
	n := 0
	s, err := strictjson.NewScanner(payload)
	if err == nil {
		err = s.Object(func(name string, s *strictjson.Scanner) error {
			if n++; n > maxClaims {
				return invalid("too many claims")
			}
			return c.member(name, s)
		})
	}
	if err == nil {
		err = s.End()
	}
	if err != nil {
		return nil, asInvalid("bad payload", err)
	}
	return c, nil
}

// member reads one top-level claim at s.
func (c *Claims) member(name string, s *strictjson.Scanner) error {
	if name == claims.SessionClaim {
		if c.session != nil {
			return invalid("duplicate name")
		}
		var err error
		c.session, err = decodeSession(s, false)
		return err
	}
	value, err := s.Raw()
	if err != nil {
		return err
	}
	return c.add(name, value)
}

func (c *Claims) add(name, value string) error {
	switch name {
	case "iss":
		return setOnce(&c.iss, value)
	case "sub":
		return setOnce(&c.sub, value)
	case "aud":
		return setOnce(&c.aud, value)
	case "exp":
		return setOnce(&c.exp, value)
	case "iat":
		return setOnce(&c.iat, value)
	case "nbf":
		return setOnce(&c.nbf, value)
	case "jti":
		return nil
	case "scope":
		return invalid("token carries scope: not a session JWT")
	}
	if isReservedVariant(name) {
		return invalid("claim name is a variant of a reserved name")
	}
	for _, cc := range c.custom {
		if cc[0] == name {
			return invalid("duplicate claim")
		}
	}
	c.custom = append(c.custom, [2]string{name, value})
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

// customClaims decodes the custom claims, or returns nil when there are none.
func (c *Claims) customClaims() (map[string]any, error) {
	if len(c.custom) == 0 {
		return nil, nil
	}
	m := make(map[string]any, len(c.custom))
	for _, cc := range c.custom {
		v, err := strictjson.Decode(cc[1])
		if err != nil {
			return nil, invalidf("bad custom claim", err)
		}
		m[cc[0]] = v
	}
	return m, nil
}
