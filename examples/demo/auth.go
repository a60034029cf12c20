package main

import (
	"context"
	"errors"
	"net/http"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/examples/demo/internal/stytchapi"
	"github.com/sessiongate/sessiongate/stepup"
)

// authPage is the data of the signup and login forms.
type authPage struct {
	Action   string
	Email    string
	ReturnTo string
}

func (a *app) signupForm(w http.ResponseWriter, r *http.Request) {
	a.pages.render(w, http.StatusOK, "auth", view{
		Title: "Sign up", SignedIn: signedIn(r),
		Page: authPage{Action: "/signup", ReturnTo: stepup.ReturnTo(r)},
	})
}

func (a *app) loginForm(w http.ResponseWriter, r *http.Request) {
	v := view{Title: "Log in", SignedIn: signedIn(r), Page: authPage{Action: "/login", ReturnTo: stepup.ReturnTo(r)}}
	if r.URL.Query().Get("reason") == "expired" {
		v.Error = "Your session has ended. Please log in again."
	}
	a.pages.render(w, http.StatusOK, "auth", v)
}

// signup creates the user and its first session with Stytch's passwords
// endpoint, then hands the session to the browser as HttpOnly cookies.
func (a *app) signup(w http.ResponseWriter, r *http.Request) {
	a.startSession(w, r, "Sign up", "/signup", a.stytch.CreatePassword)
}

// login authenticates email and password with Stytch and starts a session.
func (a *app) login(w http.ResponseWriter, r *http.Request) {
	a.startSession(w, r, "Log in", "/login", a.stytch.AuthenticatePassword)
}

type passwordCall func(ctx context.Context, email, password string, minutes int) (*stytchapi.SessionResponse, error)

func (a *app) startSession(w http.ResponseWriter, r *http.Request, title, action string, call passwordCall) {
	if !parseForm(w, r) {
		return
	}
	f := readCredentials(r)
	page := authPage{Action: action, Email: f.Email, ReturnTo: stepup.ReturnTo(r)}
	if msg := checkCredentials(f); msg != "" {
		a.pages.render(w, http.StatusUnprocessableEntity, "auth", view{Title: title, SignedIn: signedIn(r), Error: msg, Page: page})
		return
	}
	resp, err := call(r.Context(), f.Email, f.Password, a.sessionMinutes)
	if err != nil {
		status, msg := stytchMessage(err)
		a.log.Info("password call failed", "action", action, "err", err)
		a.pages.render(w, status, "auth", view{Title: title, SignedIn: signedIn(r), Error: msg, Page: page})
		return
	}
	a.endPreviousSession(r)
	if !a.setSessionCookies(w, r, resp) {
		return
	}
	target := page.ReturnTo
	if target == "/" {
		target = "/account"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// endPreviousSession revokes, at Stytch, the session the browser arrived
// with, so that signing in never leaves an older session alive behind the
// new cookies (whoever held the old ones keeps nothing). A session that is
// already gone is fine; an outage is logged and the new session still starts.
func (a *app) endPreviousSession(r *http.Request) {
	if !signedIn(r) {
		return
	}
	creds, err := a.cookies.Read(r)
	if err != nil || creds.Empty() {
		return
	}
	if err := a.verifier.Revoke(r.Context(), creds); err != nil && !errors.Is(err, sessiongate.ErrSessionNotFound) {
		a.log.Warn("could not revoke the previous session at sign-in", "err", err)
	}
}

// setSessionCookies writes the session Stytch just issued as the
// server-managed cookies, and reports false (having answered) on failure.
func (a *app) setSessionCookies(w http.ResponseWriter, r *http.Request, resp *stytchapi.SessionResponse) bool {
	creds := sessiongate.Credentials{JWT: resp.SessionJWT, Token: resp.SessionToken, SessionID: resp.Session.SessionID}
	res, err := a.cookies.Write(w, r, creds, resp.Session.ExpiresAt)
	if err != nil {
		a.log.Error("write session cookies", "err", err)
		a.pages.renderError(w, r, http.StatusInternalServerError, "Something went wrong", "Your session could not be saved. Please try again.")
		return false
	}
	if res.JWTDropped {
		a.log.Warn("session JWT too large for a cookie; the opaque token will be verified remotely")
	}
	w.Header().Set("Cache-Control", "no-store")
	return true
}

// signedIn reports whether the request carries a verified session (routes
// wrapped in LoadSession or RequireSession).
func signedIn(r *http.Request) bool {
	_, ok := sessiongate.FromContext(r.Context())
	return ok
}
