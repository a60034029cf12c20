package optcheck_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/internal/optcheck"
)

var errInvalid = errors.New("pkg: invalid")

type options struct {
	optcheck.Record
	n int
}

type option func(*options)

// TestRecord: a repeated option and a nil option are recorded, wrapping
// the sentinel; the first use of a name is not; Given reports it.
func TestRecord(t *testing.T) {
	o := options{Record: optcheck.Record{Sentinel: errInvalid}}
	set := func(n int) option {
		return func(o *options) {
			if o.Once("Set") {
				o.n = n
			}
		}
	}
	optcheck.Apply(&o, &o.Record, []option{set(1), nil, set(2)})
	err := o.Err()
	if o.n != 1 || !o.Given("Set") || o.Given("Other") {
		t.Errorf("n = %d, Given(Set) = %v, Given(Other) = %v; want 1, true, false", o.n, o.Given("Set"), o.Given("Other"))
	}
	if !errors.Is(err, errInvalid) || !strings.Contains(err.Error(), "Set given more than once") || !strings.Contains(err.Error(), "nil option") {
		t.Errorf("Err() = %v, want both problems wrapping the sentinel", err)
	}
	if err := (&optcheck.Record{}).Err(); err != nil {
		t.Errorf("empty Record Err() = %v, want nil", err)
	}
}

// TestName: a valid name is stored; an empty, too long or oddly
// charactered one is a problem; a second WithName is a problem and does
// not replace the first.
func TestName(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  string
		fail  bool
	}{
		{[]string{"docs-write.v2_x"}, "docs-write.v2_x", false},
		{[]string{strings.Repeat("a", 64)}, strings.Repeat("a", 64), false},
		{[]string{""}, "", true},
		{[]string{strings.Repeat("a", 65)}, strings.Repeat("a", 65), true},
		{[]string{"has space"}, "has space", true},
		{[]string{"a", "b"}, "a", true},
	} {
		o := options{Record: optcheck.Record{Sentinel: errInvalid}}
		var got string
		for _, n := range tc.names {
			o.Name(n, &got)
		}
		if err := o.Err(); got != tc.want || (err != nil) != tc.fail || (err != nil && !errors.Is(err, errInvalid)) {
			t.Errorf("Name(%q): stored %q, err %v; want %q, failure %v", tc.names, got, err, tc.want, tc.fail)
		}
	}
}
