package cookie

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/securecookie"

	"github.com/sessiongate/sessiongate"
)

// Defaults and limits.
const (
	// DefaultTokenName is the browser SDK's name for the opaque session token cookie.
	DefaultTokenName = "stytch_session"
	// DefaultJWTName is the browser SDK's name for the session JWT cookie.
	DefaultJWTName = "stytch_session_jwt"
	// HostPrefix is prepended to both names by [WithHostPrefix].
	HostPrefix = "__Host-"
	// MaxJWTLength caps a JWT read from a cookie, in bytes.
	MaxJWTLength = 4096
	// MaxTokenLength caps an opaque session token read from a cookie, in bytes
	// (Stytch's tokens are 44 characters).
	MaxTokenLength = 512
	// MaxCookieLength is the longest Set-Cookie value (name, value and
	// attributes) [Store.Write] emits; browsers ignore longer cookies.
	MaxCookieLength = 4096
	// DefaultSealMaxAge is how long a sealed value stays valid by default.
	DefaultSealMaxAge = 30 * 24 * time.Hour
)

// ErrUnreadable reports a sealed cookie value that could not be opened. It
// wraps [sessiongate.ErrNoSession]: the credentials are treated as absent,
// and the middleware clears the cookies.
var ErrUnreadable = fmt.Errorf("cookie: sealed value could not be opened: %w", sessiongate.ErrNoSession)

// Store reads and writes the session cookies. Create one with [New]; it is
// immutable and safe for concurrent use.
type Store struct {
	o         options
	tokenName string
	jwtName   string
	codecs    []securecookie.Codec
	opened    *openCache       // nil without sealing or with WithSealCache(0)
	now       func() time.Time // the open cache's clock
}

// New returns a Store configured by opts over secure defaults
// (frontend-managed, names [DefaultTokenName] and [DefaultJWTName]). It
// returns an error, and no Store, when the options are inconsistent or a
// key is unusable.
func New(opts ...Option) (*Store, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	s := &Store{o: o, tokenName: o.tokenName, jwtName: o.jwtName}
	if o.hostPrefix {
		s.tokenName, s.jwtName = HostPrefix+o.tokenName, HostPrefix+o.jwtName
	}
	if len(o.keyPairs) > 0 {
		codecs, err := newCodecs(o.keyPairs, o.sealMaxAge)
		if err != nil {
			return nil, err
		}
		s.codecs = codecs
		s.opened, s.now = newOpenCache(o.sealCacheSize), time.Now
	}
	return s, nil
}

func (o *options) validate() error {
	if err := validName(o.tokenName); err != nil {
		return err
	}
	if err := validName(o.jwtName); err != nil {
		return err
	}
	switch {
	case o.tokenName == o.jwtName:
		return errors.New("cookie: token and JWT cookie names must differ")
	case o.hostPrefix && !o.serverManaged:
		return errors.New("cookie: WithHostPrefix requires WithServerManaged")
	case o.hostPrefix && o.domain != "":
		return errors.New("cookie: WithHostPrefix forbids WithDomain (__Host- cookies are host-only)")
	case o.hostPrefix && o.insecure:
		return errors.New("cookie: WithHostPrefix requires Secure cookies, not WithInsecure")
	case len(o.keyPairs) > 0 && !o.serverManaged:
		return errors.New("cookie: WithSealing requires WithServerManaged")
	case o.sealMaxAge < time.Second:
		return errors.New("cookie: seal max age must be at least one second")
	case o.sealCacheSize < 0:
		return errors.New("cookie: seal cache size must not be negative")
	}
	return validDomain(o.domain)
}

func validName(name string) error {
	if name == "" {
		return errors.New("cookie: empty cookie name")
	}
	for i := 0; i < len(name); i++ {
		if !isTokenChar(name[i]) {
			return fmt.Errorf("cookie: invalid character in cookie name %q", name)
		}
	}
	lower := strings.ToLower(name)
	if strings.HasPrefix(lower, "__host-") || strings.HasPrefix(lower, "__secure-") {
		return fmt.Errorf("cookie: name %q carries a prefix; use WithHostPrefix", name)
	}
	return nil
}

func validDomain(d string) error {
	if d == "" {
		return nil
	}
	c := &http.Cookie{Name: "x", Value: "y", Domain: d}
	if c.Valid() != nil {
		return fmt.Errorf("cookie: invalid domain %q", d)
	}
	return nil
}

// isTokenChar reports whether b may appear in an HTTP token (RFC 9110 §5.6.2).
func isTokenChar(b byte) bool {
	switch {
	case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}

// TokenName returns the name of the opaque session token cookie, prefix included.
func (s *Store) TokenName() string { return s.tokenName }

// JWTName returns the name of the session JWT cookie, prefix included.
func (s *Store) JWTName() string { return s.jwtName }
