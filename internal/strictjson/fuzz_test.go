package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeMatchesEncodingJSON is the differential test against
// encoding/json: Decode accepts what json.Unmarshal accepts, with the same
// values, except for the package doc's list of stricter rules, which an
// independent reading (encoding/json's token stream) confirms case by case;
// and a document breaking one of those rules is always rejected.
func FuzzDecodeMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"a":1,"b":[true,false,null],"c":{"d":"e\u00e9\n"}}`, `{"a":1,"a":2}`, `{"a":1,"\u0061":2}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`, `"\ud800"`, "\"\xff\"",
		` -0.5e+3 `, `1e400`, `01`, `{"a":}`, `[1,]`, `{"x":"\u0000"}`, "\"\t\"", `{"A":1,"a":2}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Decode(s)
		var want any
		stdErr := json.Unmarshal([]byte(s), &want)
		why := stricterRule(s)
		switch {
		case err == nil && why != nil:
			t.Fatalf("Decode(%q) accepted a document the stricter rules reject: %v", s, why)
		case err == nil && stdErr != nil:
			t.Fatalf("Decode(%q) accepted what encoding/json rejects: %v", s, stdErr)
		case err == nil && !reflect.DeepEqual(got, want):
			t.Fatalf("Decode(%q) = %#v, encoding/json = %#v", s, got, want)
		case err != nil && stdErr == nil:
			if why == nil || !errors.Is(err, why) {
				t.Fatalf("Decode(%q) rejected (%v) what encoding/json accepts; documented rule: %v", s, err, why)
			}
		}
	})
}

// stricterRule returns the error of the documented rule that a document
// encoding/json accepts breaks, found without the scanner, or nil.
func stricterRule(s string) error {
	if !utf8.ValidString(s) {
		return ErrUTF8
	}
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	type frame struct {
		names map[string]bool
		obj   bool
		key   bool // the next token of an object is a name
	}
	var stack []frame
	var found error
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return found
		}
		if err != nil {
			return nil
		}
		top := len(stack) - 1
		if dl, ok := tok.(json.Delim); ok && (dl == '{' || dl == '[') {
			if top >= 0 && stack[top].obj {
				stack[top].key = true
			}
			stack = append(stack, frame{names: map[string]bool{}, obj: dl == '{', key: dl == '{'})
			if len(stack) > MaxDepth && found == nil {
				found = ErrDepth
			}
			continue
		}
		if _, ok := tok.(json.Delim); ok {
			stack = stack[:top]
			continue
		}
		if top < 0 || !stack[top].obj {
			continue
		}
		if stack[top].key {
			name := tok.(string)
			if stack[top].names[name] && found == nil {
				found = ErrDuplicate
			}
			stack[top].names[name] = true
		}
		stack[top].key = !stack[top].key
	}
}
