package verifier

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Caps on the session claim (security.md §5 "Bounded caches").
const (
	maxFactors = 64
	maxRoles   = 256
)

// decodeSessionIn decodes the https://stytch.com/session object at s by
// exact key, rejecting names that collide ignoring case (F10) and a missing
// or malformed id. The caller sets UserID from the verified sub.
func decodeSessionIn(s *jsonScanner) (*sessiongate.Session, error) {
	if s.peek() != '{' {
		return nil, invalid("session claim is not an object")
	}
	ss := &sessiongate.Session{}
	var names [12]string
	seen := names[:0]
	err := s.objectIn(func(name string, s *jsonScanner) error {
		for _, p := range seen {
			if strings.EqualFold(p, name) {
				return invalid("duplicate name in session claim")
			}
		}
		seen = append(seen, name)
		return sessionFieldIn(ss, name, s)
	})
	if err != nil {
		return nil, err
	}
	if !hasPrefixID(ss.SessionID, "session-") {
		return nil, invalid("session claim has no valid id")
	}
	return ss, nil
}

// sessionFieldIn decodes one member of the session claim at s.
func sessionFieldIn(ss *sessiongate.Session, name string, s *jsonScanner) error {
	var err error
	switch name {
	case "authentication_factors":
		ss.AuthenticationFactors, err = decodeFactorsIn(s)
		return err
	case "attributes":
		ss.Attributes, err = decodeAttributesIn(s)
		return err
	case "roles":
		ss.Roles, err = decodeRolesIn(s)
		return err
	}
	raw, err := s.raw()
	if err != nil {
		return err
	}
	return setSessionField(ss, name, raw)
}

func setSessionField(s *sessiongate.Session, name, value string) error {
	var err error
	switch name {
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
	}
	return err
}

// claimTime parses an RFC 3339 timestamp; "" and null are the zero time.
func claimTime(raw string) (time.Time, error) {
	if raw == "null" || raw == `""` {
		return time.Time{}, nil
	}
	if t, ok := fastTime(raw); ok {
		return t, nil
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

// decodeAttributesIn reads the attributes object at s by exact key.
func decodeAttributesIn(s *jsonScanner) (*sessiongate.Attributes, error) {
	if s.peek() == 'n' {
		return nil, s.literal("null")
	}
	var ip, ua string
	err := s.objectIn(func(name string, s *jsonScanner) error {
		v, err := s.raw()
		if err != nil {
			return err
		}
		switch name {
		case "ip_address":
			return setOnce(&ip, v)
		case "user_agent":
			return setOnce(&ua, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	a := &sessiongate.Attributes{}
	var ok1, ok2 bool
	a.IPAddress, ok1 = optString(ip)
	a.UserAgent, ok2 = optString(ua)
	if !ok1 || !ok2 {
		return nil, invalid("attribute is not a string")
	}
	return a, nil
}

// optString decodes an absent, null or string value.
func optString(raw string) (string, bool) {
	if raw == "" || raw == "null" {
		return "", true
	}
	return jsonString(raw)
}

// decodeRolesIn reads the array of at most maxRoles strings at s.
func decodeRolesIn(s *jsonScanner) ([]string, error) {
	if s.peek() == 'n' {
		return nil, s.literal("null")
	}
	roles := make([]string, 0, 2)
	err := s.arrayIn(func(s *jsonScanner) error {
		v, err := s.raw()
		if err != nil {
			return err
		}
		str, ok := jsonString(v)
		if !ok || len(roles) >= maxRoles {
			return invalid("bad roles")
		}
		roles = append(roles, str)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return roles, nil
}

// decodeAny decodes a custom claim value.
func decodeAny(raw string) (any, error) {
	var v any
	err := json.Unmarshal([]byte(raw), &v)
	return v, err
}

// hasPrefixID reports whether id starts with prefix and is a safe identifier.
func hasPrefixID(id, prefix string) bool {
	return len(id) > len(prefix) && len(id) <= 128 && id[:len(prefix)] == prefix && isIDChars(id)
}

// fastTime parses the one shape Stytch writes, "YYYY-MM-DDTHH:MM:SSZ" in
// quotes, without allocating. Anything else falls back to time.Parse.
func fastTime(raw string) (time.Time, bool) {
	if len(raw) != 22 || raw[0] != '"' || raw[21] != '"' || raw[20] != 'Z' ||
		raw[5] != '-' || raw[8] != '-' || raw[11] != 'T' || raw[14] != ':' || raw[17] != ':' {
		return time.Time{}, false
	}
	var v [6]int
	for i, span := range [6][2]int{{1, 5}, {6, 8}, {9, 11}, {12, 14}, {15, 17}, {18, 20}} {
		for j := span[0]; j < span[1]; j++ {
			if !isDigit(raw[j]) {
				return time.Time{}, false
			}
			v[i] = v[i]*10 + int(raw[j]-'0')
		}
	}
	if v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59 {
		return time.Time{}, false
	}
	t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], 0, time.UTC)
	if t.Day() != v[2] { // normalised, e.g. February 30
		return time.Time{}, false
	}
	return t, true
}

// ownVerification returns a Verification of a copy of the shared (cached)
// session s, so that a caller changing what it gets cannot change what
// other requests see. The Verification and the copy share one allocation.
func ownVerification(s *sessiongate.Session, src sessiongate.Source, confirmedAt time.Time) *sessiongate.Verification {
	p := &struct {
		v sessiongate.Verification
		s sessiongate.Session
	}{s: *s}
	p.v = sessiongate.Verification{Session: &p.s, Source: src, ConfirmedAt: confirmedAt}
	return &p.v
}
