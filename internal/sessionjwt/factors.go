package sessionjwt

import (
	"reflect"
	"strings"
	"sync"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/strictjson"
)

// This file decodes authentication factors by exact key, without
// encoding/json: Stytch's factor detail objects (email_factor, …) hold only
// strings, so one reflection table built on first use covers all of them.
// Unknown keys are ignored; a known key given twice rejects the token.

// maxFactors caps the factors of a session (security.md §5 "Bounded caches").
const maxFactors = 64

// detailField is one string field of a factor detail struct.
type detailField struct {
	name  string
	index int
}

// detailKind is one detail key of AuthenticationFactor (e.g. email_factor).
type detailKind struct {
	index  int // field index in AuthenticationFactor
	elem   reflect.Type
	fields []detailField
}

// factorDetails maps each detail key to its decoding table. It is computed
// once and never modified.
var factorDetails = sync.OnceValue(func() map[string]detailKind {
	t := reflect.TypeFor[sessiongate.AuthenticationFactor]()
	m := make(map[string]detailKind)
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
			continue
		}
		k := detailKind{index: i, elem: f.Type.Elem()}
		for j := range k.elem.NumField() {
			sf := k.elem.Field(j)
			if sf.Type.Kind() == reflect.String {
				k.fields = append(k.fields, detailField{name: jsonName(sf), index: j})
			}
		}
		m[jsonName(f)] = k
	}
	return m
})

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// decodeFactors decodes the authentication_factors array at s.
func decodeFactors(s *strictjson.Scanner) ([]sessiongate.AuthenticationFactor, error) {
	if s.Peek() == 'n' {
		return nil, s.Null()
	}
	out := make([]sessiongate.AuthenticationFactor, 0, 2)
	err := s.Array(func(s *strictjson.Scanner) error {
		if len(out) >= maxFactors {
			return invalid("too many factors")
		}
		out = append(out, sessiongate.AuthenticationFactor{})
		return decodeFactor(s, &out[len(out)-1])
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// decodeFactor decodes one factor object at s by exact key.
func decodeFactor(s *strictjson.Scanner, f *sessiongate.AuthenticationFactor) error {
	if s.Peek() != '{' {
		return invalid("factor is not an object")
	}
	var seen [5]bool
	details := 0
	return s.Object(func(name string, s *strictjson.Scanner) error {
		i := factorKey(name)
		if i < 0 {
			if foldsToFactorKey(name) {
				return invalid("factor field differs from a known one only by case")
			}
			return decodeDetail(s, f, name, &details)
		}
		if seen[i] {
			return invalid("duplicate factor field")
		}
		seen[i] = true
		raw, err := s.Raw()
		if err != nil {
			return err
		}
		return setFactorField(f, i, raw)
	})
}

func factorKey(name string) int {
	switch name {
	case "type":
		return 0
	case "delivery_method":
		return 1
	case "last_authenticated_at":
		return 2
	case "created_at":
		return 3
	case "updated_at":
		return 4
	}
	return -1
}

func foldsToFactorKey(name string) bool {
	for _, k := range [...]string{"type", "delivery_method", "last_authenticated_at", "created_at", "updated_at"} {
		if len(name) == len(k) && strings.EqualFold(name, k) {
			return true
		}
	}
	return false
}

func setFactorField(f *sessiongate.AuthenticationFactor, i int, value string) error {
	var err error
	switch i {
	case 0, 1:
		s, ok := strictjson.String(value)
		if !ok {
			return invalid("factor type is not a string")
		}
		if i == 0 {
			f.Type = sessiongate.FactorType(s)
		} else {
			f.DeliveryMethod = sessiongate.DeliveryMethod(s)
		}
	case 2:
		f.LastAuthenticatedAt, err = claimTime(value)
	case 3:
		f.CreatedAt, err = claimTime(value)
	case 4:
		f.UpdatedAt, err = claimTime(value)
	}
	return err
}

// decodeDetail decodes the detail object (email_factor, …) at s into
// its struct. Unknown keys and null values are skipped; a second detail
// object rejects.
func decodeDetail(s *strictjson.Scanner, f *sessiongate.AuthenticationFactor, name string, count *int) error {
	k, ok := factorDetails()[name]
	if !ok || s.Peek() == 'n' {
		return s.Skip()
	}
	if *count++; *count > 1 || s.Peek() != '{' {
		return invalid("factor has several or malformed details")
	}
	v := reflect.New(k.elem)
	var seenBuf [8]bool
	seen := seenBuf[:0]
	seen = append(seen, make([]bool, len(k.fields))...)
	err := s.Object(func(n string, s *strictjson.Scanner) error {
		raw, err := s.Raw()
		if err != nil {
			return err
		}
		for i, df := range k.fields {
			if df.name != n {
				continue
			}
			str, ok := strictjson.String(raw)
			if !ok || seen[i] {
				return invalid("bad factor detail")
			}
			seen[i] = true
			v.Elem().Field(df.index).SetString(str)
		}
		return nil
	})
	if err != nil {
		return err
	}
	reflect.ValueOf(f).Elem().Field(k.index).Set(v)
	return nil
}
