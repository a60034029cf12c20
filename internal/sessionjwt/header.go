package sessionjwt

import (
	"github.com/sessiongate/sessiongate/internal/shape"
	"github.com/sessiongate/sessiongate/internal/strictjson"
)

// This file reads and checks the protected header.

// MaxKIDLength caps a kid; Stytch's look like "jwk-test-<uuid>".
const MaxKIDLength = 128

// maxHeaderParams caps the number of protected header parameters.
const maxHeaderParams = 16

// forbiddenHeader lists header parameters whose presence rejects the token:
// crit (security.md F3), key-bearing parameters that must never be trusted
// (RFC 8725 §3.10: jku, jwk, x5u, x5c), JWE and compression parameters
// (RFC 8725 §3.4, 8725bis §3.15), and b64 (RFC 7797 unencoded payloads).
var forbiddenHeader = [...]string{
	"crit", "jku", "jwk", "x5u", "x5c", "zip", "enc", "b64",
	"epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
}

// parseHeader decodes and checks the protected header and returns its kid:
// alg exactly "RS256" (case-sensitive, security.md F4), kid present with a
// safe charset, typ "JWT" when present, no duplicate or forbidden
// parameters. Other parameters are ignored.
func parseHeader(seg string) (string, error) {
	raw, err := decodeJSONSegment(seg)
	if err != nil {
		return "", err
	}
	var alg, kid, typ string
	seen := 0
	err = strictjson.EachMember(raw, func(name, value string) error {
		if seen++; seen > maxHeaderParams {
			return invalid("too many header parameters")
		}
		switch name {
		case "alg":
			return setOnce(&alg, value)
		case "kid":
			return setOnce(&kid, value)
		case "typ":
			return setOnce(&typ, value)
		}
		for _, f := range forbiddenHeader {
			if name == f {
				return invalid("forbidden header parameter " + f)
			}
		}
		return nil
	})
	if err != nil {
		return "", asInvalid("bad header", err)
	}
	return checkHeader(alg, kid, typ)
}

// checkHeader checks the raw values of alg, kid and typ.
func checkHeader(alg, kid, typ string) (string, error) {
	if alg != `"RS256"` {
		return "", invalid("alg must be RS256")
	}
	if typ != "" && typ != `"JWT"` {
		return "", invalid("typ must be JWT")
	}
	if len(kid) < 3 || kid[0] != '"' || !shape.Token(kid[1:len(kid)-1], MaxKIDLength) {
		return "", invalid("kid missing or malformed")
	}
	return kid[1 : len(kid)-1], nil
}
