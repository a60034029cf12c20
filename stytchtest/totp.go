package stytchtest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// TOTP parameters: RFC 6238 with SHA-1, 6 digits, 30-second steps, and one
// step of tolerance either way, as authenticator apps expect.
const (
	totpPeriod = 30
	totpDigits = 6
	totpSkew   = 1
)

// totpReg is a user's TOTP registration.
type totpReg struct {
	id       string
	secret   []byte
	recovery []string
	verified bool
}

var errNoTOTP = newError(404, "totp_not_found", "TOTP registration could not be found.")

// newTOTP returns a registration with a 20-byte secret and ten recovery codes.
func newTOTP() *totpReg {
	t := &totpReg{id: newID("totp"), secret: make([]byte, 20)}
	rand.Read(t.secret)
	for range 10 {
		var b [6]byte
		rand.Read(b[:])
		h := fmt.Sprintf("%x", b)
		t.recovery = append(t.recovery, h[0:4]+"-"+h[4:8]+"-"+h[8:12])
	}
	return t
}

// secretBase32 is the secret as authenticator apps take it: base32, no padding.
func (t *totpReg) secretBase32() string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(t.secret)
}

// hotp is RFC 4226's HOTP value for counter.
func hotp(secret []byte, counter uint64) string {
	mac := hmac.New(sha1.New, secret)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", v%1_000_000)
}

func totpStep(t time.Time) uint64 { return uint64(t.Unix()) / totpPeriod }

// totpValid reports whether code is the TOTP at now or one step around it.
func totpValid(secret []byte, code string, now time.Time) bool {
	if len(code) != totpDigits {
		return false
	}
	step := totpStep(now)
	ok := 0
	for d := -totpSkew; d <= totpSkew; d++ {
		want := hotp(secret, uint64(int64(step)+int64(d)))
		ok |= subtle.ConstantTimeCompare([]byte(want), []byte(code))
	}
	return ok == 1
}

// TOTPCode returns the current RFC 6238 code (at [Emulator.Now]) of the
// user's TOTP registration, as an authenticator app would show it.
func (e *Emulator) TOTPCode(userID string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u, ok := e.users[userID]
	if !ok {
		return "", errUserNotFound
	}
	if u.totp == nil {
		return "", errNoTOTP
	}
	return hotp(u.totp.secret, totpStep(e.Now())), nil
}

// CreateTOTP registers a TOTP for the user and returns its id and base32
// secret, as POST /v1/totps does. A new registration replaces the old one.
func (e *Emulator) CreateTOTP(userID string) (totpID, secret string, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, apiErr := e.createTOTPLocked(userID)
	if apiErr != nil {
		return "", "", apiErr
	}
	return t.id, t.secretBase32(), nil
}

func (e *Emulator) createTOTPLocked(userID string) (*totpReg, *apiError) {
	u, ok := e.users[userID]
	if !ok {
		return nil, errUserNotFound
	}
	u.totp = newTOTP()
	return u.totp, nil
}

// normalizeCode strips the spaces apps put in codes.
func normalizeCode(code string) string { return strings.ReplaceAll(code, " ", "") }
