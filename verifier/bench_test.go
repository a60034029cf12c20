package verifier

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sessiongate/sessiongate"
)

// benchRing is how many distinct tokens the cold benchmark cycles through;
// the cache it uses holds far fewer, so every token is seen as new.
const (
	benchRing      = 1024
	benchColdCache = 64
)

// benchTokens are benchRing distinct Stytch-shaped session JWTs, minted once.
var benchTokens = sync.OnceValue(func() []string {
	k, err := strongKey()
	if err != nil {
		panic(err)
	}
	toks := make([]string, benchRing)
	for i := range toks {
		c := stytchClaims(epoch.Unix() - int64(i%200))
		c["https://stytch.com/session"].(map[string]any)["id"] = fmt.Sprintf("session-test-5b2f8f2c-1e77-4d0b-9a33-0c6b9f6e%04d", i)
		if toks[i], err = signRS256(k, staticHeader(), c); err != nil {
			panic(err)
		}
	}
	return toks
})

// BenchmarkRS256Floor is the floor: SHA-256 of the signing input and
// crypto/rsa's PKCS #1 v1.5 verification, nothing else.
func BenchmarkRS256Floor(b *testing.B) {
	k := mustKey(b, strongKey)
	tok := benchTokens()[0]
	dot := strings.LastIndexByte(tok, '.')
	input := tok[:dot]
	sig, err := base64.RawURLEncoding.DecodeString(tok[dot+1:])
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sum := sha256.Sum256([]byte(input))
		if err := rsa.VerifyPKCS1v15(&k.PublicKey, crypto.SHA256, sum[:], sig); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLocalVerify measures Local.Verify on a token never seen before
// (cold: full gate, header, signature and claims) and on the same token
// again (cached), and VerifyCached's answer for that token (VerifyCached).
func BenchmarkLocalVerify(b *testing.B) {
	k := mustKey(b, strongKey)
	toks := benchTokens()
	b.Run("cold", func(b *testing.B) {
		l := staticLocal(b, &k.PublicKey, WithCacheSize(benchColdCache))
		ctx := b.Context()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := l.Verify(ctx, sessiongate.Credentials{JWT: toks[i%benchRing]}, sessiongate.Freshness{}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("cached", func(b *testing.B) {
		l := staticLocal(b, &k.PublicKey)
		ctx := b.Context()
		c := sessiongate.Credentials{JWT: toks[0]}
		if _, err := l.Verify(ctx, c, sessiongate.Freshness{}); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			v, err := l.Verify(ctx, c, sessiongate.Freshness{})
			if err != nil || v.Source != sessiongate.SourceCache {
				b.Fatal(err)
			}
		}
	})
	b.Run("VerifyCached", func(b *testing.B) {
		l := staticLocal(b, &k.PublicKey)
		jwt := toks[0]
		if _, err := l.Verify(b.Context(), sessiongate.Credentials{JWT: jwt}, sessiongate.Freshness{}); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := l.VerifyCached(jwt, sessiongate.Freshness{}); !ok {
				b.Fatal("cache miss")
			}
		}
	})
}
