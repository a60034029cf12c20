package sessiongate

import (
	"context"

	"github.com/sessiongate/sessiongate/internal/reqctx"
)

// NewContext returns a copy of ctx that carries s.
func NewContext(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, reqctx.SessionKey{}, s)
}

// FromContext returns the session stored in ctx by [NewContext], and false
// when there is none. It never panics. The session the middleware stores is
// the request's own copy: setting its fields affects only this request, but
// its slices and maps (factors, roles, custom claims) may be shared with
// other requests of the same session, so do not modify them in place.
func FromContext(ctx context.Context) (*Session, bool) {
	s, ok := ctx.Value(reqctx.SessionKey{}).(*Session)
	return s, ok && s != nil
}

// MustFromContext returns the session stored in ctx, for handlers that only
// run behind a middleware that guarantees one (RequireSession in package
// middleware). It panics when ctx has none: that is a wiring mistake, not
// bad input, and net/http turns the panic into a failed request while
// tests catch it at once. Handlers on optional routes use [FromContext].
func MustFromContext(ctx context.Context) *Session {
	s, ok := FromContext(ctx)
	if !ok {
		panic("sessiongate: no session in the context; is the handler behind the session middleware?")
	}
	return s
}

// NewVerificationContext returns a copy of ctx that carries v and v's session
// (so [FromContext] finds it too).
func NewVerificationContext(ctx context.Context, v *Verification) context.Context {
	if v != nil {
		ctx = NewContext(ctx, v.Session)
	}
	return context.WithValue(ctx, reqctx.VerificationKey{}, v)
}

// VerificationFromContext returns how the request's session was verified, and
// false when no middleware recorded it.
func VerificationFromContext(ctx context.Context) (*Verification, bool) {
	v, ok := ctx.Value(reqctx.VerificationKey{}).(*Verification)
	return v, ok && v != nil
}

// NewRecheckContext returns a copy of ctx that carries r, the way to re-verify
// this request's credentials.
func NewRecheckContext(ctx context.Context, r Rechecker) context.Context {
	return context.WithValue(ctx, reqctx.RecheckKey{}, r)
}

// RecheckerFromContext returns the [Rechecker] the middleware stored for this
// request, and false when there is none.
func RecheckerFromContext(ctx context.Context) (Rechecker, bool) {
	r, ok := ctx.Value(reqctx.RecheckKey{}).(Rechecker)
	return r, ok && r != nil
}
