package stytchtest

import (
	"net/http"
	"slices"
	"strings"

	"github.com/sessiongate/sessiongate"
)

// authenticateRequest is the body of POST /v1/sessions/authenticate.
type authenticateRequest struct {
	SessionToken           string              `json:"session_token"`
	SessionJWT             string              `json:"session_jwt"`
	SessionDurationMinutes *int                `json:"session_duration_minutes"`
	SessionCustomClaims    map[string]any      `json:"session_custom_claims"`
	AuthorizationCheck     *authorizationCheck `json:"authorization_check"`
}

// sessionResponse is the answer of sessions/authenticate.
type sessionResponse struct {
	ok
	Session      sessiongate.Session `json:"session"`
	SessionToken string              `json:"session_token"`
	SessionJWT   string              `json:"session_jwt"`
	User         userJSON            `json:"user"`
	Verdict      *verdict            `json:"verdict,omitempty"`
}

func (e *Emulator) serveAuthenticate(w http.ResponseWriter, r *http.Request) {
	var req authenticateRequest
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	if err := req.AuthorizationCheck.validate(); err != nil {
		writeError(w, err)
		return
	}
	out, err := e.authenticate(sessionCreds{token: req.SessionToken, jwt: req.SessionJWT},
		change{duration: req.SessionDurationMinutes, claims: req.SessionCustomClaims, authz: req.AuthorizationCheck})
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, sessionResponse{
		ok: success(), Session: out.session, SessionToken: out.token, SessionJWT: out.jwt, User: out.user,
		Verdict: e.verdictFor(out.session.Roles, req.AuthorizationCheck),
	})
}

// revokeRequest is the body of POST /v1/sessions/revoke.
type revokeRequest struct {
	SessionID    string `json:"session_id"`
	SessionToken string `json:"session_token"`
	SessionJWT   string `json:"session_jwt"`
}

var (
	errNoRevokeArgs = newError(400, "no_session_revoke_arguments",
		"One of session_id, session_token or session_jwt must be provided.")
	errTooManyRevokeArgs = newError(400, "too_many_session_revoke_arguments",
		"Only one of session_id, session_token or session_jwt may be provided.")
	errInvalidSessionID = newError(400, "invalid_session_id", "Session ID format is invalid.")
)

func (e *Emulator) serveRevoke(w http.ResponseWriter, r *http.Request) {
	var req revokeRequest
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	if err := e.revoke(req); err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, success())
}

func (e *Emulator) revoke(req revokeRequest) *apiError {
	n := 0
	for _, v := range []string{req.SessionID, req.SessionToken, req.SessionJWT} {
		if v != "" {
			n++
		}
	}
	switch {
	case n == 0:
		return errNoRevokeArgs
	case n > 1:
		return errTooManyRevokeArgs
	case req.SessionID != "" && !strings.HasPrefix(req.SessionID, "session-"):
		return errInvalidSessionID
	}
	t := target{sessionID: req.SessionID}
	if req.SessionID == "" {
		var err *apiError
		if t, err = e.target(sessionCreds{token: req.SessionToken, jwt: req.SessionJWT}); err != nil {
			return err
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s, err := e.findLocked(t)
	if err != nil {
		return err
	}
	if !s.sandbox {
		e.forgetLocked(s)
	}
	return nil
}

// sessionsResponse is the answer of GET /v1/sessions.
type sessionsResponse struct {
	ok
	Sessions []sessiongate.Session `json:"sessions"`
}

var errMissingUserID = newError(400, "invalid_user_id", "user_id is required.")

func (e *Emulator) serveSessions(w http.ResponseWriter, r *http.Request) {
	userID := r.URL.Query().Get("user_id")
	if userID == "" {
		writeError(w, errMissingUserID)
		return
	}
	list, err := e.activeSessions(userID)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, sessionsResponse{ok: success(), Sessions: list})
}

// activeSessions lists the user's live sessions, oldest first.
func (e *Emulator) activeSessions(userID string) ([]sessiongate.Session, *apiError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.users[userID]; !ok {
		return nil, errUserNotFound
	}
	list := []sessiongate.Session{}
	for id, s := range e.sessions {
		if s.s.UserID != userID {
			continue
		}
		if live, err := e.liveLocked(id); err == nil {
			list = append(list, copySession(&live.s))
		}
	}
	sortSessions(list)
	return list, nil
}

// jwksResponse is the answer of GET /v1/sessions/jwks/{project_id}.
type jwksResponse struct {
	Keys []any `json:"keys"`
	ok
}

var errProjectNotFound = newError(404, "project_not_found", "Project could not be found.")

func (e *Emulator) serveJWKS(w http.ResponseWriter, r *http.Request) {
	if strings.TrimPrefix(r.URL.Path, jwksPrefix) != e.projectID {
		writeError(w, errProjectNotFound)
		return
	}
	e.mu.Lock()
	keys := make([]any, 0, len(e.listed)+len(e.ctl.extra))
	for _, k := range e.listed {
		keys = append(keys, k.jwk)
	}
	for _, k := range e.ctl.extra {
		keys = append(keys, k.jwk)
	}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, jwksResponse{Keys: keys, ok: success()})
}

func sortSessions(list []sessiongate.Session) {
	slices.SortFunc(list, func(a, b sessiongate.Session) int {
		if c := a.StartedAt.Compare(b.StartedAt); c != 0 {
			return c
		}
		return strings.Compare(a.SessionID, b.SessionID)
	})
}
