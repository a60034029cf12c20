package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// BenchmarkMiddleware compares a protected route whose JWT cookie the real
// verifier has already verified (cached) with the same handler unprotected
// (bare), both served through httptest.NewRecorder. The design target is
// cached − bare ≤ 1 µs.
func BenchmarkMiddleware(b *testing.B) {
	stytch := stytchtest.NewServer(b)
	v, err := verifier.New(b.Context(), stytch.ProjectID(), stytch.Secret(), verifier.WithBaseURL(stytch.URL))
	if err != nil {
		b.Fatal(err)
	}
	userID, err := stytch.CreateUser("bench@example.com", "correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	tok, err := stytch.CreateSession(userID, stytchtest.SessionSpec{})
	if err != nil {
		b.Fatal(err)
	}
	m, err := middleware.New(v)
	if err != nil {
		b.Fatal(err)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) })
	r := httptest.NewRequest(http.MethodGet, "https://app.example/account", nil)
	r.Header.Set("Cookie", "theme=dark; stytch_session_jwt="+tok.SessionJWT+"; stytch_session="+tok.SessionToken)
	protected := m.RequireSession(h)
	if w := serve(protected, r); w.Code != http.StatusOK {
		b.Fatalf("warm-up status %d, want 200", w.Code)
	}
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			protected.ServeHTTP(httptest.NewRecorder(), r)
		}
	})
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			h.ServeHTTP(httptest.NewRecorder(), r)
		}
	})
}
