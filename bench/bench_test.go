package bench

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/auth0/go-jwt-middleware/v2/jwks"
	"github.com/auth0/go-jwt-middleware/v2/validator"
	gjwt "github.com/golang-jwt/jwt/v5"
	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jwt"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// ring is how many distinct tokens each benchmark cycles through, so that
// every operation verifies a signature it has not seen recently.
const ring = 256

// fixture is an emulator with ring live sessions, minted at real time
// (several peers read the wall clock), so each benchmark run re-mints.
type fixture struct {
	srv    *stytchtest.Server
	tokens []string
}

func newFixture(b *testing.B) *fixture {
	b.Helper()
	srv := stytchtest.NewServer(b)
	uid, err := srv.CreateUser("bench@example.com", "correct horse battery staple 42")
	if err != nil {
		b.Fatal(err)
	}
	f := &fixture{srv: srv, tokens: make([]string, ring)}
	for i := range f.tokens {
		t, err := srv.CreateSession(uid, stytchtest.SessionSpec{})
		if err != nil {
			b.Fatal(err)
		}
		f.tokens[i] = t.SessionJWT
	}
	return f
}

func (f *fixture) issuer() string { return "stytch.com/" + f.srv.ProjectID() }

// run times verify over the token ring.
func (f *fixture) run(b *testing.B, verify func(tok string) error) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := verify(f.tokens[i%ring]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkVerify(b *testing.B) {
	b.Run("floor-crypto-rsa", benchFloor)
	b.Run("sessiongate-cold", benchOurs(64))
	b.Run("sessiongate-cached", benchOursCached)
	b.Run("golang-jwt-keyfunc", benchGolangJWT)
	b.Run("jwx-parse", benchJWX)
	b.Run("auth0-validator", benchAuth0)
}

// benchFloor is SHA-256 plus crypto/rsa PKCS #1 v1.5 verification only.
func benchFloor(b *testing.B) {
	f := newFixture(b)
	set, err := jwk.Fetch(b.Context(), f.srv.JWKSURL())
	if err != nil {
		b.Fatal(err)
	}
	key, _ := set.Key(0)
	var pub rsa.PublicKey
	if err := jwk.Export(key, &pub); err != nil {
		b.Fatal(err)
	}
	f.run(b, func(tok string) error {
		dot := strings.LastIndexByte(tok, '.')
		sig, err := base64.RawURLEncoding.DecodeString(tok[dot+1:])
		if err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(tok[:dot]))
		return rsa.VerifyPKCS1v15(&pub, crypto.SHA256, sum[:], sig)
	})
}

func benchOurs(cacheSize int) func(b *testing.B) {
	return func(b *testing.B) {
		f := newFixture(b)
		v, err := verifier.NewLocal(b.Context(), f.srv.ProjectID(), verifier.WithBaseURL(f.srv.URL), verifier.WithCacheSize(cacheSize))
		if err != nil {
			b.Fatal(err)
		}
		if err := v.Refresh(b.Context()); err != nil {
			b.Fatal(err)
		}
		ctx := b.Context()
		f.run(b, func(tok string) error {
			_, err := v.Verify(ctx, sessiongate.Credentials{JWT: tok}, sessiongate.Freshness{})
			return err
		})
	}
}

func benchOursCached(b *testing.B) {
	f := newFixture(b)
	v, err := verifier.NewLocal(b.Context(), f.srv.ProjectID(), verifier.WithBaseURL(f.srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	if err := v.Refresh(b.Context()); err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	c := sessiongate.Credentials{JWT: f.tokens[0]}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, c, sessiongate.Freshness{}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchGolangJWT(b *testing.B) {
	f := newFixture(b)
	ctx, cancel := context.WithCancel(b.Context())
	defer cancel()
	k, err := keyfunc.NewDefaultCtx(ctx, []string{f.srv.JWKSURL()})
	if err != nil {
		b.Fatal(err)
	}
	p := gjwt.NewParser(gjwt.WithValidMethods([]string{"RS256"}), gjwt.WithAudience(f.srv.ProjectID()),
		gjwt.WithIssuer(f.issuer()), gjwt.WithExpirationRequired(), gjwt.WithIssuedAt())
	f.run(b, func(tok string) error {
		_, err := p.Parse(tok, k.Keyfunc)
		return err
	})
}

func benchJWX(b *testing.B) {
	f := newFixture(b)
	set, err := jwk.Fetch(b.Context(), f.srv.JWKSURL())
	if err != nil {
		b.Fatal(err)
	}
	f.run(b, func(tok string) error {
		_, err := jwt.Parse([]byte(tok), jwt.WithKeySet(set),
			jwt.WithIssuer(f.issuer()), jwt.WithAudience(f.srv.ProjectID()), jwt.WithValidate(true))
		return err
	})
}

func benchAuth0(b *testing.B) {
	f := newFixture(b)
	base, _ := url.Parse(f.srv.URL)
	jwksURL, _ := url.Parse(f.srv.JWKSURL())
	p := jwks.NewCachingProvider(base, 5*time.Minute, jwks.WithCustomJWKSURI(jwksURL))
	v, err := validator.New(p.KeyFunc, validator.RS256, f.issuer(), []string{f.srv.ProjectID()})
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	f.run(b, func(tok string) error {
		_, err := v.ValidateToken(ctx, tok)
		return err
	})
}
