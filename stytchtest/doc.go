// Package stytchtest is a faithful, embeddable emulator of Stytch's consumer
// sessions API, in the spirit of net/http/httptest.
//
// An [Emulator] is a [net/http.Handler] that serves, at its root, the backend
// API paths the official SDKs call:
//
//	POST /v1/sessions/authenticate   GET  /v1/sessions?user_id=
//	POST /v1/sessions/revoke         GET  /v1/sessions/jwks/{project_id} (no auth)
//	POST /v1/passwords               POST /v1/passwords/authenticate
//	POST /v1/totps                   POST /v1/totps/authenticate
//	GET  /v1/rbac/policy             POST /v1/users
//	GET  /v1/users/{user_id}         PUT  /v1/users/{user_id} (roles)
//
// with Stytch's JSON shapes, HTTP Basic authentication (project_id:secret) and
// Stytch's error envelope {status_code, request_id, error_type, error_message,
// error_url}. Session JWTs are minted as Stytch mints them: RS256 with a kid,
// typ JWT, iss stytch.com/<project_id>, aud [project_id], iat = nbf, a fixed
// five-minute lifetime, the https://stytch.com/session claim and custom claims
// flattened at the top level. Session tokens are 44-character opaque strings.
//
// [NewServer] starts a [net/http/httptest.Server] that closes itself when the
// test ends. Tests control the emulator through Go methods: [Emulator.Advance]
// moves its clock, [Emulator.RotateKey] and [Emulator.RemoveKey] change the
// JWKS, [Emulator.CreateUser] and [Emulator.CreateSession] seed state with any
// factors, [Emulator.SignJWT] and [Emulator.SignRaw] forge tokens,
// [Emulator.InjectFault] makes an endpoint fail, and [Emulator.Requests] counts
// the calls an endpoint received.
//
// # RBAC
//
// The project's RBAC policy is the role stytch_user alone, with no
// permissions, unless [WithRBACPolicy] or [Emulator.SetRBACPolicy] sets
// another (the JSON of GET /v1/rbac/policy's policy object). Every user holds
// [DefaultRole]; other roles are assigned with roles on POST /v1/users, PUT
// /v1/users/{user_id} or [Emulator.SetUserRoles], and appear, stytch_user
// first, in user.roles, session.roles and the roles of every JWT minted
// afterwards. sessions/authenticate's authorization_check {resource_id,
// action} passes when a role of the session, defined in the policy, has a
// permission on exactly resource_id whose actions contain action or "*": the
// answer then adds verdict {authorized: true, granting_roles}. Otherwise it
// answers 403 session_authorization_error and leaves the session unchanged.
// POST /v1/users needs an email address and creates a user without a
// password; PUT applies roles only.
//
// The sandbox session token WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY of
// Stytch's test environment authenticates, as it does against test.stytch.com.
//
// # Errors
//
// Documented behaviours are reproduced as documented: wrong credentials give
// 401 unauthorized_credentials; an unknown, expired or revoked session gives
// 404 session_not_found "Session could not be found."; both or neither of
// session_token and session_jwt give 400 too_many_session_arguments or
// no_session_arguments; a duration outside 5..527040 gives 400
// invalid_session_duration_minutes. Where Stytch's answer is not documented
// the emulator picks a Stytch error type and a 400 status: a JWT that cannot
// be parsed, has a bad signature or an unlisted kid gives
// unable_to_parse_session_jwt, a foreign issuer or audience
// jwt_invalid_issuer or jwt_invalid_audience; malformed JSON, wrong types and
// missing fields give invalid_request_body; unknown paths give 404
// route_not_found and wrong methods 405 method_not_allowed. 401 is reserved
// for credentials (API credentials, a wrong password, a wrong TOTP code).
//
// # Concurrency
//
// An Emulator is safe for concurrent use: HTTP requests and the Go controls
// may run at the same time. Injected latency waits outside the emulator's lock
// and ends early when the request's context is done.
//
// # Security considerations
//
// The emulator is for tests and local development. Its default signing key is
// generated once per process and never written anywhere; it keeps all state
// in memory. Request bodies are capped at 1 MiB, custom claims at 4 KB and the
// factors of a session at [MaxFactors], so a misbehaving client cannot grow a
// session without bound. Secrets are compared in constant time.
package stytchtest
