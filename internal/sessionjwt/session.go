package sessionjwt

import (
	"strings"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/strictjson"
)

// This file decodes session objects by exact key: the
// https://stytch.com/session claim, and the session of an API answer.

// apiLayout marks the session object of Stytch's API, which names its id
// session_id and also carries user_id and custom_claims; the claim names
// its id id, and the JWT carries the user (sub) and custom claims beside it.
type apiLayout bool

// maxRoles caps the roles of a session (security.md §5 "Bounded caches").
const maxRoles = 256

// DecodeSession decodes the session object of a Stytch API answer
// (session_id, user_id, started_at, …, custom_claims) as a session claim is
// decoded: by exact key, with names that collide ignoring case rejected,
// at most 64 factors and 256 roles, and a session id in Stytch's shape. It
// checks nothing else ([CheckSession] does). Errors wrap ErrInvalidToken.
func DecodeSession(raw string) (*sessiongate.Session, error) {
	s, err := strictjson.NewScanner(raw)
	if err != nil {
		return nil, invalidf("bad session object", err)
	}
	ss, err := decodeSession(&s, true)
	if err == nil {
		err = s.End()
	}
	if err != nil {
		return nil, asInvalid("bad session object", err)
	}
	return ss, nil
}

// decodeSession decodes the session object at s by exact key, rejecting
// names that collide ignoring case (F10) and an id that is not a session id
// in Stytch's shape. For a claim, the caller sets UserID from the verified sub.
func decodeSession(s *strictjson.Scanner, api apiLayout) (*sessiongate.Session, error) {
	if s.Peek() != '{' {
		return nil, invalid("session claim is not an object")
	}
	ss := &sessiongate.Session{}
	var names [12]string
	seen := names[:0]
	err := s.Object(func(name string, s *strictjson.Scanner) error {
		for _, p := range seen {
			if strings.EqualFold(p, name) {
				return invalid("duplicate name in session claim")
			}
		}
		seen = append(seen, name)
		return sessionField(ss, name, s, api)
	})
	if err != nil {
		return nil, err
	}
	if !IsSessionID(ss.SessionID) {
		return nil, invalid("session claim has no valid id")
	}
	return ss, nil
}

// sessionField decodes one member of the session object at s.
func sessionField(ss *sessiongate.Session, name string, s *strictjson.Scanner, api apiLayout) error {
	var err error
	switch name {
	case "custom_claims":
		if api {
			ss.CustomClaims, err = decodeCustomClaims(s)
			return err
		}
	case "authentication_factors":
		ss.AuthenticationFactors, err = decodeFactors(s)
		return err
	case "attributes":
		ss.Attributes, err = decodeAttributes(s)
		return err
	case "roles":
		ss.Roles, err = decodeRoles(s)
		return err
	}
	raw, err := s.Raw()
	if err != nil {
		return err
	}
	return setSessionField(ss, name, raw, api)
}

func setSessionField(s *sessiongate.Session, name, value string, api apiLayout) error {
	var err error
	switch {
	case name == "id" && !bool(api), name == "session_id" && bool(api):
		s.SessionID, err = idString(value, "session id")
	case name == "user_id" && bool(api):
		s.UserID, err = idString(value, "user id")
	case name == "started_at":
		s.StartedAt, err = claimTime(value)
	case name == "last_accessed_at":
		s.LastAccessedAt, err = claimTime(value)
	case name == "expires_at":
		s.ExpiresAt, err = claimTime(value)
	}
	return err
}

// idString decodes the raw string value of an id.
func idString(raw, what string) (string, error) {
	id, ok := strictjson.String(raw)
	if !ok {
		return "", invalid(what + " is not a string")
	}
	return id, nil
}

// decodeAttributes reads the attributes object at s by exact key.
func decodeAttributes(s *strictjson.Scanner) (*sessiongate.Attributes, error) {
	if s.Peek() == 'n' {
		return nil, s.Null()
	}
	var ip, ua string
	err := s.Object(func(name string, s *strictjson.Scanner) error {
		v, err := s.Raw()
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

// decodeCustomClaims reads the custom_claims object (or null) at s.
func decodeCustomClaims(s *strictjson.Scanner) (map[string]any, error) {
	v, err := s.Decode()
	if err != nil || v == nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalid("custom_claims is not an object")
	}
	return m, nil
}

// optString decodes an absent, null or string value.
func optString(raw string) (string, bool) {
	if raw == "" || raw == "null" {
		return "", true
	}
	return strictjson.String(raw)
}

// decodeRoles reads the array of at most maxRoles strings at s.
func decodeRoles(s *strictjson.Scanner) ([]string, error) {
	if s.Peek() == 'n' {
		return nil, s.Null()
	}
	roles := make([]string, 0, 2)
	err := s.Array(func(s *strictjson.Scanner) error {
		v, err := s.Raw()
		if err != nil {
			return err
		}
		str, ok := strictjson.String(v)
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
