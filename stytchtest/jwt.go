package stytchtest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/claims"
)

// maxJWT caps the size of a JWT the emulator parses.
const maxJWT = 16 << 10

var (
	errUnparsableJWT = newError(400, "unable_to_parse_session_jwt", "The session JWT could not be parsed or its signature is invalid.")
	errJWTIssuer     = newError(400, "jwt_invalid_issuer", "The session JWT has an invalid issuer.")
	errJWTAudience   = newError(400, "jwt_invalid_audience", "The session JWT has an invalid audience.")
	errJWTClaims     = newError(400, "jwt_invalid_claims", "The session JWT is missing required claims.")
)

// SignJWT signs header and claims, encoded as JSON, with the current key
// (RS256). The header is used as given: the caller sets alg, kid and typ.
// Use it to build tokens a real Stytch would never mint. It panics if header
// or claims cannot be encoded as JSON.
func (e *Emulator) SignJWT(header, claims map[string]any) string {
	h, err := json.Marshal(header)
	if err != nil {
		panic("stytchtest: SignJWT header: " + err.Error())
	}
	c, err := json.Marshal(claims)
	if err != nil {
		panic("stytchtest: SignJWT claims: " + err.Error())
	}
	return e.SignRaw(h, c)
}

// SignRaw signs the raw header and payload bytes with the current key (RS256),
// for tokens with duplicate keys or unusual encodings.
func (e *Emulator) SignRaw(header, payload []byte) string {
	e.mu.Lock()
	key := e.current
	e.mu.Unlock()
	return signRaw(key.priv, header, payload)
}

func signRaw(priv *rsa.PrivateKey, header, payload []byte) string {
	b64 := base64.RawURLEncoding
	input := b64.EncodeToString(header) + "." + b64.EncodeToString(payload)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, priv, crypto.SHA256, sum[:])
	if err != nil {
		panic("stytchtest: sign: " + err.Error())
	}
	return input + "." + b64.EncodeToString(sig)
}

// mint returns the session JWT for s, issued at the session's last access
// time, signed with key.
func (e *Emulator) mint(key *signingKey, s *sessiongate.Session, iat int64) string {
	payload := make(map[string]any, len(s.CustomClaims)+7)
	for k, v := range s.CustomClaims {
		payload[k] = v
	}
	payload["iss"] = e.issuer
	payload["aud"] = []string{e.projectID}
	payload["sub"] = s.UserID
	payload["iat"] = iat
	payload["nbf"] = iat
	payload["exp"] = iat + int64(claims.Lifetime.Seconds())
	payload[claims.SessionClaim] = claims.FromSession(s)
	body, err := json.Marshal(payload)
	if err != nil {
		panic("stytchtest: encode claims: " + err.Error())
	}
	header := []byte(`{"alg":"RS256","kid":` + quote(key.kid) + `,"typ":"JWT"}`)
	return signRaw(key.priv, header, body)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// jwtClaims are the claims sessions/authenticate reads from a presented JWT.
type jwtClaims struct {
	Iss     *string         `json:"iss"`
	Aud     json.RawMessage `json:"aud"`
	Sub     string          `json:"sub"`
	Session *struct {
		ID string `json:"id"`
	} `json:"https://stytch.com/session"`
}

// parseJWT checks raw's signature against the listed keys, its issuer and
// audience, and returns its subject and session id. An expired exp is
// accepted: Stytch mints a fresh JWT for a live session.
func (e *Emulator) parseJWT(raw string) (sub, sessionID string, _ *apiError) {
	parts := strings.Split(raw, ".")
	if len(raw) > maxJWT || len(parts) != 3 {
		return "", "", errUnparsableJWT
	}
	b64 := base64.RawURLEncoding
	hdrBytes, err1 := b64.DecodeString(parts[0])
	payload, err2 := b64.DecodeString(parts[1])
	sig, err3 := b64.DecodeString(parts[2])
	var hdr struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err1 != nil || err2 != nil || err3 != nil || json.Unmarshal(hdrBytes, &hdr) != nil || hdr.Alg != "RS256" {
		return "", "", errUnparsableJWT
	}
	key, ok := e.listedKey(hdr.Kid)
	if !ok {
		return "", "", errUnparsableJWT
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(&key.priv.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return "", "", errUnparsableJWT
	}
	var c jwtClaims
	if json.Unmarshal(payload, &c) != nil {
		return "", "", errUnparsableJWT
	}
	switch {
	case c.Iss == nil || *c.Iss != e.issuer:
		return "", "", errJWTIssuer
	case !audienceHas(c.Aud, e.projectID):
		return "", "", errJWTAudience
	case c.Sub == "" || c.Session == nil || c.Session.ID == "":
		return "", "", errJWTClaims
	}
	return c.Sub, c.Session.ID, nil
}

// audienceHas reports whether the aud claim, a string or an array of
// strings, contains want.
func audienceHas(aud json.RawMessage, want string) bool {
	var one string
	if json.Unmarshal(aud, &one) == nil {
		return one == want
	}
	var many []string
	if json.Unmarshal(aud, &many) != nil {
		return false
	}
	for _, a := range many {
		if a == want {
			return true
		}
	}
	return false
}
