package stytchtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/big"
	"slices"
)

// maxExtraKeys caps the extra JWKS entries of one emulator.
const maxExtraKeys = 32

// extraKind names a key POST /_emulator/jwks/extra publishes for negative
// tests of JWKS consumers.
type extraKind string

// The extra key kinds.
const (
	extraRSA1024      extraKind = "rsa1024"       // an RS256 key with a 1024-bit modulus
	extraDuplicateKid extraKind = "duplicate_kid" // another RSA key under the signing key's kid
	extraEC           extraKind = "ec"            // an ES256 key (P-256)
	extraOct          extraKind = "oct"           // an HS256 symmetric key
	extraRSAE3        extraKind = "rsa_e3"        // a 2048-bit RS256 key with public exponent 3
)

func extraKindNames() []string {
	return []string{string(extraRSA1024), string(extraDuplicateKid), string(extraEC), string(extraOct), string(extraRSAE3)}
}

func (k extraKind) valid() bool { return slices.Contains(extraKindNames(), string(k)) }

// extraKey is an extra JWKS entry: a public key that never signs anything.
type extraKey struct {
	kid string
	jwk any
}

// ecJWK is an EC public key as a JWKS lists it.
type ecJWK struct {
	Kty    string   `json:"kty"`
	Use    string   `json:"use"`
	KeyOps []string `json:"key_ops"`
	Alg    string   `json:"alg"`
	Kid    string   `json:"kid"`
	Crv    string   `json:"crv"`
	X      string   `json:"x"`
	Y      string   `json:"y"`
}

// octJWK is a symmetric key as a JWKS would list it, which no JWKS should.
type octJWK struct {
	Kty    string   `json:"kty"`
	Use    string   `json:"use"`
	KeyOps []string `json:"key_ops"`
	Alg    string   `json:"alg"`
	Kid    string   `json:"kid"`
	K      string   `json:"k"`
}

// newExtraKey generates a fresh key of kind; a duplicate_kid key gets dupKid.
func newExtraKey(kind extraKind, dupKid string) (extraKey, error) {
	switch kind {
	case extraRSA1024:
		return newExtraRSA(1024, 0, "")
	case extraDuplicateKid:
		return newExtraRSA(2048, 0, dupKid)
	case extraRSAE3:
		return newExtraRSA(2048, 3, "")
	case extraEC:
		return newExtraEC()
	case extraOct:
		return newExtraOct()
	}
	return extraKey{}, fmt.Errorf("stytchtest: unknown extra key kind %q", kind)
}

// newExtraRSA generates an RSA key of bits and publishes its modulus with
// exponent e (0 keeps the key's own) under kid (default derived from the key).
func newExtraRSA(bits, e int, kid string) (extraKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return extraKey{}, fmt.Errorf("stytchtest: generate extra key: %v", err)
	}
	pub := priv.PublicKey
	if e != 0 {
		pub.E = e
	}
	if kid == "" {
		kid = KeyID(&pub)
	}
	b64 := base64.RawURLEncoding
	return extraKey{kid: kid, jwk: jwk{
		Kty: "RSA", Use: "sig", KeyOps: []string{"verify"}, Alg: "RS256", Kid: kid, X5c: []string{},
		N: b64.EncodeToString(pub.N.Bytes()), E: b64.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}, nil
}

func newExtraEC() (extraKey, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return extraKey{}, fmt.Errorf("stytchtest: generate extra key: %v", err)
	}
	raw, err := priv.PublicKey.Bytes() // 0x04 || X || Y
	if err != nil {
		return extraKey{}, fmt.Errorf("stytchtest: encode extra key: %v", err)
	}
	kid := derivedKid(raw)
	b64 := base64.RawURLEncoding
	return extraKey{kid: kid, jwk: ecJWK{
		Kty: "EC", Use: "sig", KeyOps: []string{"verify"}, Alg: "ES256", Kid: kid, Crv: "P-256",
		X: b64.EncodeToString(raw[1:33]), Y: b64.EncodeToString(raw[33:]),
	}}, nil
}

func newExtraOct() (extraKey, error) {
	secret := make([]byte, 32)
	rand.Read(secret)
	kid := derivedKid(secret)
	return extraKey{kid: kid, jwk: octJWK{
		Kty: "oct", Use: "sig", KeyOps: []string{"verify"}, Alg: "HS256", Kid: kid,
		K: base64.RawURLEncoding.EncodeToString(secret),
	}}, nil
}

// derivedKid is "jwk-test-" and a UUID-shaped digest of material, as [KeyID].
func derivedKid(material []byte) string {
	sum := sha256.Sum256(material)
	return "jwk-test-" + formatUUID(sum[:16])
}
