package rbac

import (
	"strconv"

	"github.com/sessiongate/sessiongate"
)

// DeniedError reports that a session may not take Action on Resource. It
// unwraps to [sessiongate.ErrPermissionDenied] and holds no session data.
type DeniedError struct {
	// Resource and Action are the permission that was refused.
	Resource, Action string
	// Remote reports that Stytch confirmed the denial (authorization_check),
	// not only the local policy.
	Remote bool
}

// Error names the refused permission.
func (e *DeniedError) Error() string {
	return "rbac: " + sessiongate.ErrPermissionDenied.Error() + ": " + strconv.Quote(e.Action) + " on " + strconv.Quote(e.Resource)
}

// Unwrap returns [sessiongate.ErrPermissionDenied].
func (e *DeniedError) Unwrap() error { return sessiongate.ErrPermissionDenied }
