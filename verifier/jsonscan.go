package verifier

import (
	"errors"
	"strings"
)

// This file holds a small, strict JSON scanner. It validates syntax in one
// pass and hands back each member of an object with its exact (unescaped)
// name and its raw value, so that claims are read by exact key (security.md
// F10) and duplicate names are seen instead of silently resolved (RFC 7519 §4).

const maxJSONDepth = 32

var (
	errJSONSyntax = errors.New("invalid JSON")
	errJSONDepth  = errors.New("JSON nested too deeply")
	errNotObject  = errors.New("JSON value is not an object")
)

type jsonScanner struct {
	data  string
	pos   int
	depth int
}

func (s *jsonScanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value skips one JSON value, validating it.
func (s *jsonScanner) value() error {
	s.ws()
	if s.pos >= len(s.data) {
		return errJSONSyntax
	}
	switch c := s.data[s.pos]; {
	case c == '"':
		_, err := s.str()
		return err
	case c == '{':
		return s.object(nil)
	case c == '[':
		return s.array(nil)
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	default:
		return s.number()
	}
}

func (s *jsonScanner) literal(lit string) error {
	if !strings.HasPrefix(s.data[s.pos:], lit) {
		return errJSONSyntax
	}
	s.pos += len(lit)
	return nil
}

// stopsString marks the bytes that end a run of plain string content:
// the closing quote, a backslash and the control characters. Read-only.
var stopsString = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// str skips a string starting at s.pos and reports whether it had escapes.
// The caller has checked that the whole document is valid UTF-8.
func (s *jsonScanner) str() (escaped bool, err error) {
	s.pos++ // opening quote
	for {
		i, d := s.pos, s.data
		for i < len(d) && !stopsString[d[i]] {
			i++
		}
		s.pos = i
		switch {
		case i >= len(d) || d[i] < 0x20:
			return false, errJSONSyntax
		case d[i] == '"':
			s.pos++
			return escaped, nil
		}
		escaped = true
		if err := s.escape(); err != nil {
			return false, err
		}
	}
}

func (s *jsonScanner) escape() error {
	if s.pos+1 >= len(s.data) {
		return errJSONSyntax
	}
	switch s.data[s.pos+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos += 2
		return nil
	case 'u':
		if s.pos+6 > len(s.data) {
			return errJSONSyntax
		}
		for i := s.pos + 2; i < s.pos+6; i++ {
			if !isHex(s.data[i]) {
				return errJSONSyntax
			}
		}
		s.pos += 6
		return nil
	}
	return errJSONSyntax
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (s *jsonScanner) digits() int {
	n := 0
	for s.pos < len(s.data) && isDigit(s.data[s.pos]) {
		s.pos++
		n++
	}
	return n
}

// number skips a number with RFC 8259 grammar.
func (s *jsonScanner) number() error {
	if s.pos < len(s.data) && s.data[s.pos] == '-' {
		s.pos++
	}
	start := s.pos
	if n := s.digits(); n == 0 || (n > 1 && s.data[start] == '0') {
		return errJSONSyntax
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if s.digits() == 0 {
			return errJSONSyntax
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			return errJSONSyntax
		}
	}
	return nil
}
