package verifier

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/sessiongate/sessiongate"
)

// Verifier is the hybrid verifier users get from [New]: JWTs are checked
// locally, and Stytch's API is asked when local proof is not enough (expired
// or too old JWT, unknown signing key, no JWKS, only a session token, or a
// request for [sessiongate.ConfirmWithServer]). A Verifier is safe for
// concurrent use.
type Verifier struct {
	local  *Local
	remote *Remote
	// apiJWTsRejected counts fresh JWTs from Stytch that did not verify.
	apiJWTsRejected atomic.Int64
	// revokes retries the revokes that found Stytch unavailable.
	revokes *revokeQueue
	// publisher shares revocations with other instances, or is nil.
	publisher RevocationPublisher
}

// New returns a hybrid verifier for projectID, authenticating to Stytch's API
// with secret. It validates the options and does no network I/O; the
// background JWKS refresh it starts, and the retries of revokes that found
// Stytch unavailable, run until ctx is done. Call [Verifier.Refresh] to wait
// for the key set (readiness).
func New(ctx context.Context, projectID, secret string, opts ...Option) (*Verifier, error) {
	o, err := buildOptions(projectID, opts, forBoth)
	if err != nil {
		return nil, fmt.Errorf("verifier: %w", err)
	}
	if secret == "" {
		return nil, errors.New("verifier: empty secret")
	}
	v := &Verifier{local: newLocal(ctx, projectID, o), remote: newRemote(projectID, secret, o), publisher: o.publisher}
	v.revokes = newRevokeQueue(ctx, v.remote, v.confirmRevoke)
	return v, nil
}

// Refresh fetches the JWKS now; see [Local.Refresh].
func (v *Verifier) Refresh(ctx context.Context) error { return v.local.Refresh(ctx) }

// VerifyCached answers from the verified-result cache alone (see
// [Local.VerifyCached]): true with what Verify would return for a JWT
// verified before, still valid and fresh enough for f; false when only
// Verify can answer, always so for a freshness that asks Stytch. The
// Verification is shared and read-only, as Local.VerifyCached says.
func (v *Verifier) VerifyCached(jwt string, f sessiongate.Freshness) (*sessiongate.Verification, bool) {
	if v.confirmRequired(f) {
		return nil, false
	}
	return v.local.VerifyCached(jwt, f)
}

// Verify decides whether c is a live session.
//
// A JWT is verified locally first. A valid JWT younger than the max token age
// (f, or the default) is accepted (Source local or cache). An expired or too
// old JWT, one signed by a key unknown even after a rate-limited JWKS refresh,
// or any JWT while no JWKS can be loaded, is sent to Stytch, together with
// nothing else: the session token when the request has one, else the JWT.
// The answer carries the fresh JWT to hand back to the client, once it has
// been verified like a client's JWT; one that does not verify is left out
// (the answer's session stands) and counted in [Stats].APIJWTsRejected.
//
// A JWT that is malformed, forged or not for this project is rejected with
// ErrInvalidToken even when a session token is present: a broken JWT is never
// papered over by the token (the client should drop it and resend only the
// token). A request with only a token is verified remotely.
func (v *Verifier) Verify(ctx context.Context, c sessiongate.Credentials, f sessiongate.Freshness) (*sessiongate.Verification, error) {
	if c.Empty() {
		return nil, sessiongate.ErrNoSession
	}
	if c.JWT == "" || v.confirmRequired(f) {
		return v.verifyRemote(ctx, c, f, nil)
	}
	now := v.local.now()
	e, cached, err := v.local.verifyJWT(ctx, c.JWT, now)
	if err == nil {
		var res *sessiongate.Verification
		if res, err = v.local.result(e, cached, f, now); err == nil {
			return res, nil
		}
	}
	if !fallsBack(err) {
		return nil, err
	}
	return v.verifyRemote(ctx, c, f, e)
}

// verifyRemote asks Stytch about c and checks the answer against what is
// known locally: e, c's JWT when its signature verified, and the fresh JWT.
func (v *Verifier) verifyRemote(ctx context.Context, c sessiongate.Credentials, f sessiongate.Freshness, e *entry) (*sessiongate.Verification, error) {
	if err := v.changeable(c); err != nil {
		return nil, err
	}
	res, err := v.remote.Verify(ctx, c, f)
	if err != nil {
		v.sessionGone(c, e, err)
		return nil, err
	}
	if e != nil && res.Session.SessionID != e.shared.Session.SessionID {
		// The JWT's signature was verified (it was only expired or too old)
		// and it names another session than the token: refuse the mix.
		return nil, invalid("session JWT and session token name different sessions")
	}
	return v.checkAnswer(ctx, res, nil)
}

// checkAnswer applies the checks every session Stytch answers with goes
// through (verifyRemote's and the lifecycle changes'), unless err is set: a
// session revoked through this verifier stays refused, and the fresh JWT
// must verify (see checkAPIJWT).
func (v *Verifier) checkAnswer(ctx context.Context, res *sessiongate.Verification, err error) (*sessiongate.Verification, error) {
	if err != nil {
		return nil, err
	}
	if v.local.revoked.has(res.Session.SessionID, v.local.now()) {
		return nil, notFound("session revoked through this verifier")
	}
	if res.JWT != "" {
		if err := v.checkAPIJWT(ctx, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// checkAPIJWT verifies the fresh JWT of Stytch's answer res as it would
// verify a client's (signature, issuer, audience, times, session claim),
// before it is cached or handed back, and checks that it names res's
// session and user. A JWT that does not verify is dropped from res and
// counted (Stats.APIJWTsRejected): the client keeps its credentials and
// res's session, from the authenticated API answer, stands. A verified JWT
// naming another session or user than the answer discredits the answer:
// unavailable.
func (v *Verifier) checkAPIJWT(ctx context.Context, res *sessiongate.Verification) error {
	e, _, err := v.local.verifyJWT(ctx, res.JWT, v.local.now())
	if err != nil || e == nil {
		v.apiJWTsRejected.Add(1)
		res.JWT = ""
		return nil
	}
	if got := e.shared.Session; got.SessionID != res.Session.SessionID || got.UserID != res.Session.UserID {
		v.apiJWTsRejected.Add(1)
		return unavailable(0, "verifier: Stytch's fresh JWT names another session than its answer")
	}
	return nil
}

func (v *Verifier) confirmRequired(f sessiongate.Freshness) bool {
	d, ok := f.MaxAge()
	if !ok {
		d = v.local.maxTokenAge
	}
	return d <= 0
}

// fallsBack reports the local errors that the API can settle.
func fallsBack(err error) bool {
	return errors.Is(err, sessiongate.ErrExpired) || errors.Is(err, sessiongate.ErrTooOld) ||
		errors.Is(err, sessiongate.ErrUnknownKey) || errors.Is(err, sessiongate.ErrUnavailable)
}
