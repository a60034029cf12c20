// Package stepup enforces per-route, just-in-time authentication
// requirements ("TOTP or WebAuthn within the last 10 minutes", "two
// distinct factors", "confirmed by Stytch on this request") on sessions that
// the session middleware has already verified.
//
// # Policies
//
// A [Policy] is built once with [New] from declarative options and is then
// immutable:
//
//	transfer, err := stepup.New(
//		stepup.AnyOf(sessiongate.FactorTOTP, sessiongate.FactorWebAuthn),
//		stepup.Within(10*time.Minute),
//		stepup.WithStepUpURL("/stepup"),
//	)
//
// Each [AnyOf] needs one factor of any of its types; [AllOf] needs one
// factor of each of its types; several of them combine, each needing its own
// distinct factor. [Within] bounds how long ago every counted factor was
// authenticated (age equal to the bound passes, one second more fails).
// [DeliveredBy] and [NotDeliveredBy] restrict delivery methods (for example
// NotDeliveredBy(sessiongate.DeliverySMS)). [Distinct] asks for n distinct
// factors. [ConfirmedWithin] asks that Stytch itself vouched for the session
// recently; ConfirmedWithin(0) makes the middleware verify the session
// remotely on this request, which refuses a revoked session whose JWT is
// still valid. Mistakes (unknown types, rules given twice, rules no factor
// can satisfy, unsafe URLs) are reported by New with [ErrInvalidPolicy].
//
// Factors of type recovery_codes, impersonated, imported and
// trusted_auth_token never count unless a policy names them, and a policy
// naming no type (for example only Within) accepts every other type.
//
// # Distinct factors
//
// The same credential never counts twice. Two factor entries are the same
// factor when they name the same credential: the same email address (a
// magic link and an email OTP to one mailbox are one factor), phone number,
// TOTP registration, WebAuthn registration, crypto wallet, SSO connection
// and subject, or OAuth provider account. Entries without an identifying
// detail (passwords) are the same when their type and delivery method
// match. This is stricter than comparing type, delivery method and detail
// together, on purpose (compare ory/kratos#4317, where one mailbox passed
// as two factors). [AllOf] and several AnyOf are filled by a maximum
// matching, so one credential never fills two requirements.
//
// # Evaluation
//
// [Evaluate] is a pure function of (session, policy, now) that says whether
// the factors suffice and, if not, exactly what is missing; use it outside
// HTTP too, for example to hide a button. [EvaluateVerification] also judges
// ConfirmedWithin against a [sessiongate.Verification]. Factor timestamps
// come only from the verified session (a signed JWT claim or Stytch's API
// response); a last_authenticated_at later than now plus the leeway
// ([DefaultLeeway], [WithLeeway]) is not trusted and does not count, and a
// missing one never counts. The leeway never extends a max age. Stytch
// records times to the second (truncated), so a factor can look up to one
// second older than it is: the error is on the strict side.
//
// # Middleware and challenges
//
// [Policy.Require] is a func(http.Handler) http.Handler that goes after the
// session middleware: alice.New(m.RequireSession, transfer.Require). With no
// session in the context it answers 401 with WWW-Authenticate:
// Bearer realm="app" and no error code, like the session middleware. When
// factors are missing it answers:
//
//   - API requests: 401 with
//     WWW-Authenticate: Bearer error="insufficient_user_authentication",
//     error_description="…", max_age=600, acr_values="stytch:totp stytch:webauthn"
//     (RFC 9470) and the JSON body
//
//     {"error":"insufficient_user_authentication","error_description":"…",
//     "required_factors":["totp","webauthn"],"missing_factors":[["totp","webauthn"]],
//     "factors_needed":1,"max_age":600,"acr_values":"stytch:totp stytch:webauthn",
//     "delivery_methods":[…],"excluded_delivery_methods":[…]}
//
//     where required_factors is what a step-up UI should offer,
//     missing_factors has one entry per distinct factor still needed,
//     max_age (seconds) is absent without Within, and the delivery lists are
//     absent when empty. Fields are only ever added. The body is pinned by
//     golden files in testdata.
//
//   - browser navigations, when [WithStepUpURL] is set: 303 to the
//     step-up page with return_to, factors and max_age in the query, e.g.
//     /stepup?return_to=%2Ftransfer%3Fid%3D1&factors=totp,webauthn&max_age=600.
//     For GET and HEAD the return path is the request's own path and query;
//     for other methods (a POST form cannot be replayed by a redirect) it is
//     [WithReturnPath], else the same-origin Referer's path, else "/".
//
//     A request is a navigation when it has no Authorization: Bearer
//     header (a Bearer client is an API client, whatever else it sends),
//     and either Sec-Fetch-Mode: navigate or, without Sec-Fetch-Mode, an
//     Accept header ranking text/html (or application/xhtml+xml) strictly
//     above application/json: the session middleware's login redirect uses
//     the same rule.
//
//   - anything, with [WithChallengeHandler].
//
// Both answers carry Cache-Control: no-store and Vary: Cookie. Re-verification
// failures use [WriteError] (or [WithErrorHandler]), which answers exactly
// like the session middleware: a session Stytch no longer knows gets 401
// invalid_token, an outage 503 with Retry-After, and a missing
// [sessiongate.Rechecker] in the context (the session middleware is not
// installed in front of stepup: a wiring bug) 500 without details, because
// failing open is not an option. Behind the session middleware, WriteError
// uses the middleware's realm (its WithRealm) and default Retry-After (its
// WithRetryAfter) instead of "app" and 5 seconds, without any wiring. A
// request the middleware served anonymously (LoadSession) carries no
// Rechecker, so its no-session answer uses "app" unless the policy's
// [WithErrorHandler] is the middleware's WriteError method.
//
// [WithObserver] receives one [Event] per check (passed, challenged or
// failed, with a reason code, the missing factor types and whether Stytch
// was asked again), named by [WithName], for metrics and audit logs.
//
// # acr_values
//
// Stytch has no acr claim. The challenge's acr_values lists, in policy
// order, "stytch:" followed by each acceptable Stytch factor type ([ACR]):
// stytch:totp, stytch:webauthn, stytch:otp, stytch:email_otp,
// stytch:password, stytch:magic_link, stytch:oauth, stytch:sso, … RFC 8176
// amr names would merge types a client must tell apart (TOTP, SMS and email
// codes are all "otp"); [AMR] gives them for logs and OIDC bridges. Delivery
// restrictions are not encoded in acr_values; they are in the JSON body.
//
// # After a successful step-up
//
// The step-up page reads what to ask for with [ChallengeFromRequest] and
// where to go back with [ReturnTo] (validated by the rule of the session
// middleware's SafeReturnTo: printable ASCII, one leading "/", no "//", no
// "\", no "#", no scheme or host). It authenticates the new factor with Stytch
// using the current session (for TOTP, POST /v1/totps/authenticate with the
// session_token), which returns a new session_jwt carrying the fresh factor.
// The page must write that JWT and token to the session cookies (with
// package cookie's Store.Write, as the demo does) before redirecting with 303
// to ReturnTo(r); the retried request then carries the new JWT and passes.
// Until then the old JWT, which lacks the new factor, keeps being
// challenged.
//
// # Route table
//
// A [Table] records route pattern → policy as routes are registered
// ([Table.Handle], [Table.Protect]) and prints them ([Table.WriteTo]) for
// audits. Policies attach to the handler the router selects, so path
// variants of a protected route (trailing slash, "//", case, "%2F", "..")
// either reach the same policy or never reach the handler.
//
// # Security considerations
//
// The challenge reveals the route's requirements, so it is sent only to a
// caller whose session was verified (RFC 9470 §9). Error responses never
// include tokens or error text. return_to is always a validated same-origin
// path. ConfirmedWithin needs the session middleware's Rechecker; without
// it requests fail closed.
//
// # Concurrency
//
// A Policy is immutable and safe for concurrent use; a Table is safe for
// concurrent use. The package starts no goroutines.
package stepup
