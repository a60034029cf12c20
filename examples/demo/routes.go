package main

import (
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/justinas/alice"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/examples/demo/web"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/rbac"
	"github.com/sessiongate/sessiongate/stepup"
)

// transferRule is the step-up requirement of both transfer routes: a TOTP
// code entered in the last five minutes. Every check is logged (challenges
// at info, failures at warn).
func transferRule(now func() time.Time, log *slog.Logger) stepup.Option {
	return stepup.Options(
		stepup.AnyOf(sessiongate.FactorTOTP),
		stepup.Within(transferWindow),
		stepup.WithClock(now),
		stepup.WithObserver(stepup.SlogObserver(log)),
	)
}

// newTransferPolicy is the rule for the browser route: a form post that
// fails it is redirected (303) to /stepup, which comes back to the transfer
// form with the same amount and payee.
func newTransferPolicy(now func() time.Time, log *slog.Logger) (*stepup.Policy, error) {
	return stepup.New(transferRule(now, log),
		stepup.WithName("transfer-form"),
		stepup.WithStepUpURL("/stepup"),
		stepup.WithChallengeHandler(redirectToTransfer),
	)
}

// routes wires the demo. Read it as the documentation of sessiongate:
//   - sess.LoadSession: verify the session if there is one (public pages);
//   - sess.RequireSession: no valid session, no entry (browsers are sent to
//     /login, API clients get 401 invalid_token);
//   - sess.RequireConfirmed: Stytch must confirm the session on this request,
//     closing the revocation window of local JWTs on a sensitive route;
//   - policy.Require: a route-level step-up rule, after RequireSession;
//   - permission.Require: a route-level RBAC permission, after RequireSession;
//   - sess.Logout: revoke with Stytch and clear the cookies.
func (a *app) routes() (http.Handler, error) {
	sess := a.sess
	apiTransferPolicy, err := stepup.New(transferRule(a.be.now, a.log), stepup.WithName("transfer-api")) // RFC 9470 401 challenge
	if err != nil {
		return nil, err
	}

	// The session middleware refuses cross-origin unsafe requests that carry
	// session cookies; the standard library's protection in front also
	// covers the public forms (login CSRF).
	base := alice.New(securityHeaders, http.NewCrossOriginProtection().Handler)
	public := base.Append(sess.LoadSession)
	private := base.Append(sess.RequireSession)

	mux := http.NewServeMux()
	var table stepup.Table
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(web.Static())))
	mux.HandleFunc("GET /healthz", healthz)

	mux.Handle("GET /{$}", public.ThenFunc(a.home))
	mux.Handle("GET /", public.ThenFunc(a.notFound))
	mux.Handle("GET /signup", public.ThenFunc(a.signupForm))
	mux.Handle("POST /signup", public.ThenFunc(a.signup))
	mux.Handle("GET /login", public.ThenFunc(a.loginForm))
	mux.Handle("POST /login", public.ThenFunc(a.login))
	mux.Handle("POST /logout", base.ThenFunc(sess.Logout))

	mux.Handle("GET /account", private.ThenFunc(a.account))
	// Your devices: the user's sessions, listed and revoked through the
	// request's sessiongate.Lifecycle (only ever the user's own sessions).
	mux.Handle("GET /account/devices", private.ThenFunc(a.devices))
	mux.Handle("POST /account/devices/signout", private.ThenFunc(a.signOutDevice))
	mux.Handle("POST /account/devices/signout-others", private.ThenFunc(a.signOutOthers))
	// The display preference is a custom claim of the session.
	mux.Handle("POST /account/preference", private.ThenFunc(a.setPreference))
	mux.Handle("GET /account/totp", private.ThenFunc(a.totpForm))
	mux.Handle("POST /account/totp", private.ThenFunc(a.enrollTOTP))
	mux.Handle("GET /stepup", private.ThenFunc(a.stepUpForm))
	mux.Handle("POST /stepup", private.ThenFunc(a.stepUp))
	mux.Handle("GET /transfer", private.ThenFunc(a.transferForm))
	// Money moves only for a session Stytch confirms on this request (a
	// revoked session's JWT stays valid locally for up to 5 minutes) and
	// that entered a TOTP code in the last 5 minutes.
	sensitive := private.Append(sess.RequireConfirmed)
	mux.Handle("POST /transfer", sensitive.Append(table.Protect("POST /transfer", a.transferPolicy)).ThenFunc(a.transfer))

	// Permissions (RBAC): checked locally against Stytch's policy, confirmed
	// with Stytch on a local denial (roles may have changed since the JWT).
	var perms rbac.Table
	mux.Handle("GET /account/roles", private.ThenFunc(a.roles))
	mux.Handle("POST /documents", private.Append(perms.Protect("POST /documents", a.perms.writeDocsUI)).ThenFunc(a.createDocument))
	mux.Handle("GET /api/documents", private.Append(perms.Protect("GET /api/documents", a.perms.readDocs)).ThenFunc(a.apiDocuments))
	mux.Handle("POST /api/documents", private.Append(perms.Protect("POST /api/documents", a.perms.writeDocs)).ThenFunc(a.apiCreateDocument))

	mux.Handle("GET /api/session", private.ThenFunc(a.apiSession))
	mux.Handle("POST /api/transfer", sensitive.Append(table.Protect("POST /api/transfer", apiTransferPolicy)).ThenFunc(a.apiTransfer))

	if a.be.emu != nil { // emulator mode only
		mux.Handle("POST /_demo/advance", base.ThenFunc(a.advanceClock))
		// Assigns a role to the signed-in user (a real app would let only
		// administrators do this) and refreshes the session's JWT.
		mux.Handle("POST /account/role", private.ThenFunc(a.assignRole))
	}
	if a.loadtestRoutes { // -loadtest-routes only: same handler, bare and protected
		addLoadtestRoutes(mux, base, private)
	}
	a.logPolicies(&table)
	a.logPermissions(&perms)
	return mux, nil
}

// sessions is the session middleware: the verifier behind it, the
// server-managed cookies it reads and refreshes, where browsers without a
// session go, where they land after logout, and a log of its decisions.
func (a *app) sessions() (*middleware.Middleware, error) {
	return middleware.New(a.verifier,
		middleware.WithCookies(a.cookies), // server-managed, HttpOnly, sealed
		middleware.WithLoginURL("/login"),
		middleware.WithLogoutRedirect("/?notice=logout"),
		middleware.WithObserver(middleware.SlogObserver(a.log)), // denials and logouts at info
		middleware.WithClock(a.be.now),
	)
}

// securityHeaders sets the demo's page-independent response headers: no
// framing, no sniffing, no scripts (the pages have none), same-origin
// referrers (the step-up return path relies on them).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// redirectToTransfer answers a transfer that needs step-up: 303 to /stepup,
// returning afterwards to the transfer form with the same amount and payee
// (a POST cannot be replayed by a redirect, so the user confirms it).
func redirectToTransfer(w http.ResponseWriter, r *http.Request, e *stepup.RequiredError) {
	if !parseForm(w, r) {
		return
	}
	e.ReturnTo = "/transfer"
	if amount, to, msg := checkTransfer(r.PostFormValue("amount"), r.PostFormValue("to")); msg == "" {
		e.ReturnTo += "?" + url.Values{"amount": {amount}, "to": {to}}.Encode()
	}
	stepup.Redirect(w, r, "/stepup", e)
}

// home is the public landing page.
func (a *app) home(w http.ResponseWriter, r *http.Request) {
	a.pages.render(w, http.StatusOK, "home", view{
		Title: "Home", SignedIn: signedIn(r), Notice: notices[r.URL.Query().Get("notice")],
	})
}

// notFound answers unknown paths with a page rather than plain text.
func (a *app) notFound(w http.ResponseWriter, r *http.Request) {
	a.pages.renderError(w, r, http.StatusNotFound, "Page not found", "There is nothing at this address.")
}

// logPolicies prints which step-up policy guards which route, at start.
func (a *app) logPolicies(t *stepup.Table) {
	for _, rt := range t.Routes() {
		a.log.Info("step-up policy", "route", rt.Pattern, "policy", rt.Policy.String())
	}
}
