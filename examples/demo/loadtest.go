package main

import (
	"io"
	"net/http"

	"github.com/justinas/alice"
)

// addLoadtestRoutes adds, with -loadtest-routes only, one trivial handler
// twice: GET /loadtest/bare without the session middleware and GET
// /loadtest/protected behind RequireSession, both after the same base
// chain. scripts/loadtest.sh sends both the same headers, so their
// throughput ratio is what the middleware costs, with no handler work
// (such as /api/session's JSON) charged to it.
func addLoadtestRoutes(mux *http.ServeMux, base, private alice.Chain) {
	mux.Handle("GET /loadtest/bare", base.ThenFunc(loadtestOK))
	mux.Handle("GET /loadtest/protected", private.ThenFunc(loadtestOK))
}

// loadtestOK writes a small fixed body, the same on both load-test routes.
func loadtestOK(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, "ok\n")
}
