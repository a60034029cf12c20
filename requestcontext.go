package sessiongate

import "context"

// NewRequestContext returns a copy of ctx that carries v, v's session and r,
// exactly as NewRecheckContext(NewVerificationContext(ctx, v), r) would, in a
// single allocation. The middleware calls it on every authenticated request.
func NewRequestContext(ctx context.Context, v *Verification, r Rechecker) context.Context {
	return &requestContext{Context: ctx, v: v, r: r}
}

// requestContext answers the three sessiongate keys itself and delegates
// every other key, and cancellation, to its parent.
type requestContext struct {
	context.Context
	v *Verification
	r Rechecker
}

func (c *requestContext) Value(key any) any {
	switch key.(type) {
	case sessionKey:
		if c.v == nil {
			return c.Context.Value(key)
		}
		return c.v.Session
	case verificationKey:
		return c.v
	case recheckKey:
		return c.r
	}
	return c.Context.Value(key)
}

// RequestContext is the storage behind [NewRequestContext], for middleware
// that keeps it inside its own per-request state so that both take one
// allocation. Its zero value is unusable until [RequestContext.Init].
type RequestContext struct{ c requestContext }

// Init makes c carry v, v's session and r over ctx, like
// [NewRequestContext], and returns it as a context. Call it once per
// request, before the context is used, and never again on the same c.
func (c *RequestContext) Init(ctx context.Context, v *Verification, r Rechecker) context.Context {
	c.c = requestContext{Context: ctx, v: v, r: r}
	return &c.c
}
