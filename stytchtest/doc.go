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
//	POST /v1/magic_links/email/login_or_create
//	POST /v1/magic_links/email/send  POST /v1/magic_links/authenticate
//	POST /v1/otps/sms/send           POST /v1/otps/sms/login_or_create
//	POST /v1/otps/email/send         POST /v1/otps/email/login_or_create
//	POST /v1/otps/authenticate       POST /v1/totps/recover
//	POST /v1/totps/recovery_codes
//	GET  /v1/users/{user_id}         DELETE /v1/users/{user_id}
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
// [Emulator.InjectFault] makes an endpoint fail, [Emulator.Requests] counts
// the calls an endpoint received, and [Emulator.Outbox] holds the magic links
// the emulator "sent". [WithTestControls] serves the same controls over HTTP
// under /_emulator/, for tests written in other languages.
//
// Email magic links are single use and expire (login links after 60
// minutes, sign-up links after 7 days, or the request's
// login_expiration_minutes / signup_expiration_minutes). login_or_create
// creates a user without a password for an unknown address; send needs a
// known one. authenticate starts a session with session_duration_minutes,
// or adds the magic_link factor to the session session_token or
// session_jwt names; an unknown token gives 404 magic_link_not_found, a
// used or expired one 401 unable_to_auth_magic_link, and a refused request
// does not use the link up. Redirect URLs, templates and PKCE are accepted
// and ignored.
//
// One-time passcodes are 6 digits, go to the outbox with their method_id
// (phone_id or email_id), expire after 2 minutes or the request's
// expiration_minutes (1..10), and work once; sending a new one replaces the
// old. A wrong code gives 404 otp_code_not_found; after [MaxOTPAttempts]
// wrong codes, and for a used or expired passcode, authenticate gives 401
// unable_to_auth_otp_code. The factor is otp with delivery_method sms and a
// phone_number_factor, or email and an email_factor. login_or_create creates
// an unknown user (by SMS: a user with only that phone number); send needs a
// known user, except that SMS send to a new number for the user that user_id
// or the session names adds the number to that user once the passcode is
// authenticated. TOTP recovery codes are single use and add a recovery_codes
// factor (delivery_method recovery_code); a wrong or used one gives 401
// unable_to_authenticate_recovery_code. POST /v1/totps answers a qr_code, a
// base64 PNG data URL of the otpauth URI. DELETE /v1/users/{user_id} (and
// [Emulator.DeleteUser]) revokes the user's sessions and forgets its links,
// passcodes and phone numbers.
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
// Stytch's test environment authenticates, as it does against test.stytch.com,
// and so do Stytch's other documented sandbox values: passcodes "sent" to
// [SandboxPhoneNumber] or [SandboxEmail] (nothing reaches the outbox) and
// authenticated with their method id and [SandboxOTPCode], and, for
// [SandboxUserID], POST /v1/totps, TOTP code [SandboxTOTPCode], the recovery
// codes list and recovery code [SandboxRecoveryCode].
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
