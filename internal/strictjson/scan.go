package strictjson

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// This file holds the scanner's lexical layer: whitespace, literals,
// strings and numbers, each consumed and validated in place, and the
// decoding of a string value. It uses nothing from the other files.

// MaxDepth caps the nesting of objects and arrays.
const MaxDepth = 32

// Errors the scanner returns; callers' own errors pass through unchanged.
var (
	ErrSyntax    = errors.New("strictjson: invalid JSON")
	ErrDepth     = errors.New("strictjson: JSON nested too deeply")
	ErrNotObject = errors.New("strictjson: JSON value is not an object")
	ErrDuplicate = errors.New("strictjson: duplicate name")
	ErrUTF8      = errors.New("strictjson: invalid UTF-8")
)

// Scanner reads one JSON document held in a string. Every string it returns
// slices into that document unless it had to be unescaped.
type Scanner struct {
	data  string
	pos   int
	depth int
}

// NewScanner returns a scanner positioned at the start of data, which must
// be valid UTF-8.
func NewScanner(data string) (Scanner, error) {
	if !utf8.ValidString(data) {
		return Scanner{}, ErrUTF8
	}
	return Scanner{data: data}, nil
}

func (s *Scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// Peek returns the next non-space byte without consuming it, or 0 at the end.
func (s *Scanner) Peek() byte {
	s.ws()
	if s.pos >= len(s.data) {
		return 0
	}
	return s.data[s.pos]
}

// End reports an error unless only whitespace is left.
func (s *Scanner) End() error {
	if s.ws(); s.pos != len(s.data) {
		return ErrSyntax
	}
	return nil
}

// Null consumes the literal null.
func (s *Scanner) Null() error {
	s.ws()
	return s.literal("null")
}

func (s *Scanner) literal(lit string) error {
	if !strings.HasPrefix(s.data[s.pos:], lit) {
		return ErrSyntax
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

// str consumes the string starting at s.pos.
func (s *Scanner) str() error {
	s.pos++ // opening quote
	for {
		i, d := s.pos, s.data
		for i < len(d) && !stopsString[d[i]] {
			i++
		}
		s.pos = i
		switch {
		case i >= len(d) || d[i] < 0x20:
			return ErrSyntax
		case d[i] == '"':
			s.pos++
			return nil
		}
		if err := s.escape(); err != nil {
			return err
		}
	}
}

func (s *Scanner) escape() error {
	if s.pos+1 >= len(s.data) {
		return ErrSyntax
	}
	switch s.data[s.pos+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos += 2
		return nil
	case 'u':
		if s.pos+6 > len(s.data) {
			return ErrSyntax
		}
		for i := s.pos + 2; i < s.pos+6; i++ {
			if !isHex(s.data[i]) {
				return ErrSyntax
			}
		}
		s.pos += 6
		return nil
	}
	return ErrSyntax
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (s *Scanner) digits() int {
	n := 0
	for s.pos < len(s.data) && isDigit(s.data[s.pos]) {
		s.pos++
		n++
	}
	return n
}

// number consumes a number with RFC 8259 grammar.
func (s *Scanner) number() error {
	if s.pos < len(s.data) && s.data[s.pos] == '-' {
		s.pos++
	}
	start := s.pos
	if n := s.digits(); n == 0 || (n > 1 && s.data[start] == '0') {
		return ErrSyntax
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if s.digits() == 0 {
			return ErrSyntax
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			return ErrSyntax
		}
	}
	return nil
}

// String decodes a raw JSON string value, as returned by [Scanner.Raw]. It
// reports false for any other value.
func String(raw string) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	if strings.IndexByte(inner, '\\') >= 0 {
		s, err := unescape(raw)
		return s, err == nil
	}
	return inner, true
}

// unescape decodes a quoted JSON string that contains escapes.
func unescape(quoted string) (string, error) {
	var out string
	if err := json.Unmarshal([]byte(quoted), &out); err != nil {
		return "", ErrSyntax
	}
	return out, nil
}
