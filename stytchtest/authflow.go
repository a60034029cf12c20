package stytchtest

import (
	"time"

	"github.com/sessiongate/sessiongate"
)

var (
	errTooManySessionArgs = newError(400, "too_many_session_arguments",
		"Only one of session_token or session_jwt may be provided.")
	errNoSessionArgs   = newError(400, "no_session_arguments", "One of session_token or session_jwt must be provided.")
	errInvalidToken    = newError(400, "invalid_session_token", "Session token format is invalid.")
	errSessionMismatch = newError(400, "session_user_mismatch",
		"The session belongs to a different user than the one authenticating.")
)

// Session duration bounds, in minutes.
const (
	minDurationMinutes = 5
	maxDurationMinutes = 527040
)

// sessionCreds are the session credentials a request body names.
type sessionCreds struct {
	token string
	jwt   string
}

func (c sessionCreds) present() bool { return c.token != "" || c.jwt != "" }

// target names a session: by token, or by the session id and subject of a
// JWT whose signature has been checked.
type target struct {
	token     string
	sessionID string
	sub       string
}

// target checks c's form, and a JWT's signature, without the lock.
func (e *Emulator) target(c sessionCreds) (target, *apiError) {
	switch {
	case c.token != "" && c.jwt != "":
		return target{}, errTooManySessionArgs
	case c.token != "":
		if !wellFormedToken(c.token) {
			return target{}, errInvalidToken
		}
		return target{token: c.token}, nil
	case c.jwt != "":
		sub, id, err := e.parseJWT(c.jwt)
		return target{sessionID: id, sub: sub}, err
	}
	return target{}, errNoSessionArgs
}

// findLocked returns the live session t names. The caller holds e.mu.
func (e *Emulator) findLocked(t target) (*session, *apiError) {
	id := t.sessionID
	if t.token != "" {
		var ok bool
		if id, ok = e.tokens[t.token]; !ok {
			return nil, errSessionNotFound
		}
	}
	s, err := e.liveLocked(id)
	if err != nil {
		return nil, err
	}
	if t.sub != "" && t.sub != s.s.UserID {
		return nil, errSessionNotFound
	}
	return s, nil
}

// change is what an authentication does to a session.
type change struct {
	duration *int                              // reset expiry to now + N minutes
	claims   map[string]any                    // custom-claims patch
	factor   *sessiongate.AuthenticationFactor // factor to add or refresh
	authz    *authorizationCheck               // RBAC check the session must pass first
}

func (c change) validate() *apiError {
	if c.duration != nil && (*c.duration < minDurationMinutes || *c.duration > maxDurationMinutes) {
		return errBadDuration
	}
	if err := checkClaimNames(c.claims); err != nil {
		return err
	}
	_, err := mergeClaims(nil, c.claims)
	return err
}

// applyLocked applies c to s, all or nothing. The caller holds e.mu.
func (e *Emulator) applyLocked(s *session, c change) *apiError {
	merged, err := mergeClaims(s.s.CustomClaims, c.claims)
	if err != nil {
		return err
	}
	now := e.Now()
	s.s.CustomClaims = merged
	s.s.LastAccessedAt = now
	if c.duration != nil {
		s.s.ExpiresAt = now.Add(time.Duration(*c.duration) * time.Minute)
	}
	if c.factor != nil {
		s.s.AuthenticationFactors = addFactor(s.s.AuthenticationFactors, *c.factor)
	}
	return nil
}

// authenticate is sessions/authenticate: it finds the live session c names,
// applies ch and mints a fresh JWT.
func (e *Emulator) authenticate(c sessionCreds, ch change) (issued, *apiError) {
	if err := ch.validate(); err != nil {
		return issued{}, err
	}
	t, err := e.target(c)
	if err != nil {
		return issued{}, err
	}
	e.mu.Lock()
	s, err := e.findLocked(t)
	if err == nil {
		err = e.authorizeLocked(s, ch.authz)
	}
	if err == nil {
		err = e.applyLocked(s, ch)
	}
	if err != nil {
		e.mu.Unlock()
		return issued{}, err
	}
	return e.issueLocked(s), nil
}

// authenticateFactor records that userID proved ch.factor: on the session c
// names when present, else on a new session when ch.duration is set. It
// returns nil when neither applies (the endpoint then answers no session).
func (e *Emulator) authenticateFactor(userID string, c sessionCreds, ch change) (*issued, *apiError) {
	if err := ch.validate(); err != nil {
		return nil, err
	}
	if !c.present() {
		if ch.duration == nil {
			return nil, nil
		}
		claims, err := mergeClaims(nil, ch.claims)
		if err != nil {
			return nil, err
		}
		e.mu.Lock()
		d := time.Duration(*ch.duration) * time.Minute
		s := e.startLocked(userID, d, []sessiongate.AuthenticationFactor{*ch.factor}, claims)
		out := e.issueLocked(s)
		return &out, nil
	}
	t, err := e.target(c)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	s, err := e.findLocked(t)
	if err == nil && s.s.UserID != userID {
		err = errSessionMismatch
	}
	if err == nil {
		err = e.applyLocked(s, ch)
	}
	if err != nil {
		e.mu.Unlock()
		return nil, err
	}
	out := e.issueLocked(s)
	return &out, nil
}

// addFactor refreshes the factor of the same kind in fs, or appends f,
// keeping at most MaxFactors (the least recently authenticated go first).
func addFactor(fs []sessiongate.AuthenticationFactor, f sessiongate.AuthenticationFactor) []sessiongate.AuthenticationFactor {
	for i := range fs {
		if sameFactor(fs[i], f) {
			fs[i].LastAuthenticatedAt = f.LastAuthenticatedAt
			fs[i].UpdatedAt = f.UpdatedAt
			return fs
		}
	}
	fs = append(fs, f)
	for len(fs) > MaxFactors {
		oldest := 0
		for i := range fs {
			if fs[i].LastAuthenticatedAt.Before(fs[oldest].LastAuthenticatedAt) {
				oldest = i
			}
		}
		fs = append(fs[:oldest], fs[oldest+1:]...)
	}
	return fs
}

// sameFactor reports whether a and b are the same factor: same type,
// delivery method and detail object.
func sameFactor(a, b sessiongate.AuthenticationFactor) bool {
	if a.Type != b.Type || a.DeliveryMethod != b.DeliveryMethod {
		return false
	}
	strip := func(f sessiongate.AuthenticationFactor) sessiongate.AuthenticationFactor {
		f.LastAuthenticatedAt, f.CreatedAt, f.UpdatedAt = time.Time{}, time.Time{}, time.Time{}
		return f
	}
	return jsonEqual(strip(a), strip(b))
}
