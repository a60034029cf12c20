package sessiongate

import (
	"context"
	"time"
)

// Credentials are the session credentials one request carries. Either or both
// may be empty; the verifier decides which to use.
type Credentials struct {
	// JWT is the session_jwt (cookie stytch_session_jwt, or a Bearer JWT).
	JWT string
	// Token is the opaque session_token (cookie stytch_session, or a Bearer
	// value that is not a JWT).
	Token string
	// SessionID, when not empty, is the session the token is bound to: a
	// server-managed token cookie carries the id of the session it was
	// written for (see package cookie), and the middleware refuses a
	// request whose verified session is another one. When writing cookies,
	// it is the session to bind the token cookie to.
	SessionID string
	// OldSeal reports sealed cookies opened with a key pair other than the
	// newest (see package cookie, WithSealing): the middleware re-seals them
	// with the newest pair on the response, so that an operator can retire
	// the old pair after one session lifetime without logging anyone out.
	OldSeal bool
}

// Empty reports whether c carries no credential at all.
func (c Credentials) Empty() bool { return c.JWT == "" && c.Token == "" }

// Freshness bounds how old the proof behind a verification may be: how long
// ago Stytch minted the JWT that is checked locally, or confirmed the session
// remotely. The zero Freshness means "the verifier's default".
type Freshness struct {
	maxAge time.Duration
	set    bool
}

// MaxTokenAge asks for proof no older than d. A d of zero or less means the
// session must be confirmed by Stytch during this request.
func MaxTokenAge(d time.Duration) Freshness {
	if d < 0 {
		d = 0
	}
	return Freshness{maxAge: d, set: true}
}

// ConfirmWithServer asks for the session to be confirmed by Stytch during
// this request, which catches a revoked session whose JWT is still valid.
func ConfirmWithServer() Freshness { return MaxTokenAge(0) }

// MaxAge returns the bound and whether one was set.
func (f Freshness) MaxAge() (time.Duration, bool) { return f.maxAge, f.set }

// Source says where a verification's answer came from.
type Source string

// Sources of a verification.
const (
	// SourceLocal: the JWT's signature and claims were checked locally.
	SourceLocal Source = "local"
	// SourceCache: the same credential was verified earlier and is still valid.
	SourceCache Source = "cache"
	// SourceRemote: Stytch's sessions/authenticate API confirmed the session.
	SourceRemote Source = "remote"
)

// Verification is the outcome of a successful verification.
type Verification struct {
	// Session is the verified session. Its factors come from signed or
	// server-returned data only.
	Session *Session
	// Source says how it was verified.
	Source Source
	// ConfirmedAt is when Stytch last vouched for the session: the JWT's iat
	// for local checks, the time of the call for remote ones.
	ConfirmedAt time.Time
	// JWT and Token, when not empty, are fresh credentials Stytch issued during
	// this verification; the caller should hand them back to the client (by
	// rewriting cookies or in a response header).
	JWT   string
	Token string
	// User is the session's user as Stytch returned it, when Stytch verified
	// the session for this Verification (Source remote); nil otherwise. See
	// [Lifecycle.User] to fetch it on the local path.
	User *User
}

// Rechecker re-verifies the current request's credentials with a stricter
// freshness. The middleware places one in each authenticated request's
// context so that handlers and step-up rules can demand, for instance, that
// Stytch confirm the session now, without importing the verifier. A
// successful recheck also hands any fresh credentials back to the client.
type Rechecker interface {
	Recheck(ctx context.Context, f Freshness) (*Verification, error)
}
