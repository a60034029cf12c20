package stepup_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/justinas/alice"
	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stepup"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// e2e is an app protected by the real verifier and middleware, talking to
// the Stytch emulator, and a browser-like client with a cookie jar.
type e2e struct {
	t      *testing.T
	stytch *stytchtest.Server
	app    *httptest.Server
	client *http.Client
	user   string
}

func newE2E(t *testing.T) *e2e {
	t.Helper()
	// A frozen clock at whole seconds (JWT timestamps are truncated to the
	// second) near real time, so the cookie jar does not expire the cookies.
	base := time.Now().Truncate(time.Second)
	st := stytchtest.NewServer(t, stytchtest.WithClock(func() time.Time { return base }))
	v, err := verifier.New(t.Context(), st.ProjectID(), st.Secret(),
		verifier.WithBaseURL(st.URL), verifier.WithClock(st.Now))
	if err != nil {
		t.Fatal(err)
	}
	store, err := cookie.New()
	if err != nil {
		t.Fatal(err)
	}
	mw, err := middleware.New(v, middleware.WithClock(st.Now), middleware.WithCookies(store))
	if err != nil {
		t.Fatal(err)
	}
	e := &e2e{t: t, stytch: st}
	e.app = httptest.NewTLSServer(e.routes(mw, store))
	t.Cleanup(e.app.Close)
	jar, _ := cookiejar.New(nil)
	e.client = e.app.Client()
	e.client.Jar = jar
	e.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return e
}

func (e *e2e) routes(mw *middleware.Middleware, store *cookie.Store) http.Handler {
	t := e.t
	common := stepup.Options(stepup.WithClock(e.stytch.Now), stepup.WithStepUpURL("/stepup"))
	transfer := mustNew(t, common, stepup.AnyOf(sessiongate.FactorTOTP), stepup.Within(5*time.Minute))
	confirmed := mustNew(t, common, stepup.ConfirmedWithin(0))
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) })
	var tbl stepup.Table
	mux := http.NewServeMux()
	mux.Handle("GET /account", ok)
	tbl.Handle(mux, "GET /transfer", transfer, ok)
	tbl.Handle(mux, "POST /api/transfer", transfer, ok)
	tbl.Handle(mux, "GET /confirmed", confirmed, ok)
	mux.Handle("POST /stepup", e.stepUp(store))
	// Every route here needs a session: the middleware goes in front of the mux.
	return alice.New(mw.RequireSession).Then(mux)
}

// stepUp is a minimal step-up page handler: it authenticates the TOTP code
// with Stytch against the current session, writes the new credentials to
// the cookies and sends the browser back to return_to.
func (e *e2e) stepUp(store *cookie.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, _ := sessiongate.FromContext(r.Context())
		creds, err := store.Read(r)
		if err != nil {
			http.Error(w, "no cookies", http.StatusBadRequest)
			return
		}
		body, _ := json.Marshal(map[string]string{"user_id": s.UserID, "totp_code": r.FormValue("code"), "session_token": creds.Token})
		req, _ := http.NewRequestWithContext(r.Context(), "POST", e.stytch.URL+"/v1/totps/authenticate", bytes.NewReader(body))
		req.SetBasicAuth(e.stytch.ProjectID(), e.stytch.Secret())
		req.Header.Set("Content-Type", "application/json")
		resp := httptest.NewRecorder()
		e.stytch.ServeHTTP(resp, req) // in-process call to the emulator
		var out struct {
			SessionToken string              `json:"session_token"`
			SessionJWT   string              `json:"session_jwt"`
			Session      sessiongate.Session `json:"session"`
		}
		if resp.Code != http.StatusOK || json.NewDecoder(resp.Body).Decode(&out) != nil {
			http.Error(w, "step-up failed", http.StatusUnauthorized)
			return
		}
		c := sessiongate.Credentials{JWT: out.SessionJWT, Token: out.SessionToken}
		if _, err := store.Write(w, r, c, out.Session.ExpiresAt); err != nil {
			http.Error(w, "cookie", http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, stepup.ReturnTo(r), http.StatusSeeOther)
	}
}

// login creates a user with TOTP and a password session, and puts the
// session cookies into the client's jar.
func (e *e2e) login() stytchtest.Tokens {
	e.t.Helper()
	uid, err := e.stytch.CreateUser("ada@example.com", "correct horse battery staple")
	if err != nil {
		e.t.Fatal(err)
	}
	if _, _, err := e.stytch.CreateTOTP(uid); err != nil {
		e.t.Fatal(err)
	}
	tok, err := e.stytch.CreateSession(uid, stytchtest.SessionSpec{})
	if err != nil {
		e.t.Fatal(err)
	}
	e.user = uid
	u, _ := url.Parse(e.app.URL)
	e.client.Jar.SetCookies(u, []*http.Cookie{
		{Name: "stytch_session", Value: tok.SessionToken, Path: "/"},
		{Name: "stytch_session_jwt", Value: tok.SessionJWT, Path: "/"},
	})
	return tok
}

// do sends a request and returns the response with its body read.
func (e *e2e) do(method, path string, header map[string]string, form url.Values) (*http.Response, string) {
	e.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.app.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp, b.String()
}

// doTokenOnly sends the request with only the opaque session token cookie
// from the jar, so the middleware verifies it remotely with Stytch.
func (e *e2e) doTokenOnly(method, path string) int {
	e.t.Helper()
	u, _ := url.Parse(e.app.URL)
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.app.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, c := range e.client.Jar.Cookies(u) {
		if c.Name == "stytch_session" {
			req.AddCookie(c)
		}
	}
	req.Header.Set("Accept", "application/json")
	client := &http.Client{Transport: e.client.Transport}
	resp, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
