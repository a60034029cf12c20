package strictjson

import "strings"

// This file holds the structural layer, on top of the lexical one: values
// skipped whole, objects and arrays walked member by member, and the
// one-call helpers built on them.

// Skip consumes one JSON value, validating it.
func (s *Scanner) Skip() error {
	switch c := s.Peek(); c {
	case 0:
		return ErrSyntax
	case '"':
		return s.str()
	case '{':
		return s.Object(skipMember)
	case '[':
		return s.Array(skipElement)
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	default:
		return s.number()
	}
}

func skipMember(_ string, s *Scanner) error { return s.Skip() }

func skipElement(s *Scanner) error { return s.Skip() }

// Raw consumes one value and returns its bytes.
func (s *Scanner) Raw() (string, error) {
	s.ws()
	start := s.pos
	err := s.Skip()
	return s.data[start:s.pos], err
}

// Object walks the object at the scanner's position, handing fn each
// member's exact (unescaped) name with the scanner positioned at its value,
// which fn must consume (with [Scanner.Skip], [Scanner.Raw] or a nested
// walk). An error from fn ends the walk and is returned unchanged.
func (s *Scanner) Object(fn func(name string, s *Scanner) error) error {
	if s.Peek() != '{' {
		return ErrNotObject
	}
	if s.depth++; s.depth > MaxDepth {
		return ErrDepth
	}
	s.pos++ // '{'
	if s.Peek() == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		if err := s.member(fn); err != nil {
			return err
		}
		switch s.Peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.depth--
			return nil
		default:
			return ErrSyntax
		}
	}
}

func (s *Scanner) member(fn func(name string, s *Scanner) error) error {
	if s.Peek() != '"' {
		return ErrSyntax
	}
	start := s.pos
	if err := s.str(); err != nil {
		return err
	}
	name := s.data[start+1 : s.pos-1]
	if strings.IndexByte(name, '\\') >= 0 {
		var err error
		if name, err = unescape(s.data[start:s.pos]); err != nil {
			return err
		}
	}
	if s.Peek() != ':' {
		return ErrSyntax
	}
	s.pos++
	s.ws()
	return fn(name, s)
}

// Array walks the array at the scanner's position, handing fn the scanner
// positioned at each element, which fn must consume.
func (s *Scanner) Array(fn func(s *Scanner) error) error {
	if s.Peek() != '[' {
		return ErrSyntax
	}
	if s.depth++; s.depth > MaxDepth {
		return ErrDepth
	}
	s.pos++ // '['
	if s.Peek() == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		s.ws()
		if err := fn(s); err != nil {
			return err
		}
		switch s.Peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return ErrSyntax
		}
	}
}

// EachMember checks that data is exactly one JSON object (with optional
// surrounding whitespace) and calls fn with each member's name and raw value.
func EachMember(data string, fn func(name, value string) error) error {
	s, err := NewScanner(data)
	if err != nil {
		return err
	}
	err = s.Object(func(name string, s *Scanner) error {
		v, err := s.Raw()
		if err != nil {
			return err
		}
		return fn(name, v)
	})
	if err != nil {
		return err
	}
	return s.End()
}

// EachElement checks that data is exactly one JSON array and calls fn with
// each element's raw value.
func EachElement(data string, fn func(value string) error) error {
	s, err := NewScanner(data)
	if err != nil {
		return err
	}
	err = s.Array(func(s *Scanner) error {
		v, err := s.Raw()
		if err != nil {
			return err
		}
		return fn(v)
	})
	if err != nil {
		return err
	}
	return s.End()
}
