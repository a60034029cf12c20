package stytchtest

import (
	"time"

	"github.com/sessiongate/sessiongate"
)

// The email magic link endpoints.
const (
	EndpointMagicLinksLoginOrCreate Endpoint = "magic_links/email/login_or_create" // POST /v1/magic_links/email/login_or_create
	EndpointMagicLinksSend          Endpoint = "magic_links/email/send"            // POST /v1/magic_links/email/send
	EndpointMagicLinksAuthenticate  Endpoint = "magic_links/authenticate"          // POST /v1/magic_links/authenticate
)

// Magic link lifetimes, in minutes (Stytch's defaults and bounds).
const (
	defaultLoginLinkMinutes  = 60
	defaultSignupLinkMinutes = 7 * 24 * 60
	minLinkMinutes           = 5
	maxLinkMinutes           = 7 * 24 * 60
)

var (
	errMagicLinkNotFound = newError(404, "magic_link_not_found", "Magic link could not be found.")
	errMagicLinkUsed     = newError(401, "unable_to_auth_magic_link",
		"Magic link could not be authenticated because it was either already used or expired. Send another magic link to this user.")
	errMissingToken     = newError(400, "invalid_request_body", "token is required.")
	errLinkMinutes      = newError(400, "invalid_request_body", "Magic link expiration minutes must be between 5 and 10080.")
	errLinkUserMismatch = newError(400, "session_user_mismatch", "The email belongs to a different user than the one named.")
)

// magicLink is a magic link the emulator sent.
type magicLink struct {
	userID    string
	emailID   string
	email     string
	expiresAt time.Time
	used      bool
}

// magicLinkSendRequest is the body of the email magic link send endpoints;
// redirect URLs, templates, locale and attributes are accepted and ignored.
type magicLinkSendRequest struct {
	Email                   string `json:"email"`
	LoginExpirationMinutes  *int   `json:"login_expiration_minutes"`
	SignupExpirationMinutes *int   `json:"signup_expiration_minutes"`
	UserID                  string `json:"user_id"`
	SessionToken            string `json:"session_token"`
	SessionJWT              string `json:"session_jwt"`
}

// linkMinutes returns *m, or def when m is nil, checking Stytch's bounds.
func linkMinutes(m *int, def int) (int, *apiError) {
	if m == nil {
		return def, nil
	}
	if *m < minLinkMinutes || *m > maxLinkMinutes {
		return 0, errLinkMinutes
	}
	return *m, nil
}

// sendMagicLinkLocked stores a magic link for u valid for minutes and puts
// it in the outbox. The caller holds e.mu.
func (e *Emulator) sendMagicLinkLocked(u *user, minutes int) {
	token := newSessionToken() // magic link tokens have the same shape
	e.links[token] = &magicLink{
		userID: u.id, emailID: u.emailID, email: u.email,
		expiresAt: e.Now().Add(time.Duration(minutes) * time.Minute),
	}
	e.sendLocked(Message{To: u.email, MethodID: u.emailID, Token: token})
}

// magicLinkFactor is the factor authenticating l at t adds.
func (l *magicLink) factor(t time.Time) sessiongate.AuthenticationFactor {
	return sessiongate.AuthenticationFactor{
		Type: sessiongate.FactorMagicLink, DeliveryMethod: sessiongate.DeliveryEmail,
		LastAuthenticatedAt: t, CreatedAt: t, UpdatedAt: t,
		EmailFactor: &sessiongate.EmailFactor{EmailID: l.emailID, EmailAddress: l.email},
	}
}

// consumeLink marks the live magic link token used and returns it with the
// factor it proves; [Emulator.restoreLink] undoes it.
func (e *Emulator) consumeLink(token string) (*magicLink, sessiongate.AuthenticationFactor, *apiError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	l, ok := e.links[token]
	if !ok {
		return nil, sessiongate.AuthenticationFactor{}, errMagicLinkNotFound
	}
	now := e.Now()
	if l.used || !now.Before(l.expiresAt) {
		return nil, sessiongate.AuthenticationFactor{}, errMagicLinkUsed
	}
	l.used = true
	return l, l.factor(now), nil
}

func (e *Emulator) restoreLink(l *magicLink) {
	e.mu.Lock()
	defer e.mu.Unlock()
	l.used = false
}

// passwordlessUserLocked returns the user with the address addr, creating
// it without a password when there is none. The caller holds e.mu.
func (e *Emulator) passwordlessUserLocked(addr string) (u *user, created bool, err *apiError) {
	if id, ok := e.emails[addr]; ok {
		return e.users[id], false, nil
	}
	u, err = e.createUserLocked(addr, newSessionToken()) // a random password nobody knows
	if err != nil {
		return nil, false, err
	}
	u.passwordID = "" // the user object shows no password
	return u, true, nil
}
