// Package seam holds the interfaces through which sessiongate's packages
// reach each other's fast paths without users seeing them.
package seam

import "github.com/sessiongate/sessiongate"

// CachingVerifier is a verifier that can answer from a cache of JWTs it
// verified before, like the verifier package's. The middleware asks
// VerifyCached first, before checking a JWT's syntax: a true answer stands
// for Verify's (the credential was verified byte for byte, so its syntax
// is right too), and a false one sends the request through the syntax
// check and Verify as usual. VerifyCached must do no I/O and must answer
// true only with what Verify would return for Credentials{JWT: jwt}. Its
// Verification may be shared between calls (a cache's own): the
// middleware never modifies it, and copies it and its Session into the
// request's storage before a handler sees them.
type CachingVerifier interface {
	VerifyCached(jwt string, f sessiongate.Freshness) (*sessiongate.Verification, bool)
}
