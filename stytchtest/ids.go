package stytchtest

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/sessiongate/sessiongate/internal/shape"
)

// formatUUID formats 16 bytes as a version-4 UUID string.
func formatUUID(b []byte) string {
	var u [16]byte
	copy(u[:], b)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// newUUID returns a random version-4 UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	return formatUUID(b[:])
}

// newID returns a Stytch-style test id such as "session-test-<uuid>".
func newID(kind string) string { return kind + "-test-" + newUUID() }

// tokenLength is the length of an opaque session token.
const tokenLength = 44

// newSessionToken returns a 44-character token from 33 random bytes in the
// URL-safe base64 alphabet.
func newSessionToken() string {
	var b [33]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// wellFormedToken reports whether s has the length and alphabet of a token.
func wellFormedToken(s string) bool {
	return len(s) == tokenLength && shape.Token(s, tokenLength)
}
