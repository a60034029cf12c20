package rbac

import (
	"io"
	"net/http"

	"github.com/sessiongate/sessiongate/internal/routetable"
)

// Route is one protected route recorded in a [Table].
type Route struct {
	// Pattern is the route pattern as registered, e.g. "POST /api/documents".
	Pattern string
	// Permission is the check that guards it.
	Permission *Permission
}

// Mux is what [Table.Handle] registers routes on: *http.ServeMux, chi's
// Router and most routers have this method.
type Mux interface {
	Handle(pattern string, handler http.Handler)
}

// Table records which permission guards which route pattern, so that the
// mapping can be printed at startup for audits. The zero Table is ready to
// use and safe for concurrent use.
type Table struct {
	t routetable.Table[*Permission]
}

// Protect records pattern → p and returns p.Require, to put in the route's
// chain after the session middleware:
//
//	mux.Handle(pattern, alice.New(sess.RequireSession, t.Protect(pattern, p)).Then(h))
//
// It panics if p is nil, at registration time.
func (t *Table) Protect(pattern string, p *Permission) func(http.Handler) http.Handler {
	if p == nil {
		panic("rbac: Table.Protect: nil permission for " + pattern)
	}
	t.t.Add(pattern, p)
	return p.Require
}

// Handle records pattern → p and registers p.Require(h) on mux under
// pattern. It fits only when the session middleware runs before the mux
// (alice.New(sess.RequireSession).Then(mux)); otherwise use
// [Table.Protect] inside each route's chain. It panics like mux.Handle
// does and when p or h is nil.
func (t *Table) Handle(mux Mux, pattern string, p *Permission, h http.Handler) {
	mux.Handle(pattern, t.Protect(pattern, p)(h))
}

// Routes returns a copy of the recorded routes, in registration order.
func (t *Table) Routes() []Route {
	rs := t.t.Routes()
	out := make([]Route, len(rs))
	for i, r := range rs {
		out[i] = Route{Pattern: r.Pattern, Permission: r.Guard}
	}
	return out
}

// WriteTo writes one aligned line per route, "PATTERN  PERMISSION", in
// registration order. It implements [io.WriterTo].
func (t *Table) WriteTo(w io.Writer) (int64, error) { return t.t.WriteTo(w) }

// String returns what [Table.WriteTo] writes.
func (t *Table) String() string { return t.t.String() }
