package strictjson

import "strconv"

// This file builds Go values from a document, as encoding/json does.

// Decode parses data, one JSON value with optional surrounding whitespace,
// into the values encoding/json's Unmarshal gives an any: map[string]any,
// []any, float64, string, bool and nil. It rejects what the package doc
// lists besides syntax errors: invalid UTF-8, duplicate names, deep nesting.
func Decode(data string) (any, error) {
	s, err := NewScanner(data)
	if err != nil {
		return nil, err
	}
	v, err := s.Decode()
	if err != nil {
		return nil, err
	}
	if err := s.End(); err != nil {
		return nil, err
	}
	return v, nil
}

// Decode consumes one value and returns it as [Decode] does.
func (s *Scanner) Decode() (any, error) {
	switch s.Peek() {
	case '{':
		return s.decodeObject()
	case '[':
		return s.decodeArray()
	}
	raw, err := s.Raw()
	if err != nil {
		return nil, err
	}
	switch raw[0] {
	case '"':
		str, ok := String(raw)
		if !ok {
			return nil, ErrSyntax
		}
		return str, nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case 'n':
		return nil, nil
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil { // out of float64's range, as encoding/json refuses too
		return nil, ErrSyntax
	}
	return f, nil
}

func (s *Scanner) decodeObject() (map[string]any, error) {
	m := map[string]any{}
	err := s.Object(func(name string, s *Scanner) error {
		if _, dup := m[name]; dup {
			return ErrDuplicate
		}
		v, err := s.Decode()
		m[name] = v
		return err
	})
	return m, err
}

func (s *Scanner) decodeArray() ([]any, error) {
	a := []any{}
	err := s.Array(func(s *Scanner) error {
		v, err := s.Decode()
		a = append(a, v)
		return err
	})
	return a, err
}
