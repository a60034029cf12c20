package verifier

import "github.com/sessiongate/sessiongate/internal/seam"

// The middleware finds the verifiers' cache through seam.CachingVerifier.
var (
	_ seam.CachingVerifier = (*Verifier)(nil)
	_ seam.CachingVerifier = (*Local)(nil)
)
