package verifier

import (
	"strings"
)

// maxKIDLength caps a kid; Stytch's look like "jwk-test-<uuid>".
const maxKIDLength = 128

// header is the checked protected header of a session JWT.
type header struct {
	kid string
}

// forbiddenHeader lists header parameters whose presence rejects the token:
// crit (security.md F3), key-bearing parameters that must never be trusted
// (RFC 8725 §3.10: jku, jwk, x5u, x5c), JWE and compression parameters
// (RFC 8725 §3.4, 8725bis §3.15), and b64 (RFC 7797 unencoded payloads).
var forbiddenHeader = [...]string{
	"crit", "jku", "jwk", "x5u", "x5c", "zip", "enc", "b64",
	"epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
}

// parseHeader decodes and checks the protected header: alg exactly "RS256"
// (case-sensitive, security.md F4), kid present with a safe charset, typ
// "JWT" when present, no duplicate or forbidden parameters. Other
// parameters are ignored.
func parseHeader(seg string) (header, error) {
	var h header
	raw, err := decodeJSONSegment(seg)
	if err != nil {
		return h, err
	}
	var alg, kid, typ string
	seen := 0
	err = eachMember(raw, func(name, value string) error {
		seen++
		if seen > 16 {
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
		return h, asInvalid("bad header", err)
	}
	return checkHeader(alg, kid, typ)
}

func checkHeader(alg, kid, typ string) (header, error) {
	var h header
	if alg != `"RS256"` {
		return h, invalid("alg must be RS256")
	}
	if typ != "" && typ != `"JWT"` {
		return h, invalid("typ must be JWT")
	}
	if len(kid) < 3 || kid[0] != '"' || len(kid) > maxKIDLength+2 {
		return h, invalid("kid missing or malformed")
	}
	k := kid[1 : len(kid)-1]
	if !isIDChars(k) {
		return h, invalid("kid missing or malformed")
	}
	h.kid = k
	return h, nil
}

// setOnce stores value in *dst, rejecting a second occurrence of the name.
func setOnce(dst *string, value string) error {
	if *dst != "" {
		return invalid("duplicate name")
	}
	*dst = value
	return nil
}

// asInvalid passes through errors that already wrap a sentinel and wraps
// the others (JSON syntax errors) as invalid.
func asInvalid(reason string, err error) error {
	if isClassified(err) {
		return err
	}
	return invalidf(reason, err)
}

// jsonString decodes a raw JSON string value.
func jsonString(raw string) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	if strings.IndexByte(inner, '\\') >= 0 {
		s, err := unescape(raw)
		return s, err == nil
	}
	return inner, true
}
