package sessionjwt

import "strings"

// This file holds the shapes of Stytch's user and session ids.

// IsUserID reports whether id has the shape of a Stytch consumer user id:
// "user-test-" or "user-live-" and a UUID in lowercase hex.
func IsUserID(id string) bool { return isStytchID(id, "user-") }

// IsSessionID reports whether id has the shape of a Stytch session id:
// "session-test-" or "session-live-" and a UUID in lowercase hex.
func IsSessionID(id string) bool { return isStytchID(id, "session-") }

func isStytchID(id, kind string) bool {
	rest, ok := strings.CutPrefix(id, kind)
	if !ok {
		return false
	}
	if uuid, ok := strings.CutPrefix(rest, "test-"); ok {
		return isUUID(uuid)
	}
	uuid, ok := strings.CutPrefix(rest, "live-")
	return ok && isUUID(uuid)
}

// isUUID reports whether s is 8-4-4-4-12 lowercase hex digits.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}
