package middleware_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// Handlers change the session, and list and end the user's other sessions,
// through the request's Lifecycle.
func Example_lifecycle() {
	emu, v, tok, stop := exampleEnv()
	defer stop()
	if _, err := emu.CreateSession(tok.Session.UserID, stytchtest.SessionSpec{}); err != nil { // a second device
		panic(err)
	}
	mw, err := middleware.New(v, middleware.WithoutCookies())
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /theme", mw.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l, _ := sessiongate.LifecycleFromContext(r.Context())
		if _, err := l.SetClaims(r.Context(), map[string]any{"theme": "dark"}); err != nil {
			mw.WriteError(w, r, err) // 503 + Retry-After when Stytch cannot be reached
			return
		}
		fmt.Fprintln(w, "theme:", sessiongate.MustFromContext(r.Context()).CustomClaims["theme"])
	})))
	mux.Handle("POST /devices/signout-others", mw.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l, _ := sessiongate.LifecycleFromContext(r.Context())
		n, err := l.RevokeOtherSessions(r.Context())
		if err != nil {
			mw.WriteError(w, r, err)
			return
		}
		list, _ := l.Sessions(r.Context())
		_ = json.NewEncoder(w).Encode(map[string]int{"ended": n, "left": len(list)})
	})))

	for _, path := range []string{"/theme", "/devices/signout-others"} {
		r := httptest.NewRequest("POST", "https://app.example"+path, nil)
		r.Header.Set("Authorization", "Bearer "+tok.SessionToken)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Printf("%s → %d %s", path, w.Code, w.Body.String())
		fmt.Println("  fresh JWT header:", w.Header().Get(middleware.HeaderSessionJWT) != "")
	}
	// Output:
	// /theme → 200 theme: dark
	//   fresh JWT header: true
	// /devices/signout-others → 200 {"ended":1,"left":1}
	//   fresh JWT header: true
}
