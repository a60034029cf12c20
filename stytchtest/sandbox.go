package stytchtest

import (
	"time"

	"github.com/sessiongate/sessiongate"
)

// SandboxSessionToken is the session token of Stytch's test environment
// sandbox: it authenticates against every emulator, as it does against
// test.stytch.com. Its session never expires, and revoking it has no effect.
const SandboxSessionToken = "WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY"

// Fixed values of the sandbox session.
const (
	SandboxUserID    = "user-test-e3795c81-f849-4167-bfda-e4a6e9c280fd"
	SandboxSessionID = "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509"
	sandboxEmailID   = "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953"
	sandboxEmail     = "sandbox@stytch.com"
)

var sandboxStartedAt = time.Date(2021, 8, 28, 0, 41, 59, 0, time.UTC)

// addSandboxSession stores the sandbox session. Its user is not stored, so
// GET /v1/sessions for it answers user_not_found, as Stytch does.
func (e *Emulator) addSandboxSession() {
	now := e.Now()
	s := &session{token: SandboxSessionToken, sandbox: true, s: sessiongate.Session{
		SessionID: SandboxSessionID, UserID: SandboxUserID,
		StartedAt: sandboxStartedAt, LastAccessedAt: now, ExpiresAt: now.Add(time.Hour),
		Attributes: &sessiongate.Attributes{},
		AuthenticationFactors: []sessiongate.AuthenticationFactor{{
			Type: sessiongate.FactorMagicLink, DeliveryMethod: sessiongate.DeliveryEmail,
			LastAuthenticatedAt: sandboxStartedAt, CreatedAt: sandboxStartedAt, UpdatedAt: sandboxStartedAt,
			EmailFactor: &sessiongate.EmailFactor{EmailID: sandboxEmailID, EmailAddress: sandboxEmail},
		}},
		Roles: []string{"stytch_user"},
	}}
	e.sessions[s.s.SessionID] = s
	e.tokens[s.token] = s.s.SessionID
}
