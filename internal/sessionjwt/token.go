package sessionjwt

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
)

// This file holds Token: Parse, and the RS256 signature check.

// Token is a session JWT in compact form whose protected header has been
// checked. Its signature and claims are not verified yet.
type Token struct {
	c   compact
	kid string
}

// Parse checks tok's compact form and protected header: at most MaxLength
// bytes of base64url in three non-empty segments, strict base64url, a
// header of UTF-8 JSON with alg exactly RS256, a kid of at most
// MaxKIDLength base64url characters, typ JWT when present, and no crit,
// key-bearing, JWE or b64 parameter. Errors wrap ErrInvalidToken.
func Parse(tok string) (Token, error) {
	c, err := splitCompact(tok)
	if err != nil {
		return Token{}, err
	}
	kid, err := parseHeader(c.header)
	if err != nil {
		return Token{}, err
	}
	return Token{c: c, kid: kid}, nil
}

// KID returns the key id the header names.
func (t Token) KID() string { return t.kid }

// Verify checks the RS256 (PKCS #1 v1.5, SHA-256) signature over the
// signing input with pub. The signature must decode strictly to exactly
// pub.Size() bytes. Errors wrap ErrInvalidToken.
func (t Token) Verify(pub *rsa.PublicKey) error {
	if b64.DecodedLen(len(t.c.signature)) != pub.Size() {
		return invalid("bad signature length")
	}
	sig, err := decodeSegment(t.c.signature, nil)
	if err != nil {
		return err
	}
	if len(sig) != pub.Size() {
		return invalid("bad signature length")
	}
	sum := sha256.Sum256([]byte(t.c.signingInput))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		return invalid("bad signature")
	}
	return nil
}

// Claims decodes the payload strictly (see [Claims]) without checking any
// value. Before [Token.Verify] succeeds, what it returns is attacker data.
func (t Token) Claims() (*Claims, error) {
	payload, err := decodeJSONSegment(t.c.payload)
	if err != nil {
		return nil, err
	}
	return parseClaims(payload)
}
