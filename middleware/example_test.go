package middleware_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/justinas/alice"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// exampleEnv starts the Stytch emulator and a verifier pointed at it, and
// creates one session. stop releases everything.
func exampleEnv() (emu *stytchtest.Emulator, v *verifier.Verifier, tok stytchtest.Tokens, stop func()) {
	emu, err := stytchtest.New()
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(emu)
	ctx, cancel := context.WithCancel(context.Background())
	v, err = verifier.New(ctx, emu.ProjectID(), emu.Secret(), verifier.WithBaseURL(srv.URL), verifier.WithClock(emu.Now))
	if err != nil {
		panic(err)
	}
	userID, err := emu.CreateUser("ada@example.com", "correct horse battery staple")
	if err != nil {
		panic(err)
	}
	if tok, err = emu.CreateSession(userID, stytchtest.SessionSpec{}); err != nil {
		panic(err)
	}
	return emu, v, tok, func() { cancel(); srv.Close() }
}

// get sends a request through h and reports the status and body.
func get(h http.Handler, method, path string, headers ...string) string {
	r := httptest.NewRequest(method, "https://app.example"+path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return fmt.Sprintf("%s %s → %d %s", method, path, w.Code, strings.TrimSpace(w.Body.String()))
}

func greet(w http.ResponseWriter, r *http.Request) {
	if _, ok := sessiongate.FromContext(r.Context()); ok {
		fmt.Fprintln(w, "hello, signed-in user")
		return
	}
	fmt.Fprintln(w, "hello, guest")
}

// A ServeMux with optional and required sessions, composed with alice.
func Example() {
	_, v, tok, stop := exampleEnv()
	defer stop()

	mw, err := middleware.New(v)
	if err != nil {
		panic(err)
	}
	optional := alice.New(mw.LoadSession)
	required := alice.New(mw.RequireSession)

	mux := http.NewServeMux()
	mux.Handle("GET /{$}", optional.ThenFunc(greet))
	mux.Handle("GET /account", required.ThenFunc(greet))
	mux.Handle("GET /api/session", mw.SessionHandler())

	cookies := "stytch_session=" + tok.SessionToken + "; stytch_session_jwt=" + tok.SessionJWT
	fmt.Println(get(mux, "GET", "/"))
	fmt.Println(get(mux, "GET", "/", "Cookie", cookies))
	fmt.Println(get(mux, "GET", "/account"))
	fmt.Println(get(mux, "GET", "/account", "Cookie", cookies))
	fmt.Println(get(mux, "GET", "/account", "Authorization", "Bearer "+tok.SessionJWT))
	// Output:
	// GET / → 200 hello, guest
	// GET / → 200 hello, signed-in user
	// GET /account → 401 {"error":"login_required","error_description":"a session is required"}
	// GET /account → 200 hello, signed-in user
	// GET /account → 200 hello, signed-in user
}

// Per-route freshness: a revoked session's JWT stays valid locally until it
// expires (at most five minutes), so sensitive routes ask Stytch every time.
func ExampleMiddleware_Fresh() {
	emu, v, tok, stop := exampleEnv()
	defer stop()

	mw, err := middleware.New(v)
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /account", alice.New(mw.RequireSession).ThenFunc(greet))
	mux.Handle("GET /recent", alice.New(mw.RequireSession, mw.Fresh(time.Minute)).ThenFunc(greet))
	mux.Handle("POST /transfer", alice.New(mw.RequireSession, mw.RequireConfirmed).ThenFunc(greet))

	auth := []string{"Authorization", "Bearer " + tok.SessionJWT}
	fmt.Println(get(mux, "POST", "/transfer", auth...))
	if err := emu.Revoke(tok.Session.SessionID); err != nil {
		panic(err)
	}
	fmt.Println(get(mux, "GET", "/account", auth...))
	fmt.Println(get(mux, "GET", "/recent", auth...))
	fmt.Println(get(mux, "POST", "/transfer", auth...))
	// Output:
	// POST /transfer → 200 hello, signed-in user
	// GET /account → 200 hello, signed-in user
	// GET /recent → 200 hello, signed-in user
	// POST /transfer → 401 {"error":"invalid_token","error_description":"the session has ended"}
}

// Logout revokes the session at Stytch and clears the cookies; it is
// idempotent.
func ExampleMiddleware_Logout() {
	emu, v, tok, stop := exampleEnv()
	defer stop()

	mw, err := middleware.New(v)
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /logout", mw.Logout)

	r := httptest.NewRequest("POST", "https://app.example/logout", nil)
	r.Header.Set("Cookie", "stytch_session="+tok.SessionToken)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
	for _, c := range w.Result().Cookies() {
		fmt.Printf("%s cleared: %v\n", c.Name, c.MaxAge < 0)
	}
	_, live := emu.Session(tok.Session.SessionID)
	fmt.Println("live at Stytch:", live)
	fmt.Println(get(mux, "POST", "/logout"))
	// Output:
	// 200 {"revoked":true,"cleared":true}
	// stytch_session cleared: true
	// stytch_session_jwt cleared: true
	// live at Stytch: false
	// POST /logout → 200 {"revoked":false,"cleared":true}
}

// Browser navigations without a session can be sent to a login page.
func ExampleWithLoginURL() {
	_, v, _, stop := exampleEnv()
	defer stop()

	mw, err := middleware.New(v, middleware.WithLoginURL("/login"))
	if err != nil {
		panic(err)
	}
	h := mw.RequireSession(http.HandlerFunc(greet))
	r := httptest.NewRequest("GET", "https://app.example/account?tab=security", nil)
	r.Header.Set("Sec-Fetch-Mode", "navigate")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Location"))
	// Output:
	// 303 /login?return_to=%2Faccount%3Ftab%3Dsecurity
}

// WithClearSiteData makes Logout also tell the browser to drop what it
// kept for the signed-out user.
func ExampleWithClearSiteData() {
	_, v, tok, stop := exampleEnv()
	defer stop()

	mw, err := middleware.New(v, middleware.WithClearSiteData("cache", "storage"))
	if err != nil {
		panic(err)
	}
	r := httptest.NewRequest("POST", "https://app.example/logout", nil)
	r.Header.Set("Cookie", "stytch_session="+tok.SessionToken)
	w := httptest.NewRecorder()
	mw.Logout(w, r)
	fmt.Println(w.Code, w.Header().Get("Clear-Site-Data"))
	// Output:
	// 200 "cache", "storage"
}

// A sign-in handler hands the session Stytch started to the browser with
// StartSession, which also ends the session the browser arrived with.
func ExampleMiddleware_StartSession() {
	emu, v, old, stop := exampleEnv()
	defer stop()
	mw, err := middleware.New(v)
	if err != nil {
		panic(err)
	}
	signIn := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// In a real app: a password, magic-link or OTP authenticate call.
		started, err := emu.CreateSession(old.Session.UserID, stytchtest.SessionSpec{})
		if err != nil {
			http.Error(w, "sign-in failed", http.StatusInternalServerError)
			return
		}
		creds := sessiongate.Credentials{JWT: started.SessionJWT, Token: started.SessionToken}
		if err := mw.StartSession(w, r, &started.Session, creds); err != nil {
			http.Error(w, "sign-in failed", http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, "signed in")
	})
	cookies := "stytch_session=" + old.SessionToken + "; stytch_session_jwt=" + old.SessionJWT
	fmt.Println(get(signIn, "POST", "/login", "Cookie", cookies))
	_, live := emu.Session(old.Session.SessionID)
	fmt.Println("previous session still live:", live)
	// Output:
	// POST /login → 200 signed in
	// previous session still live: false
}
