package bench

import (
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

func newFixture(b testing.TB) *fixture {
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

// verifiers builds, for a fixture, each stack's verify function.
var verifiers = []struct {
	name string
	make func(tb testing.TB, f *fixture) func(tok string) error
}{
	{"floor-crypto-rsa", floor},
	{"sessiongate-cold", ours(64)},
	{"golang-jwt-keyfunc", golangJWT},
	{"jwx-parse", jwxParse},
	{"auth0-validator", auth0},
}

func BenchmarkVerify(b *testing.B) {
	for _, v := range verifiers {
		b.Run(v.name, func(b *testing.B) {
			f := newFixture(b)
			f.run(b, v.make(b, f))
		})
		if v.name == "sessiongate-cold" {
			b.Run("sessiongate-cached", benchOursCached)
		}
	}
}

// TestVerifiersAgree makes sure every stack in the comparison really
// verifies: each accepts the genuine tokens and rejects a forged signature,
// a foreign audience and an expired token.
func TestVerifiersAgree(t *testing.T) {
	f := newFixture(t)
	tok := f.tokens[0]
	forged := tok[:len(tok)-4] + "AAAA"
	foreign := f.srv.SignJWT(map[string]any{"alg": "RS256", "kid": f.srv.CurrentKeyID(), "typ": "JWT"},
		map[string]any{"iss": f.issuer(), "aud": []string{"project-test-other"}, "sub": "user-test-1",
			"iat": time.Now().Unix(), "nbf": time.Now().Unix(), "exp": time.Now().Unix() + 300})
	expired := f.srv.SignJWT(map[string]any{"alg": "RS256", "kid": f.srv.CurrentKeyID(), "typ": "JWT"},
		map[string]any{"iss": f.issuer(), "aud": []string{f.srv.ProjectID()}, "sub": "user-test-1",
			"iat": time.Now().Unix() - 900, "nbf": time.Now().Unix() - 900, "exp": time.Now().Unix() - 600})
	for _, v := range verifiers {
		t.Run(v.name, func(t *testing.T) {
			verify := v.make(t, f)
			if err := verify(tok); err != nil {
				t.Errorf("genuine token rejected: %v", err)
			}
			if verify(forged) == nil {
				t.Error("forged signature accepted")
			}
			if v.name == "floor-crypto-rsa" {
				return // the floor checks the signature only
			}
			if verify(foreign) == nil {
				t.Error("foreign audience accepted")
			}
			if verify(expired) == nil {
				t.Error("expired token accepted")
			}
		})
	}
}

// floor is SHA-256 plus crypto/rsa PKCS #1 v1.5 verification only.
func floor(b testing.TB, f *fixture) func(string) error {
	set, err := jwk.Fetch(b.Context(), f.srv.JWKSURL())
	if err != nil {
		b.Fatal(err)
	}
	key, _ := set.Key(0)
	var pub rsa.PublicKey
	if err := jwk.Export(key, &pub); err != nil {
		b.Fatal(err)
	}
	return func(tok string) error {
		dot := strings.LastIndexByte(tok, '.')
		sig, err := base64.RawURLEncoding.DecodeString(tok[dot+1:])
		if err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(tok[:dot]))
		return rsa.VerifyPKCS1v15(&pub, crypto.SHA256, sum[:], sig)
	}
}

func ours(cacheSize int) func(b testing.TB, f *fixture) func(string) error {
	return func(b testing.TB, f *fixture) func(string) error {
		v, err := verifier.NewLocal(b.Context(), f.srv.ProjectID(), verifier.WithBaseURL(f.srv.URL), verifier.WithCacheSize(cacheSize))
		if err != nil {
			b.Fatal(err)
		}
		if err := v.Refresh(b.Context()); err != nil {
			b.Fatal(err)
		}
		ctx := b.Context()
		return func(tok string) error {
			_, err := v.Verify(ctx, sessiongate.Credentials{JWT: tok}, sessiongate.Freshness{})
			return err
		}
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

func golangJWT(b testing.TB, f *fixture) func(string) error {
	k, err := keyfunc.NewDefaultCtx(b.Context(), []string{f.srv.JWKSURL()})
	if err != nil {
		b.Fatal(err)
	}
	p := gjwt.NewParser(gjwt.WithValidMethods([]string{"RS256"}), gjwt.WithAudience(f.srv.ProjectID()),
		gjwt.WithIssuer(f.issuer()), gjwt.WithExpirationRequired(), gjwt.WithIssuedAt())
	return func(tok string) error {
		_, err := p.Parse(tok, k.Keyfunc)
		return err
	}
}

func jwxParse(b testing.TB, f *fixture) func(string) error {
	set, err := jwk.Fetch(b.Context(), f.srv.JWKSURL())
	if err != nil {
		b.Fatal(err)
	}
	return func(tok string) error {
		_, err := jwt.Parse([]byte(tok), jwt.WithKeySet(set),
			jwt.WithIssuer(f.issuer()), jwt.WithAudience(f.srv.ProjectID()), jwt.WithValidate(true))
		return err
	}
}

func auth0(b testing.TB, f *fixture) func(string) error {
	base, _ := url.Parse(f.srv.URL)
	jwksURL, _ := url.Parse(f.srv.JWKSURL())
	p := jwks.NewCachingProvider(base, 5*time.Minute, jwks.WithCustomJWKSURI(jwksURL))
	v, err := validator.New(p.KeyFunc, validator.RS256, f.issuer(), []string{f.srv.ProjectID()})
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	return func(tok string) error {
		_, err := v.ValidateToken(ctx, tok)
		return err
	}
}
