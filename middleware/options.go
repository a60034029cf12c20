package middleware

import (
	"net/http"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
)

// Option configures a [Middleware]. Options apply in order over secure
// defaults; [New] validates the result.
type Option func(*options)

type options struct {
	cookies        *cookie.Store
	noCookies      bool
	errorHandler   func(w http.ResponseWriter, r *http.Request, err error)
	observer       func(Event)
	loginURL       string
	logoutRedirect string
	noCrossOrigin  bool
	trustedOrigins []string
	freshness      sessiongate.Freshness
	realm          string
	retryAfter     time.Duration
	now            func() time.Time
	clearSiteData  []string
}

// WithCookies reads and writes session cookies with s. The default is a
// frontend-managed store with the Stytch names ([cookie.New] without
// options).
func WithCookies(s *cookie.Store) Option { return func(o *options) { o.cookies = s } }

// WithoutCookies ignores cookies: only Authorization: Bearer credentials
// count, for pure API servers.
func WithoutCookies() Option { return func(o *options) { o.noCookies = true } }

// WithErrorHandler replaces the default failure response ([Middleware.WriteError]
// plus the optional login redirect) to a request the middleware refuses.
// err wraps a sessiongate sentinel or [ErrCrossOrigin]; never write it to
// the client. The middleware has already cleared cookies and set Vary and
// Cache-Control when h runs.
func WithErrorHandler(h func(w http.ResponseWriter, r *http.Request, err error)) Option {
	return func(o *options) { o.errorHandler = h }
}

// WithObserver has obs called with one [Event] per decision. obs runs
// synchronously on the request path: keep it fast and safe for concurrent
// use. A type with an Observe(Event) method passes its method value.
func WithObserver(obs func(Event)) Option { return func(o *options) { o.observer = obs } }

// WithLoginURL makes the default error handler answer browser navigations
// (no Bearer header, and Sec-Fetch-Mode: navigate or an Accept header
// preferring text/html to JSON; see the package overview) that lack a
// valid session with a 303 redirect to u, adding a same-origin return_to
// parameter for GET and HEAD requests. u is a path ("/login") or an
// absolute http(s) URL.
func WithLoginURL(u string) Option { return func(o *options) { o.loginURL = u } }

// WithLogoutRedirect makes [Middleware.Logout] answer browser navigations
// with a 303 redirect to u instead of JSON.
func WithLogoutRedirect(u string) Option { return func(o *options) { o.logoutRedirect = u } }

// WithoutCrossOriginProtection turns off the refusal of cross-origin unsafe
// requests (POST, PUT, ...) that carry session cookies. It is a risk: only
// use it when another CSRF defence covers every cookie-authenticated route.
func WithoutCrossOriginProtection() Option { return func(o *options) { o.noCrossOrigin = true } }

// WithTrustedOrigins lets unsafe cookie-authenticated requests from these
// origins ("https://admin.example.com": scheme, host and optional port)
// through the cross-origin protection.
func WithTrustedOrigins(origins ...string) Option {
	return func(o *options) { o.trustedOrigins = append(o.trustedOrigins, origins...) }
}

// WithFreshness sets the default freshness of [Middleware.RequireSession]
// and [Middleware.LoadSession]. The default, the zero Freshness, defers to
// the verifier's own default max token age.
func WithFreshness(f sessiongate.Freshness) Option { return func(o *options) { o.freshness = f } }

// WithRealm sets the realm of WWW-Authenticate challenges (default "app"),
// for the middleware's answers and those of stepup policies that follow it
// in a chain.
func WithRealm(realm string) Option { return func(o *options) { o.realm = realm } }

// WithRetryAfter sets the Retry-After sent with 503 responses when the
// upstream gave none (default 5 s; rounded up to whole seconds), for the
// middleware's answers and those of stepup policies that follow it.
func WithRetryAfter(d time.Duration) Option { return func(o *options) { o.retryAfter = d } }

// WithClearSiteData makes [Middleware.Logout] also send a Clear-Site-Data
// header (W3C Clear Site Data; OWASP's session management advice for
// logout) with these types, for example "cache" and "storage" so that
// pages and local storage of the signed-out user do not outlive the
// session. The types are "cache", "cookies", "storage",
// "executionContexts", "clientHints", "prefetchCache", "prerenderCache" and
// "*"; [New] rejects others. Beware that "cookies" (and "*") clears every
// cookie of the whole registrable domain, not only the session's. The
// header is sent whenever Logout clears the session cookies, including when
// Stytch cannot be reached; browsers honour it on HTTPS only.
func WithClearSiteData(types ...string) Option {
	return func(o *options) { o.clearSiteData = append(o.clearSiteData, types...) }
}

// WithClock sets the clock used for latencies and freshness shortcuts
// (default time.Now).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }
