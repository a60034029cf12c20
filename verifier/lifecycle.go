package verifier

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/claims"
)

// Bounds of session_duration_minutes, as Stytch documents them.
const (
	minSessionDuration = 5 * time.Minute
	maxSessionDuration = 527040 * time.Minute // 366 days
	// maxCustomClaimsLen is Stytch's limit on a session's custom claims.
	maxCustomClaimsLen = 4096
)

// WithSessionDuration turns on sliding expiry: every time the verifier
// calls Stytch's sessions/authenticate anyway, it sends
// session_duration_minutes, so Stytch resets the session's expiry to now +
// d and active users stay signed in. It never adds a call. The verifier
// calls sessions/authenticate when a JWT is expired or older than the
// route's max token age (for an active user, about once per max token age,
// 5 minutes by default), when a route asks for confirmation by Stytch
// (RequireConfirmed, Fresh(0)), when the JWT names a key unknown even after
// a JWKS refresh or no JWKS is loaded, and for every request that carries
// only a session token (unless a remote cache answers). A request served by
// a locally verified JWT does not extend the session. d is rounded down to
// whole minutes and must lie within [5m, 366 days]; 0 (the default) leaves
// the expiry alone. It is also the duration [Remote.Extend] uses when given
// 0.
//
// It configures calls to Stytch's API: [New] and [NewRemote] only.
func WithSessionDuration(d time.Duration) Option {
	return func(o *options) {
		o.only("WithSessionDuration", forRemote)
		if d != 0 && (d < minSessionDuration || d > maxSessionDuration) {
			o.errs = append(o.errs, fmt.Errorf("session duration %v must be 0 or within [5m, 366 days]", d))
		}
		o.sessionMinutes = int(d / time.Minute)
	}
}

// authenticateRequest is the body of POST /v1/sessions/authenticate.
type authenticateRequest struct {
	SessionToken           string         `json:"session_token,omitempty"`
	SessionJWT             string         `json:"session_jwt,omitempty"`
	SessionDurationMinutes int            `json:"session_duration_minutes,omitempty"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitempty"`
}

// authenticateBody asks about c by its token when it has one, else by its
// JWT; minutes > 0 resets the expiry, and patch changes custom claims.
func (r *Remote) authenticateBody(c sessiongate.Credentials, minutes int, patch map[string]any) authenticateRequest {
	body := authenticateRequest{SessionToken: c.Token, SessionDurationMinutes: minutes, SessionCustomClaims: patch}
	if c.Token == "" {
		body.SessionJWT = c.JWT
	}
	return body
}

// Extend asks Stytch to reset the expiry of c's session to now + d (d
// within [5m, 366 days], rounded down to minutes; 0 uses
// [WithSessionDuration]'s duration) and returns the confirmed session with
// its fresh JWT. It wraps [sessiongate.ErrMalformedRequest] for a bad d
// (before any call), and otherwise fails like [Remote.Verify].
func (r *Remote) Extend(ctx context.Context, c sessiongate.Credentials, d time.Duration) (*sessiongate.Verification, error) {
	minutes := int(d / time.Minute)
	if d == 0 {
		minutes = r.sessionMinutes
	}
	if dm := time.Duration(minutes) * time.Minute; dm < minSessionDuration || dm > maxSessionDuration {
		return nil, fmt.Errorf("%w: verifier: session duration must be within [5m, 366 days]", sessiongate.ErrMalformedRequest)
	}
	return r.change(ctx, c, minutes, nil)
}

// UpdateClaims merges patch into the custom claims of c's session (a nil
// value deletes that claim; nested objects merge, as Stytch does) and
// returns the confirmed session with a fresh JWT carrying the new claims.
// Before any call it refuses a reserved name with a
// [*sessiongate.ReservedClaimError], and claims that do not encode as JSON
// or exceed Stytch's 4 KB with an error wrapping
// [sessiongate.ErrMalformedRequest]. With [WithSessionDuration], the call
// extends the session too.
func (r *Remote) UpdateClaims(ctx context.Context, c sessiongate.Credentials, patch map[string]any) (*sessiongate.Verification, error) {
	if err := checkClaims(patch); err != nil {
		return nil, err
	}
	return r.change(ctx, c, r.sessionMinutes, patch)
}

// checkClaims refuses a custom-claims patch Stytch would refuse: an empty
// one, a reserved name ([*sessiongate.ReservedClaimError]), or one that
// does not encode as JSON within 4 KB.
func checkClaims(patch map[string]any) error {
	if len(patch) == 0 {
		return fmt.Errorf("%w: verifier: no custom claims to change", sessiongate.ErrMalformedRequest)
	}
	for name := range patch {
		if claims.IsRegistered(name) || claims.IsStytch(name) {
			return &sessiongate.ReservedClaimError{Name: name}
		}
	}
	raw, err := json.Marshal(patch)
	if err != nil || len(raw) > maxCustomClaimsLen {
		return fmt.Errorf("%w: verifier: custom claims do not encode as JSON within 4 KB", sessiongate.ErrMalformedRequest)
	}
	return nil
}

// change calls sessions/authenticate for c with a change to its session.
// It is never coalesced with other calls (it changes the session) and
// drops any cached result for c.
func (r *Remote) change(ctx context.Context, c sessiongate.Credentials, minutes int, patch map[string]any) (*sessiongate.Verification, error) {
	if c.Empty() {
		return nil, sessiongate.ErrNoSession
	}
	if err := checkCredential(c); err != nil {
		return nil, err
	}
	if !r.acquire() {
		return nil, unavailable(1, "verifier: too many calls to Stytch in flight")
	}
	defer r.release()
	raw, err := r.post(ctx, r.authURL, r.authenticateBody(c, minutes, patch))
	if err != nil {
		return nil, err
	}
	res, err := r.decodeAuthenticate(raw, c)
	if err != nil {
		return nil, err
	}
	r.cache.remove(credentialKey(c))
	return res.verificationFor(c, sessiongate.SourceRemote)
}
