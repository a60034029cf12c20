// Package cookie reads, writes and clears the Stytch session cookies
// (stytch_session for the opaque session token, stytch_session_jwt for the
// session JWT) with secure attributes.
//
// A [Store] works in one of two modes, chosen with [New]:
//
//   - Frontend-managed (the default): the Stytch browser SDK writes the
//     cookies and the server mostly reads them. When the server refreshes a
//     JWT it writes the cookie with the attributes the SDK itself uses (not
//     HttpOnly, SameSite=Lax, Path=/, Secure unless the host is localhost,
//     Expires at the session's expiry), so the SDK can keep reading and
//     overwriting it. This is the default because it is how Stytch apps are
//     built out of the box, and HttpOnly cookies would break the SDK.
//   - Server-managed ([WithServerManaged]): the backend owns the cookies and
//     writes them HttpOnly, Secure, SameSite=Lax, Path=/, expiring with the
//     session; optionally with the __Host- prefix ([WithHostPrefix]), a Domain
//     ([WithDomain]) and sealed with authenticated encryption
//     ([WithSealing]).
//
// # Reading rules
//
// [Store.Read] is deterministic:
//
//   - A cookie name sent more than once makes the request ambiguous: the
//     error wraps [sessiongate.ErrMalformedRequest] (400). RFC 6265bis §4.2.2
//     says servers should not rely on cookie order, and taking "the first"
//     would let a cookie tossed from a sibling domain with a longer Path
//     choose the session. Use [WithHostPrefix] to rule tossing out.
//   - An empty value counts as absent.
//   - A JWT value longer than [MaxJWTLength] bytes, or a token value longer
//     than [MaxTokenLength], wraps [sessiongate.ErrInvalidToken] (401; the
//     middleware clears the cookies). Read checks no other syntax: values
//     are untrusted input for the verifier, whose parser checks them
//     strictly (a JWT: three base64url segments; a token: [A-Za-z0-9_-]),
//     and the middleware checks their shape before calling it.
//   - With sealing, a value that does not open (tampered, sealed with a key
//     no longer configured, or older than the seal's max age) makes the whole
//     cookie pair untrusted: the error is [ErrUnreadable], which wraps
//     [sessiongate.ErrNoSession], carries no detail, and tells the middleware
//     to clear the cookies. Values that did open are remembered (see
//     [WithSealCache]) until their seal's max age, so the same cookies sent
//     again cost a map lookup, not a decryption.
//   - No session cookie at all wraps [sessiongate.ErrNoSession].
//
// # Binding the pair
//
// A server-managed Store binds the token cookie to its session: when
// [Store.Write] is given the session's id (Credentials.SessionID, the id
// Stytch returned with the token), the token cookie's value is the token,
// a ".", and that id (sealed with the rest when sealing is on), and
// [Store.Read] returns the id in Credentials.SessionID. The middleware then
// refuses, without asking Stytch, a JWT cookie of another session sent with
// it: a stytch_session of session A next to a stytch_session_jwt of session
// B is a mixed pair (401, both cookies cleared), never a silent switch to A
// at the next refresh. Frontend-managed cookies are the browser SDK's and
// are never bound; there the verifier refuses a mixed pair as soon as a
// Stytch answer for the token names another session than the JWT (a route
// that confirms with Stytch, or the JWT's expiry), and until then the
// request is served as the JWT's session. A token cookie written unbound
// (by an older version, or without a session id) is treated the same way.
//
// # Key rotation
//
// [WithSealing] takes key pairs newest first. [Store.Read] reports a value
// opened with an older pair in Credentials.OldSeal, and the middleware then
// rewrites both cookies, sealed with the newest pair, on the response of
// that browser's first verified request. To rotate without logging anyone
// out:
//
//  1. Deploy the new pair in front of the old one (every instance).
//  2. Wait one session lifetime (or the seal max age, if shorter): every
//     browser that came back meanwhile now holds cookies sealed with the
//     new pair.
//  3. Deploy without the old pair. A cookie still sealed with it (a browser
//     that did not come back) no longer opens and is cleared, as an
//     expired session would be.
//
// # Size guard
//
// Browsers ignore a cookie whose Set-Cookie line is longer than 4096 bytes
// (RFC 6265bis §5.6), so [Store.Write] never emits one. When the JWT cookie
// would be larger (many factors, custom claims, or sealing, which grows a
// value by about 1.8×), it is not written, any stale JWT cookie is cleared
// instead, the token cookie is still written, and [WriteResult.JWTDropped]
// reports it. The next request then verifies the opaque token with Stytch.
//
// # Security considerations
//
// Clearing ([Store.Clear]) writes exactly the Name, Path, Domain, Secure,
// HttpOnly and SameSite attributes used when setting, because browsers ignore
// a removal whose Domain or Path differ. [WithInsecure] drops the Secure
// attribute and exists only for plain-HTTP development on localhost.
// Frontend-managed cookies are readable by JavaScript by design; prefer
// server-managed, sealed cookies when the browser SDK is not used.
//
// # Concurrency
//
// A [Store] is immutable after [New] and safe for concurrent use.
package cookie
