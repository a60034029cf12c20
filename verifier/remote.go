package verifier

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/sessiongate/sessiongate"
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
	budget             atomic.Int64
	group              singleflight.Group
	slots              chan struct{}
	cache              *remoteCache
}

// NewRemote returns a remote verifier that authenticates to Stytch with
// projectID and secret. It validates the options and does no I/O.
func NewRemote(projectID, secret string, opts ...Option) (*Remote, error) {
	o, err := buildOptions(projectID, opts)
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
		cache:       newRemoteCache(o.remoteCacheTTL),
		slots:       make(chan struct{}, o.maxCalls),
	}
	r.budget.Store(budgetMax)
	return r
}

// remoteResult is what one upstream authenticate call established.
type remoteResult struct {
	session     *sessiongate.Session
	jwt, token  string
	confirmedAt time.Time
}

// Verify asks Stytch about c: with c.Token when present, else with c.JWT
// (which may be expired). It returns ErrNoSession without credentials,
// ErrSessionNotFound when Stytch says the session is gone, ErrInvalidToken
// for a credential Stytch cannot parse, ErrMisconfigured when Stytch rejects
// the project credentials, and an [*sessiongate.UnavailableError] for network
// errors, timeouts, 5xx, 429 and malformed answers. The result carries the
// fresh JWT, and the session token when the request had none.
func (r *Remote) Verify(ctx context.Context, c sessiongate.Credentials, f sessiongate.Freshness) (*sessiongate.Verification, error) {
	if c.Empty() {
		return nil, sessiongate.ErrNoSession
	}
	key := credentialKey(c)
	if res := r.cache.get(key, r.now(), f, r.maxTokenAge); res != nil {
		return res.verification(c, sessiongate.SourceCache), nil
	}
	res, err := r.authenticate(ctx, key, c)
	if err != nil {
		return nil, err
	}
	r.cache.put(key, res)
	return res.verification(c, sessiongate.SourceRemote), nil
}

// verification builds a caller's own Verification from a shared result.
func (res *remoteResult) verification(c sessiongate.Credentials, src sessiongate.Source) *sessiongate.Verification {
	s := *res.session
	v := &sessiongate.Verification{Session: &s, Source: src, ConfirmedAt: res.confirmedAt}
	if src == sessiongate.SourceRemote {
		v.JWT = res.jwt
	}
	if res.token != "" && res.token != c.Token {
		v.Token = res.token
	}
	return v
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
	ch := r.group.DoChan(key, func() (any, error) {
		if !r.acquire() {
			return nil, unavailable(1, "verifier: too many calls to Stytch in flight")
		}
		defer r.release()
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.callBudget())
		defer cancel()
		return r.authenticateOnce(fctx, c)
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.(*remoteResult), nil
	case <-ctx.Done():
		return nil, &sessiongate.UnavailableError{Err: fmt.Errorf("verifier: waiting for Stytch: %v", ctx.Err())}
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
	body := map[string]string{"session_token": c.Token}
	if c.Token == "" {
		body = map[string]string{"session_jwt": c.JWT}
	}
	raw, err := r.post(ctx, r.authURL, body)
	if err != nil {
		return nil, err
	}
	return r.decodeAuthenticate(raw, c)
}

// Revoke revokes the session of c at Stytch (by token when present, else by
// JWT). It returns ErrSessionNotFound when the session is already gone and an
// [*sessiongate.UnavailableError] when Stytch cannot be reached. A cached
// positive result for c is dropped first.
func (r *Remote) Revoke(ctx context.Context, c sessiongate.Credentials) error {
	if c.Empty() {
		return sessiongate.ErrNoSession
	}
	r.cache.remove(credentialKey(c))
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

// post sends body with Basic auth, retrying network errors and 5xx within
// the retry budget and ctx, and returns the body of a 200 answer.
func (r *Remote) post(ctx context.Context, url string, body any) ([]byte, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, misconfigured("encode request: %v", err)
	}
	r.earn()
	for attempt := 0; ; attempt++ {
		raw, err, retry := r.attempt(ctx, url, payload)
		if !retry || attempt >= r.retries || !r.spend() || !r.backoff(ctx, attempt) {
			return raw, err
		}
	}
}

func (r *Remote) earn() {
	if r.budget.Add(budgetPerCall) > budgetMax {
		r.budget.Store(budgetMax)
	}
}

func (r *Remote) spend() bool {
	if r.budget.Add(-budgetRetry) < 0 {
		r.budget.Add(budgetRetry)
		return false
	}
	return true
}

const (
	baseRetryBackoff = 50 * time.Millisecond
	maxRetryBackoff  = 500 * time.Millisecond
)

// backoff waits a fully jittered exponential delay; false if ctx ends first.
func (r *Remote) backoff(ctx context.Context, attempt int) bool {
	d := min(baseRetryBackoff<<attempt, maxRetryBackoff)
	t := time.NewTimer(rand.N(d) + 1)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// attempt makes one call. retry reports whether the failure may be retried.
func (r *Remote) attempt(ctx context.Context, url string, payload []byte) (raw []byte, err error, retry bool) {
	actx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return nil, misconfigured("build request: %v", err), false
	}
	req.SetBasicAuth(r.projectID, r.secret)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, unavailable(0, "verifier: calling Stytch: %v", redactURLError(err)), ctx.Err() == nil
	}
	defer resp.Body.Close()
	raw, err = io.ReadAll(io.LimitReader(resp.Body, maxResponseLen+1))
	if err != nil {
		return nil, unavailable(0, "verifier: reading Stytch answer: %v", err), ctx.Err() == nil
	}
	if len(raw) > maxResponseLen {
		return nil, unavailable(0, "verifier: Stytch answer too large"), false
	}
	if resp.StatusCode == http.StatusOK {
		return raw, nil, false
	}
	return nil, classifyStatus(resp, raw, r.now()), resp.StatusCode >= 500
}

// redactURLError drops the URL from a *url.Error; it never holds a token,
// but keeping errors short and uniform helps logs.
func redactURLError(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) && ue.Unwrap() != nil {
		return ue.Unwrap()
	}
	return err
}

// retryAfter parses a Retry-After header: delay-seconds or an HTTP-date
// (RFC 9110 §10.2.3), relative to now.
func retryAfter(h http.Header, now time.Time) int64 {
	v := h.Get("Retry-After")
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return max(n, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return int64(t.Sub(now).Round(time.Second) / time.Second)
	}
	return 0
}
