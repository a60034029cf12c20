package middleware_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/middleware"
)

// BenchmarkMiddleware compares a protected route whose JWT cookie the real
// verifier has already verified (cached) with the same handler unprotected
// (bare), both served through httptest.NewRecorder. The design target is
// cached − bare ≤ 1 µs. cached-sealed is cached with cookies sealed by
// cookie.WithSealing (the values a browser sends back after the server set
// them), cached-bearer the same JWT in an Authorization: Bearer header.
func BenchmarkMiddleware(b *testing.B) {
	v, tok := liveSession(b)
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
	sealed := sealedRequest(b, v, r, tok.SessionJWT, tok.SessionToken)
	b.Run("cached-sealed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sealed.h.ServeHTTP(httptest.NewRecorder(), sealed.r)
		}
	})
	bearer := httptest.NewRequest(http.MethodGet, "https://app.example/account", nil)
	bearer.Header.Set("Authorization", "Bearer "+tok.SessionJWT)
	b.Run("cached-bearer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			protected.ServeHTTP(httptest.NewRecorder(), bearer)
		}
	})
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

type handlerRequest struct {
	h http.Handler
	r *http.Request
}

// sealedRequest returns a protected handler whose cookie store seals the
// cookies, and a request carrying jwt and token sealed by it.
func sealedRequest(b *testing.B, v middleware.Verifier, base *http.Request, jwt, token string) handlerRequest {
	b.Helper()
	store, err := cookie.New(cookie.WithServerManaged(), cookie.WithSealing(bytes.Repeat([]byte("h"), 32), bytes.Repeat([]byte("b"), 32)))
	if err != nil {
		b.Fatal(err)
	}
	m, err := middleware.New(v, middleware.WithCookies(store))
	if err != nil {
		b.Fatal(err)
	}
	cookies, _, err := store.SetCookies(base, sessiongate.Credentials{JWT: jwt, Token: token}, time.Now().Add(time.Hour))
	if err != nil {
		b.Fatal(err)
	}
	r := base.Clone(base.Context())
	r.Header.Del("Cookie")
	for _, c := range cookies {
		r.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	if w := serve(h, r); w.Code != http.StatusOK {
		b.Fatalf("sealed warm-up status %d, want 200", w.Code)
	}
	return handlerRequest{h: h, r: r}
}

// BenchmarkSlogObserver is the cost SlogObserver adds to an allowed
// request when the logger drops Debug records, as production loggers do.
func BenchmarkSlogObserver(b *testing.B) {
	obs := middleware.SlogObserver(slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo})))
	e := middleware.Event{Outcome: middleware.OutcomeAllowed, Reason: middleware.ReasonOK, Credential: middleware.CredentialCookie}
	b.ReportAllocs()
	for b.Loop() {
		obs(e)
	}
}
