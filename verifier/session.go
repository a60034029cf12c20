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

// decodeSessionIn decodes the https://stytch.com/session object at s by
// exact key, rejecting names that collide ignoring case (F10) and a missing
// or malformed id. The caller sets UserID from the verified sub.
func decodeSessionIn(s *jsonScanner) (*sessiongate.Session, error) {
	if s.peek() != '{' {
		return nil, invalid("session claim is not an object")
	}
	ss := &sessiongate.Session{}
	var names [12][]byte
	seen := names[:0]
	err := s.objectIn(func(name []byte, s *jsonScanner) error {
		for _, p := range seen {
			if bytes.EqualFold(p, name) {
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
func sessionFieldIn(ss *sessiongate.Session, name []byte, s *jsonScanner) error {
	if string(name) == "authentication_factors" {
		var err error
		ss.AuthenticationFactors, err = decodeFactorsIn(s)
		return err
	}
	raw, err := s.raw()
	if err != nil {
		return err
	}
	return setSessionField(ss, name, raw)
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
		s.Attributes, err = decodeAttributes(value)
	case "roles":
		s.Roles, err = decodeRoles(value)
	}
	return err
}

// claimTime parses an RFC 3339 timestamp; "" and null are the zero time.
func claimTime(raw []byte) (time.Time, error) {
	if string(raw) == "null" || string(raw) == `""` {
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

// decodeAttributes reads the attributes object by exact key.
func decodeAttributes(raw []byte) (*sessiongate.Attributes, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '{' {
		return nil, invalid("attributes is not an object")
	}
	a := &sessiongate.Attributes{}
	var ip, ua []byte
	err := eachMember(raw, func(name, value []byte) error {
		switch string(name) {
		case "ip_address":
			return setOnce(&ip, value)
		case "user_agent":
			return setOnce(&ua, value)
		}
		return nil
	})
	if err != nil {
		return nil, asInvalid("bad attributes", err)
	}
	var ok1, ok2 bool
	a.IPAddress, ok1 = optString(ip)
	a.UserAgent, ok2 = optString(ua)
	if !ok1 || !ok2 {
		return nil, invalid("attribute is not a string")
	}
	return a, nil
}

// optString decodes an absent, null or string value.
func optString(raw []byte) (string, bool) {
	if raw == nil || string(raw) == "null" {
		return "", true
	}
	return jsonString(raw)
}

// decodeRoles reads an array of at most maxRoles strings.
func decodeRoles(raw []byte) ([]string, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	roles := make([]string, 0, 2)
	err := eachElement(raw, func(v []byte) error {
		s, ok := jsonString(v)
		if !ok || len(roles) >= maxRoles {
			return invalid("bad roles")
		}
		roles = append(roles, s)
		return nil
	})
	if err != nil {
		return nil, asInvalid("bad roles", err)
	}
	return roles, nil
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

// fastTime parses the one shape Stytch writes, "YYYY-MM-DDTHH:MM:SSZ" in
// quotes, without allocating. Anything else falls back to time.Parse.
func fastTime(raw []byte) (time.Time, bool) {
	if len(raw) != 22 || raw[0] != '"' || raw[21] != '"' || raw[20] != 'Z' ||
		raw[5] != '-' || raw[8] != '-' || raw[11] != 'T' || raw[14] != ':' || raw[17] != ':' {
		return time.Time{}, false
	}
	var v [6]int
	for i, span := range [6][2]int{{1, 5}, {6, 8}, {9, 11}, {12, 14}, {15, 17}, {18, 20}} {
		for _, c := range raw[span[0]:span[1]] {
			if !isDigit(c) {
				return time.Time{}, false
			}
			v[i] = v[i]*10 + int(c-'0')
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
