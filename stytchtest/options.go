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

// WithTestControls adds a route for black-box tests that drive the emulator
// over HTTP, as the command's -enable-test-controls flag does:
//
//	POST /_emulator/advance?seconds=N
//
// moves the clock like [Emulator.Advance] and answers
// {"request_id", "status_code": 200, "now": "<RFC 3339>"}. It requires the
// API's Basic credentials. Off by default.
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
