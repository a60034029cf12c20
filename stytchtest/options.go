package stytchtest

import (
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"time"
)

// DefaultProjectID is the project id an [Emulator] uses unless [WithProjectID] is given.
const DefaultProjectID = "project-test-00000000-0000-4000-8000-000000000000"

// DefaultSecret is the API secret an [Emulator] uses unless [WithSecret] is given.
const DefaultSecret = "secret-test-sessiongate"

// Option configures an [Emulator] or a [Server].
type Option func(*options)

type options struct {
	projectID string
	secret    string
	key       *rsa.PrivateKey
	now       func() time.Time
	issuer    string
	controls  bool
	policy    []byte
}

// WithProjectID sets the project id: the Basic-auth user, the JWT audience and
// the last path segment of the JWKS URL. Default [DefaultProjectID].
func WithProjectID(id string) Option { return func(o *options) { o.projectID = id } }

// WithSecret sets the API secret, the Basic-auth password. Default [DefaultSecret].
func WithSecret(s string) Option { return func(o *options) { o.secret = s } }

// WithSigningKey sets the RSA key that signs session JWTs. Its kid is derived
// from the public key, so the same key gives the same tokens across runs. By
// default a 2048-bit key generated once per process is used.
func WithSigningKey(k *rsa.PrivateKey) Option { return func(o *options) { o.key = k } }

// WithClock sets the base clock; [Emulator.Advance] adds an offset to it.
// Default [time.Now].
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithIssuer sets the iss claim of minted JWTs, and the only issuer
// sessions/authenticate accepts. Default "stytch.com/<project_id>".
func WithIssuer(iss string) Option { return func(o *options) { o.issuer = iss } }

// WithTestControls adds routes under /_emulator/ for black-box tests that
// drive the emulator over HTTP, as the command's -enable-test-controls flag
// does. Off by default; without it the paths answer 404 route_not_found.
//
//	POST   /_emulator/advance?seconds=N  moves the clock, like [Emulator.Advance]
//	POST   /_emulator/faults             injects a fault, like [Emulator.InjectFault]
//	DELETE /_emulator/faults             clears them, like [Emulator.ClearFaults]
//	POST   /_emulator/keys/rotate        a new signing key, like [Emulator.RotateKey]
//	POST   /_emulator/keys/remove        {"kid": "..."}, like [Emulator.RemoveKey]
//	POST   /_emulator/jwks/extra         {"kind": "rsa1024" | "duplicate_kid" | "ec" | "oct" | "rsa_e3"}
//	GET    /_emulator/outbox?to=ADDRESS  {"messages": [...]}, like [Emulator.Outbox]
//	GET    /_emulator/requests           {"requests": {"<endpoint>": N, ...}}, like [Emulator.Requests]
//	POST   /_emulator/reset              forgets users, sessions, links, faults, counts, messages, extra keys
//
// The faults body is {"endpoint": "sessions/authenticate", "status": 503,
// "retry_after": 2, "delay_ms": 0, "times": 1, "body": "<raw body>",
// "reset_connection": false}: endpoint is an [Endpoint] value (JWKS
// included), retry_after is in seconds, times 0 means until cleared, and a
// non-empty body is answered as is instead of the error envelope. Extra JWKS
// keys are published after the signing keys and never sign anything.
// Reset also moves the clock back to the base clock and the JWKS back to the
// first signing key. Answers are JSON with request_id and status_code 200;
// bad requests (bad JSON, unknown fields, endpoint, kind or kid) answer 400
// invalid_request or invalid_request_body in Stytch's error envelope.
// Controls need no credentials; wrong Basic credentials are refused with 401.
// Controls are not counted by [Emulator.Requests] and faults never apply to
// them.
func WithTestControls() Option { return func(o *options) { o.controls = true } }

// cachedKeys are generated on first use and shared by every emulator of the
// process: key generation dominates test time otherwise. Index 0 is the
// default signing key; RotateKey takes the next ones, then fresh keys.
var cachedKeys = [...]func() (*rsa.PrivateKey, error){
	sync.OnceValues(generateKey), sync.OnceValues(generateKey),
	sync.OnceValues(generateKey), sync.OnceValues(generateKey),
}

func generateKey() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) }

// keyForRotation returns the key for the n-th key an emulator uses (0 is its
// first signing key).
func keyForRotation(n int) (*rsa.PrivateKey, error) {
	if n < len(cachedKeys) {
		return cachedKeys[n]()
	}
	return generateKey()
}
