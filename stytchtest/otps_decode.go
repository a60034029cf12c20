package stytchtest

import (
	"io"
	"net/http"
	"strings"
)

// otpSendRequest is the body of the OTP send and login_or_create endpoints;
// attributes, locale, templates and create_user_as_pending are accepted and
// ignored.
type otpSendRequest struct {
	PhoneNumber       string `json:"phone_number"`
	Email             string `json:"email"`
	ExpirationMinutes *int   `json:"expiration_minutes"`
	UserID            string `json:"user_id"`
	SessionToken      string `json:"session_token"`
	SessionJWT        string `json:"session_jwt"`
}

// otpSend is a checked send request: the recipient (an E.164 number, or a
// lower-case email address) and the passcode lifetime in minutes.
type otpSend struct {
	req     otpSendRequest
	to      string
	minutes int
}

// parseOTPSend decodes and checks a send request body; sms says whether it
// is for an SMS endpoint (phone_number) or an email one (email).
func parseOTPSend(data []byte, sms bool) (otpSend, *apiError) {
	var s otpSend
	if err := decodeJSON(data, &s.req, false); err != nil {
		return s, err
	}
	minutes, err := otpMinutes(s.req.ExpirationMinutes)
	if err != nil {
		return s, err
	}
	s.minutes = minutes
	if !sms {
		s.to, err = checkEmail(s.req.Email)
		return s, err
	}
	s.to = strings.TrimSpace(s.req.PhoneNumber)
	switch {
	case s.to == "":
		return s, errMissingPhone
	case !validPhone(s.to):
		return s, errInvalidPhone
	}
	return s, nil
}

// otpAuthRequest is the body of POST /v1/otps/authenticate; attributes,
// options and telemetry_id are accepted and ignored.
type otpAuthRequest struct {
	MethodID               string         `json:"method_id"`
	Code                   string         `json:"code"`
	SessionToken           string         `json:"session_token"`
	SessionJWT             string         `json:"session_jwt"`
	SessionDurationMinutes *int           `json:"session_duration_minutes"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims"`
}

// parseOTPAuth decodes and checks a POST /v1/otps/authenticate body.
func parseOTPAuth(data []byte) (otpAuthRequest, *apiError) {
	var req otpAuthRequest
	if err := decodeJSON(data, &req, false); err != nil {
		return req, err
	}
	switch {
	case req.MethodID == "":
		return req, errMissingMethodID
	case req.Code == "":
		return req, errMissingCode
	}
	return req, nil
}

// totpRecoverRequest is the body of POST /v1/totps/recover.
type totpRecoverRequest struct {
	UserID                 string         `json:"user_id"`
	RecoveryCode           string         `json:"recovery_code"`
	SessionToken           string         `json:"session_token"`
	SessionJWT             string         `json:"session_jwt"`
	SessionDurationMinutes *int           `json:"session_duration_minutes"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims"`
}

var errMissingRecoveryCode = newError(400, "invalid_request_body", "recovery_code is required.")

// parseTOTPRecover decodes and checks a POST /v1/totps/recover body.
func parseTOTPRecover(data []byte) (totpRecoverRequest, *apiError) {
	var req totpRecoverRequest
	if err := decodeJSON(data, &req, false); err != nil {
		return req, err
	}
	switch {
	case req.UserID == "":
		return req, errMissingUserIDBody
	case req.RecoveryCode == "":
		return req, errMissingRecoveryCode
	}
	return req, nil
}

// parseRecoveryCodes decodes a POST /v1/totps/recovery_codes body and
// returns its user_id.
func parseRecoveryCodes(data []byte) (string, *apiError) {
	var req struct {
		UserID string `json:"user_id"`
	}
	if err := decodeJSON(data, &req, false); err != nil {
		return "", err
	}
	if req.UserID == "" {
		return "", errMissingUserIDBody
	}
	return req.UserID, nil
}

// readBody returns r's buffered body.
func readBody(r *http.Request) ([]byte, *apiError) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, newError(400, "invalid_request_body", "The request body could not be read.")
	}
	return data, nil
}
