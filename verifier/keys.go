package verifier

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"

	"github.com/sessiongate/sessiongate/internal/sessionjwt"
	"github.com/sessiongate/sessiongate/internal/shape"
)

// Key filter bounds (security.md F7, RFC 7518 §3.3).
const (
	maxKeys        = 20
	minRSABits     = 2048
	maxRSABits     = 8192
	maxParsedKeys  = 100
	maxJWKSBodyLen = 256 << 10
)

// keySet is an immutable, filtered JWKS: kid → exported RSA public key.
type keySet struct {
	keys      map[string]*rsa.PublicKey
	fetchedAt time.Time
	fresh     time.Duration // from the response's Cache-Control; -1 unknown
}

var errNoUsableKeys = errors.New("JWKS has no usable RS256 signing key")

// parseKeySet parses a JWKS body with jwx and keeps only keys that are
// RSA, alg RS256, use sig, key_ops (when present) containing verify, with a
// safe kid, a 2048–8192-bit modulus and an odd exponent ≥ 65537. A kid listed
// twice is dropped entirely (its owner is ambiguous). At most maxKeys keys
// are kept. Keys that jwx cannot parse are ignored (RFC 7517 §5).
func parseKeySet(body []byte, fetchedAt time.Time) (*keySet, error) {
	set, err := jwk.Parse(body,
		jwk.WithIgnoreParseError(true),
		jwk.WithMaxKeys(maxParsedKeys),
		jwk.WithRejectDuplicateKID(false))
	if err != nil {
		return nil, fmt.Errorf("parse JWKS: %v", err)
	}
	ks := &keySet{keys: make(map[string]*rsa.PublicKey), fetchedAt: fetchedAt, fresh: -1}
	dup := make(map[string]bool)
	for i := range set.Len() {
		k, _ := set.Key(i)
		kid, pub, ok := usableKey(k)
		if !ok {
			continue
		}
		if _, seen := ks.keys[kid]; seen || dup[kid] {
			delete(ks.keys, kid)
			dup[kid] = true
			continue
		}
		if len(ks.keys) < maxKeys {
			ks.keys[kid] = pub
		}
	}
	if len(ks.keys) == 0 {
		return nil, errNoUsableKeys
	}
	return ks, nil
}

// usableKey applies the filter to one JWK.
func usableKey(k jwk.Key) (string, *rsa.PublicKey, bool) {
	if k == nil || k.KeyType() != jwa.RSA() {
		return "", nil, false
	}
	kid, ok := k.KeyID()
	if !ok || !shape.Token(kid, sessionjwt.MaxKIDLength) {
		return "", nil, false
	}
	if alg, ok := k.Algorithm(); !ok || alg.String() != "RS256" {
		return "", nil, false
	}
	if use, ok := k.KeyUsage(); !ok || use != "sig" {
		return "", nil, false
	}
	if ops, ok := k.KeyOps(); ok && !hasVerify(ops) {
		return "", nil, false
	}
	var pub rsa.PublicKey
	if err := jwk.Export(k, &pub); err != nil || !safeRSA(&pub) {
		return "", nil, false
	}
	return kid, &pub, true
}

func hasVerify(ops jwk.KeyOperationList) bool {
	for _, op := range ops {
		if op == jwk.KeyOpVerify {
			return true
		}
	}
	return false
}

func safeRSA(pub *rsa.PublicKey) bool {
	if pub.N == nil || pub.N.Sign() <= 0 {
		return false
	}
	bits := pub.N.BitLen()
	return bits >= minRSABits && bits <= maxRSABits && pub.E >= 65537 && pub.E%2 == 1
}

// reuse replaces each key that old holds unchanged (same kid, modulus and
// exponent) by old's object, so that cached results verified with it stay
// valid across refreshes.
func (ks *keySet) reuse(old *keySet) {
	if old == nil {
		return
	}
	for kid, pub := range ks.keys {
		if prev := old.keys[kid]; prev != nil && prev.E == pub.E && prev.N.Cmp(pub.N) == 0 {
			ks.keys[kid] = prev
		}
	}
}
