package main

import (
	"context"
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
	a.signIn(w, r, "Sign up", "/signup", a.stytch.CreatePassword)
}

// login authenticates email and password with Stytch and starts a session.
func (a *app) login(w http.ResponseWriter, r *http.Request) {
	a.signIn(w, r, "Log in", "/login", a.stytch.AuthenticatePassword)
}

type passwordCall func(ctx context.Context, email, password string, minutes int) (*stytchapi.SessionResponse, error)

func (a *app) signIn(w http.ResponseWriter, r *http.Request, title, action string, call passwordCall) {
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
	if !a.startSession(w, r, resp) {
		return
	}
	target := page.ReturnTo
	if target == "/" {
		target = "/account"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// startSession hands the session Stytch just issued (a sign-in or a
// step-up) to the browser as server-managed cookies bound to it, and
// revokes at Stytch any other session the browser arrived with, so that
// signing in never leaves an older session alive behind the new cookies.
// It reports false (having answered) on failure.
func (a *app) startSession(w http.ResponseWriter, r *http.Request, resp *stytchapi.SessionResponse) bool {
	creds := sessiongate.Credentials{JWT: resp.SessionJWT, Token: resp.SessionToken}
	if err := a.sess.StartSession(w, r, &resp.Session, creds); err != nil {
		a.log.Error("start session", "err", err)
		a.pages.renderError(w, r, http.StatusInternalServerError, "Something went wrong", "Your session could not be saved. Please try again.")
		return false
	}
	return true
}

// signedIn reports whether the request carries a verified session (routes
// wrapped in LoadSession or RequireSession).
func signedIn(r *http.Request) bool {
	_, ok := sessiongate.FromContext(r.Context())
	return ok
}
