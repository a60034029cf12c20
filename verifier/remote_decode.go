package verifier

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/sessionjwt"
	"github.com/sessiongate/sessiongate/internal/shape"
)

// apiError is Stytch's error envelope.
type apiError struct {
	StatusCode int    `json:"status_code"`
	ErrorType  string `json:"error_type"`
}

// requestShapeErrors are 400s that mean our request was wrong, not the
// credential.
var requestShapeErrors = map[string]bool{
	"invalid_request_body": true, "too_many_session_arguments": true, "no_session_arguments": true,
	"no_session_revoke_arguments": true, "too_many_session_revoke_arguments": true,
}

// credentialErrors are 401s about our project credentials.
var credentialErrors = map[string]bool{
	"unauthorized_credentials": true, "invalid_secret_authentication": true,
	"unauthorized_project_id_test": true, "unauthorized_project_id_live": true,
	"test_id_used_in_live_environment": true, "live_id_used_in_test_environment": true,
}

// classifyStatus maps a non-200 answer to an error wrapping one sentinel:
// 429 and 5xx → unavailable (with Retry-After); 404 session_not_found and
// 401 about the session → ErrSessionNotFound; 403 → ErrPermissionDenied; 401
// about our credentials, other 404s and request-shape 400s → ErrMisconfigured; other 400s →
// ErrInvalidToken. Stytch's error_message is never copied.
func classifyStatus(resp *http.Response, raw []byte, now time.Time) error {
	var e apiError
	_ = json.Unmarshal(raw, &e)
	code := resp.StatusCode
	typ := sanitizeType(e.ErrorType)
	switch {
	case code == http.StatusTooManyRequests || code >= 500:
		return unavailable(retryAfter(resp.Header, now), "verifier: Stytch answered %d %s", code, typ)
	case code == http.StatusForbidden:
		return fmt.Errorf("%w: Stytch answered 403 %s", sessiongate.ErrPermissionDenied, typ)
	case code == http.StatusNotFound && typ == "session_not_found":
		return notFound("Stytch: session_not_found")
	case code == http.StatusUnauthorized && credentialErrors[typ]:
		return misconfigured("Stytch rejected the project credentials (%s)", typ)
	case code == http.StatusUnauthorized:
		return notFound("Stytch answered 401 " + typ)
	case code == http.StatusBadRequest && !requestShapeErrors[typ]:
		return invalid("Stytch rejected the credential (" + typ + ")")
	}
	return misconfigured("Stytch answered %d %s", code, typ)
}

// sanitizeType keeps an error_type only when it is a plain identifier.
func sanitizeType(t string) string {
	if !shape.Token(t, 64) {
		return "?"
	}
	return t
}

// authenticateResponse is the part of a sessions/authenticate answer we
// use. The session object is decoded by sessionjwt.DecodeSession, as
// strictly as a session claim.
type authenticateResponse struct {
	StatusCode   int               `json:"status_code"`
	Session      json.RawMessage   `json:"session"`
	SessionToken string            `json:"session_token"`
	SessionJWT   string            `json:"session_jwt"`
	User         *sessiongate.User `json:"user"`
}

// decodeAuthenticate validates a 200 answer strictly and checks that it is
// about the credential we sent and consistent with itself, by the rules a
// session JWT meets (sessionjwt.CheckSession). A session the answer itself
// shows as expired is gone: ErrSessionNotFound. Any other malformed or
// inconsistent answer cannot be trusted either way: unavailable (Stytch
// misbehaved), never a verdict about the session.
func (r *Remote) decodeAuthenticate(raw []byte, sent sessiongate.Credentials) (*remoteResult, error) {
	var resp authenticateResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		return nil, unavailable(0, "verifier: malformed Stytch answer: %v", err)
	}
	if resp.StatusCode != http.StatusOK || len(resp.Session) == 0 || string(resp.Session) == "null" {
		return nil, unavailable(0, "verifier: Stytch answer has no session")
	}
	s, err := sessionjwt.DecodeSession(string(resp.Session))
	if err != nil {
		return nil, unavailable(0, "verifier: malformed session in Stytch answer: %v", err)
	}
	now := r.now()
	if err := sessionjwt.CheckSession(s, now, r.leeway); errors.Is(err, sessiongate.ErrExpired) {
		return nil, notFound("Stytch answered with an expired session")
	} else if err != nil {
		return nil, unavailable(0, "verifier: inconsistent Stytch answer: %v", err)
	}
	if err := r.consistent(&resp, s, sent); err != nil {
		return nil, err
	}
	return &remoteResult{session: s, user: resp.User, jwt: resp.SessionJWT, token: resp.SessionToken, confirmedAt: now.UTC()}, nil
}

// consistent checks that the answer belongs to what we sent: the same
// session token, or the session named by the JWT we sent; and that the fresh
// JWT names the returned session and user.
func (r *Remote) consistent(resp *authenticateResponse, s *sessiongate.Session, sent sessiongate.Credentials) error {
	if sent.Token != "" && subtle.ConstantTimeCompare([]byte(resp.SessionToken), []byte(sent.Token)) != 1 {
		return unavailable(0, "verifier: Stytch answered for another session token")
	}
	if sent.Token == "" {
		sid, sub, err := sessionjwt.Peek(sent.JWT)
		if err != nil || sid != s.SessionID || sub != s.UserID {
			return unavailable(0, "verifier: Stytch answered for another session")
		}
	}
	if resp.SessionJWT == "" {
		return unavailable(0, "verifier: Stytch answer has no session JWT")
	}
	sid, sub, err := sessionjwt.Peek(resp.SessionJWT)
	if err != nil || sid != s.SessionID || sub != s.UserID {
		return unavailable(0, "verifier: fresh JWT names another session")
	}
	return nil
}
