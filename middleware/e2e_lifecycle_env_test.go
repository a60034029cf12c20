package middleware_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/middleware"
)

// useLifecycle mounts handlers that call the request's Lifecycle, in front
// of the usual e2e routes.
func (e *e2e) useLifecycle() { e.useLifecycleWith(e.v) }

// useLifecycleWith is useLifecycle with another verifier.
func (e *e2e) useLifecycleWith(v middleware.Verifier) {
	m, err := middleware.New(v, middleware.WithCookies(e.store), middleware.WithClock(e.stytch.Now))
	if err != nil {
		e.t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", e.routes(m))
	mux.Handle("POST /extend", m.RequireSession(lifecycleHandler(m, extendHandler)))
	mux.Handle("POST /claims", m.RequireSession(lifecycleHandler(m, claimsHandler)))
	mux.Handle("GET /user", m.RequireSession(lifecycleHandler(m, userHandler)))
	mux.Handle("GET /user/confirmed", m.RequireConfirmed(lifecycleHandler(m, userHandler)))
	mux.Handle("GET /sessions", m.RequireSession(lifecycleHandler(m, sessionsHandler)))
	mux.Handle("POST /revoke", m.RequireSession(lifecycleHandler(m, revokeHandler)))
	mux.Handle("POST /revoke-others", m.RequireSession(lifecycleHandler(m, revokeOthersHandler)))
	h := http.Handler(mux)
	e.handler.Store(&h)
}

type lifecycleFunc func(w http.ResponseWriter, r *http.Request, l sessiongate.Lifecycle) error

// lifecycleHandler answers a Lifecycle error as an app would: 404 for
// ErrNoSuchSession, 400 for a reserved claim, the contract otherwise.
func lifecycleHandler(m *middleware.Middleware, f lifecycleFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l, ok := sessiongate.LifecycleFromContext(r.Context())
		if !ok {
			http.Error(w, "no lifecycle", http.StatusInternalServerError)
			return
		}
		err := f(w, r, l)
		var reserved *sessiongate.ReservedClaimError
		switch {
		case errors.Is(err, sessiongate.ErrNoSuchSession):
			http.NotFound(w, r)
		case errors.As(err, &reserved):
			http.Error(w, "reserved claim", http.StatusBadRequest)
		case err != nil:
			m.WriteError(w, r, err)
		}
	})
}

func extendHandler(w http.ResponseWriter, r *http.Request, l sessiongate.Lifecycle) error {
	d, _ := time.ParseDuration(r.URL.Query().Get("d"))
	v, err := l.Extend(r.Context(), d)
	if err == nil {
		fmt.Fprint(w, v.Session.ExpiresAt.Format(time.RFC3339))
	}
	return err
}

// claimsHandler sets ?set=k:v or deletes ?del=k, then writes the claims
// the request's context now holds.
func claimsHandler(w http.ResponseWriter, r *http.Request, l sessiongate.Lifecycle) error {
	var err error
	if k, v, ok := strings.Cut(r.URL.Query().Get("set"), ":"); ok {
		_, err = l.SetClaims(r.Context(), map[string]any{k: v})
	} else {
		_, err = l.DeleteClaims(r.Context(), r.URL.Query().Get("del"))
	}
	if err == nil {
		json.NewEncoder(w).Encode(sessiongate.MustFromContext(r.Context()).CustomClaims)
	}
	return err
}

func userHandler(w http.ResponseWriter, r *http.Request, l sessiongate.Lifecycle) error {
	vv, _ := sessiongate.VerificationFromContext(r.Context())
	u, err := l.User(r.Context())
	if err == nil {
		fmt.Fprintf(w, "%s %s from-verification=%t", u.UserID, u.Emails[0].Email, vv.User != nil && vv.User == u)
	}
	return err
}

func sessionsHandler(w http.ResponseWriter, r *http.Request, l sessiongate.Lifecycle) error {
	list, err := l.Sessions(r.Context())
	if err == nil {
		json.NewEncoder(w).Encode(list)
	}
	return err
}

func revokeHandler(w http.ResponseWriter, r *http.Request, l sessiongate.Lifecycle) error {
	err := l.RevokeSession(r.Context(), r.URL.Query().Get("id"))
	if err == nil {
		w.WriteHeader(http.StatusNoContent)
	}
	return err
}

func revokeOthersHandler(w http.ResponseWriter, r *http.Request, l sessiongate.Lifecycle) error {
	n, err := l.RevokeOtherSessions(r.Context())
	if err == nil {
		fmt.Fprint(w, n)
	}
	return err
}

// lifecycleE2E signs a browser in and returns its session id.
func lifecycleE2E(t *testing.T) (*e2e, string) {
	e := newE2E(t, mustNewStore(t, cookie.WithServerManaged()))
	e.useLifecycle()
	res := e.do(http.MethodPost, "/login")
	wantStatus(t, res, http.StatusOK)
	return e, body(t, res)
}

// jwtClaims decodes the payload of the JWT cookie the browser holds.
func (e *e2e) jwtClaims() map[string]any {
	e.t.Helper()
	c, err := e.store.Read(cookieRequest(e.cookies()))
	if err != nil || c.JWT == "" {
		e.t.Fatalf("no JWT cookie: %v", err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(c.JWT, ".")[1])
	if err != nil {
		e.t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		e.t.Fatal(err)
	}
	return m
}
