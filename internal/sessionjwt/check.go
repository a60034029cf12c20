package sessionjwt

import (
	"errors"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/strictjson"
)

// This file checks claims (Claims.Check) and API sessions (CheckSession).

// Policy is what a session JWT's claims are checked against.
type Policy struct {
	Issuers   []string      // accepted iss values, compared exactly
	ProjectID string        // must be in aud
	Leeway    time.Duration // tolerated clock skew
}

// Result is a session JWT's checked content.
type Result struct {
	Session  *sessiongate.Session // UserID from sub, CustomClaims set
	IssuedAt int64                // iat, Unix seconds
	Expiry   int64                // exp, Unix seconds
}

// Check validates verified claims at now and returns the session: iss and
// aud name the project, sub is a user id in Stytch's shape, the session
// claim is present, the custom claims decode, exp, iat and nbf pass
// (see the package doc), and the session's started_at and last_accessed_at
// are not later than now + leeway. A session claim without expires_at
// takes exp's. Errors wrap ErrInvalidToken, except for a token whose exp
// (beyond leeway) or session expires_at has passed: then the Result is
// complete and the error wraps ErrExpired.
func (c *Claims) Check(p Policy, now time.Time) (Result, error) {
	if !c.NamesProject(p) {
		return Result{}, invalid("iss or aud does not name this project")
	}
	sub, ok := strictjson.String(c.sub)
	if !ok || !IsUserID(sub) {
		return Result{}, invalid("sub is not a user id")
	}
	s := c.session
	if s == nil {
		return Result{}, invalid("no session claim")
	}
	var err error
	if s.CustomClaims, err = c.customClaims(); err != nil {
		return Result{}, err
	}
	t, err := c.checkTimes(now, p.Leeway)
	if err != nil && !errors.Is(err, sessiongate.ErrExpired) {
		return Result{}, err
	}
	if serr := notInFuture(s, now, p.Leeway); serr != nil {
		return Result{}, serr
	}
	s.UserID = sub
	if s.ExpiresAt.IsZero() {
		s.ExpiresAt = time.Unix(t.exp, 0).UTC() // legacy JWTs without the inner expires_at
	} else if err == nil && !now.Before(s.ExpiresAt) {
		err = expired("session expired")
	}
	return Result{Session: s, IssuedAt: t.iat, Expiry: t.exp}, err
}

// notInFuture rejects a session that started, or was last used, after
// now + leeway.
func notInFuture(s *sessiongate.Session, now time.Time, leeway time.Duration) error {
	limit := now.Add(leeway)
	if s.StartedAt.After(limit) || s.LastAccessedAt.After(limit) {
		return invalid("session started_at or last_accessed_at in the future")
	}
	return nil
}

// CheckSession applies to a session that did not come from a JWT (an API
// answer) the rules a session claim meets: session and user ids in
// Stytch's shape, at most 64 factors and 256 roles, started_at and
// last_accessed_at not later than now + leeway, and expires_at, when set,
// after now. Errors wrap ErrInvalidToken, except for a passed expires_at:
// ErrExpired.
func CheckSession(s *sessiongate.Session, now time.Time, leeway time.Duration) error {
	switch {
	case !IsSessionID(s.SessionID) || !IsUserID(s.UserID):
		return invalid("session or user id not in Stytch's shape")
	case len(s.AuthenticationFactors) > maxFactors || len(s.Roles) > maxRoles:
		return invalid("too many factors or roles")
	}
	if err := notInFuture(s, now, leeway); err != nil {
		return err
	}
	if !s.ExpiresAt.IsZero() && !now.Before(s.ExpiresAt) {
		return expired("session expired")
	}
	return nil
}
