package stytchapi

import (
	"fmt"
	"net/http"
)

// Error types the client reports itself, beside Stytch's own error_type
// values (duplicate_email, unauthorized_credentials, …).
const (
	// TypeUnreachable: the request failed before Stytch answered.
	TypeUnreachable = "sessiongate_demo_unreachable"
	// TypeMalformed: Stytch's answer could not be decoded.
	TypeMalformed = "sessiongate_demo_malformed_response"
)

// Error is a failed Stytch call: Stytch's error envelope, or one of the
// client's own types when Stytch could not be reached or understood. Its
// message never carries a credential.
type Error struct {
	StatusCode int
	Type       string
	Message    string
}

// Error describes the failure.
func (e *Error) Error() string {
	return fmt.Sprintf("stytchapi: %s (%d): %s", e.Type, e.StatusCode, e.Message)
}

// Temporary reports whether retrying later may succeed: Stytch was
// unreachable, rate-limited the call, or failed on its side.
func (e *Error) Temporary() bool {
	return e.Type == TypeUnreachable || e.Type == TypeMalformed ||
		e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= http.StatusInternalServerError
}
