package middleware

import (
	"net/http"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// RequireSession is a constructor for alice chains: requests without a
// valid session are refused (401, 400 or 403; 503 when Stytch cannot be
// reached) through the error handler; others reach next with the
// [sessiongate.Verification], the [sessiongate.Session] and a
// [sessiongate.Rechecker] in their context. It panics at chain-build time
// if next is nil.
func (m *Middleware) RequireSession(next http.Handler) http.Handler {
	return m.guard(next, sessiongate.Freshness{}, true)
}

// LoadSession is a constructor for routes where a session is optional: a
// valid session is put in the context; a request without credentials, or
// with unusable ones, goes on anonymous (cookies the server reports gone
// or invalid are cleared). When the decision cannot be made (Stytch or the
// JWKS unavailable, 503) the request is refused, not served anonymous: a
// signed-in user must not silently see the signed-out page. It panics at
// chain-build time if next is nil.
func (m *Middleware) LoadSession(next http.Handler) http.Handler {
	return m.guard(next, sessiongate.Freshness{}, false)
}

// Fresh returns a constructor requiring a session whose proof is no older
// than d: a locally verified JWT minted within d, or a confirmation by
// Stytch within d. d <= 0 means "confirm with Stytch on this request",
// which catches a session revoked since its JWT was minted. Placed after
// [Middleware.RequireSession] or [Middleware.LoadSession] in a chain, it
// re-verifies through the request's Rechecker only when the session already
// verified is not fresh enough.
func (m *Middleware) Fresh(d time.Duration) func(http.Handler) http.Handler {
	f := sessiongate.MaxTokenAge(d)
	return func(next http.Handler) http.Handler {
		inner := m.guard(next, f, true)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if rc, ok := m.ownRecheck(r); ok {
				m.serveRecheck(w, r, next, rc, f)
				return
			}
			inner.ServeHTTP(w, r)
		})
	}
}

// RequireConfirmed is Fresh(0): the session must be confirmed by Stytch on
// this request. It panics at chain-build time if next is nil.
func (m *Middleware) RequireConfirmed(next http.Handler) http.Handler {
	return m.Fresh(0)(next)
}

// SessionHandler returns a handler for frontends to hydrate their state: it
// answers {"session": {...}} (Stytch's session shape, without any token)
// for a valid session and the usual refusals otherwise. Mount it on GET.
func (m *Middleware) SessionHandler() http.Handler {
	return m.RequireSession(http.HandlerFunc(writeSession))
}

func (m *Middleware) guard(next http.Handler, f sessiongate.Freshness, required bool) http.Handler {
	if next == nil {
		panic("middleware: nil next handler")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := m.start()
		d := m.decide(r, f)
		if d.err == nil {
			m.allow(w, r, next, d, start)
			return
		}
		m.deny(w, r, next, d, required, start)
	})
}

// vary marks responses as depending on the session cookies, once: not
// when a Vary value already lists Cookie. When the response has no Vary
// header yet and store is not nil, the header's value slice is store
// itself (per-request storage, no allocation); its capacity is 1, so a
// handler's Header().Add("Vary", ...) copies it rather than writing past
// it.
func (m *Middleware) vary(w http.ResponseWriter, store *[1]string) {
	if m.cookies == nil {
		return
	}
	h := w.Header()
	if len(h["Vary"]) == 0 && store != nil {
		store[0] = "Cookie"
		h["Vary"] = store[:1:1]
		return
	}
	httpcontract.AddVaryCookie(h)
}

func (m *Middleware) allow(w http.ResponseWriter, r *http.Request, next http.Handler, d decision, start time.Time) {
	rc := &recheck{m: m, jwt: d.creds.JWT, token: d.creds.Token, fromCookies: d.src == CredentialCookie}
	v := d.v
	if d.shared {
		v = rc.own.copyOf(v)
	}
	rc.v, rc.confirmed = v, v.Source == sessiongate.SourceRemote
	m.vary(w, &rc.vary)
	if v.JWT != "" {
		rc.jwt = v.JWT // later rechecks start from the freshest proof
	}
	out, fallback := m.deliver(w, r, d.src, d.creds, m.resealing(d, v))
	rc.w = out
	if m.o.observer != nil {
		m.observe(Event{Outcome: OutcomeAllowed, Reason: ReasonOK, Credential: d.src, Source: v.Source,
			Latency: m.since(start), Refreshed: out != w, CookieFallback: fallback})
	}
	next.ServeHTTP(out, rc.withContext(r, rc.ctx.Init(r.Context(), v.Session, v, rc)))
}

// resealing returns what to hand back to the client for v: v itself, or,
// when the request's cookies were sealed with an older key pair, a copy
// that also carries the request's own credentials, so that the cookies are
// rewritten sealed with the newest pair (and bound to the session).
func (m *Middleware) resealing(d decision, v *sessiongate.Verification) *sessiongate.Verification {
	if !d.creds.OldSeal || d.src != CredentialCookie {
		return v
	}
	out := *v
	if out.JWT == "" {
		out.JWT = d.creds.JWT
	}
	if out.Token == "" {
		out.Token = d.creds.Token
	}
	return &out
}

func (m *Middleware) deny(w http.ResponseWriter, r *http.Request, next http.Handler, d decision, required bool, start time.Time) {
	m.vary(w, nil)
	cleared := d.src == CredentialCookie && clears(d.err)
	if cleared {
		m.clearCookies(w, r)
	}
	p := classify(d.err)
	e := Event{Credential: d.src, Reason: p.reason, Latency: m.since(start), CookiesCleared: cleared}
	if !required && p.anonymous() {
		e.Outcome = OutcomeAnonymous
		m.observe(e)
		next.ServeHTTP(w, r)
		return
	}
	e.Status, e.Outcome = p.status, p.outcome()
	m.observe(e)
	m.onError(w, r, d.err)
}

// ownRecheck returns the Rechecker this Middleware put in r's context.
func (m *Middleware) ownRecheck(r *http.Request) (*recheck, bool) {
	rc, ok := sessiongate.RecheckerFromContext(r.Context())
	if !ok {
		return nil, false
	}
	own, ok := rc.(*recheck)
	return own, ok && own.m == m
}

// serveRecheck enforces f on a request already verified earlier in the
// chain.
func (m *Middleware) serveRecheck(w http.ResponseWriter, r *http.Request, next http.Handler, rc *recheck, f sessiongate.Freshness) {
	if rc.satisfies(f, m.o.now()) {
		next.ServeHTTP(w, r)
		return
	}
	v, err := rc.Recheck(r.Context(), f)
	if err != nil {
		m.onError(w, r, err)
		return
	}
	next.ServeHTTP(w, r.WithContext(sessiongate.NewVerificationContext(r.Context(), v)))
}
