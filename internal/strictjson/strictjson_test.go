package strictjson

import (
	"errors"
	"strings"
	"testing"
)

func TestEachMemberNamesAndValues(t *testing.T) {
	var got []string
	err := EachMember(` {"s\u0075b" : "x", "n":[1, {"a":null}] ,"e":""} `, func(name, value string) error {
		got = append(got, name+"="+value)
		return nil
	})
	want := `sub="x" n=[1, {"a":null}] e=""`
	if err != nil || strings.Join(got, " ") != want {
		t.Fatalf("EachMember() = %q, %v; want %q, nil", strings.Join(got, " "), err, want)
	}
}

func TestErrors(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"member trailing garbage", func() error { return EachMember(`{} x`, nopMember) }, ErrSyntax},
		{"member trailing NUL", func() error { return EachMember("{}\x00", nopMember) }, ErrSyntax},
		{"member not an object", func() error { return EachMember(`[]`, nopMember) }, ErrNotObject},
		{"element not an array", func() error { return EachElement(`{}`, nopElement) }, ErrSyntax},
		{"invalid UTF-8", func() error { return EachMember("{\"a\":\"\xff\"}", nopMember) }, ErrUTF8},
		{"callback error passes through", func() error { return EachMember(`{"a":1}`, failMember) }, errStop},
		{"depth at the cap", func() error { _, err := Decode(deep(MaxDepth)); return err }, nil},
		{"depth past the cap", func() error { _, err := Decode(deep(MaxDepth + 1)); return err }, ErrDepth},
		{"duplicate name", func() error { _, err := Decode(`{"a":1,"\u0061":2}`); return err }, ErrDuplicate},
		{"nested duplicate name", func() error { _, err := Decode(`[{"b":{"a":1,"a":1}}]`); return err }, ErrDuplicate},
		{"case variants are distinct", func() error { _, err := Decode(`{"a":1,"A":2}`); return err }, nil},
		{"leading zero", func() error { _, err := Decode(`01`); return err }, ErrSyntax},
		{"number out of range", func() error { _, err := Decode(`1e400`); return err }, ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); tt.want == nil && err != nil || !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

var errStop = errors.New("stop")

func nopMember(string, string) error  { return nil }
func nopElement(string) error         { return nil }
func failMember(string, string) error { return errStop }
