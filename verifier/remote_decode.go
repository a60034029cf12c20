package verifier

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/sessiongate/sessiongate"
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
	if len(t) > 64 || !isIDChars(t) {
		return "?"
	}
	return t
}

// authenticateResponse is the part of a sessions/authenticate answer we use.
type authenticateResponse struct {
	StatusCode   int                  `json:"status_code"`
	Session      *sessiongate.Session `json:"session"`
	SessionToken string               `json:"session_token"`
	SessionJWT   string               `json:"session_jwt"`
}

// decodeAuthenticate validates a 200 answer strictly and checks that it is
// about the credential we sent. A malformed or inconsistent answer is
// unavailable (Stytch misbehaved), never a verdict about the session.
func (r *Remote) decodeAuthenticate(raw []byte, sent sessiongate.Credentials) (*remoteResult, error) {
	var resp authenticateResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		return nil, unavailable(0, "verifier: malformed Stytch answer: %v", err)
	}
	s := resp.Session
	switch {
	case resp.StatusCode != http.StatusOK || s == nil:
		return nil, unavailable(0, "verifier: Stytch answer has no session")
	case !hasPrefixID(s.SessionID, "session-") || !hasPrefixID(s.UserID, "user-"):
		return nil, unavailable(0, "verifier: Stytch answer has malformed ids")
	case len(s.AuthenticationFactors) > maxFactors || len(s.Roles) > maxRoles:
		return nil, unavailable(0, "verifier: Stytch answer too large")
	}
	if err := r.consistent(&resp, sent); err != nil {
		return nil, err
	}
	return &remoteResult{session: s, jwt: resp.SessionJWT, token: resp.SessionToken, confirmedAt: r.now().UTC()}, nil
}

// consistent checks that the answer belongs to what we sent: the same
// session token, or the session named by the JWT we sent; and that the fresh
// JWT names the returned session and user.
func (r *Remote) consistent(resp *authenticateResponse, sent sessiongate.Credentials) error {
	s := resp.Session
	if sent.Token != "" && subtle.ConstantTimeCompare([]byte(resp.SessionToken), []byte(sent.Token)) != 1 {
		return unavailable(0, "verifier: Stytch answered for another session token")
	}
	if sent.Token == "" {
		sid, sub, err := peekSession(sent.JWT)
		if err != nil || sid != s.SessionID || sub != s.UserID {
			return unavailable(0, "verifier: Stytch answered for another session")
		}
	}
	if resp.SessionJWT == "" {
		return unavailable(0, "verifier: Stytch answer has no session JWT")
	}
	sid, sub, err := peekSession(resp.SessionJWT)
	if err != nil || sid != s.SessionID || sub != s.UserID {
		return unavailable(0, "verifier: fresh JWT names another session")
	}
	return nil
}

// peekSession reads, without verifying the signature, the session id and
// sub of a compact JWT. It is used only to match an API answer to a request.
func peekSession(tok string) (sessionID, sub string, err error) {
	c, err := splitCompact(tok)
	if err != nil {
		return "", "", err
	}
	rc, err := decodeClaims(c.payload)
	if err != nil {
		return "", "", err
	}
	sub, _ = jsonString(rc.sub)
	if rc.session == nil {
		return "", "", fmt.Errorf("%w: no session claim", sessiongate.ErrInvalidToken)
	}
	return rc.session.SessionID, sub, nil
}
