package stytchtest

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"net/mail"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
)

// user is a stored user with one email address and a password.
type user struct {
	id         string
	email      string
	emailID    string
	passwordID string
	salt       [16]byte
	hash       [32]byte
	createdAt  time.Time
	totp       *totpReg
	roles      []string // assigned roles, besides DefaultRole
}

var (
	errInvalidEmail   = newError(400, "invalid_email", "Email format is invalid.")
	errDuplicateEmail = newError(400, "duplicate_email", "A user with this email already exists.")
)

// CreateSignedInUser creates a user with email and password, then a
// session for it as spec describes: what most tests need before their
// first request. It fails as [Emulator.CreateUser] and
// [Emulator.CreateSession] do.
func (e *Emulator) CreateSignedInUser(email, password string, spec SessionSpec) (Tokens, error) {
	userID, err := e.CreateUser(email, password)
	if err != nil {
		return Tokens{}, err
	}
	return e.CreateSession(userID, spec)
}

// CreateUser creates a user with the given email address and password and
// returns its user id. It fails on a malformed or already used address.
func (e *Emulator) CreateUser(email, password string) (userID string, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u, apiErr := e.createUserLocked(email, password)
	if apiErr != nil {
		return "", apiErr
	}
	return u.id, nil
}

func (e *Emulator) createUserLocked(email, password string) (*user, *apiError) {
	addr, ok := normalizeEmail(email)
	if !ok {
		return nil, errInvalidEmail
	}
	if _, dup := e.emails[addr]; dup {
		return nil, errDuplicateEmail
	}
	u := &user{
		id: newID("user"), email: addr, emailID: newID("email"),
		passwordID: newID("password"), createdAt: e.Now(),
	}
	rand.Read(u.salt[:])
	u.hash = hashPassword(u.salt, password)
	e.users[u.id] = u
	e.emails[addr] = u.id
	return u, nil
}

// normalizeEmail returns the lower-cased bare address of s.
func normalizeEmail(s string) (string, bool) {
	if len(s) > 254 {
		return "", false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != strings.TrimSpace(s) {
		return "", false
	}
	return strings.ToLower(a.Address), true
}

func hashPassword(salt [16]byte, password string) [32]byte {
	return sha256.Sum256(append(salt[:], password...))
}

// passwordMatches compares in constant time.
func (u *user) passwordMatches(password string) bool {
	h := hashPassword(u.salt, password)
	return subtle.ConstantTimeCompare(h[:], u.hash[:]) == 1
}

// passwordFactor is the factor a password authentication at t adds.
func (u *user) passwordFactor(t time.Time) sessiongate.AuthenticationFactor {
	return sessiongate.AuthenticationFactor{
		Type: sessiongate.FactorPassword, DeliveryMethod: sessiongate.DeliveryKnowledge,
		LastAuthenticatedAt: t, CreatedAt: t, UpdatedAt: t,
		EmailFactor: &sessiongate.EmailFactor{EmailID: u.emailID, EmailAddress: u.email},
	}
}

// userJSON is Stytch's user object (reference §3.3).
type userJSON struct {
	UserID                 string         `json:"user_id"`
	Emails                 []emailJSON    `json:"emails"`
	Status                 string         `json:"status"`
	PhoneNumbers           []phoneJSON    `json:"phone_numbers"`
	WebAuthnRegistrations  []struct{}     `json:"webauthn_registrations"`
	Providers              []struct{}     `json:"providers"`
	TOTPs                  []totpJSON     `json:"totps"`
	CryptoWallets          []struct{}     `json:"crypto_wallets"`
	BiometricRegistrations []struct{}     `json:"biometric_registrations"`
	Roles                  []string       `json:"roles"`
	IsLocked               bool           `json:"is_locked"`
	TrustedMetadata        map[string]any `json:"trusted_metadata"`
	UntrustedMetadata      map[string]any `json:"untrusted_metadata"`
	CreatedAt              time.Time      `json:"created_at"`
	Password               *passwordJSON  `json:"password"`
	Name                   nameJSON       `json:"name"`
}

type emailJSON struct {
	EmailID  string `json:"email_id"`
	Email    string `json:"email"`
	Verified bool   `json:"verified"`
}

type totpJSON struct {
	TOTPID   string `json:"totp_id"`
	Verified bool   `json:"verified"`
}

type passwordJSON struct {
	PasswordID    string `json:"password_id"`
	RequiresReset bool   `json:"requires_reset"`
}

type nameJSON struct {
	FirstName  string `json:"first_name"`
	MiddleName string `json:"middle_name"`
	LastName   string `json:"last_name"`
}

// userJSONLocked renders the user id as Stytch would. The sandbox user is
// not stored and renders with its fixed values. The caller holds e.mu.
func (e *Emulator) userJSONLocked(id string) userJSON {
	out := userJSON{
		UserID: id, Emails: []emailJSON{}, Status: "active",
		PhoneNumbers: e.phonesJSONLocked(id), WebAuthnRegistrations: []struct{}{}, Providers: []struct{}{},
		TOTPs: []totpJSON{}, CryptoWallets: []struct{}{}, BiometricRegistrations: []struct{}{},
		Roles: e.userRolesLocked(id), TrustedMetadata: map[string]any{}, UntrustedMetadata: map[string]any{},
	}
	u, ok := e.users[id]
	if !ok {
		out.Emails = append(out.Emails, emailJSON{EmailID: sandboxEmailID, Email: sandboxEmail, Verified: true})
		out.CreatedAt = sandboxStartedAt
		return out
	}
	if u.email != "" { // users created by an SMS passcode have no email
		out.Emails = append(out.Emails, emailJSON{EmailID: u.emailID, Email: u.email, Verified: true})
	}
	out.CreatedAt = u.createdAt
	if u.passwordID != "" { // users created by a magic link have no password
		out.Password = &passwordJSON{PasswordID: u.passwordID}
	}
	if u.totp != nil {
		out.TOTPs = append(out.TOTPs, totpJSON{TOTPID: u.totp.id, Verified: u.totp.verified})
	}
	return out
}
