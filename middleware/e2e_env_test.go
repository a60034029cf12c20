package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// e2e is an app served over TLS in front of the emulator, with a browser-like
// client (cookie jar).
type e2e struct {
	t       *testing.T
	stytch  *stytchtest.Server
	v       *verifier.Verifier
	app     *httptest.Server
	client  *http.Client
	jar     http.CookieJar
	events  *eventLog
	userID  string
	handler atomic.Pointer[http.Handler]
	store   *cookie.Store
	// release lets the streaming handler finish.
	release chan struct{}
}

func newE2E(t *testing.T, store *cookie.Store, opts ...middleware.Option) *e2e {
	t.Helper()
	e := &e2e{t: t, stytch: stytchtest.NewServer(t), events: &eventLog{}, release: make(chan struct{})}
	v, err := verifier.New(t.Context(), e.stytch.ProjectID(), e.stytch.Secret(),
		verifier.WithBaseURL(e.stytch.URL), verifier.WithClock(e.stytch.Now))
	if err != nil {
		t.Fatalf("verifier.New() error = %v", err)
	}
	e.v = v
	if e.userID, err = e.stytch.CreateUser("ada@example.com", "correct horse battery staple"); err != nil {
		t.Fatal(err)
	}
	e.app = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*e.handler.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(e.app.Close)
	e.useStore(store, opts...)
	e.jar, _ = cookiejar.New(nil)
	e.client = e.app.Client()
	e.client.Jar = e.jar
	e.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return e
}

// useStore (re)builds the app with a cookie store, as a deploy would.
func (e *e2e) useStore(store *cookie.Store, opts ...middleware.Option) {
	e.store = store
	opts = append([]middleware.Option{middleware.WithCookies(store), middleware.WithObserver(e.events.Observe), middleware.WithClock(e.stytch.Now)}, opts...)
	m, err := middleware.New(e.v, opts...)
	if err != nil {
		e.t.Fatalf("middleware.New() error = %v", err)
	}
	h := e.routes(m)
	e.handler.Store(&h)
}

func (e *e2e) routes(m *middleware.Middleware) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", e.login)
	mux.Handle("GET /account", m.RequireSession(okHandler))
	mux.Handle("GET /confirmed", m.RequireConfirmed(okHandler))
	mux.Handle("POST /transfer", m.RequireSession(okHandler))
	mux.Handle("GET /stream", m.RequireSession(http.HandlerFunc(e.stream)))
	mux.Handle("GET /api/session", m.SessionHandler())
	mux.HandleFunc("POST /logout", m.Logout)
	mux.Handle("POST /start", e.startHandler(m))
	return mux
}

// login plays a server-side login: it creates a session with the emulator
// (as a password authenticate would) and writes the cookies.
func (e *e2e) login(w http.ResponseWriter, r *http.Request) {
	spec := stytchtest.SessionSpec{}
	if blob := r.URL.Query().Get("blob"); blob != "" {
		spec.CustomClaims = map[string]any{"blob": blob}
	}
	tok, err := e.stytch.CreateSession(e.userID, spec)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if _, err := e.store.Write(w, r, sessiongate.Credentials{JWT: tok.SessionJWT, Token: tok.SessionToken, SessionID: tok.Session.SessionID}, tok.Session.ExpiresAt); err != nil {
		http.Error(w, "cannot write cookies", http.StatusInternalServerError)
		return
	}
	fmt.Fprint(w, tok.Session.SessionID)
}

func (e *e2e) stream(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "first\n")
	if err := http.NewResponseController(w).Flush(); err != nil {
		http.Error(w, "flush failed", http.StatusInternalServerError)
		return
	}
	<-e.release
	fmt.Fprint(w, "second\n")
}

func (e *e2e) do(method, path string, headers ...string) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.app.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	e.t.Cleanup(func() { res.Body.Close() })
	return res
}

// cookies returns the jar's cookies for the app, by name.
func (e *e2e) cookies() map[string]string {
	u, _ := url.Parse(e.app.URL)
	out := map[string]string{}
	for _, c := range e.jar.Cookies(u) {
		out[c.Name] = c.Value
	}
	return out
}

func (e *e2e) setCookies(cs ...*http.Cookie) {
	u, _ := url.Parse(e.app.URL)
	e.jar.SetCookies(u, cs)
}

func (e *e2e) lastEvent() middleware.Event {
	e.events.mu.Lock()
	defer e.events.mu.Unlock()
	if len(e.events.events) == 0 {
		e.t.Fatal("no observer event")
	}
	return e.events.events[len(e.events.events)-1]
}

func wantStatus(t *testing.T, res *http.Response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d", res.Request.Method, res.Request.URL.Path, res.StatusCode, want)
	}
}

// liveSession starts an emulator, a hybrid verifier pointed at it and one
// session, for tests and benchmarks that need genuine credentials.
func liveSession(tb testing.TB) (*verifier.Verifier, stytchtest.Tokens) {
	tb.Helper()
	stytch := stytchtest.NewServer(tb)
	v, err := verifier.New(tb.Context(), stytch.ProjectID(), stytch.Secret(), verifier.WithBaseURL(stytch.URL))
	if err != nil {
		tb.Fatal(err)
	}
	tok, err := stytch.CreateSignedInUser("ada@example.com", "correct horse battery staple", stytchtest.SessionSpec{})
	if err != nil {
		tb.Fatal(err)
	}
	return v, tok
}
