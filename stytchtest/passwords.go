package stytchtest

import (
	"net/http"

	"github.com/sessiongate/sessiongate"
)

// minPasswordLength is the shortest password POST /v1/passwords accepts.
const minPasswordLength = 8

var (
	errMissingEmail    = newError(400, "invalid_request_body", "email is required.")
	errMissingPassword = newError(400, "invalid_request_body", "password is required.")
	errWeakPassword    = newError(400, "weak_password", "Password does not meet the strength requirements.")
	errEmailNotFound   = newError(404, "email_not_found", "Email could not be found.")
	errBadPassword     = newError(401, "unauthorized_credentials", "Unauthorized credentials.")
)

// passwordRequest is the body of POST /v1/passwords and /v1/passwords/authenticate.
type passwordRequest struct {
	Email                  string         `json:"email"`
	Password               string         `json:"password"`
	SessionToken           string         `json:"session_token"`
	SessionJWT             string         `json:"session_jwt"`
	SessionDurationMinutes *int           `json:"session_duration_minutes"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims"`
}

// factorResponse is the answer of the factor endpoints: session_token and
// session_jwt are empty strings and session is null when no session was
// started or named (reference §2.5).
type factorResponse struct {
	ok
	UserID       string               `json:"user_id"`
	EmailID      string               `json:"email_id,omitempty"`
	TOTPID       string               `json:"totp_id,omitempty"`
	SessionToken string               `json:"session_token"`
	SessionJWT   string               `json:"session_jwt"`
	Session      *sessiongate.Session `json:"session"`
	User         userJSON             `json:"user"`
}

func (r passwordRequest) check() *apiError {
	switch {
	case r.Email == "":
		return errMissingEmail
	case r.Password == "":
		return errMissingPassword
	}
	return nil
}

func (e *Emulator) servePasswords(w http.ResponseWriter, r *http.Request) {
	req, ok := readPasswordRequest(w, r)
	if !ok {
		return
	}
	if len(req.Password) < minPasswordLength {
		writeError(w, errWeakPassword)
		return
	}
	ch := change{duration: req.SessionDurationMinutes, claims: req.SessionCustomClaims}
	if err := ch.validate(); err != nil {
		writeError(w, err)
		return
	}
	u, f, err := e.withPasswordFactor(func() (*user, *apiError) { return e.createUserLocked(req.Email, req.Password) })
	if err != nil {
		writeError(w, err)
		return
	}
	ch.factor = &f
	e.answerFactor(w, u.id, u.emailID, "", sessionCreds{}, ch)
}

func (e *Emulator) servePasswordsAuthenticate(w http.ResponseWriter, r *http.Request) {
	req, ok := readPasswordRequest(w, r)
	if !ok {
		return
	}
	u, f, err := e.withPasswordFactor(func() (*user, *apiError) { return e.checkPasswordLocked(req.Email, req.Password) })
	if err != nil {
		writeError(w, err)
		return
	}
	ch := change{duration: req.SessionDurationMinutes, claims: req.SessionCustomClaims, factor: &f}
	e.answerFactor(w, u.id, "", "", sessionCreds{token: req.SessionToken, jwt: req.SessionJWT}, ch)
}

func (e *Emulator) checkPasswordLocked(email, password string) (*user, *apiError) {
	addr, ok := normalizeEmail(email)
	if !ok {
		return nil, errInvalidEmail
	}
	id, ok := e.emails[addr]
	if !ok {
		return nil, errEmailNotFound
	}
	u := e.users[id]
	if !u.passwordMatches(password) {
		return nil, errBadPassword
	}
	return u, nil
}

// answerFactor records the factor in ch for userID and writes the factor
// endpoints' response.
func (e *Emulator) answerFactor(w http.ResponseWriter, userID, emailID, totpID string, c sessionCreds, ch change) {
	out, err := e.authenticateFactor(userID, c, ch)
	if err != nil {
		writeError(w, err)
		return
	}
	resp := factorResponse{ok: success(), UserID: userID, EmailID: emailID, TOTPID: totpID}
	if out == nil {
		e.mu.Lock()
		resp.User = e.userJSONLocked(userID)
		e.mu.Unlock()
	} else {
		resp.SessionToken, resp.SessionJWT, resp.Session, resp.User = out.token, out.jwt, &out.session, out.user
	}
	writeJSON(w, http.StatusOK, resp)
}

// withPasswordFactor runs findLocked under the emulator's lock and, when it
// finds the user, returns the password factor authenticated at that instant.
func (e *Emulator) withPasswordFactor(findLocked func() (*user, *apiError)) (*user, sessiongate.AuthenticationFactor, *apiError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u, err := findLocked()
	if err != nil {
		return nil, sessiongate.AuthenticationFactor{}, err
	}
	return u, u.passwordFactor(e.Now()), nil
}

// readPasswordRequest decodes and checks a passwords request body, answering
// the error itself and reporting false when the body is unusable.
func readPasswordRequest(w http.ResponseWriter, r *http.Request) (passwordRequest, bool) {
	var req passwordRequest
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return req, false
	}
	if err := req.check(); err != nil {
		writeError(w, err)
		return req, false
	}
	return req, true
}
