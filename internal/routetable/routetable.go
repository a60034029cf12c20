// Package routetable records which guard (a step-up policy, a permission)
// protects which route pattern, for the audit tables of stepup and rbac.
package routetable

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"
)

// Route is one recorded route: its pattern and its guard.
type Route[G fmt.Stringer] struct {
	Pattern string
	Guard   G
}

// Table is an append-only list of routes. The zero Table is ready to use
// and safe for concurrent use.
type Table[G fmt.Stringer] struct {
	mu     sync.Mutex
	routes []Route[G]
}

// Add records pattern → g.
func (t *Table[G]) Add(pattern string, g G) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.routes = append(t.routes, Route[G]{Pattern: pattern, Guard: g})
}

// Routes returns a copy of the recorded routes, in registration order.
func (t *Table[G]) Routes() []Route[G] {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Route[G](nil), t.routes...)
}

// WriteTo writes one aligned line per route, "PATTERN  GUARD", in
// registration order, and returns the bytes written.
func (t *Table[G]) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	tw := tabwriter.NewWriter(cw, 0, 0, 2, ' ', 0)
	for _, r := range t.Routes() {
		fmt.Fprintf(tw, "%s\t%s\n", r.Pattern, r.Guard)
	}
	err := tw.Flush()
	return cw.n, err
}

// String returns what WriteTo writes.
func (t *Table[G]) String() string {
	var b strings.Builder
	_, _ = t.WriteTo(&b) // a strings.Builder never fails
	return b.String()
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
