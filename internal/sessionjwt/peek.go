package sessionjwt

import "github.com/sessiongate/sessiongate/internal/strictjson"

// This file reads a JWT's ids without a signature check, for the remote path.

// Peek reads, without checking the header or the signature, the session id
// and sub of a compact JWT, with the same payload decoding as
// [Token.Claims]. It serves only to match an API answer to a JWT: its
// results are attacker data.
func Peek(tok string) (sessionID, sub string, err error) {
	c, err := splitCompact(tok)
	if err != nil {
		return "", "", err
	}
	claims, err := Token{c: c}.Claims()
	if err != nil {
		return "", "", err
	}
	if claims.session == nil {
		return "", "", invalid("no session claim")
	}
	sub, _ = strictjson.String(claims.sub)
	return claims.session.SessionID, sub, nil
}
