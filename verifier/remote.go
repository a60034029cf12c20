package verifier

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/sessionjwt"
	"github.com/sessiongate/sessiongate/internal/shape"
)

// maxResponseLen caps an API response body.
const maxResponseLen = 1 << 20

// Retry budget: each call earns a tenth of a retry, up to ten banked retries,
// so retries stay under about 10% of calls in a sustained outage (SRE ch. 22).
const (
	budgetPerCall = 100
	budgetRetry   = 1000
	budgetMax     = 10 * budgetRetry
)

// Remote verifies session credentials with Stytch's sessions/authenticate
// API, which sees revocations at once. Concurrent checks of one credential
// share one upstream call. A Remote is safe for concurrent use and starts no
// goroutine that outlives a call.
type Remote struct {
	projectID, secret  string
	authURL, revokeURL string
	client             *http.Client
	now                func() time.Time
	timeout            time.Duration
	retries            int
	maxTokenAge        time.Duration
	leeway             time.Duration // for the answer's timestamps
	sessionMinutes     int           // sliding expiry; 0: off (see WithSessionDuration)
	baseURL            string        // for the lifecycle calls (lifecycle.go)
	budget             atomic.Int64
	calls, outages     atomic.Int64 // HTTP attempts; those that found Stytch unavailable
	group              singleflight.Group
	slots              chan struct{}
	cache              *remoteCache
}

// NewRemote returns a remote verifier that authenticates to Stytch with
// projectID and secret. It validates the options and does no I/O.
func NewRemote(projectID, secret string, opts ...Option) (*Remote, error) {
	o, err := buildOptions(projectID, opts, forRemote)
	if err != nil {
		return nil, fmt.Errorf("verifier: %w", err)
	}
	if secret == "" {
		return nil, errors.New("verifier: empty secret")
	}
	return newRemote(projectID, secret, o), nil
}

func newRemote(projectID, secret string, o *options) *Remote {
	r := &Remote{
		projectID: projectID, secret: secret,
		authURL:   o.baseURL + "/v1/sessions/authenticate",
		revokeURL: o.baseURL + "/v1/sessions/revoke",
		client:    o.client, now: o.now, timeout: o.timeout, retries: o.retries,
		maxTokenAge: o.maxTokenAge,
		leeway:      o.leeway,
		cache:       newRemoteCache(o.remoteCacheTTL),
		slots:       make(chan struct{}, o.maxCalls),
		// lifecycle.go
		sessionMinutes: o.sessionMinutes, baseURL: o.baseURL,
	}
	if r.cache != nil {
		r.cache.shared = o.shared
	}
	r.budget.Store(budgetMax)
	return r
}

// remoteResult is what one upstream authenticate call established.
type remoteResult struct {
	session     *sessiongate.Session
	user        *sessiongate.User // as Stytch sent it; handed out only with SourceRemote
	jwt, token  string
	confirmedAt time.Time
}

// Verify asks Stytch about c: with c.Token when present, else with c.JWT
// (which may be expired). It returns ErrNoSession without credentials,
// ErrSessionNotFound when Stytch says the session is gone, ErrInvalidToken
// for a credential Stytch cannot parse, ErrMisconfigured when Stytch rejects
// the project credentials, and an [*sessiongate.UnavailableError] for network
// errors, timeouts, 5xx, 429 and malformed answers. The result carries the
// fresh JWT, and the session token when the request had none. A Remote has
// no JWKS: the fresh JWT is checked to name the answer's session and user
// but its signature is not verified (the hybrid [Verifier] verifies it).
func (r *Remote) Verify(ctx context.Context, c sessiongate.Credentials, f sessiongate.Freshness) (*sessiongate.Verification, error) {
	if c.Empty() {
		return nil, sessiongate.ErrNoSession
	}
	if err := checkCredential(c); err != nil {
		return nil, err
	}
	key := credentialKey(c)
	if res := r.cache.get(key, r.now(), f, r.maxTokenAge); res != nil {
		return res.verificationFor(c, sessiongate.SourceCache)
	}
	if res := r.cache.load(ctx, key, r.now(), f, r.maxTokenAge); res != nil {
		return res.verificationFor(c, sessiongate.SourceCache)
	}
	res, err := r.authenticate(ctx, key, c)
	if err != nil {
		return nil, err
	}
	r.cache.put(key, res)
	r.cache.store(ctx, key, res)
	return res.verificationFor(c, sessiongate.SourceRemote)
}

// verification builds a caller's own Verification from a shared result.
func (res *remoteResult) verification(c sessiongate.Credentials, src sessiongate.Source) *sessiongate.Verification {
	v := ownVerification(res.session, src, res.confirmedAt)
	if src == sessiongate.SourceRemote {
		v.JWT, v.User = res.jwt, res.user
	}
	if res.token != "" && res.token != c.Token {
		v.Token = res.token
	}
	return v
}

// maxOpaqueTokenLength caps a session token; Stytch's are 44 characters.
const maxOpaqueTokenLength = 256

// checkCredential rejects, without calling Stytch, a credential that cannot
// be a Stytch session credential: a token outside [A-Za-z0-9_-]{1,256}, or
// (when no token is sent) a JWT that fails the compact-form gate.
func checkCredential(c sessiongate.Credentials) error {
	if c.Token != "" {
		if !shape.Token(c.Token, maxOpaqueTokenLength) {
			return invalid("session token has a bad length or charset")
		}
		return nil
	}
	return sessionjwt.CheckCompact(c.JWT)
}

// credentialKey is the singleflight and cache key: a hash of the credential
// actually sent, so that raw tokens are not kept as map keys.
func credentialKey(c sessiongate.Credentials) string {
	kind, val := "t:", c.Token
	if val == "" {
		kind, val = "j:", c.JWT
	}
	sum := sha256.Sum256([]byte(kind + val))
	return string(sum[:])
}

// authenticate coalesces concurrent calls for one credential into one
// upstream call; each caller waits at most until its ctx is done.
func (r *Remote) authenticate(ctx context.Context, key string, c sessiongate.Credentials) (*remoteResult, error) {
	return coalesced(ctx, r, key, func(fctx context.Context) (*remoteResult, error) {
		return r.authenticateOnce(fctx, c)
	})
}

// coalesced runs call once for all concurrent callers with the same key,
// in a call slot (unavailable when none is free) and within the call
// budget, detached from the first caller's cancellation; each caller waits
// at most until its own ctx is done.
func coalesced[T any](ctx context.Context, r *Remote, key string, call func(context.Context) (T, error)) (T, error) {
	ch := r.group.DoChan(key, func() (any, error) {
		if !r.acquire() {
			return nil, unavailable(1, "verifier: too many calls to Stytch in flight")
		}
		defer r.release()
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.callBudget())
		defer cancel()
		return call(fctx)
	})
	var zero T
	select {
	case res := <-ch:
		if res.Err != nil {
			return zero, res.Err
		}
		return res.Val.(T), nil
	case <-ctx.Done():
		return zero, &sessiongate.UnavailableError{Err: fmt.Errorf("verifier: waiting for Stytch: %v", ctx.Err())}
	}
}

// acquire takes a call slot without waiting.
func (r *Remote) acquire() bool {
	select {
	case r.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

func (r *Remote) release() { <-r.slots }

// callBudget bounds a coalesced call: every attempt plus backoff.
func (r *Remote) callBudget() time.Duration {
	return time.Duration(r.retries+1)*r.timeout + time.Duration(r.retries)*maxRetryBackoff
}

func (r *Remote) authenticateOnce(ctx context.Context, c sessiongate.Credentials) (*remoteResult, error) {
	raw, err := r.post(ctx, r.authURL, r.authenticateBody(c, r.sessionMinutes, nil))
	if err != nil {
		return nil, err
	}
	return r.decodeAuthenticate(raw, c)
}

// Revoke revokes the session of c at Stytch (by token when present, else by
// JWT). It returns ErrSessionNotFound when the session is already gone and an
// [*sessiongate.UnavailableError] when Stytch cannot be reached. A cached
// positive result for c is dropped first. A Remote has no lifetime to tie
// a background retry to: a revoke that found Stytch unavailable is not
// retried (the hybrid [Verifier.Revoke] retries it).
func (r *Remote) Revoke(ctx context.Context, c sessiongate.Credentials) error {
	if c.Empty() {
		return sessiongate.ErrNoSession
	}
	if err := checkCredential(c); err != nil {
		return err
	}
	r.cache.forget(ctx, credentialKey(c))
	body := map[string]string{"session_token": c.Token}
	if c.Token == "" {
		body = map[string]string{"session_jwt": c.JWT}
	}
	if !r.acquire() {
		return unavailable(1, "verifier: too many calls to Stytch in flight")
	}
	defer r.release()
	_, err := r.post(ctx, r.revokeURL, body)
	return err
}
