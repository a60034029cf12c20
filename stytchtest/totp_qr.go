package stytchtest

import (
	"encoding/base64"
	"net/url"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/skip2/go-qrcode"
)

// qrSize is the side, in pixels, of the QR code PNG of POST /v1/totps.
const qrSize = 200

// sandboxTOTPID is the TOTP id of the sandbox user's registration.
const sandboxTOTPID = "totp-test-41920359-8bbb-4fe8-8fa3-aaa83f35f02c"

// totpURI is the otpauth URI authenticator apps scan for t, labelled with
// the emulator's issuer and the account (the user's email, or id).
func (e *Emulator) totpURI(t *totpReg, account string) string {
	q := url.Values{
		"secret": {t.secretBase32()}, "issuer": {e.issuer},
		"algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"},
	}
	return "otpauth://totp/" + url.PathEscape(e.issuer+":"+account) + "?" + q.Encode()
}

// qrCode returns the QR code of uri as Stytch's qr_code: a data URL of a
// base64 PNG. It returns "" if uri does not fit a QR code.
func qrCode(uri string) string {
	png, err := qrcode.Encode(uri, qrcode.Medium, qrSize)
	if err != nil {
		return ""
	}
	return "data:image/png;base64, " + base64.StdEncoding.EncodeToString(png)
}

// totpAccountLocked names the user in the otpauth URI: the email address,
// else the user id. The caller holds e.mu.
func (e *Emulator) totpAccountLocked(userID string) string {
	if u, ok := e.users[userID]; ok && u.email != "" {
		return u.email
	}
	if userID == SandboxUserID {
		return sandboxEmail
	}
	return userID
}

// sandboxTOTPFactor checks the sandbox user's TOTP code.
func sandboxTOTPFactor(code string, now time.Time) (sessiongate.AuthenticationFactor, *apiError) {
	if code != SandboxTOTPCode {
		return sessiongate.AuthenticationFactor{}, errBadTOTPCode
	}
	return sessiongate.AuthenticationFactor{
		Type: sessiongate.FactorTOTP, DeliveryMethod: sessiongate.DeliveryAuthenticatorApp,
		LastAuthenticatedAt: now, CreatedAt: now, UpdatedAt: now,
		AuthenticatorAppFactor: &sessiongate.AuthenticatorAppFactor{TOTPID: sandboxTOTPID},
	}, nil
}
