// Package sessionjwt parses and checks Stytch session JWTs: the whole strict
// parser, as one unit with a narrow API, on top of the strictjson scanner.
//
// The steps, in order, each an error wrapping a root sentinel of package
// sessiongate (ErrInvalidToken, or ErrExpired for a passed exp):
//
//	tok, err := sessionjwt.Parse(jwt)        // compact form, header
//	err = tok.Verify(pub)                    // RS256 with the key named by tok.KID()
//	claims, err := tok.Claims()              // payload, read by exact name
//	res, err := claims.Check(policy, now)    // iss, aud, sub, times, session
//
// [Parse] gates the compact form (at most [MaxLength] bytes of base64url in
// three non-empty segments; nothing is decoded before it), decodes strictly
// (no padding, no standard alphabet, no stray bits) and reads the protected
// header by exact name: alg exactly RS256, a kid of base64url characters,
// typ JWT when present, and no crit, jku, jwk, x5u, x5c, zip, enc, b64 or
// other JWE parameter. [Token.Verify] checks PKCS #1 v1.5 with crypto/rsa.
// [Token.Claims] reads the payload with duplicate names, case variants of
// reserved names, names in Stytch's namespace other than the session claim,
// and scope (an M2M token) rejected. [Claims.Check] requires iss among the
// accepted issuers, aud containing the project id, numeric exp, iat and nbf
// within the leeway with exp − iat at most the 5-minute JWT lifetime, a sub
// and a session id in Stytch's shape ("user-test-"/"user-live-",
// "session-test-"/"session-live-", then a UUID), and a session that did not
// start, nor was last used, later than now + leeway.
//
// For the remote path, [Peek] reads a JWT's session and user ids without a
// signature check, [DecodeSession] decodes the session object of an API
// answer as strictly as the claim, and [CheckSession] applies the session
// rules to it, so that both paths read and judge sessions alike.
//
// Fuzz tests hold the parser to its specification: FuzzVerifyMatchesJWX
// checks the signature step against jwx's jws.Verify with the same key.
package sessionjwt
