package stytchtest

import (
	"net/http/httptest"
	"testing"
)

// Server is an [Emulator] listening on a loopback httptest server.
type Server struct {
	*Emulator
	// URL is the base URL, such as http://127.0.0.1:41234, without a trailing slash.
	URL string

	srv *httptest.Server
}

// NewServer starts an emulator configured by opts on a loopback port. It is
// closed when the test ends (tb.Cleanup); it calls tb.Fatal when the options
// are invalid.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	e, err := New(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(e)
	s := &Server{Emulator: e, URL: srv.URL, srv: srv}
	tb.Cleanup(s.Close)
	return s
}

// JWKSURL returns the URL of the project's JWKS.
func (s *Server) JWKSURL() string { return s.URL + jwksPrefix + s.ProjectID() }

// Close shuts the server down, blocking until outstanding requests end. It
// is safe to call more than once.
func (s *Server) Close() { s.srv.Close() }
