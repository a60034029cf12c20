package stytchtest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"math/big"
	"slices"
	"time"
)

// signingKey is one RSA key of the emulator with its public JWK.
type signingKey struct {
	kid  string
	priv *rsa.PrivateKey
	jwk  jwk
}

// jwk is a public key as Stytch's JWKS lists it: every field the SDKs' types
// require (reference §2.4).
type jwk struct {
	Kty     string   `json:"kty"`
	Use     string   `json:"use"`
	KeyOps  []string `json:"key_ops"`
	Alg     string   `json:"alg"`
	Kid     string   `json:"kid"`
	X5c     []string `json:"x5c"`
	X5tS256 string   `json:"x5tS256"`
	N       string   `json:"n"`
	E       string   `json:"e"`
}

// KeyID returns the kid the emulator gives k: "jwk-test-" and a UUID-shaped
// digest of the public key, so the same key always has the same kid.
func KeyID(k *rsa.PublicKey) string {
	sum := sha256.Sum256(x509.MarshalPKCS1PublicKey(k))
	return "jwk-test-" + formatUUID(sum[:16])
}

func newSigningKey(priv *rsa.PrivateKey) (*signingKey, error) {
	if priv == nil || priv.N.BitLen() < 2048 {
		return nil, fmt.Errorf("stytchtest: signing key must be an RSA key of at least 2048 bits")
	}
	kid := KeyID(&priv.PublicKey)
	cert, err := selfSignedCert(priv, kid)
	if err != nil {
		return nil, err
	}
	thumb := sha256.Sum256(cert)
	b64 := base64.RawURLEncoding
	return &signingKey{kid: kid, priv: priv, jwk: jwk{
		Kty: "RSA", Use: "sig", KeyOps: []string{"verify"}, Alg: "RS256", Kid: kid,
		X5c:     []string{base64.StdEncoding.EncodeToString(cert)},
		X5tS256: b64.EncodeToString(thumb[:]),
		N:       b64.EncodeToString(priv.N.Bytes()),
		E:       b64.EncodeToString(big.NewInt(int64(priv.E)).Bytes()),
	}}, nil
}

// selfSignedCert returns a DER certificate for priv. Its fields derive from
// the key alone, and PKCS #1 v1.5 signatures are deterministic, so the
// certificate is the same on every run.
func selfSignedCert(priv *rsa.PrivateKey, kid string) ([]byte, error) {
	sum := sha256.Sum256(x509.MarshalPKCS1PublicKey(&priv.PublicKey))
	tmpl := &x509.Certificate{
		SerialNumber:          new(big.Int).SetBytes(sum[:16]),
		Subject:               pkix.Name{CommonName: kid},
		NotBefore:             time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		SignatureAlgorithm:    x509.SHA256WithRSA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return nil, fmt.Errorf("stytchtest: self-signed certificate: %v", err)
	}
	return der, nil
}

// RotateKey makes a new key the signing key and returns its kid. The previous
// keys stay listed in the JWKS, so tokens they signed keep verifying, until
// [Emulator.RemoveKey] drops them. It panics only if key generation fails.
func (e *Emulator) RotateKey() (kid string) {
	kid, err := e.rotateKey()
	if err != nil {
		panic(err)
	}
	return kid
}

func (e *Emulator) rotateKey() (string, error) {
	e.mu.Lock()
	n := e.rotations + 1
	e.rotations = n
	e.mu.Unlock()
	priv, err := keyForRotation(n)
	if err != nil {
		return "", fmt.Errorf("stytchtest: generate key: %v", err)
	}
	k, err := newSigningKey(priv)
	if err != nil {
		return "", err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.current = k
	e.listed = append(e.listed, k)
	return k.kid, nil
}

// RemoveKey drops the key kid from the JWKS: sessions/authenticate no longer
// accepts JWTs it signed. Removing the current signing key does not stop it
// from signing, which makes tokens with a kid the JWKS does not list.
func (e *Emulator) RemoveKey(kid string) { e.removeKey(kid) }

// removeKey drops every JWKS entry with the given kid, signing keys and
// extra keys, and reports whether there was one.
func (e *Emulator) removeKey(kid string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := len(e.listed) + len(e.ctl.extra)
	e.listed = slices.DeleteFunc(slices.Clone(e.listed), func(k *signingKey) bool { return k.kid == kid })
	e.ctl.extra = slices.DeleteFunc(slices.Clone(e.ctl.extra), func(k extraKey) bool { return k.kid == kid })
	return len(e.listed)+len(e.ctl.extra) < n
}

// KeyIDs returns the kids listed in the JWKS, oldest first.
func (e *Emulator) KeyIDs() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	ids := make([]string, len(e.listed))
	for i, k := range e.listed {
		ids[i] = k.kid
	}
	return ids
}

// CurrentKeyID returns the kid of the key that signs new JWTs.
func (e *Emulator) CurrentKeyID() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.current.kid
}

// listedKey returns the listed key with the given kid.
func (e *Emulator) listedKey(kid string) (*signingKey, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, k := range e.listed {
		if k.kid == kid {
			return k, true
		}
	}
	return nil, false
}
