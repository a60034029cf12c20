package stytchapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
)

// maxResponseBytes bounds how much of a Stytch response the client reads.
const maxResponseBytes = 1 << 20

// Client calls Stytch's backend API with the project's Basic credentials. It
// is safe for concurrent use.
type Client struct {
	baseURL   string
	projectID string
	secret    string
	hc        *http.Client
}

// New returns a client for the Stytch API at baseURL (no trailing slash, for
// example "https://test.stytch.com" or an emulator's URL). A nil hc means a
// client with a 10-second timeout.
func New(baseURL, projectID, secret string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{
		baseURL:   strings.TrimRight(baseURL, "/"),
		projectID: projectID,
		secret:    secret,
		hc:        hc,
	}
}

// SessionResponse is the part of Stytch's passwords and TOTP authenticate
// answers the demo uses: who signed in and the session's fresh credentials.
type SessionResponse struct {
	UserID       string              `json:"user_id"`
	SessionToken string              `json:"session_token"`
	SessionJWT   string              `json:"session_jwt"`
	Session      sessiongate.Session `json:"session"`
}

// TOTP is a newly created TOTP registration.
type TOTP struct {
	TOTPID        string   `json:"totp_id"`
	Secret        string   `json:"secret"`
	QRCode        string   `json:"qr_code"`
	RecoveryCodes []string `json:"recovery_codes"`
}

// CreatePassword creates a user with email and password and starts a
// session lasting minutes (POST /v1/passwords).
func (c *Client) CreatePassword(ctx context.Context, email, password string, minutes int) (*SessionResponse, error) {
	var out SessionResponse
	err := c.post(ctx, "/v1/passwords", map[string]any{
		"email": email, "password": password, "session_duration_minutes": minutes,
	}, &out)
	return &out, err
}

// AuthenticatePassword checks email and password and starts a session
// lasting minutes (POST /v1/passwords/authenticate).
func (c *Client) AuthenticatePassword(ctx context.Context, email, password string, minutes int) (*SessionResponse, error) {
	var out SessionResponse
	err := c.post(ctx, "/v1/passwords/authenticate", map[string]any{
		"email": email, "password": password, "session_duration_minutes": minutes,
	}, &out)
	return &out, err
}

// CreateTOTP registers a new TOTP for the user (POST /v1/totps).
func (c *Client) CreateTOTP(ctx context.Context, userID string) (*TOTP, error) {
	var out TOTP
	err := c.post(ctx, "/v1/totps", map[string]any{"user_id": userID}, &out)
	return &out, err
}

// AuthenticateTOTP checks a TOTP code and adds the totp factor to the
// session named by sessionToken, which keeps its expiry; the answer carries a
// fresh JWT listing the factor (POST /v1/totps/authenticate).
func (c *Client) AuthenticateTOTP(ctx context.Context, userID, code, sessionToken string) (*SessionResponse, error) {
	var out SessionResponse
	err := c.post(ctx, "/v1/totps/authenticate", map[string]any{
		"user_id": userID, "totp_code": code, "session_token": sessionToken,
	}, &out)
	return &out, err
}

// SetUserRoles replaces the roles assigned to the user (PUT
// /v1/users/{user_id} with roles); every user keeps the implicit role
// stytch_user. The user's sessions carry the new roles in the JWTs Stytch
// mints from now on.
func (c *Client) SetUserRoles(ctx context.Context, userID string, roles []string) error {
	if roles == nil {
		roles = []string{}
	}
	var out struct {
		UserID string `json:"user_id"`
	}
	return c.send(ctx, http.MethodPut, "/v1/users/"+url.PathEscape(userID), map[string]any{"roles": roles}, &out)
}

func (c *Client) post(ctx context.Context, path string, body, out any) error {
	return c.send(ctx, http.MethodPost, path, body, out)
}

func (c *Client) send(ctx context.Context, method, path string, body, out any) error {
	buf, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("stytchapi: encode request: %v", err)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, bytes.NewReader(buf))
	if err != nil {
		return fmt.Errorf("stytchapi: %v", err)
	}
	req.SetBasicAuth(c.projectID, c.secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return &Error{Type: TypeUnreachable, Message: err.Error()}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return &Error{StatusCode: resp.StatusCode, Type: TypeUnreachable, Message: err.Error()}
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		return decodeError(resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &Error{StatusCode: resp.StatusCode, Type: TypeMalformed, Message: err.Error()}
	}
	return nil
}

func decodeError(status int, data []byte) error {
	var env struct {
		ErrorType    string `json:"error_type"`
		ErrorMessage string `json:"error_message"`
	}
	if err := json.Unmarshal(data, &env); err != nil || env.ErrorType == "" {
		return &Error{StatusCode: status, Type: TypeMalformed, Message: http.StatusText(status)}
	}
	return &Error{StatusCode: status, Type: env.ErrorType, Message: env.ErrorMessage}
}

// IsType reports whether err is a Stytch [*Error] of one of the given types.
func IsType(err error, types ...string) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	for _, t := range types {
		if e.Type == t {
			return true
		}
	}
	return false
}
