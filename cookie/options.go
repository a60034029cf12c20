package cookie

import "time"

// Option configures a [Store]. Options are applied in order over secure
// defaults; [New] validates the result.
type Option func(*options)

type options struct {
	serverManaged bool
	hostPrefix    bool
	insecure      bool
	domain        string
	tokenName     string
	jwtName       string
	keyPairs      [][]byte
	sealMaxAge    time.Duration
	sealCacheSize int
}

func defaultOptions() options {
	return options{
		tokenName:     DefaultTokenName,
		jwtName:       DefaultJWTName,
		sealMaxAge:    DefaultSealMaxAge,
		sealCacheSize: DefaultSealCacheSize,
	}
}

// WithServerManaged makes the server the owner of the cookies: they are
// written HttpOnly, Secure, SameSite=Lax, Path=/ and expire with the session.
// Without it the Store is frontend-managed (see the package doc).
func WithServerManaged() Option { return func(o *options) { o.serverManaged = true } }

// WithHostPrefix prefixes both cookie names with "__Host-", which browsers
// accept only with Secure, Path=/ and no Domain, so that no subdomain can set
// or overwrite them. It requires [WithServerManaged] and is incompatible with
// [WithDomain] and [WithInsecure].
func WithHostPrefix() Option { return func(o *options) { o.hostPrefix = true } }

// WithDomain sets the cookies' Domain attribute, sharing them with
// subdomains. Leave it unset for host-only cookies (safer).
func WithDomain(domain string) Option { return func(o *options) { o.domain = domain } }

// WithNames overrides the cookie names (defaults [DefaultTokenName] and
// [DefaultJWTName]), for instance to match the browser SDK's
// opaqueTokenCookieName and jwtCookieName. Names must be valid HTTP tokens,
// distinct, and carry no prefix (use [WithHostPrefix]).
func WithNames(token, jwt string) Option {
	return func(o *options) { o.tokenName, o.jwtName = token, jwt }
}

// WithInsecure drops the Secure attribute so that cookies work over plain
// HTTP. It is a risk: use it only for development on http://localhost, never
// in production, where it lets the cookies travel unencrypted.
func WithInsecure() Option { return func(o *options) { o.insecure = true } }

// WithSealing seals cookie values with authenticated encryption
// (gorilla/securecookie) using hash/block key pairs: hashKey1, blockKey1,
// hashKey2, blockKey2, ... New values are sealed with the first pair; values
// sealed with any pair are opened, so keys rotate by prepending a new pair
// and dropping the oldest later (see "Key rotation" in the package doc: a
// value opened with an older pair is reported in Credentials.OldSeal, and
// the middleware re-seals it with the first pair). Hash keys must be 32 or 64 bytes, block
// keys 16, 24 or 32 bytes (AES-128/192/256). It requires
// [WithServerManaged]: the browser SDK cannot read sealed values.
func WithSealing(keyPairs ...[]byte) Option {
	return func(o *options) { o.keyPairs = keyPairs }
}

// WithSealMaxAge bounds how long a sealed value stays valid after it was
// sealed (default [DefaultSealMaxAge]). It must be at least one second.
func WithSealMaxAge(d time.Duration) Option { return func(o *options) { o.sealMaxAge = d } }

// WithSealCache sets how many opened sealed values the Store remembers
// (default [DefaultSealCacheSize], rounded up to a multiple of 16; 0 turns
// the cache off). A browser sends
// the same sealed cookies on every request: opening them costs base64,
// HMAC-SHA256 and AES-CTR (about 15 µs for both of a session's cookies),
// a cache hit a map lookup. Only values that opened are cached, keyed by
// the exact sealed string and the cookie's name, and an entry expires no
// later than [WithSealMaxAge] after the value was sealed, so a cached value
// is one securecookie would still accept with the Store's keys, which
// never change. Each entry holds up to about 6 KB (sealed and opened JWT).
func WithSealCache(entries int) Option { return func(o *options) { o.sealCacheSize = entries } }
