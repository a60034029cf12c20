// Package sessiongate holds the shared model of a Stytch-style session and the
// contracts that sessiongate's packages build on.
//
// A web app that signs users in with Stytch receives, on every request, a
// short-lived RS256 session JWT (cookie stytch_session_jwt), an opaque
// 44-character session token (cookie stytch_session), or either of them in an
// Authorization: Bearer header. The subpackages turn those credentials into a
// verified [Session] in the request context:
//
//   - verifier checks JWTs locally against the project's JWKS and tokens
//     remotely with Stytch's sessions/authenticate API, falling back from an
//     expired JWT to the API and handing back the fresh JWT;
//   - cookie reads and writes the session cookies (HttpOnly when the server
//     owns them, optionally sealed);
//   - middleware composes the two into func(http.Handler) http.Handler
//     constructors that drop into alice chains;
//   - stepup enforces per-route, just-in-time factor requirements such as
//     "TOTP or WebAuthn within the last 10 minutes";
//   - rbac authorizes per route with Stytch RBAC: the session's roles
//     against the project's policy, checked locally and confirmed with
//     Stytch on a denial;
//   - stytchtest is an embeddable emulator of Stytch's API for tests.
//
// This package depends only on the standard library (and an internal package
// holding its context keys). It defines [Session] and
// [AuthenticationFactor] with JSON tags that match Stytch's wire format, the
// factor [FactorType] and [DeliveryMethod] enums, [NewContext] and
// [FromContext], the [Verification] a verifier reports, the [Lifecycle] a
// handler uses to extend its session, change its custom claims, read its
// [User] and end the user's other sessions, and the sentinel errors every
// package wraps so that callers can use [errors.Is].
//
// # Security considerations
//
// A [Session] found with [FromContext] was verified by the middleware that put
// it there: its factor timestamps come from a signed JWT claim or from Stytch's
// API, never from unverified client data. A locally verified JWT stays valid
// for up to five minutes after the session is revoked at Stytch; routes that
// cannot accept that window ask for [ConfirmWithServer] freshness.
package sessiongate
