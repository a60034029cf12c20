// Package optcheck records what a constructor's functional options did:
// which single-valued options were given, and the errors of wrong ones,
// so that the constructor returns them all at once (stepup.New, rbac.New).
package optcheck

import (
	"errors"
	"fmt"
)

// Record is embedded in a package's options struct. Sentinel is the error
// every recorded problem wraps (the package's ErrInvalid…).
type Record struct {
	Sentinel error
	given    map[string]bool
	errs     []error
}

// Once records that the single-valued option called name was given, and an
// error when it was given before; it reports whether this is the first time.
func (r *Record) Once(name string) bool {
	if r.given[name] {
		r.Fail("%s given more than once", name)
		return false
	}
	if r.given == nil {
		r.given = map[string]bool{}
	}
	r.given[name] = true
	return true
}

// Given reports whether the option called name was recorded by Once.
func (r *Record) Given(name string) bool { return r.given[name] }

// Fail records a problem, wrapping Sentinel.
func (r *Record) Fail(format string, args ...any) {
	r.errs = append(r.errs, fmt.Errorf("%w: "+format, append([]any{r.Sentinel}, args...)...))
}

// Name is a WithName option's body: it records the option once and name
// as a problem unless it is 1 to 64 of [A-Za-z0-9._-], then stores it in
// dst.
func (r *Record) Name(name string, dst *string) {
	if !r.Once("WithName") {
		return
	}
	if !validName(name) {
		r.Fail("WithName(%q): want 1 to 64 of [A-Za-z0-9._-]", name)
	}
	*dst = name
}

func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Err returns the recorded problems joined, or nil.
func (r *Record) Err() error { return errors.Join(r.errs...) }

// Apply applies opts to o, recording a nil option as a problem.
func Apply[O any, F ~func(*O)](o *O, r *Record, opts []F) {
	for _, opt := range opts {
		if opt == nil {
			r.Fail("nil option")
			continue
		}
		opt(o)
	}
}
