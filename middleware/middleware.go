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
	"github.com/sessiongate/sessiongate/internal/seam"
)

// Verifier checks session credentials. The verifier package implements it;
// the middleware never imports it. Errors must wrap the sessiongate
// sentinels, and a nil error must come with a Verification whose Session is
// not nil.
type Verifier interface {
	Verify(ctx context.Context, c sessiongate.Credentials, f sessiongate.Freshness) (*sessiongate.Verification, error)
}

// Revoker ends sessions at Stytch; [Middleware.Logout] and
// [Middleware.StartSession] revoke through the Verifier when it is one (the
// verifier package's are). Revoke returns an error wrapping
// [sessiongate.ErrSessionNotFound] when the session is already gone and
// [sessiongate.ErrUnavailable] when Stytch cannot be reached. When it keeps
// such a revoke to retry it later, as the verifier package's hybrid
// Verifier does, its error also has (directly or wrapped) a method
// RevokePending() bool that returns true; Logout reports it in
// [Event.RevokePending].
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
	cache   seam.CachingVerifier // v, when it is one
	cop     *http.CrossOriginProtection
	onError func(w http.ResponseWriter, r *http.Request, err error)
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
	m := &Middleware{v: v, o: o}
	m.rev, _ = v.(Revoker)
	m.cache, _ = v.(seam.CachingVerifier)
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

// decide reads r's credentials and verifies them with f (the default when
// unset). A JWT the verifier answers for from its cache is settled by that
// lookup alone: it was verified byte for byte, so its syntax is right too.
// Any other credential has its shape checked, then goes to Verify.
func (m *Middleware) decide(r *http.Request, f sessiongate.Freshness) decision {
	if _, set := f.MaxAge(); !set {
		f = m.o.freshness
	}
	creds, src, err := m.credentials(r)
	d := decision{creds: creds, src: src, err: err}
	if err != nil {
		return d
	}
	if src == CredentialCookie && m.cop != nil && m.cop.Check(r) != nil {
		d.err = ErrCrossOrigin
		return d
	}
	if v := m.cached(creds, src, f); v != nil {
		if d.err = checkBinding(creds, v); d.err == nil {
			d.v, d.shared = v, true
		}
		return d
	}
	if d.creds, d.err = checkShapes(creds, src); d.err != nil {
		return d
	}
	d.v, d.err = m.v.Verify(r.Context(), d.creds, f)
	if d.err == nil && (d.v == nil || d.v.Session == nil) {
		d.v, d.err = nil, errNoSessionFromVerifier
	}
	if d.err == nil {
		if d.err = checkBinding(d.creds, d.v); d.err != nil {
			d.v = nil
		}
	}
	return d
}

// cached returns the verifier's cached answer for the request's JWT, or nil.
// A token cookie sent along is still checked (it is 44 bytes): a cache hit
// never lets a malformed credential through.
func (m *Middleware) cached(c sessiongate.Credentials, src CredentialSource, f sessiongate.Freshness) *sessiongate.Verification {
	if m.cache == nil || c.JWT == "" || (src == CredentialHeader && len(c.JWT) > MaxBearerJWTLength) {
		return nil
	}
	if !tokenShaped(c) {
		return nil
	}
	v, ok := m.cache.VerifyCached(c.JWT, f)
	if !ok || v == nil || v.Session == nil {
		return nil
	}
	return v
}
