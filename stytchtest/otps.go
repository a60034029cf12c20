package stytchtest

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"math/big"
	"time"

	"github.com/sessiongate/sessiongate"
)

// The one-time passcode endpoints.
const (
	EndpointOTPsSMSSend            Endpoint = "otps/sms/send"              // POST /v1/otps/sms/send
	EndpointOTPsSMSLoginOrCreate   Endpoint = "otps/sms/login_or_create"   // POST /v1/otps/sms/login_or_create
	EndpointOTPsEmailSend          Endpoint = "otps/email/send"            // POST /v1/otps/email/send
	EndpointOTPsEmailLoginOrCreate Endpoint = "otps/email/login_or_create" // POST /v1/otps/email/login_or_create
	EndpointOTPsAuthenticate       Endpoint = "otps/authenticate"          // POST /v1/otps/authenticate
)

// Passcode lifetime bounds, in minutes. Stytch documents expiration_minutes
// of the OTP send endpoints as "minimum 1, maximum 10, default 2" (API
// reference, "Send one-time passcode by SMS"; "OTP codes expire after two
// minutes").
const (
	defaultOTPMinutes = 2
	minOTPMinutes     = 1
	maxOTPMinutes     = 10
)

// MaxOTPAttempts is how many wrong codes one passcode survives: the next
// attempt, right or wrong, fails with unable_to_auth_otp_code and a new
// passcode must be sent. Stytch documents no number; 5 is the emulator's.
const MaxOTPAttempts = 5

// otpDigits is the length of a passcode.
const otpDigits = 6

var (
	errOTPWrongCode = newError(404, "otp_code_not_found", "The passcode provided was incorrect and could not be authenticated.")
	errOTPUsed      = newError(401, "unable_to_auth_otp_code",
		"The passcode could not be authenticated because it was either already used or expired. Send another passcode to this user.")
	errOTPMinutes      = newError(400, "invalid_request_body", "expiration_minutes must be between 1 and 10.")
	errMissingMethodID = newError(400, "invalid_request_body", "method_id is required.")
	errMissingCode     = newError(400, "invalid_request_body", "code is required.")
	errMissingPhone    = newError(400, "invalid_request_body", "phone_number is required.")
	errInvalidPhone    = newError(400, "invalid_phone_number", "Phone number format is invalid.")
	errPhoneNotFound   = newError(404, "phone_number_not_found", "Phone number could not be found.")
	errOTPUserMismatch = newError(400, "session_user_mismatch", "The email or phone number belongs to a different user than the one named.")
)

// otpState is the emulator's passcode state: the phone numbers users have
// proven or been created with, and the live passcode of each method. The
// zero value is empty; the emulator's mu guards it.
type otpState struct {
	phones     map[string]phone    // E.164 number → phone
	userPhones map[string][]phone  // user id → the user's phones, oldest first
	codes      map[string]*otpCode // method id (phone or email id) → newest passcode
}

// phone is a user's phone number.
type phone struct {
	userID string
	id     string
	number string
}

// phoneJSON is an entry of the user object's phone_numbers.
type phoneJSON struct {
	PhoneID     string `json:"phone_id"`
	PhoneNumber string `json:"phone_number"`
	Verified    bool   `json:"verified"`
}

// phonesJSONLocked renders the user's phone numbers, never nil. The caller
// holds e.mu.
func (e *Emulator) phonesJSONLocked(userID string) []phoneJSON {
	out := []phoneJSON{}
	for _, p := range e.otp.userPhones[userID] {
		out = append(out, phoneJSON{PhoneID: p.id, PhoneNumber: p.number, Verified: true})
	}
	return out
}

// otpCode is a passcode the emulator sent.
type otpCode struct {
	userID    string
	methodID  string
	delivery  sessiongate.DeliveryMethod // sms or email
	to        string                     // the phone number or email address
	code      string
	expiresAt time.Time
	attempts  int  // wrong codes tried
	used      bool // authenticated, or attempts exhausted
}

// newOTPCode returns otpDigits random decimal digits.
func newOTPCode() string {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(otpDigits), nil)
	n, err := rand.Int(rand.Reader, limit)
	if err != nil {
		panic("stytchtest: crypto/rand: " + err.Error())
	}
	return fmt.Sprintf("%0*d", otpDigits, n.Int64())
}

// otpMinutes returns *m, or the default when m is nil, checking Stytch's bounds.
func otpMinutes(m *int) (int, *apiError) {
	if m == nil {
		return defaultOTPMinutes, nil
	}
	if *m < minOTPMinutes || *m > maxOTPMinutes {
		return 0, errOTPMinutes
	}
	return *m, nil
}

// sendOTPLocked replaces the passcode of c.methodID with a new one valid for
// minutes and puts it in the outbox. The caller holds e.mu.
func (e *Emulator) sendOTPLocked(c otpCode, minutes int) {
	if e.otp.codes == nil {
		e.otp.codes = map[string]*otpCode{}
	}
	c.code = newOTPCode()
	c.expiresAt = e.Now().Add(time.Duration(minutes) * time.Minute)
	e.otp.codes[c.methodID] = &c
	e.sendLocked(Message{To: c.to, MethodID: c.methodID, Code: c.code})
}

// consumeOTP checks code against the live passcode of methodID, counting a
// wrong attempt, and on a match marks it used and returns it with the factor
// it proves; [Emulator.restoreOTP] undoes that.
func (e *Emulator) consumeOTP(methodID, code string) (*otpCode, sessiongate.AuthenticationFactor, *apiError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.otp.codes[methodID]
	if !ok {
		return nil, sessiongate.AuthenticationFactor{}, errOTPWrongCode
	}
	now := e.Now()
	if c.used || !now.Before(c.expiresAt) {
		return nil, sessiongate.AuthenticationFactor{}, errOTPUsed
	}
	if subtle.ConstantTimeCompare([]byte(c.code), []byte(code)) != 1 {
		c.attempts++
		c.used = c.attempts >= MaxOTPAttempts
		return nil, sessiongate.AuthenticationFactor{}, errOTPWrongCode
	}
	c.used = true
	return c, c.factor(now), nil
}

func (e *Emulator) restoreOTP(c *otpCode) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c.used = false
}

// factor is the otp factor authenticating c at t adds.
func (c *otpCode) factor(t time.Time) sessiongate.AuthenticationFactor {
	f := sessiongate.AuthenticationFactor{
		Type: sessiongate.FactorOTP, DeliveryMethod: c.delivery,
		LastAuthenticatedAt: t, CreatedAt: t, UpdatedAt: t,
	}
	if c.delivery == sessiongate.DeliverySMS {
		f.PhoneNumberFactor = &sessiongate.PhoneNumberFactor{PhoneID: c.methodID, PhoneNumber: c.to}
	} else {
		f.EmailFactor = &sessiongate.EmailFactor{EmailID: c.methodID, EmailAddress: c.to}
	}
	return f
}

// addPhoneLocked records number as the user's phone, after a passcode sent
// to it was authenticated, unless the number already has a user. The caller
// holds e.mu.
func (e *Emulator) addPhoneLocked(number, userID, phoneID string) {
	if e.otp.phones == nil {
		e.otp.phones, e.otp.userPhones = map[string]phone{}, map[string][]phone{}
	}
	if _, ok := e.otp.phones[number]; !ok {
		p := phone{userID: userID, id: phoneID, number: number}
		e.otp.phones[number] = p
		e.otp.userPhones[userID] = append(e.otp.userPhones[userID], p)
	}
}

// validPhone reports whether s is an E.164 number: + then 2 to 15 digits,
// the first not 0.
func validPhone(s string) bool {
	if len(s) < 3 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
