package verifier

import (
	"encoding/json"
)

// memberFunc receives an object member's exact name and raw value.
type memberFunc func(name, value string) error

// memberScan receives an object member's exact name with s positioned at
// its value, which it must consume (decode in place, or skip with s.value).
type memberScan func(name string, s *jsonScanner) error

// raw skips one value and returns its bytes.
func (s *jsonScanner) raw() (string, error) {
	s.ws()
	start := s.pos
	err := s.value()
	return s.data[start:s.pos], err
}

// peek returns the next non-space byte, or 0 at the end.
func (s *jsonScanner) peek() byte {
	s.ws()
	if s.pos >= len(s.data) {
		return 0
	}
	return s.data[s.pos]
}

// object skips an object; fn, when not nil, sees each member's raw value.
func (s *jsonScanner) object(fn memberFunc) error {
	return s.objectIn(func(name string, s *jsonScanner) error {
		if fn == nil {
			return s.value()
		}
		v, err := s.raw()
		if err != nil {
			return err
		}
		return fn(name, v)
	})
}

// objectIn walks the object at s.pos, handing each member to fn in place.
func (s *jsonScanner) objectIn(fn memberScan) error {
	if s.peek() != '{' {
		return errNotObject
	}
	if s.depth++; s.depth > maxJSONDepth {
		return errJSONDepth
	}
	s.pos++ // '{'
	if s.peek() == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		if err := s.member(fn); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.depth--
			return nil
		default:
			return errJSONSyntax
		}
	}
}

func (s *jsonScanner) member(fn memberScan) error {
	if s.peek() != '"' {
		return errJSONSyntax
	}
	start := s.pos
	escaped, err := s.str()
	if err != nil {
		return err
	}
	keyEnd := s.pos
	name := s.data[start+1 : keyEnd-1]
	if s.peek() != ':' {
		return errJSONSyntax
	}
	s.pos++
	s.ws()
	if escaped {
		if name, err = unescape(s.data[start:keyEnd]); err != nil {
			return err
		}
	}
	return fn(name, s)
}

// array skips an array; fn, when not nil, sees each element's raw value.
func (s *jsonScanner) array(fn func(value string) error) error {
	return s.arrayIn(func(s *jsonScanner) error {
		if fn == nil {
			return s.value()
		}
		v, err := s.raw()
		if err != nil {
			return err
		}
		return fn(v)
	})
}

// arrayIn walks the array at s.pos, handing each element to fn in place.
func (s *jsonScanner) arrayIn(fn func(s *jsonScanner) error) error {
	if s.peek() != '[' {
		return errJSONSyntax
	}
	if s.depth++; s.depth > maxJSONDepth {
		return errJSONDepth
	}
	s.pos++ // '['
	if s.peek() == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		s.ws()
		if err := fn(s); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return errJSONSyntax
		}
	}
}

// unescape decodes a quoted JSON string that contains escapes.
func unescape(quoted string) (string, error) {
	var out string
	if err := json.Unmarshal([]byte(quoted), &out); err != nil {
		return "", errJSONSyntax
	}
	return out, nil
}

// eachMember validates that data is exactly one JSON object (surrounded by
// optional whitespace) and calls fn for each member, in order.
func eachMember(data string, fn memberFunc) error {
	s := jsonScanner{data: data}
	s.ws()
	if s.pos >= len(data) || data[s.pos] != '{' {
		return errNotObject
	}
	if err := s.object(fn); err != nil {
		return err
	}
	s.ws()
	if s.pos != len(data) {
		return errJSONSyntax
	}
	return nil
}

// eachElement validates that data is one JSON array and calls fn per element.
func eachElement(data string, fn func(value string) error) error {
	s := jsonScanner{data: data}
	s.ws()
	if s.pos >= len(data) || data[s.pos] != '[' {
		return errJSONSyntax
	}
	if err := s.array(fn); err != nil {
		return err
	}
	s.ws()
	if s.pos != len(data) {
		return errJSONSyntax
	}
	return nil
}
