package verifier

import (
	"errors"
	"fmt"
	"time"

	"github.com/sessiongate/sessiongate"
)

// sentinels are the root errors every error of this package wraps.
var sentinels = [...]error{
	sessiongate.ErrNoSession, sessiongate.ErrMalformedRequest, sessiongate.ErrInvalidToken,
	sessiongate.ErrExpired, sessiongate.ErrTooOld, sessiongate.ErrUnknownKey,
	sessiongate.ErrSessionNotFound, sessiongate.ErrUnavailable, sessiongate.ErrMisconfigured,
	sessiongate.ErrPermissionDenied,
}

// isClassified reports whether err wraps one of the root sentinels.
func isClassified(err error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func unavailable(retryAfter int64, format string, args ...any) error {
	return &sessiongate.UnavailableError{
		RetryAfter: secondsDuration(retryAfter),
		Err:        fmt.Errorf(format, args...),
	}
}

func misconfigured(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{sessiongate.ErrMisconfigured}, args...)...)
}

func notFound(reason string) error {
	return fmt.Errorf("%w: %s", sessiongate.ErrSessionNotFound, reason)
}

// secondsDuration converts a Retry-After in seconds to a duration, at most
// an hour; zero or less is none.
func secondsDuration(s int64) time.Duration {
	if s <= 0 {
		return 0
	}
	if s > 3600 {
		s = 3600
	}
	return time.Duration(s) * time.Second
}

// invalid returns an error wrapping [sessiongate.ErrInvalidToken].
func invalid(reason string) error {
	return fmt.Errorf("%w: %s", sessiongate.ErrInvalidToken, reason)
}
