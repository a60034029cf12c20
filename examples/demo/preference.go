package main

import (
	"net/http"

	"github.com/sessiongate/sessiongate"
)

// themeClaim is the custom claim holding the user's display preference. It
// lives in the session (and its JWT), so every page can read it from the
// verified session without a database.
const themeClaim = "theme"

// themes are the accepted display preferences; "system" deletes the claim.
var themes = map[string]bool{"light": true, "dark": true, "system": true}

// themeOf returns the session's display preference.
func themeOf(s *sessiongate.Session) string {
	if t, ok := s.CustomClaims[themeClaim].(string); ok && themes[t] {
		return t
	}
	return "system"
}

// setPreference stores the display preference as a custom claim of the
// session: Stytch mints a JWT carrying it, and the middleware hands that
// JWT to the browser before the redirect.
func (a *app) setPreference(w http.ResponseWriter, r *http.Request) {
	if !parseForm(w, r) {
		return
	}
	theme := r.PostFormValue("theme")
	if !themes[theme] {
		a.pages.renderError(w, r, http.StatusBadRequest, "Not accepted", "Choose light, dark or system.")
		return
	}
	l, ok := sessiongate.LifecycleFromContext(r.Context())
	if !ok {
		a.lifecycleFailed(w, r, errNoLifecycle)
		return
	}
	var err error
	if theme == "system" {
		_, err = l.DeleteClaims(r.Context(), themeClaim)
	} else {
		_, err = l.SetClaims(r.Context(), map[string]any{themeClaim: theme})
	}
	if err != nil {
		a.lifecycleFailed(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?notice=preference", http.StatusSeeOther)
}
