package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/justinas/alice"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// BenchmarkHandler measures the demo's routes in-process, without the
// network (the load script measures them over loopback): GET /api/session
// with the browser's sealed session cookies or an API client's Bearer JWT
// (warm verification cache), against GET /healthz.
func BenchmarkHandler(b *testing.B) {
	d := newTestDemo(b)
	runRequests(b, d, d.Config.Handler, "/api/session")
}

// BenchmarkMiddleware isolates sessiongate's per-request cost: the same
// trivial handler (healthz) bare and behind RequireSession.
func BenchmarkMiddleware(b *testing.B) {
	d := newTestDemo(b)
	sess, err := d.app.sessions()
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.Handle("GET /protected", alice.New(sess.RequireSession).ThenFunc(healthz))
	runRequests(b, d, mux, "/protected")
}

func runRequests(b *testing.B, d *testDemo, h http.Handler, protected string) {
	cookies := d.signupCookies(b)
	jwt := d.bearerJWT(b)
	for _, bc := range []struct {
		name, path string
		set        func(*http.Request)
	}{
		{"healthz", "/healthz", func(*http.Request) {}},
		{"cookies", protected, func(r *http.Request) {
			for _, c := range cookies {
				r.AddCookie(c)
			}
		}},
		{"bearer", protected, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+jwt) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", bc.path, nil)
			bc.set(req)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}

// signupCookies signs up through the demo and returns its session cookies.
func (d *testDemo) signupCookies(b *testing.B) []*http.Cookie {
	form := url.Values{"email": {"bench@example.com"}, "password": {"correct horse battery"}}
	req := httptest.NewRequest("POST", "/signup", nil)
	req.PostForm, req.Form = form, form
	w := httptest.NewRecorder()
	d.Config.Handler.ServeHTTP(w, req)
	if w.Code != http.StatusSeeOther {
		b.Fatalf("signup status %d: %s", w.Code, w.Body)
	}
	return w.Result().Cookies()
}

// bearerJWT starts a session directly in the emulator, as an API client
// would hold one, and returns its JWT.
func (d *testDemo) bearerJWT(b *testing.B) string {
	id, err := d.emu.CreateUser("api-bench@example.com", "correct horse battery")
	if err != nil {
		b.Fatal(err)
	}
	tok, err := d.emu.CreateSession(id, stytchtest.SessionSpec{})
	if err != nil {
		b.Fatal(err)
	}
	return tok.SessionJWT
}
