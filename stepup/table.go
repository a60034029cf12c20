package stepup

import (
	"io"
	"net/http"

	"github.com/sessiongate/sessiongate/internal/routetable"
)

// Route is one protected route recorded in a [Table].
type Route struct {
	// Pattern is the route pattern as registered, e.g. "POST /transfer".
	Pattern string
	// Policy is the policy that guards it.
	Policy *Policy
}

// Mux is what [Table.Handle] registers routes on: *http.ServeMux, chi's
// Router and most routers have this method.
type Mux interface {
	Handle(pattern string, handler http.Handler)
}

// Table records which policy guards which route pattern, so the mapping can
// be printed at startup for audits. The zero Table is ready to use and safe
// for concurrent use.
type Table struct {
	t routetable.Table[*Policy]
}

// Protect records pattern → p and returns p.Require, for routers that take
// middleware separately:
//
//	r.With(t.Protect("POST /transfer", p)).Post("/transfer", h) // chi
//
// It panics if p is nil, at registration time.
func (t *Table) Protect(pattern string, p *Policy) func(http.Handler) http.Handler {
	if p == nil {
		panic("stepup: Table.Protect: nil policy for " + pattern)
	}
	t.t.Add(pattern, p)
	return p.Require
}

// Handle records pattern → p and registers p.Require(h) on mux under
// pattern. It panics like mux.Handle does (for instance on a conflicting
// pattern) and when p or h is nil.
//
// p.Require runs before h, so Handle fits only when the session middleware
// runs before the mux (alice.New(sess.RequireSession).Then(mux)). When each
// route has its own chain, put the policy inside it, after the session
// middleware, with [Table.Protect]:
//
//	mux.Handle(pattern, alice.New(sess.RequireSession, t.Protect(pattern, p)).Then(h))
func (t *Table) Handle(mux Mux, pattern string, p *Policy, h http.Handler) {
	mux.Handle(pattern, t.Protect(pattern, p)(h))
}

// Routes returns a copy of the recorded routes, in registration order.
func (t *Table) Routes() []Route {
	rs := t.t.Routes()
	out := make([]Route, len(rs))
	for i, r := range rs {
		out[i] = Route{Pattern: r.Pattern, Policy: r.Guard}
	}
	return out
}

// WriteTo writes one aligned line per route, "PATTERN  POLICY", in
// registration order. It implements [io.WriterTo].
func (t *Table) WriteTo(w io.Writer) (int64, error) { return t.t.WriteTo(w) }

// String returns what [Table.WriteTo] writes.
func (t *Table) String() string { return t.t.String() }
