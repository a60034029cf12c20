package verifier

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Caps on the session claim (security.md §5 "Bounded caches").
const (
	maxFactors = 64
	maxRoles   = 256
)

// sessionClaim reads the https://stytch.com/session object by exact key,
// rejecting names that collide ignoring case anywhere inside it (F10), and
// builds the session. sub is the verified user id.
func sessionClaim(raw []byte, sub string) (*sessiongate.Session, error) {
	s := &sessiongate.Session{UserID: sub}
	var names [12][]byte
	seen := names[:0]
	err := eachMember(raw, func(name, value []byte) error {
		for _, p := range seen {
			if bytes.EqualFold(p, name) {
				return invalid("duplicate name in session claim")
			}
		}
		seen = append(seen, name)
		return setSessionField(s, name, value)
	})
	if err != nil {
		return nil, asInvalid("bad session claim", err)
	}
	if s.SessionID == "" || !hasPrefixID(s.SessionID, "session-") {
		return nil, invalid("session claim has no valid id")
	}
	return s, nil
}

func setSessionField(s *sessiongate.Session, name, value []byte) error {
	var err error
	switch string(name) {
	case "id":
		var ok bool
		if s.SessionID, ok = jsonString(value); !ok {
			return invalid("session id is not a string")
		}
	case "started_at":
		s.StartedAt, err = claimTime(value)
	case "last_accessed_at":
		s.LastAccessedAt, err = claimTime(value)
	case "expires_at":
		s.ExpiresAt, err = claimTime(value)
	case "attributes":
		err = decodeStrict(value, &s.Attributes)
	case "authentication_factors":
		err = decodeList(value, maxFactors, &s.AuthenticationFactors)
	case "roles":
		err = decodeList(value, maxRoles, &s.Roles)
	}
	return err
}

// claimTime parses an RFC 3339 timestamp; "" and null are the zero time.
func claimTime(raw []byte) (time.Time, error) {
	if string(raw) == "null" || string(raw) == `""` {
		return time.Time{}, nil
	}
	str, ok := jsonString(raw)
	if !ok {
		return time.Time{}, invalid("timestamp is not a string")
	}
	t, err := time.Parse(time.RFC3339, str)
	if err != nil {
		return time.Time{}, invalid("bad timestamp")
	}
	return t, nil
}

// decodeStrict decodes an object or null after checking that no two names
// inside it collide ignoring case (so that encoding/json's case-insensitive
// field matching cannot pick a variant, F10).
func decodeStrict(raw []byte, dst any) error {
	if string(raw) == "null" {
		return nil
	}
	if err := foldUnique(raw, 0); err != nil {
		return err
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return invalidf("bad session claim member", err)
	}
	return nil
}

// decodeList is decodeStrict for an array of at most max elements.
func decodeList(raw []byte, max int, dst any) error {
	if string(raw) == "null" {
		return nil
	}
	n := 0
	err := eachElement(raw, func(v []byte) error {
		if n++; n > max {
			return invalid("list too long")
		}
		return foldUnique(v, 1)
	})
	if err != nil {
		return asInvalid("bad list", err)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return invalidf("bad session claim member", err)
	}
	return nil
}

// foldUnique rejects objects, at any depth of v, with two names equal
// ignoring case.
func foldUnique(v []byte, depth int) error {
	if depth > maxJSONDepth {
		return invalid("too deep")
	}
	switch {
	case len(v) > 0 && v[0] == '{':
		var names [16][]byte
		seen := names[:0]
		return eachMember(v, func(name, value []byte) error {
			for _, p := range seen {
				if bytes.EqualFold(p, name) {
					return invalid("names differ only by case")
				}
			}
			seen = append(seen, name)
			return foldUnique(value, depth+1)
		})
	case len(v) > 0 && v[0] == '[':
		return eachElement(v, func(e []byte) error { return foldUnique(e, depth+1) })
	}
	return nil
}

// decodeAny decodes a custom claim value.
func decodeAny(raw []byte) (any, error) {
	var v any
	err := json.Unmarshal(raw, &v)
	return v, err
}

// hasPrefixID reports whether id starts with prefix and is a safe identifier.
func hasPrefixID(id, prefix string) bool {
	return len(id) > len(prefix) && len(id) <= 128 && id[:len(prefix)] == prefix && isIDChars(id)
}
