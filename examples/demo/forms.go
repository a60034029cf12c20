package main

import (
	"errors"
	"net/http"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/sessiongate/sessiongate/examples/demo/internal/stytchapi"
)

// maxFormBytes bounds a form body; the demo's forms are tiny.
const maxFormBytes = 8 << 10

// parseForm reads a small urlencoded form, and reports false (having
// answered 400 or 413) when it cannot.
func parseForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "form too large", http.StatusRequestEntityTooLarge)
			return false
		}
		http.Error(w, "malformed form", http.StatusBadRequest)
		return false
	}
	return true
}

// credentialsForm is the email and password of the signup and login forms.
type credentialsForm struct {
	Email    string
	Password string
}

// checkCredentials validates the form before anything is sent to Stytch,
// and returns the message to show when it is not acceptable.
func checkCredentials(f credentialsForm) string {
	addr, err := mail.ParseAddress(f.Email)
	switch {
	case f.Email == "" || f.Password == "":
		return "Enter an email address and a password."
	case err != nil || addr.Address != f.Email || len(f.Email) > 254:
		return "That email address does not look right."
	case utf8.RuneCountInString(f.Password) < 8:
		return "Use a password of at least 8 characters."
	case len(f.Password) > 256:
		return "Use a password of at most 256 characters."
	}
	return ""
}

// readCredentials returns the trimmed email and the password of the form.
func readCredentials(r *http.Request) credentialsForm {
	return credentialsForm{
		Email:    strings.TrimSpace(r.PostFormValue("email")),
		Password: r.PostFormValue("password"),
	}
}

// stytchMessage turns a failed Stytch call into a sentence for the user and
// the HTTP status of the page that shows it. Stytch's own text is never
// shown: it can be technical.
func stytchMessage(err error) (int, string) {
	var e *stytchapi.Error
	if !errors.As(err, &e) {
		return http.StatusBadGateway, "Something went wrong talking to Stytch. Please try again."
	}
	switch {
	case e.Temporary():
		return http.StatusServiceUnavailable, "Stytch cannot be reached right now. Please try again in a moment."
	case e.Type == "duplicate_email":
		return http.StatusConflict, "An account with this email already exists. Log in instead."
	case e.Type == "weak_password":
		return http.StatusUnprocessableEntity, "That password is too easy to guess. Try a longer one."
	case e.Type == "invalid_email":
		return http.StatusBadRequest, "That email address does not look right."
	case e.Type == "email_not_found", e.Type == "unauthorized_credentials", e.Type == "invalid_credentials":
		return http.StatusUnauthorized, "Wrong email or password."
	case e.Type == "reset_password" || e.Type == "password_reset_required":
		return http.StatusUnauthorized, "This password must be reset before you can log in."
	case e.Type == "totp_not_found":
		return http.StatusConflict, "You have no authenticator app yet. Enroll one first."
	case strings.Contains(e.Type, "totp") || strings.Contains(e.Type, "otp_code"):
		return http.StatusUnauthorized, "That code is not right. Check your authenticator app and try again."
	case e.Type == "session_not_found":
		return http.StatusUnauthorized, "Your session has ended. Please log in again."
	case e.StatusCode == http.StatusBadRequest:
		return http.StatusBadRequest, "Stytch did not accept that. Check what you entered and try again."
	}
	return http.StatusBadGateway, "Something went wrong talking to Stytch. Please try again."
}
