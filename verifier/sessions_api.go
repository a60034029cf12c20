package verifier

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/sessionjwt"
)

// maxListedSessions caps the sessions a list answer may hold.
const maxListedSessions = 1000

// Sessions lists the active sessions of userID (GET /v1/sessions?user_id=).
// The sessions carry no credential. It wraps [sessiongate.ErrMalformedRequest]
// for a user id that is not one (before any call), and fails like
// [Remote.Verify] otherwise; an answer listing another user's session is
// unavailable (Stytch misbehaved).
func (r *Remote) Sessions(ctx context.Context, userID string) ([]sessiongate.Session, error) {
	if !sessionjwt.IsUserID(userID) {
		return nil, malformed("user id")
	}
	raw, err := r.getAPI(ctx, r.baseURL+"/v1/sessions?user_id="+url.QueryEscape(userID))
	if err != nil {
		return nil, err
	}
	var resp struct {
		StatusCode int                   `json:"status_code"`
		Sessions   []sessiongate.Session `json:"sessions"`
	}
	if err := json.Unmarshal(raw, &resp); err != nil || resp.StatusCode != http.StatusOK {
		return nil, unavailable(0, "verifier: malformed Stytch session list")
	}
	if len(resp.Sessions) > maxListedSessions {
		return nil, unavailable(0, "verifier: Stytch session list too large")
	}
	for _, s := range resp.Sessions {
		if !sessionjwt.IsSessionID(s.SessionID) || s.UserID != userID {
			return nil, unavailable(0, "verifier: Stytch listed a session of another user")
		}
	}
	return resp.Sessions, nil
}

// RevokeSession revokes the session sessionID at Stytch (POST
// /v1/sessions/revoke with session_id). It does not check whose session it
// is: callers acting for a user list the user's sessions first (the
// middleware's Lifecycle does). It returns ErrSessionNotFound when the
// session is already gone.
func (r *Remote) RevokeSession(ctx context.Context, sessionID string) error {
	if !sessionjwt.IsSessionID(sessionID) {
		return malformed("session id")
	}
	if !r.acquire() {
		return unavailable(1, "verifier: too many calls to Stytch in flight")
	}
	defer r.release()
	_, err := r.post(ctx, r.revokeURL, map[string]string{"session_id": sessionID})
	return err
}

// User fetches the user userID (GET /v1/users/{user_id}). Nothing is
// cached. It fails like [Remote.Sessions] (Stytch's 404 user_not_found
// wraps ErrMisconfigured: the session named a user Stytch does not know).
func (r *Remote) User(ctx context.Context, userID string) (*sessiongate.User, error) {
	if !sessionjwt.IsUserID(userID) {
		return nil, malformed("user id")
	}
	raw, err := r.getAPI(ctx, r.baseURL+"/v1/users/"+userID)
	if err != nil {
		return nil, err
	}
	var resp struct {
		StatusCode int `json:"status_code"`
		sessiongate.User
	}
	if err := json.Unmarshal(raw, &resp); err != nil || resp.StatusCode != http.StatusOK || resp.UserID != userID {
		return nil, unavailable(0, "verifier: malformed Stytch user answer")
	}
	return &resp.User, nil
}

func malformed(what string) error {
	return &malformedError{what: what}
}

// malformedError refuses an argument that cannot name a Stytch object.
type malformedError struct{ what string }

func (e *malformedError) Error() string { return "verifier: malformed " + e.what }

func (e *malformedError) Unwrap() error { return sessiongate.ErrMalformedRequest }

// getAPI is get within the cap on calls in flight.
func (r *Remote) getAPI(ctx context.Context, u string) ([]byte, error) {
	if !r.acquire() {
		return nil, unavailable(1, "verifier: too many calls to Stytch in flight")
	}
	defer r.release()
	return r.get(ctx, u)
}
