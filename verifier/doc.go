// Package verifier decides whether a request's Stytch session credentials
// are a live session: session JWTs are verified locally against the
// project's JWKS, session tokens (and JWTs that local proof cannot settle)
// remotely with Stytch's POST /v1/sessions/authenticate.
//
// [New] returns the hybrid [Verifier] most applications want. [NewLocal] and
// [NewRemote] return the two halves alone. All three implement
//
//	Verify(ctx, sessiongate.Credentials, sessiongate.Freshness) (*sessiongate.Verification, error)
//
// and the hybrid and remote ones also Revoke, which is the method set the
// middleware package expects.
//
// # Verification flow
//
// A JWT goes through, in order: a gate on the compact form (at most
// [MaxJWTLength] bytes of base64url characters in three non-empty
// segments; nothing is parsed before it); strict base64url decoding (no
// padding, no standard alphabet, no stray bits); the protected header, read
// by exact name (alg exactly RS256, a kid with a safe charset, typ JWT when
// present, and no crit, jku, jwk, x5u, x5c, zip, enc or b64); the key named
// by kid in the filtered JWKS; the PKCS #1 v1.5 signature with crypto/rsa;
// then the claims, read by exact name with duplicate names rejected: iss is
// "stytch.com/<project_id>" or the base URL, aud contains the project id,
// exp, iat and nbf are JSON numbers checked with [DefaultLeeway], exp − iat
// is at most the 5-minute JWT lifetime, sub is a user id and the
// https://stytch.com/session claim's id a session id in Stytch's shape
// ("user-test-<uuid>", "session-live-<uuid>", …), the session's started_at
// and last_accessed_at are not later than now + leeway, and a token
// carrying scope (an M2M token, signed by the same keys) is rejected. That
// parser is one internal unit (internal/sessionjwt on internal/strictjson),
// fuzzed against encoding/json and jwx's jws.Verify.
//
// The result of a successful check is cached by the exact token string, in a
// bounded, sharded cache whose entries end at the token's exp, so a token
// seen again costs a map lookup; the max token age is still applied on a hit.
//
// The hybrid [Verifier] sends to Stytch what local proof cannot settle: an
// expired or too old JWT, a JWT signed by a key the JWKS lacks even after a
// refresh, any JWT while no JWKS is loaded, and a request with only a session
// token. The answer carries a fresh JWT for the client, verified first
// like a client's JWT (signature, issuer, audience, times) and checked to
// name the answer's session and user: one that does not verify is left out
// of the answer (the API's session stands; [Stats].APIJWTsRejected counts
// it), so that a broken JWT from upstream never reaches a cookie; one that
// verifies but names another session makes the answer unavailable. A
// [Remote] alone has no JWKS to check it against and hands it back as
// Stytch sent it (its Verify prefers the session token anyway). A JWT that is
// invalid (bad signature, foreign issuer, malformed) is rejected outright,
// even when a session token comes with it, and so is an expired JWT whose
// session differs from the token's.
//
// A 200 answer from Stytch is held to the rules a session JWT meets, and
// must be about the credential that was sent: its session object read by
// exact name like the session claim, its session and user ids in
// Stytch's shape, started_at and last_accessed_at not later than now +
// leeway, and the fresh JWT naming the same session and user (as does the
// JWT sent, when no token was). Following security.md's taxonomy, an answer
// whose own expires_at has passed says the session is over:
// ErrSessionNotFound (401, cookies cleared). Any other inconsistency makes
// the answer untrustworthy either way, a malformed upstream answer: an
// [*sessiongate.UnavailableError] (503, cookies kept), never a verdict.
//
// Before any call to Stytch, a session token must be 1–256 characters of
// [A-Za-z0-9_-] and a JWT sent alone must pass the compact-form gate, so
// garbage never costs an upstream call. Calls to Stytch have a per-call
// timeout ([WithTimeout]), are retried only for network errors and 5xx
// ([WithRetries], within a retry budget of about 10% of calls), are
// coalesced per credential, and are capped ([WithMaxConcurrentCalls]):
// beyond the cap, checks fail at once as unavailable rather than queue.
//
// # Session lifecycle
//
// [Verifier] and [Remote] also change sessions for the middleware's
// Lifecycle: Extend and UpdateClaims (sessions/authenticate with
// session_duration_minutes or session_custom_claims, never coalesced;
// reserved claim names refused before any call), Sessions (GET
// /v1/sessions?user_id=), User (GET /v1/users/{user_id}) and RevokeSession
// (by session id; the hybrid verifier then denies the session locally).
// [WithSessionDuration] turns on sliding expiry on the calls the verifier
// makes anyway. A remote Verification carries the user Stytch sent.
//
// # RBAC
//
// [Verifier.FetchPolicy] fetches the project's RBAC policy (GET
// /v1/rbac/policy) for the rbac package's policy cache, which checks
// permissions locally. [Verifier.Authorize] asks Stytch instead
// (sessions/authenticate with authorization_check), coalesced per
// (credential, resource, action); a refusal wraps
// [sessiongate.ErrPermissionDenied], as does any 403 from sessions/authenticate.
//
// # JWKS
//
// The key set is fetched from base URL + "/v1/sessions/jwks/" + project id,
// without credentials. Only RSA keys with alg RS256, use sig, a 2048–8192-bit
// modulus and an odd exponent of at least 65537 are kept (at most 20); a kid
// listed twice is dropped. The set is refetched every
// [DefaultRefreshInterval], or sooner when the response's Cache-Control
// max-age says so (never within a minute). The first load is retried with
// jittered exponential backoff; a failed refresh keeps the last good set for up to
// [DefaultMaxStaleness]. A token naming an unknown kid triggers at most one
// refresh per [DefaultUnknownKIDRefreshInterval], and only when its
// (unverified) iss and aud already name the project; concurrent refreshes
// are coalesced into one fetch, and no request waits past its context.
// Only a key set actually fetched can show that a kid is unknown
// (ErrUnknownKey): when the fetch fails, the kid could not be checked and
// the answer is an [*sessiongate.UnavailableError] (503, cookies kept), and
// the failed fetch does not use up the interval. After a failed fetch that
// a request started, requests start no other one for 1 s, then 2, 4 and at
// most 8 s while fetches keep failing (the time left is the error's
// RetryAfter); the first fetch that succeeds resets this, so a key rotated
// in during a JWKS outage verifies at most 8 s after the JWKS is back.
//
// # Concurrency
//
// Verifiers are immutable after construction and safe for concurrent use.
// The [sessiongate.Verification] Verify returns is the caller's own, but its
// Session shares its factor, role and custom-claim data with the verifier's
// caches: treat it as read-only. VerifyCached's is shared whole.
// [New] and [NewLocal] start one background goroutine that refreshes the
// JWKS, and New one more while revokes wait for a retry; they run until
// the ctx passed to them is done, and then the idle
// connections of the HTTP client they built (without [WithHTTPClient]) are
// closed, so that nothing lingers after shutdown or a test. Remote calls for one
// credential are coalesced: a burst of identical requests makes one call.
//
// # Security considerations
//
// A locally verified JWT stays valid for up to five minutes after its
// session is revoked at Stytch, except in the process that revoked it
// through [Verifier.Revoke], which refuses the session at once even when
// Stytch cannot be reached, and then retries the revoke in the background
// until Stytch confirms it or the session expires (see [Verifier.Revoke]).
// A [Remote] starts no goroutine: its Revoke reports an unreachable Stytch
// and leaves the retry to the caller. Routes that cannot accept that window ask for
// [sessiongate.ConfirmWithServer] or a small [sessiongate.MaxTokenAge]. The
// optional remote cache ([WithRemoteCacheTTL], off by default) extends the
// window for session tokens to its TTL. Errors never contain credentials or
// Stytch's error messages, only its error_type.
//
// # Several instances
//
// Instances of an application close the window for each other by sharing
// revocations: a [RevocationPublisher] ([WithRevocationPublisher]) is told
// of every revocation a Verifier makes, and [Verifier.Deny] applies one
// learned from another instance to the in-memory denylist: requests never
// wait on the network to learn of revocations.
// A [SharedCache] ([WithSharedRemoteCache]) shares the remote cache's
// answers. contrib/sessionredis implements both on Redis.
package verifier
