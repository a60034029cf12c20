package verifier

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate/internal/shape"
)

// Defaults. Each one is explained where it is used; see the [Option]s.
const (
	// DefaultLeeway is the clock skew tolerated on exp, nbf and iat. Stytch's
	// servers and ours both run NTP; a few seconds covers real drift while
	// keeping an expired JWT's extra life far below its 5-minute lifetime.
	DefaultLeeway = 5 * time.Second
	// DefaultMaxTokenAge is how old a JWT may be (now − iat) before the hybrid
	// verifier asks Stytch again: the full JWT lifetime.
	DefaultMaxTokenAge = 5 * time.Minute
	// DefaultRefreshInterval is how often the JWKS is refetched in the background.
	DefaultRefreshInterval = time.Hour
	// DefaultUnknownKIDRefreshInterval is the minimum time between two JWKS
	// refreshes triggered by tokens naming an unknown key (stytch-go, keyfunc).
	DefaultUnknownKIDRefreshInterval = 5 * time.Minute
	// DefaultMaxStaleness is how long the last good JWKS is served while
	// refreshes fail. Stytch lists retired keys for about a month.
	DefaultMaxStaleness = 24 * time.Hour
	// DefaultCacheSize bounds the verified-result cache (entries).
	DefaultCacheSize = 16384
	// DefaultTimeout bounds one call to Stytch's API.
	DefaultTimeout = 2 * time.Second
	// DefaultJWKSTimeout bounds one JWKS fetch.
	DefaultJWKSTimeout = 10 * time.Second
	// DefaultMaxConcurrentCalls caps the API calls in flight; more are shed.
	DefaultMaxConcurrentCalls = 128
	// DefaultRetries is how many times a failed API call is retried (network
	// errors and 5xx only).
	DefaultRetries = 1
)

const (
	testBaseURL = "https://test.stytch.com"
	liveBaseURL = "https://api.stytch.com"
)

// Option configures a verifier built by [New], [NewLocal] or [NewRemote].
// [New] accepts every option. An option that configures only the local
// checks (the JWKS and the verified-result cache) makes [NewRemote] fail,
// and one that configures only calls to Stytch's API makes [NewLocal]
// fail: each option's doc says which it is.
type Option func(*options)

// scope says which half of the verifier an option configures.
type scope uint8

const (
	forLocal scope = 1 << iota
	forRemote
	forBoth = forLocal | forRemote
)

// scopedOption records an option that configures only one half.
type scopedOption struct {
	name  string
	scope scope
}

type options struct {
	baseURL            string
	customBase         bool
	client             *http.Client
	ownClient          bool // client was built here, not passed with WithHTTPClient
	now                func() time.Time
	leeway             time.Duration
	maxTokenAge        time.Duration
	refreshInterval    time.Duration
	unknownKIDInterval time.Duration
	maxStaleness       time.Duration
	cacheSize          int
	remoteCacheTTL     time.Duration
	timeout            time.Duration
	jwksTimeout        time.Duration
	retries            int
	maxCalls           int
	sessionMinutes     int // see WithSessionDuration (lifecycle.go)
	publisher          RevocationPublisher
	shared             SharedCache
	errs               []error
	scoped             []scopedOption
}

// only records that the option called name configures only scope s.
func (o *options) only(name string, s scope) {
	o.scoped = append(o.scoped, scopedOption{name, s})
}

// WithBaseURL sets the Stytch API base URL (scheme and host, optionally a
// port; no path), for a custom domain or an emulator. The JWKS is fetched from
// base + "/v1/sessions/jwks/" + project id, and JWTs whose iss equals the base
// URL are accepted alongside "stytch.com/" + project id. The default is
// https://api.stytch.com for project ids starting with "project-live-" and
// https://test.stytch.com otherwise. Use plain http only for a local
// emulator: every API call carries the project secret.
func WithBaseURL(u string) Option {
	return func(o *options) { o.baseURL, o.customBase = strings.TrimRight(u, "/"), true }
}

// WithHTTPClient sets the client used for Stytch's API and the JWKS. Its
// Timeout, when set, applies on top of the per-call timeouts.
func WithHTTPClient(c *http.Client) Option {
	return func(o *options) {
		if c == nil {
			o.errs = append(o.errs, errors.New("nil http client"))
		}
		o.client, o.ownClient = c, false
	}
}

// WithClock sets the clock used for every time check and rate limit.
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if now == nil {
			o.errs = append(o.errs, errors.New("nil clock"))
		}
		o.now = now
	}
}

// WithLeeway sets the tolerated clock skew (default [DefaultLeeway]; at most one minute).
func WithLeeway(d time.Duration) Option {
	return func(o *options) { o.leeway = d }
}

// WithMaxTokenAge sets the default max token age, used when a request's
// [sessiongate.Freshness] is unset. Zero means every request is confirmed by
// Stytch. Default [DefaultMaxTokenAge].
func WithMaxTokenAge(d time.Duration) Option {
	return func(o *options) { o.maxTokenAge = d }
}

// WithRefreshInterval sets the background JWKS refresh period (default
// [DefaultRefreshInterval], at least one second). A JWKS response whose
// Cache-Control max-age is shorter makes the next refresh come sooner, but
// never sooner than a minute after the fetch; nothing makes it later.
//
// It configures the local checks: [New] and [NewLocal] only.
func WithRefreshInterval(d time.Duration) Option {
	return func(o *options) { o.only("WithRefreshInterval", forLocal); o.refreshInterval = d }
}

// WithUnknownKIDRefreshInterval sets the minimum time between JWKS refreshes
// triggered by an unknown kid (default [DefaultUnknownKIDRefreshInterval]).
//
// It configures the local checks: [New] and [NewLocal] only.
func WithUnknownKIDRefreshInterval(d time.Duration) Option {
	return func(o *options) { o.only("WithUnknownKIDRefreshInterval", forLocal); o.unknownKIDInterval = d }
}

// WithMaxStaleness sets how long the last good JWKS keeps being used while
// refreshes fail (default [DefaultMaxStaleness]).
//
// It configures the local checks: [New] and [NewLocal] only.
func WithMaxStaleness(d time.Duration) Option {
	return func(o *options) { o.only("WithMaxStaleness", forLocal); o.maxStaleness = d }
}

// WithCacheSize bounds the verified-result cache; 0 disables it. Default
// [DefaultCacheSize].
//
// It configures the local checks: [New] and [NewLocal] only.
func WithCacheSize(n int) Option {
	return func(o *options) { o.only("WithCacheSize", forLocal); o.cacheSize = n }
}

// WithRemoteCacheTTL enables a positive cache of remote verifications for d
// (default 0: off). While an entry lives, a session revoked at Stytch keeps
// being accepted for that credential: revocation latency equals d.
//
// It configures calls to Stytch's API: [New] and [NewRemote] only.
func WithRemoteCacheTTL(d time.Duration) Option {
	return func(o *options) { o.only("WithRemoteCacheTTL", forRemote); o.remoteCacheTTL = d }
}

// WithTimeout bounds each API call attempt (default [DefaultTimeout]).
//
// It configures calls to Stytch's API: [New] and [NewRemote] only.
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.only("WithTimeout", forRemote); o.timeout = d }
}

// WithJWKSTimeout bounds each JWKS fetch (default [DefaultJWKSTimeout]).
//
// It configures the local checks: [New] and [NewLocal] only.
func WithJWKSTimeout(d time.Duration) Option {
	return func(o *options) { o.only("WithJWKSTimeout", forLocal); o.jwksTimeout = d }
}

// WithRetries sets how many times an API call that failed with a network
// error or a 5xx is retried, with jittered exponential backoff, within the
// caller's deadline (default [DefaultRetries], at most 5). 4xx are never retried.
//
// It configures calls to Stytch's API: [New] and [NewRemote] only.
func WithRetries(n int) Option {
	return func(o *options) { o.only("WithRetries", forRemote); o.retries = n }
}

// WithMaxConcurrentCalls caps the calls to Stytch's API in flight (default
// [DefaultMaxConcurrentCalls]). When the cap is reached, further checks fail
// at once with an [*sessiongate.UnavailableError] instead of queueing
// (load shedding); coalesced checks of one credential count once.
//
// It configures calls to Stytch's API: [New] and [NewRemote] only.
func WithMaxConcurrentCalls(n int) Option {
	return func(o *options) { o.only("WithMaxConcurrentCalls", forRemote); o.maxCalls = n }
}

// buildOptions applies opts over the defaults for a constructor that
// builds the halves in want, and validates the result.
func buildOptions(projectID string, opts []Option, want scope) (*options, error) {
	o := &options{
		client:             &http.Client{Transport: defaultTransport()},
		ownClient:          true,
		now:                time.Now,
		leeway:             DefaultLeeway,
		maxTokenAge:        DefaultMaxTokenAge,
		refreshInterval:    DefaultRefreshInterval,
		unknownKIDInterval: DefaultUnknownKIDRefreshInterval,
		maxStaleness:       DefaultMaxStaleness,
		cacheSize:          DefaultCacheSize,
		timeout:            DefaultTimeout,
		jwksTimeout:        DefaultJWKSTimeout,
		retries:            DefaultRetries,
		maxCalls:           DefaultMaxConcurrentCalls,
	}
	o.baseURL = testBaseURL
	if strings.HasPrefix(projectID, "project-live-") {
		o.baseURL = liveBaseURL
	}
	for _, opt := range opts {
		opt(o)
	}
	for _, so := range o.scoped {
		if so.scope&want == 0 {
			return nil, fmt.Errorf("%s does not apply to %s", so.name, constructorName(want))
		}
	}
	if err := o.validate(projectID); err != nil {
		return nil, err
	}
	return o, nil
}

// constructorName names the constructor building the halves in want.
func constructorName(want scope) string {
	switch want {
	case forLocal:
		return "NewLocal, which never calls Stytch's API"
	case forRemote:
		return "NewRemote, which checks no JWT locally"
	}
	return "New"
}

func (o *options) validate(projectID string) error {
	if err := validateProjectID(projectID); err != nil {
		return err
	}
	if len(o.errs) > 0 {
		return errors.Join(o.errs...)
	}
	u, err := url.Parse(o.baseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("base URL %q must be scheme://host[:port]", o.baseURL)
	}
	checks := []struct {
		ok  bool
		msg string
	}{
		{o.leeway >= 0 && o.leeway <= time.Minute, "leeway must be within [0, 1m]"},
		{o.maxTokenAge >= 0, "max token age must not be negative"},
		{o.refreshInterval >= time.Second, "refresh interval must be at least 1s"},
		{o.unknownKIDInterval >= 0, "unknown-kid refresh interval must not be negative"},
		{o.maxStaleness > 0, "max staleness must be positive"},
		{o.cacheSize >= 0, "cache size must not be negative"},
		{o.remoteCacheTTL >= 0, "remote cache TTL must not be negative"},
		{o.shared == nil || o.remoteCacheTTL > 0, "a shared remote cache needs WithRemoteCacheTTL"},
		{o.timeout > 0 && o.jwksTimeout > 0, "timeouts must be positive"},
		{o.retries >= 0 && o.retries <= 5, "retries must be within [0, 5]"},
		{o.maxCalls >= 1, "max concurrent calls must be at least 1"},
	}
	for _, c := range checks {
		if !c.ok {
			return errors.New(c.msg)
		}
	}
	return nil
}

func validateProjectID(id string) error {
	if !strings.HasPrefix(id, "project-") || !shape.Token(id, 128) {
		return fmt.Errorf("project id must look like project-test-… or project-live-…")
	}
	return nil
}

func defaultTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = 10 * time.Second
	t.IdleConnTimeout = 30 * time.Second
	t.MaxIdleConnsPerHost = 32
	return t
}
