package stytchtest

import (
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"

	"github.com/sessiongate/sessiongate"
)

// The TOTP recovery code endpoints.
const (
	EndpointTOTPsRecover       Endpoint = "totps/recover"        // POST /v1/totps/recover
	EndpointTOTPsRecoveryCodes Endpoint = "totps/recovery_codes" // POST /v1/totps/recovery_codes
)

var errBadRecoveryCode = newError(401, "unable_to_authenticate_recovery_code",
	"The recovery code could not be authenticated: it is incorrect or was already used.")

func (e *Emulator) serveTOTPsRecover(w http.ResponseWriter, r *http.Request) {
	data, err := readBody(r)
	if err != nil {
		writeError(w, err)
		return
	}
	req, err := parseTOTPRecover(data)
	if err != nil {
		writeError(w, err)
		return
	}
	totpID, f, putBack, err := e.useRecoveryCode(req.UserID, strings.TrimSpace(req.RecoveryCode))
	if err != nil {
		writeError(w, err)
		return
	}
	creds := sessionCreds{token: req.SessionToken, jwt: req.SessionJWT}
	ch := change{duration: req.SessionDurationMinutes, claims: req.SessionCustomClaims, factor: &f}
	out, err := e.authenticateFactor(req.UserID, creds, ch)
	if err != nil {
		putBack() // a refused request does not use the code up
		writeError(w, err)
		return
	}
	resp := factorResponse{ok: success(), UserID: req.UserID, TOTPID: totpID}
	if out == nil {
		e.mu.Lock()
		resp.User = e.userJSONLocked(req.UserID)
		e.mu.Unlock()
	} else {
		resp.SessionToken, resp.SessionJWT, resp.Session, resp.User = out.token, out.jwt, &out.session, out.user
	}
	writeJSON(w, http.StatusOK, resp)
}

// useRecoveryCode checks code against the user's unused recovery codes and
// on a match removes it, returning the TOTP id, the recovery_codes factor and
// a function that puts the code back. The sandbox user takes the sandbox code.
func (e *Emulator) useRecoveryCode(userID, code string) (string, sessiongate.AuthenticationFactor, func(), *apiError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.Now()
	f := sessiongate.AuthenticationFactor{
		Type: sessiongate.FactorRecoveryCodes, DeliveryMethod: sessiongate.DeliveryRecoveryCode,
		LastAuthenticatedAt: now, CreatedAt: now, UpdatedAt: now,
		RecoveryCodeFactor: &sessiongate.RecoveryCodeFactor{TOTPRecoveryCodeID: newID("totp-recovery-code")},
	}
	if userID == SandboxUserID && e.users[userID] == nil {
		if code != SandboxRecoveryCode {
			return "", f, nil, errBadRecoveryCode
		}
		return sandboxTOTPID, f, func() {}, nil
	}
	u, ok := e.users[userID]
	switch {
	case !ok:
		return "", f, nil, errUserNotFound
	case u.totp == nil:
		return "", f, nil, errNoTOTP
	}
	t := u.totp
	i := slices.IndexFunc(t.recovery, func(c string) bool { return subtle.ConstantTimeCompare([]byte(c), []byte(code)) == 1 })
	if i < 0 {
		return "", f, nil, errBadRecoveryCode
	}
	t.recovery = slices.Delete(t.recovery, i, i+1)
	putBack := func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		t.recovery = append(t.recovery, code)
	}
	return t.id, f, putBack, nil
}

// totpRecoveryCodes is one TOTP registration with its unused recovery codes.
type totpRecoveryCodes struct {
	TOTPID        string   `json:"totp_id"`
	Verified      bool     `json:"verified"`
	RecoveryCodes []string `json:"recovery_codes"`
}

// recoveryCodesResponse is the answer of POST /v1/totps/recovery_codes.
type recoveryCodesResponse struct {
	ok
	UserID string              `json:"user_id"`
	TOTPs  []totpRecoveryCodes `json:"totps"`
}

func (e *Emulator) serveTOTPsRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	data, err := readBody(r)
	if err != nil {
		writeError(w, err)
		return
	}
	userID, err := parseRecoveryCodes(data)
	if err != nil {
		writeError(w, err)
		return
	}
	resp := recoveryCodesResponse{ok: success(), UserID: userID, TOTPs: []totpRecoveryCodes{}}
	e.mu.Lock()
	u, ok := e.users[userID]
	switch {
	case ok && u.totp != nil:
		resp.TOTPs = append(resp.TOTPs, totpRecoveryCodes{
			TOTPID: u.totp.id, Verified: u.totp.verified, RecoveryCodes: slices.Clone(u.totp.recovery),
		})
	case !ok && userID == SandboxUserID:
		resp.TOTPs = append(resp.TOTPs, totpRecoveryCodes{
			TOTPID: sandboxTOTPID, Verified: true, RecoveryCodes: []string{SandboxRecoveryCode},
		})
	}
	e.mu.Unlock()
	if !ok && userID != SandboxUserID {
		writeError(w, errUserNotFound)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}
