package stytchtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sessiongate/sessiongate"
)

// MaxFactors caps the authentication factors one session keeps; adding more
// drops the least recently authenticated.
const MaxFactors = 16

// DefaultSessionDuration is the lifetime of a session [Emulator.CreateSession]
// starts when [SessionSpec.Duration] is zero.
const DefaultSessionDuration = 60 * time.Minute

// SessionSpec describes a session for [Emulator.CreateSession].
type SessionSpec struct {
	// Duration is the session's lifetime from Now; default [DefaultSessionDuration].
	Duration time.Duration
	// Factors are the session's factors, with any timestamps (for step-up
	// tests); default one password factor (delivery knowledge) at Now.
	Factors []sessiongate.AuthenticationFactor
	// CustomClaims are the session's custom claims, validated as Stytch does.
	CustomClaims map[string]any
	// Attributes are the session's client attributes; default empty strings.
	Attributes *sessiongate.Attributes
}

// Tokens are the credentials of a session and the session itself.
type Tokens struct {
	SessionToken string
	SessionJWT   string
	Session      sessiongate.Session
}

// issued is a session snapshot with fresh credentials, the result of every
// call that starts or authenticates a session.
type issued struct {
	session sessiongate.Session
	token   string
	jwt     string
	user    userJSON
}

// CreateSession starts a session for the user userID as spec describes and
// returns its token, a JWT minted at Now, and the session. It fails for an
// unknown user, a negative duration, more than [MaxFactors] factors, and
// custom claims Stytch would reject (reserved names, over 4 KB).
func (e *Emulator) CreateSession(userID string, spec SessionSpec) (Tokens, error) {
	if spec.Duration < 0 {
		return Tokens{}, errors.New("stytchtest: negative session duration")
	}
	if spec.Duration == 0 {
		spec.Duration = DefaultSessionDuration
	}
	if err := checkClaimNames(spec.CustomClaims); err != nil {
		return Tokens{}, err
	}
	claims, err := mergeClaims(nil, spec.CustomClaims)
	if err != nil {
		return Tokens{}, err
	}
	if len(spec.Factors) > MaxFactors {
		return Tokens{}, fmt.Errorf("stytchtest: more than %d factors", MaxFactors)
	}
	e.mu.Lock()
	u, ok := e.users[userID]
	if !ok {
		e.mu.Unlock()
		return Tokens{}, errUserNotFound
	}
	now := e.Now()
	factors := spec.Factors
	if factors == nil {
		factors = []sessiongate.AuthenticationFactor{u.passwordFactor(now)}
	}
	s := e.startLocked(userID, spec.Duration, factors, claims)
	if spec.Attributes != nil {
		attrs := *spec.Attributes
		s.s.Attributes = &attrs
	}
	out := e.issueLocked(s)
	return Tokens{SessionToken: out.token, SessionJWT: out.jwt, Session: out.session}, nil
}

// startLocked stores a new session. The caller holds e.mu.
func (e *Emulator) startLocked(userID string, d time.Duration, f []sessiongate.AuthenticationFactor, claims map[string]any) *session {
	now := e.Now()
	s := &session{token: newSessionToken(), s: sessiongate.Session{
		SessionID: newID("session"), UserID: userID,
		StartedAt: now, LastAccessedAt: now, ExpiresAt: now.Add(d),
		Attributes:            &sessiongate.Attributes{},
		AuthenticationFactors: append([]sessiongate.AuthenticationFactor(nil), f...),
		CustomClaims:          claims,
		Roles:                 e.userRolesLocked(userID),
	}}
	e.sessions[s.s.SessionID] = s
	e.tokens[s.token] = s.s.SessionID
	return s
}

// issueLocked snapshots s with a JWT minted at Now and releases e.mu, so the
// RSA signature is computed outside the lock. The caller holds e.mu.
func (e *Emulator) issueLocked(s *session) issued {
	out := issued{session: copySession(&s.s), token: s.token, user: e.userJSONLocked(s.s.UserID)}
	key, iat := e.current, e.Now().Unix()
	e.mu.Unlock()
	out.jwt = e.mint(key, &out.session, iat)
	return out
}

// MintJWT returns a fresh JWT for the live session sessionID, issued at Now.
// It does not change the session. The error for a revoked, expired or
// unknown session matches [sessiongate.ErrSessionNotFound].
func (e *Emulator) MintJWT(sessionID string) (string, error) {
	e.mu.Lock()
	s, err := e.liveLocked(sessionID)
	if err != nil {
		e.mu.Unlock()
		return "", err
	}
	return e.issueLocked(s).jwt, nil
}

// Revoke ends the session sessionID: its token and every JWT it had stop
// authenticating with the API (JWTs still verify locally until their exp).
// The error for an already revoked, expired or unknown session matches
// [sessiongate.ErrSessionNotFound].
func (e *Emulator) Revoke(sessionID string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	s, err := e.liveLocked(sessionID)
	if err != nil {
		return err
	}
	if !s.sandbox {
		e.forgetLocked(s)
	}
	return nil
}

// Session returns the live (unexpired, unrevoked) session sessionID.
func (e *Emulator) Session(sessionID string) (sessiongate.Session, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s, err := e.liveLocked(sessionID)
	if err != nil {
		return sessiongate.Session{}, false
	}
	return copySession(&s.s), true
}

// copySession deep-copies s through its JSON form, which is how clients see it.
func copySession(s *sessiongate.Session) sessiongate.Session {
	var out sessiongate.Session
	b, err := json.Marshal(s)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		panic("stytchtest: copy session: " + err.Error())
	}
	return out
}
