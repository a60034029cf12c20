package middleware

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// Verifier checks session credentials. The verifier package implements it;
// the middleware never imports it. Errors must wrap the sessiongate
// sentinels, and a nil error must come with a Verification whose Session is
// not nil.
type Verifier interface {
	Verify(ctx context.Context, c sessiongate.Credentials, f sessiongate.Freshness) (*sessiongate.Verification, error)
}

// CachingVerifier is a Verifier that can answer from a cache of JWTs it
// verified before, like the verifier package's. The middleware asks
// VerifyCached first, before checking a JWT's syntax: a true answer stands
// for Verify's (the credential was verified byte for byte, so its syntax
// is right too), and a false one sends the request through the syntax
// check and Verify as usual. VerifyCached must do no I/O and must answer
// true only with what Verify would return for Credentials{JWT: jwt}. Its
// Verification may be shared between calls (a cache's own): the
// middleware never modifies it, and copies it and its Session into the
// request's storage before a handler sees them.
type CachingVerifier interface {
	Verifier
	VerifyCached(jwt string, f sessiongate.Freshness) (*sessiongate.Verification, bool)
}

// Revoker ends sessions at Stytch. Revoke returns an error wrapping
// [sessiongate.ErrSessionNotFound] when the session is already gone and
// [sessiongate.ErrUnavailable] when Stytch cannot be reached.
type Revoker interface {
	Revoke(ctx context.Context, c sessiongate.Credentials) error
}

// ErrCrossOrigin reports an unsafe request (POST, PUT, DELETE, ...) that
// carries session cookies but comes from another origin, refused by Go's
// [http.CrossOriginProtection] (403).
var ErrCrossOrigin = httpcontract.ErrCrossOrigin

// Middleware turns request credentials into a verified session in the
// request context. Create one with [New]; it is immutable and safe for
// concurrent use, and its methods are constructors for alice chains.
type Middleware struct {
	v       Verifier
	rev     Revoker
	o       options
	cookies *cookie.Store
	cache   CachingVerifier // v, when it is one
	cop     *http.CrossOriginProtection
	onError ErrorHandler
	login   *url.URL
	// clearSiteData is Logout's Clear-Site-Data header value, or "".
	clearSiteData string
}

// New returns a Middleware that verifies credentials with v. It fails when
// v is nil or an option is invalid (login URL, trusted origin, realm).
func New(v Verifier, opts ...Option) (*Middleware, error) {
	if v == nil {
		return nil, errors.New("middleware: nil Verifier")
	}
	o := options{realm: "app", retryAfter: 5 * time.Second, now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	m := &Middleware{v: v, o: o, rev: o.revoker}
	if m.rev == nil {
		m.rev, _ = v.(Revoker)
	}
	m.cache, _ = v.(CachingVerifier)
	if err := m.configure(); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Middleware) configure() error {
	if err := m.configureCookies(); err != nil {
		return err
	}
	if !validRealm(m.o.realm) {
		return fmt.Errorf("middleware: invalid realm %q", m.o.realm)
	}
	if m.o.retryAfter <= 0 || m.o.now == nil {
		return errors.New("middleware: retry-after must be positive and the clock set")
	}
	var err error
	if m.login, err = parseRedirect(m.o.loginURL); err != nil {
		return err
	}
	if _, err = parseRedirect(m.o.logoutRedirect); err != nil {
		return err
	}
	if m.clearSiteData, err = clearSiteDataHeader(m.o.clearSiteData); err != nil {
		return err
	}
	if !m.o.noCrossOrigin {
		m.cop = http.NewCrossOriginProtection()
		for _, origin := range m.o.trustedOrigins {
			if err := m.cop.AddTrustedOrigin(origin); err != nil {
				return fmt.Errorf("middleware: %v", err)
			}
		}
	}
	m.onError = m.o.errorHandler
	if m.onError == nil {
		m.onError = m.defaultErrorHandler
	}
	return nil
}

func (m *Middleware) configureCookies() error {
	switch {
	case m.o.noCookies && m.o.cookies != nil:
		return errors.New("middleware: WithCookies and WithoutCookies both given")
	case m.o.noCookies:
		return nil
	case m.o.cookies != nil:
		m.cookies = m.o.cookies
		return nil
	}
	var err error
	m.cookies, err = cookie.New()
	return err
}

// parseRedirect accepts "" (unset), a path starting with a single "/", or
// an absolute http(s) URL.
func parseRedirect(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, fmt.Errorf("middleware: invalid redirect URL %q", raw)
	case u.IsAbs() && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "":
		return u, nil
	case !u.IsAbs() && u.Host == "" && strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "//"):
		return u, nil
	}
	return nil, fmt.Errorf("middleware: redirect URL %q must be a path or an absolute http(s) URL", raw)
}

func validRealm(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e || s[i] == '"' || s[i] == '\\' {
			return false
		}
	}
	return s != ""
}

// Authenticate is the pure decision behind the middleware: it extracts r's
// credentials (Authorization: Bearer first, then cookies), applies the
// cross-origin protection to cookie credentials, and verifies them with the
// default freshness. It writes nothing. Errors wrap the sessiongate
// sentinels or [ErrCrossOrigin].
func (m *Middleware) Authenticate(r *http.Request) (*sessiongate.Verification, error) {
	d := m.decide(r, sessiongate.Freshness{})
	if d.shared {
		d.v = new(owned).copyOf(d.v)
	}
	return d.v, d.err
}

// decision is the outcome of one verification, with what the wrappers need
// to respond.
type decision struct {
	creds sessiongate.Credentials
	src   CredentialSource
	v     *sessiongate.Verification
	err   error
	// shared: v is the verifier's cached answer, read-only; it is copied
	// before anyone else sees it.
	shared bool
}

func (m *Middleware) decide(r *http.Request, f sessiongate.Freshness) decision {
	if _, set := f.MaxAge(); !set {
		f = m.o.freshness
	}
	// A JWT the verifier answers for from its cache skips the syntax check
	// and Verify. known runs at most once (one JWT per request).
	var cached *sessiongate.Verification
	var known func(string) bool
	if m.cache != nil {
		known = func(jwt string) bool {
			v, ok := m.cache.VerifyCached(jwt, f)
			if ok && v != nil && v.Session != nil {
				cached = v
			}
			return cached != nil
		}
	}
	creds, src, err := m.credentials(r, known)
	d := decision{creds: creds, src: src, err: err}
	if err != nil {
		return d
	}
	if src == CredentialCookie && m.cop != nil && m.cop.Check(r) != nil {
		d.err = ErrCrossOrigin
		return d
	}
	if cached != nil {
		d.v, d.shared = cached, true
		return d
	}
	d.v, d.err = m.v.Verify(r.Context(), creds, f)
	if d.err == nil && (d.v == nil || d.v.Session == nil) {
		d.v, d.err = nil, errNoSessionFromVerifier
	}
	return d
}
