package sessionjwt

import (
	"strings"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/strictjson"
)

// This file decodes the https://stytch.com/session claim by exact key.

// Caps on the session claim (security.md §5 "Bounded caches").
const (
	maxFactors = 64
	maxRoles   = 256
)

// decodeSession decodes the session object at s by exact key, rejecting
// names that collide ignoring case (F10) and an id that is not a session id
// in Stytch's shape. The caller sets UserID from the verified sub.
func decodeSession(s *strictjson.Scanner) (*sessiongate.Session, error) {
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
		return sessionField(ss, name, s)
	})
	if err != nil {
		return nil, err
	}
	if !IsSessionID(ss.SessionID) {
		return nil, invalid("session claim has no valid id")
	}
	return ss, nil
}

// sessionField decodes one member of the session claim at s.
func sessionField(ss *sessiongate.Session, name string, s *strictjson.Scanner) error {
	var err error
	switch name {
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
	return setSessionField(ss, name, raw)
}

func setSessionField(s *sessiongate.Session, name, value string) error {
	var err error
	switch name {
	case "id":
		var ok bool
		if s.SessionID, ok = strictjson.String(value); !ok {
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
