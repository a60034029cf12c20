package sessionjwt

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jws"

	"github.com/sessiongate/sessiongate"
)

// FuzzDecodeClaims feeds arbitrary payloads to the claim decoder and
// checks: no panic, and every error wraps ErrInvalidToken or ErrExpired.
func FuzzDecodeClaims(f *testing.F) {
	f.Add(jsonOf(f, testClaims()))
	f.Add([]byte(`{"iss":1,"iss":2}`))
	f.Add([]byte(`{"https://stytch.com/session":{"id":"session-test-1","ID":"x"}}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		c, err := parseClaims(string(payload))
		if err != nil {
			if !errors.Is(err, sessiongate.ErrInvalidToken) {
				t.Fatalf("parseClaims: unclassified error %v", err)
			}
			return
		}
		r, err := c.Check(testPolicy, epoch)
		if err != nil && !errors.Is(err, sessiongate.ErrInvalidToken) && !errors.Is(err, sessiongate.ErrExpired) {
			t.Fatalf("Check: unclassified error %v", err)
		}
		if (err == nil || errors.Is(err, sessiongate.ErrExpired)) && (r.Session == nil || !IsSessionID(r.Session.SessionID) || !IsUserID(r.Session.UserID)) {
			t.Fatalf("Check accepted without a well-formed session: %+v, %v", r.Session, err)
		}
	})
}

// Ways FuzzVerifyMatchesJWX changes a genuine token: none, a bit of the
// signature, a bit of the signing input, a signature over a related message
// (the input less its last byte, the header alone, the payload alone), and
// the signature's encoding (its last character's unused bits).
const (
	keepToken = iota
	flipSignature
	flipInput
	signRelated
	reencodeSignature
	tokenModes
)

// FuzzVerifyMatchesJWX is the differential test of the signature check
// against jwx v3's jws.Verify with the same RSA key and RS256: a token
// Token.Verify accepts, jwx accepts; a token jwx rejects, Token.Verify
// rejects; and for a token whose signature is canonical base64url, the two
// agree. Tokens are signed here from the fuzzed header and payload, then
// changed as mode says, so that both valid and near-valid signatures occur.
func FuzzVerifyMatchesJWX(f *testing.F) {
	k := mustKey(f)
	hdr, claims := jsonOf(f, testHeader()), jsonOf(f, testClaims())
	for mode := range tokenModes {
		for _, pos := range []uint16{0, 1, 2, 200} {
			f.Add(hdr, claims, uint8(mode), pos)
		}
	}
	f.Add([]byte(`{"alg":"RS256","kid":"k","alg":"none"}`), []byte("x"), uint8(keepToken), uint16(0))
	f.Add([]byte(`{"alg":"HS256","kid":"k"}`), []byte("{}"), uint8(keepToken), uint16(0))
	f.Fuzz(func(t *testing.T, header, payload []byte, mode uint8, pos uint16) {
		tok := mutate(t, signRaw(t, k, header, payload), mode, int(pos))
		parsed, err := Parse(tok)
		if err != nil {
			return // outside the compact form or header rules: not a signature question
		}
		ours := parsed.Verify(&k.PublicKey)
		_, theirs := jws.Verify([]byte(tok), jws.WithKey(jwa.RS256(), &k.PublicKey))
		switch {
		case ours == nil && theirs != nil:
			t.Fatalf("Verify accepted a token jwx rejects (%v): %q", theirs, tok)
		case ours != nil && theirs == nil && canonicalSignature(tok):
			t.Fatalf("Verify rejected (%v) a token jwx accepts: %q", ours, tok)
		case ours != nil && !errors.Is(ours, sessiongate.ErrInvalidToken):
			t.Fatalf("Verify: unclassified error %v", ours)
		}
	})
}

// mutate changes the genuine token tok as mode and pos say.
func mutate(t *testing.T, tok string, mode uint8, pos int) string {
	k := mustKey(t)
	d1, d2 := strings.IndexByte(tok, '.'), strings.LastIndexByte(tok, '.')
	input, sig := tok[:d2], tok[d2+1:]
	switch mode % tokenModes {
	case flipSignature:
		raw, _ := base64.RawURLEncoding.DecodeString(sig)
		raw[pos%len(raw)] ^= 1 << (pos / len(raw) % 8)
		return input + "." + b64url(raw)
	case flipInput:
		b := []byte(input)
		b[pos%len(b)] ^= 1 << (pos / len(b) % 8)
		return string(b) + "." + sig
	case signRelated:
		related := [...]string{input[:len(input)-1], tok[:d1], tok[d1+1 : d2]}[pos%3]
		return input + "." + b64url(signInput(t, k, related))
	case reencodeSignature:
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		last := strings.IndexByte(alphabet, sig[len(sig)-1])
		return tok[:len(tok)-1] + string(alphabet[last^(1+pos%3)])
	}
	return tok
}

// canonicalSignature reports whether tok's signature segment is the
// canonical base64url of its bytes (no stray bits).
func canonicalSignature(tok string) bool {
	sig := tok[strings.LastIndexByte(tok, '.')+1:]
	raw, err := base64.RawURLEncoding.DecodeString(sig)
	return err == nil && b64url(raw) == sig
}
