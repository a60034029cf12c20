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
