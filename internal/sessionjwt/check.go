package sessionjwt

import (
	"errors"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/claims"
	"github.com/sessiongate/sessiongate/internal/strictjson"
)

// This file checks claims (Claims.NamesProject, Claims.Check) and API
// sessions (CheckSession).

// Policy is what a session JWT's claims are checked against.
type Policy struct {
	Issuers   []string      // accepted iss values, compared exactly
	ProjectID string        // must be in aud
	Leeway    time.Duration // tolerated clock skew
}

// maxAudiences caps the elements of an aud array.
const maxAudiences = 16

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

// NamesProject reports whether iss is one of p.Issuers and aud contains
// p.ProjectID. On unverified claims it only says whether a token is worth a
// JWKS refresh; [Claims.Check] applies it again after the signature check.
func (c *Claims) NamesProject(p Policy) bool {
	iss, ok := strictjson.String(c.iss)
	if !ok {
		return false
	}
	found := false
	for _, want := range p.Issuers {
		found = found || iss == want
	}
	return found && audienceContains(c.aud, p.ProjectID)
}

// audienceContains accepts aud as a string or an array of strings (RFC 7519
// §4.1.3) and requires projectID among them. Non-string elements reject.
func audienceContains(aud string, projectID string) bool {
	if s, ok := strictjson.String(aud); ok {
		return s == projectID
	}
	if len(aud) == 0 || aud[0] != '[' {
		return false
	}
	found, n := false, 0
	err := strictjson.EachElement(aud, func(v string) error {
		s, ok := strictjson.String(v)
		if n++; !ok || n > maxAudiences {
			return strictjson.ErrSyntax
		}
		found = found || s == projectID
		return nil
	})
	return err == nil && found
}

// times are the checked registered time claims of a JWT, in Unix seconds.
type times struct {
	iat, exp int64
}

// checkTimes validates exp, iat and nbf against now with leeway: exp > iat,
// exp − iat within the JWT lifetime plus leeway, iat and nbf not in the
// future beyond leeway; a passed exp (beyond leeway) is ErrExpired.
func (c *Claims) checkTimes(now time.Time, leeway time.Duration) (times, error) {
	var t times
	var err error
	if t.exp, err = numericDate(c.exp, "exp"); err != nil {
		return t, err
	}
	if t.iat, err = numericDate(c.iat, "iat"); err != nil {
		return t, err
	}
	lw := int64(leeway / time.Second)
	if t.exp <= t.iat || t.exp-t.iat > int64(claims.Lifetime/time.Second)+lw {
		return t, invalid("exp − iat outside the JWT lifetime")
	}
	n := now.Unix()
	if t.iat > n+lw {
		return t, invalid("iat in the future")
	}
	if c.nbf != "" {
		nbf, err := numericDate(c.nbf, "nbf")
		if err != nil {
			return t, err
		}
		if nbf > n+lw {
			return t, invalid("nbf in the future")
		}
	}
	if n >= t.exp+lw {
		return t, expired("exp passed")
	}
	return t, nil
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
