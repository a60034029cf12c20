// Package middleware turns the Stytch session credentials a request carries
// into a verified [sessiongate.Session] in its context, with handlers that
// drop into alice chains:
//
//	mw, err := middleware.New(v) // v: a verifier.Verifier, or any Verifier
//	chain := alice.New(mw.RequireSession)
//	mux.Handle("GET /account", chain.Then(account))
//	mux.Handle("POST /transfer", chain.Append(mw.Fresh(0)).Then(transfer))
//	mux.HandleFunc("POST /logout", mw.Logout)
//	mux.Handle("GET /api/session", mw.SessionHandler())
//
// [Middleware.Authenticate] is the pure decision; [Middleware.RequireSession],
// [Middleware.LoadSession], [Middleware.Fresh] and [Middleware.RequireConfirmed]
// are thin wrappers around it.
//
// # Credentials
//
// An Authorization: Bearer header comes first: a value of three base64url
// segments is a session JWT, any other opaque token. Other schemes (Basic,
// ...) are ignored, so they never hide the cookies. Without a Bearer header
// the session cookies are read with the [cookie.Store] (frontend-managed
// stytch_session / stytch_session_jwt by default; see package cookie for
// the duplicate-name and size rules). With the verifier package's
// verifiers, a JWT the verifier answers for from its cache of verified
// JWTs is settled by that answer: no syntax check (the costliest step of
// reading a cached session) and no second lookup in Verify. Anything else
// is syntax-checked before it reaches the verifier. The cache's answer is
// shared between requests; each request's handlers get their own copy of
// the Verification and the Session (a shallow copy: slices and maps in it
// are shared, so treat them as read-only).
//
// # Responses
//
// Refusals go through the error handler ([WithErrorHandler]; default
// [Middleware.WriteError]):
//
//	no credential                        401  WWW-Authenticate: Bearer realm="app"            {"error":"login_required"}
//	malformed header, duplicate cookie   400  Bearer realm="app", error="invalid_request"      {"error":"invalid_request"}
//	invalid, expired, revoked, unknown   401  Bearer realm="app", error="invalid_token"        {"error":"invalid_token"}
//	cross-origin unsafe cookie request   403                                                    {"error":"cross_origin_request"}
//	not authorized (ErrPermissionDenied) 403  Bearer realm="app", error="insufficient_scope"   {"error":"insufficient_scope"}
//	Stytch or JWKS unavailable           503  Retry-After: N (upstream's, else 5)               {"error":"temporarily_unavailable"}
//	misconfiguration, verifier bug       500                                                    {"error":"server_error"}
//
// Every body has an "error_description" of fixed text; no error message,
// credential or internal detail is ever written. Refusals carry
// Cache-Control: no-store; a HEAD request gets no body. The 403
// insufficient_scope row (RFC 6750 §3.1) answers errors wrapping
// [sessiongate.ErrPermissionDenied], which authorization layers return
// for a valid session that may not do what it asks. [WithRealm] and
// [WithRetryAfter] also apply to a stepup policy that follows the
// middleware in a chain: both packages share one contract.
//
// With [WithLoginURL], browser navigations get a 303 to the login page
// with a same-origin return_to (see [SafeReturnTo]) instead of a 401. A
// request is a navigation when it has no Authorization: Bearer header (a
// Bearer client is an API client, even with a bad token), and either
// Sec-Fetch-Mode: navigate or, without Sec-Fetch-Mode, an Accept header
// ranking text/html (or application/xhtml+xml) strictly above
// application/json: "application/json, text/html;q=0.5" is an API call.
//
// When the credentials came from cookies and are unusable for good (Stytch
// says the session is gone, the value is invalid, expired or unreadable),
// both cookies are cleared with the attributes they were set with. When
// Stytch cannot be reached the cookies are kept (fail closed, 503).
//
// # Refreshed credentials
//
// When verification yields fresh credentials (a new session JWT after the
// old one expired), they reach the client lazily, just before the first
// byte of the response: cookie clients get rewritten cookies (a cookie the
// handler set itself wins), header clients get the [HeaderSessionJWT]
// response header. Such responses carry Cache-Control: no-store. The
// ResponseWriter wrapper used then implements Unwrap, Flush and ReadFrom,
// so [http.ResponseController] (Flush, Hijack, deadlines) keeps working;
// requests without fresh credentials get the original ResponseWriter.
// Every response through the middleware carries Vary: Cookie when cookies
// are enabled. When the response had no Vary header, its value slice is
// per-request storage of capacity 1: Header().Add copies it, and writing
// into it in place affects only that response.
//
// # Freshness and rechecks
//
// [Middleware.Fresh](d) bounds the age of the proof behind a session per
// route: a JWT minted within d, or Stytch's confirmation within d; d = 0
// asks Stytch on every request, catching revoked sessions at once. Each
// authenticated request's context also carries a [sessiongate.Rechecker]
// that re-verifies with a stricter freshness (the stepup package uses it).
//
// # Signing in
//
// After the app has authenticated a factor with Stytch (a password, a
// magic link, an OTP, a TOTP step-up: any endpoint that answers
// session_token, session_jwt and session), [Middleware.StartSession] hands
// the session to the client: cookies (bound to the session when
// server-managed, so a mixed cookie pair is refused later without asking
// Stytch) or, for Bearer clients, the [HeaderSessionJWT] and
// [HeaderSessionToken] headers. It also revokes at Stytch the other session
// the request arrived with, if any, so a sign-in never leaves an older
// session alive behind the new cookies (session fixation).
//
// # Session lifecycle
//
// The request's Rechecker is also its [sessiongate.Lifecycle] (see
// [sessiongate.LifecycleFromContext]): extend the session, set or delete
// custom claims, get the user, list the user's sessions and revoke them by
// id. It calls the Verifier as a [SessionManager]; changes reach the client like a refresh, only when
// Stytch accepted them, and update the request's session in place (do not
// read the session from another goroutine during the call). A session id
// that is not one of the current user's active sessions is refused with
// [sessiongate.ErrNoSuchSession] before any revocation.
//
// # Security considerations
//
// Cookie-authenticated unsafe requests (POST, PUT, PATCH, DELETE) pass Go's
// [http.CrossOriginProtection] (Sec-Fetch-Site, then Origin against Host),
// on by default; [WithTrustedOrigins] admits other origins and
// [WithoutCrossOriginProtection] turns it off (a risk). Bearer clients are
// not subject to it: browsers never attach Authorization headers on their
// own. [Middleware.LoadSession] serves cross-origin cookie requests as anonymous.
// Observer events ([WithObserver]) hold outcome, reason codes, sources and timings, never
// a credential.
//
// # Concurrency
//
// A [Middleware] is immutable after [New] and safe for concurrent use. The
// constructors do no I/O and allocate only their closures. An allowed
// request with nothing to refresh costs one allocation of its own (the
// per-request state, which also holds the request copy the next handler
// gets) plus the verifier's.
package middleware
