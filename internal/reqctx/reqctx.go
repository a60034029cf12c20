// Package reqctx holds the request-context keys of package sessiongate and
// the one-allocation carrier the middleware stores a request's session,
// verification and rechecker in. It imports only the standard library, so
// the root package can build on it; users never see it.
package reqctx

import "context"

// Keys of the three values sessiongate stores in a context. Each is an
// empty struct type: no other package can collide with them.
type (
	// SessionKey is the key of the request's *sessiongate.Session.
	SessionKey struct{}
	// VerificationKey is the key of the request's *sessiongate.Verification.
	VerificationKey struct{}
	// RecheckKey is the key of the request's sessiongate.Rechecker.
	RecheckKey struct{}
)

// Carrier answers the three keys itself and delegates every other key, and
// cancellation, to its parent. S and V are sessiongate's Session and
// Verification, R the type whose pointer is the request's Rechecker (type
// parameters, because this package cannot import the root). Holding the
// rechecker as a pointer rather than an interface keeps the carrier, and
// the middleware's per-request state around it, eight bytes smaller. Its
// zero value is unusable until [Carrier.Init]; the middleware keeps one
// inside its per-request state so that both take a single allocation.
type Carrier[S, V, R any] struct {
	context.Context
	session      *S
	verification *V
	rechecker    *R
}

// Init makes c carry session, verification and rechecker over parent and
// returns c as a context. Call it once per request, before the context is
// used.
func (c *Carrier[S, V, R]) Init(parent context.Context, session *S, verification *V, rechecker *R) context.Context {
	*c = Carrier[S, V, R]{Context: parent, session: session, verification: verification, rechecker: rechecker}
	return c
}

// Value answers the sessiongate keys and asks the parent for any other.
func (c *Carrier[S, V, R]) Value(key any) any {
	switch key.(type) {
	case SessionKey:
		return c.session
	case VerificationKey:
		return c.verification
	case RecheckKey:
		if c.rechecker == nil {
			return nil
		}
		return c.rechecker
	}
	return c.Context.Value(key)
}

// Session returns the session c carries: the request's own copy, which the
// middleware updates in place when the session changes during the request.
func (c *Carrier[S, V, R]) Session() *S { return c.session }
