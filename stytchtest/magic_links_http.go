package stytchtest

import (
	"net/http"

	"github.com/sessiongate/sessiongate"
)

// magicLinkSendResponse is the answer of the email magic link send endpoints.
type magicLinkSendResponse struct {
	ok
	UserID      string `json:"user_id"`
	EmailID     string `json:"email_id"`
	UserCreated *bool  `json:"user_created,omitempty"`
}

func (e *Emulator) serveMagicLinkLoginOrCreate(w http.ResponseWriter, r *http.Request) {
	_, minutes, signup, addr, err := readSendRequest(r)
	if err != nil {
		writeError(w, err)
		return
	}
	e.mu.Lock()
	u, created, err := e.passwordlessUserLocked(addr)
	if err == nil {
		if created {
			minutes = signup
		}
		e.sendMagicLinkLocked(u, minutes)
	}
	e.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, magicLinkSendResponse{ok: success(), UserID: u.id, EmailID: u.emailID, UserCreated: &created})
}

func (e *Emulator) serveMagicLinkSend(w http.ResponseWriter, r *http.Request) {
	req, login, _, addr, err := readSendRequest(r)
	if err != nil {
		writeError(w, err)
		return
	}
	u, err := e.sendToKnown(addr, req, login)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, magicLinkSendResponse{ok: success(), UserID: u.id, EmailID: u.emailID})
}

// sendToKnown sends a login magic link to the existing user with the
// address addr, who must be the user req's user_id or session names.
func (e *Emulator) sendToKnown(addr string, req magicLinkSendRequest, minutes int) (*user, *apiError) {
	c := sessionCreds{token: req.SessionToken, jwt: req.SessionJWT}
	var t target
	if c.present() {
		var err *apiError
		if t, err = e.target(c); err != nil {
			return nil, err
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	id, ok := e.emails[addr]
	if !ok {
		return nil, errEmailNotFound
	}
	if req.UserID != "" && req.UserID != id {
		return nil, errLinkUserMismatch
	}
	if c.present() {
		s, err := e.findLocked(t)
		if err != nil {
			return nil, err
		}
		if s.s.UserID != id {
			return nil, errLinkUserMismatch
		}
	}
	u := e.users[id]
	e.sendMagicLinkLocked(u, minutes)
	return u, nil
}

// magicLinkAuthRequest is the body of POST /v1/magic_links/authenticate;
// attributes, options, code_verifier and telemetry_id are accepted and ignored.
type magicLinkAuthRequest struct {
	Token                  string         `json:"token"`
	SessionToken           string         `json:"session_token"`
	SessionJWT             string         `json:"session_jwt"`
	SessionDurationMinutes *int           `json:"session_duration_minutes"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims"`
}

// magicLinkAuthResponse is the answer of POST /v1/magic_links/authenticate.
type magicLinkAuthResponse struct {
	ok
	UserID        string               `json:"user_id"`
	MethodID      string               `json:"method_id"`
	SessionToken  string               `json:"session_token"`
	SessionJWT    string               `json:"session_jwt"`
	Session       *sessiongate.Session `json:"session"`
	User          userJSON             `json:"user"`
	ResetSessions bool                 `json:"reset_sessions"`
}

func (e *Emulator) serveMagicLinkAuthenticate(w http.ResponseWriter, r *http.Request) {
	var req magicLinkAuthRequest
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	if req.Token == "" {
		writeError(w, errMissingToken)
		return
	}
	l, f, err := e.consumeLink(req.Token)
	if err != nil {
		writeError(w, err)
		return
	}
	c := sessionCreds{token: req.SessionToken, jwt: req.SessionJWT}
	ch := change{duration: req.SessionDurationMinutes, claims: req.SessionCustomClaims, factor: &f}
	out, err := e.authenticateFactor(l.userID, c, ch)
	if err != nil {
		e.restoreLink(l) // a refused request does not use the link up
		writeError(w, err)
		return
	}
	resp := magicLinkAuthResponse{ok: success(), UserID: l.userID, MethodID: l.emailID}
	if out == nil {
		e.mu.Lock()
		resp.User = e.userJSONLocked(l.userID)
		e.mu.Unlock()
	} else {
		resp.SessionToken, resp.SessionJWT, resp.Session, resp.User = out.token, out.jwt, &out.session, out.user
	}
	writeJSON(w, http.StatusOK, resp)
}

// readSendRequest decodes and checks the body of the send endpoints: the
// login and sign-up link lifetimes in minutes and the normalized address.
func readSendRequest(r *http.Request) (req magicLinkSendRequest, login, signup int, addr string, err *apiError) {
	if err = decodeBody(r, &req); err != nil {
		return req, 0, 0, "", err
	}
	login, err1 := linkMinutes(req.LoginExpirationMinutes, defaultLoginLinkMinutes)
	signup, err2 := linkMinutes(req.SignupExpirationMinutes, defaultSignupLinkMinutes)
	addr, err3 := checkEmail(req.Email)
	return req, login, signup, addr, firstError(err1, err2, err3)
}

// checkEmail normalizes a required email address.
func checkEmail(s string) (string, *apiError) {
	if s == "" {
		return "", errMissingEmail
	}
	addr, ok := normalizeEmail(s)
	if !ok {
		return "", errInvalidEmail
	}
	return addr, nil
}

// firstError returns the first non-nil error.
func firstError(errs ...*apiError) *apiError {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
