// Package claims holds the layout of a Stytch session JWT's payload, shared
// by the emulator that mints it and the verifier that reads it.
package claims

import (
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
)

// SessionClaim is the top-level claim that carries the session object.
const SessionClaim = "https://stytch.com/session"

// StytchPrefix starts every claim name Stytch reserves for itself.
const StytchPrefix = "https://stytch.com/"

// Lifetime is the fixed lifetime of a session JWT (exp - iat).
const Lifetime = 5 * time.Minute

// registered are the JWT claim names that custom claims may not use.
var registered = [...]string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}

// IsRegistered reports whether name is a registered JWT claim that a custom
// claim may not replace.
func IsRegistered(name string) bool {
	for _, r := range registered {
		if name == r {
			return true
		}
	}
	return false
}

// IsStytch reports whether name lies in Stytch's reserved namespace.
func IsStytch(name string) bool { return strings.HasPrefix(name, StytchPrefix) }

// Session is the value of the [SessionClaim] claim. Its timestamps are RFC 3339
// strings with second precision, as Stytch writes them.
type Session struct {
	ID                    string                             `json:"id"`
	StartedAt             string                             `json:"started_at"`
	LastAccessedAt        string                             `json:"last_accessed_at"`
	ExpiresAt             string                             `json:"expires_at,omitempty"`
	Attributes            sessiongate.Attributes             `json:"attributes"`
	AuthenticationFactors []sessiongate.AuthenticationFactor `json:"authentication_factors"`
	Roles                 []string                           `json:"roles"`
}

// FromSession builds the claim for s, truncating every timestamp to the
// second as Stytch does.
func FromSession(s *sessiongate.Session) Session {
	c := Session{
		ID:             s.SessionID,
		StartedAt:      Timestamp(s.StartedAt),
		LastAccessedAt: Timestamp(s.LastAccessedAt),
		ExpiresAt:      Timestamp(s.ExpiresAt),
		Roles:          s.Roles,
	}
	if s.Attributes != nil {
		c.Attributes = *s.Attributes
	}
	if c.Roles == nil {
		c.Roles = []string{}
	}
	c.AuthenticationFactors = make([]sessiongate.AuthenticationFactor, len(s.AuthenticationFactors))
	for i, f := range s.AuthenticationFactors {
		f.LastAuthenticatedAt = truncate(f.LastAuthenticatedAt)
		f.CreatedAt = truncate(f.CreatedAt)
		f.UpdatedAt = truncate(f.UpdatedAt)
		c.AuthenticationFactors[i] = f
	}
	return c
}

// Timestamp formats t as Stytch writes claim timestamps, or "" for the zero time.
func Timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

func truncate(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}
