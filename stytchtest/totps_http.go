package stytchtest

import (
	"net/http"

	"github.com/sessiongate/sessiongate"
)

var (
	errMissingUserIDBody = newError(400, "invalid_request_body", "user_id is required.")
	errMissingTOTPCode   = newError(400, "invalid_request_body", "totp_code is required.")
	errBadTOTPCode       = newError(401, "otp_code_not_found", "The TOTP code is incorrect or has expired.")
)

// totpCreateRequest is the body of POST /v1/totps.
type totpCreateRequest struct {
	UserID            string `json:"user_id"`
	ExpirationMinutes *int   `json:"expiration_minutes"`
}

// totpCreateResponse is the answer of POST /v1/totps.
type totpCreateResponse struct {
	ok
	TOTPID        string   `json:"totp_id"`
	Secret        string   `json:"secret"`
	QRCode        string   `json:"qr_code"`
	RecoveryCodes []string `json:"recovery_codes"`
	UserID        string   `json:"user_id"`
	User          userJSON `json:"user"`
}

func (e *Emulator) serveTOTPs(w http.ResponseWriter, r *http.Request) {
	var req totpCreateRequest
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	if req.UserID == "" {
		writeError(w, errMissingUserIDBody)
		return
	}
	e.mu.Lock()
	t, err := e.createTOTPLocked(req.UserID)
	if err == errUserNotFound && req.UserID == SandboxUserID {
		t, err = newTOTP(), nil // the sandbox user's registration is not kept
	}
	var resp totpCreateResponse
	var uri string
	if err == nil {
		resp = totpCreateResponse{
			ok: success(), TOTPID: t.id, Secret: t.secretBase32(),
			RecoveryCodes: append([]string(nil), t.recovery...),
			UserID:        req.UserID, User: e.userJSONLocked(req.UserID),
		}
		uri = e.totpURI(t, e.totpAccountLocked(req.UserID))
	}
	e.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	resp.QRCode = qrCode(uri)
	writeJSON(w, http.StatusOK, resp)
}

// totpAuthenticateRequest is the body of POST /v1/totps/authenticate.
type totpAuthenticateRequest struct {
	UserID                 string         `json:"user_id"`
	TOTPCode               string         `json:"totp_code"`
	SessionToken           string         `json:"session_token"`
	SessionJWT             string         `json:"session_jwt"`
	SessionDurationMinutes *int           `json:"session_duration_minutes"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims"`
}

func (e *Emulator) serveTOTPsAuthenticate(w http.ResponseWriter, r *http.Request) {
	var req totpAuthenticateRequest
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	switch {
	case req.UserID == "":
		writeError(w, errMissingUserIDBody)
		return
	case req.TOTPCode == "":
		writeError(w, errMissingTOTPCode)
		return
	}
	f, err := e.checkTOTP(req.UserID, normalizeCode(req.TOTPCode))
	if err != nil {
		writeError(w, err)
		return
	}
	ch := change{duration: req.SessionDurationMinutes, claims: req.SessionCustomClaims, factor: &f}
	e.answerFactor(w, req.UserID, "", f.AuthenticatorAppFactor.TOTPID,
		sessionCreds{token: req.SessionToken, jwt: req.SessionJWT}, ch)
}

// checkTOTP verifies code for the user and returns the factor it proves.
func (e *Emulator) checkTOTP(userID, code string) (sessiongate.AuthenticationFactor, *apiError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u, ok := e.users[userID]
	now := e.Now()
	if !ok && userID == SandboxUserID {
		return sandboxTOTPFactor(code, now)
	}
	if !ok {
		return sessiongate.AuthenticationFactor{}, errUserNotFound
	}
	if u.totp == nil {
		return sessiongate.AuthenticationFactor{}, errNoTOTP
	}
	if !totpValid(u.totp.secret, code, now) {
		return sessiongate.AuthenticationFactor{}, errBadTOTPCode
	}
	u.totp.verified = true
	return sessiongate.AuthenticationFactor{
		Type: sessiongate.FactorTOTP, DeliveryMethod: sessiongate.DeliveryAuthenticatorApp,
		LastAuthenticatedAt: now, CreatedAt: now, UpdatedAt: now,
		AuthenticatorAppFactor: &sessiongate.AuthenticatorAppFactor{TOTPID: u.totp.id},
	}, nil
}
