package stytchtest_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestPasswordsCreate(t *testing.T) {
	srv := newServer(t)
	t.Run("without session", func(t *testing.T) {
		r := post(t, srv, "/v1/passwords", map[string]any{"email": "new@example.com", "password": "correct horse"})
		wantOK(t, r)
		if r.str("user_id") == "" || r.str("email_id") == "" {
			t.Errorf("missing ids: %v", r)
		}
		if v, ok := r.body["session"]; !ok || v != nil {
			t.Errorf("session = %v (present %v), want null", v, ok)
		}
		if tok, ok := r.body["session_token"]; !ok || tok != "" {
			t.Errorf("session_token = %v, want empty string", tok)
		}
		if jwt, ok := r.body["session_jwt"]; !ok || jwt != "" {
			t.Errorf("session_jwt = %v, want empty string", jwt)
		}
		if emails := r.obj("user")["emails"].([]any); len(emails) != 1 {
			t.Errorf("user.emails = %v", emails)
		}
	})
	t.Run("with session", func(t *testing.T) {
		r := post(t, srv, "/v1/passwords", map[string]any{"email": "new2@example.com", "password": "correct horse", "session_duration_minutes": 30})
		wantOK(t, r)
		s := r.obj("session")
		if s == nil || len(r.str("session_token")) != 44 || r.str("session_jwt") == "" {
			t.Fatalf("no session: %v", r)
		}
		f := s["authentication_factors"].([]any)[0].(map[string]any)
		if f["type"] != "password" || f["delivery_method"] != "knowledge" {
			t.Errorf("factor = %v", f)
		}
		if s["expires_at"] != "2025-03-01T10:30:00Z" {
			t.Errorf("expires_at = %v", s["expires_at"])
		}
	})
	t.Run("duplicate", func(t *testing.T) {
		r := post(t, srv, "/v1/passwords", map[string]any{"email": "NEW@example.com", "password": "correct horse"})
		wantError(t, r, http.StatusBadRequest, "duplicate_email")
	})
}

func TestPasswordsAuthenticate(t *testing.T) {
	srv := newServer(t)
	uid, err := srv.CreateUser("pw@example.com", "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("wrong password", func(t *testing.T) {
		r := post(t, srv, "/v1/passwords/authenticate", map[string]any{"email": "pw@example.com", "password": "wrong horse"})
		wantError(t, r, http.StatusUnauthorized, "unauthorized_credentials")
	})
	t.Run("unknown email", func(t *testing.T) {
		r := post(t, srv, "/v1/passwords/authenticate", map[string]any{"email": "nobody@example.com", "password": "x"})
		wantError(t, r, http.StatusNotFound, "email_not_found")
	})
	t.Run("no session requested", func(t *testing.T) {
		r := post(t, srv, "/v1/passwords/authenticate", map[string]any{"email": "pw@example.com", "password": "correct horse"})
		wantOK(t, r)
		if r.str("user_id") != uid || r.body["session"] != nil {
			t.Errorf("got %v", r)
		}
	})
	r := post(t, srv, "/v1/passwords/authenticate", map[string]any{"email": "pw@example.com", "password": "correct horse", "session_duration_minutes": 60})
	wantOK(t, r)
	token := r.str("session_token")
	t.Run("adds factor to existing session", func(t *testing.T) {
		srv.Advance(time.Minute)
		r2 := post(t, srv, "/v1/passwords/authenticate", map[string]any{"email": "pw@example.com", "password": "correct horse", "session_token": token})
		wantOK(t, r2)
		if r2.str("session_token") != token {
			t.Errorf("a new session was started")
		}
		fs := r2.obj("session")["authentication_factors"].([]any)
		if len(fs) != 1 || fs[0].(map[string]any)["last_authenticated_at"] != "2025-03-01T10:01:00Z" {
			t.Errorf("factors = %v, want the password factor refreshed", fs)
		}
	})
	t.Run("session of another user", func(t *testing.T) {
		_, other := newUserSession(t, srv, stytchtest.SessionSpec{})
		r := post(t, srv, "/v1/passwords/authenticate", map[string]any{"email": "pw@example.com", "password": "correct horse", "session_token": other.SessionToken})
		wantError(t, r, http.StatusBadRequest, "session_user_mismatch")
	})
}

// totpAt computes an RFC 6238 code independently of the emulator.
func totpAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha1.New, key)
	binary.Write(mac, binary.BigEndian, uint64(at.Unix()/30))
	sum := mac.Sum(nil)
	off := sum[19] & 0xf
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:])&0x7fffffff)%1000000)
}

func TestTOTPCreate(t *testing.T) {
	srv := newServer(t)
	uid, _ := srv.CreateUser("totp@example.com", "correct horse")
	r := post(t, srv, "/v1/totps", map[string]any{"user_id": uid})
	wantOK(t, r)
	secret := r.str("secret")
	if len(secret) != 32 || r.str("user_id") != uid {
		t.Errorf("secret %q user %q", secret, r.str("user_id"))
	}
	if codes, _ := r.body["recovery_codes"].([]any); len(codes) != 10 {
		t.Errorf("recovery_codes = %v", r.body["recovery_codes"])
	}
	if id := r.str("totp_id"); len(id) < 10 || id[:10] != "totp-test-" {
		t.Errorf("totp_id = %q", id)
	}
	code, err := srv.TOTPCode(uid)
	if err != nil {
		t.Fatal(err)
	}
	if want := totpAt(t, secret, t0); code != want {
		t.Errorf("TOTPCode = %s, want RFC 6238 value %s", code, want)
	}
	if _, err := srv.TOTPCode("user-test-nobody"); err == nil {
		t.Error("TOTPCode of an unknown user succeeded")
	}
}

// totpFixture is a user with a password session and a TOTP registration.
type totpFixture struct {
	srv            *stytchtest.Server
	uid            string
	tok            stytchtest.Tokens
	secret, totpID string
}

func newTOTPFixture(t *testing.T) totpFixture {
	t.Helper()
	srv := newServer(t)
	uid, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	r := post(t, srv, "/v1/totps", map[string]any{"user_id": uid})
	wantOK(t, r)
	return totpFixture{srv: srv, uid: uid, tok: tok, secret: r.str("secret"), totpID: r.str("totp_id")}
}

// authenticate posts the current code (or code when non-empty) with extra fields.
func (f totpFixture) authenticate(t *testing.T, code string, extra map[string]any) reply {
	t.Helper()
	if code == "" {
		var err error
		if code, err = f.srv.TOTPCode(f.uid); err != nil {
			t.Fatal(err)
		}
	}
	b := map[string]any{"user_id": f.uid, "totp_code": code}
	for k, v := range extra {
		b[k] = v
	}
	return post(t, f.srv, "/v1/totps/authenticate", b)
}

func TestTOTPAuthenticateWindow(t *testing.T) {
	f := newTOTPFixture(t)
	for _, tc := range []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"current step", t0, true},
		{"previous step", t0.Add(-30 * time.Second), true},
		{"next step", t0.Add(30 * time.Second), true},
		{"two steps old", t0.Add(-60 * time.Second), false},
		{"two steps ahead", t0.Add(60 * time.Second), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.authenticate(t, totpAt(t, f.secret, tc.at), nil)
			if tc.ok {
				wantOK(t, r)
			} else {
				wantError(t, r, http.StatusUnauthorized, "otp_code_not_found")
			}
		})
	}
	wantError(t, f.authenticate(t, "12345", nil), http.StatusUnauthorized, "otp_code_not_found")
	r := post(t, f.srv, "/v1/totps/authenticate", map[string]any{"user_id": "user-test-nobody", "totp_code": "123456"})
	wantError(t, r, http.StatusNotFound, "user_not_found")
}

func TestTOTPAuthenticateAddsFactor(t *testing.T) {
	f := newTOTPFixture(t)
	f.srv.Advance(2 * time.Minute)
	r := f.authenticate(t, "", map[string]any{"session_jwt": f.tok.SessionJWT})
	wantOK(t, r)
	if r.str("session_token") != f.tok.SessionToken || r.str("totp_id") != f.totpID {
		t.Fatalf("got %v", r)
	}
	if _, payload := decodeJWT(t, r.str("session_jwt")); payload["iat"] != float64(t0.Add(2*time.Minute).Unix()) {
		t.Errorf("JWT not fresh: iat %v", payload["iat"])
	}
	s, _ := f.srv.Session(f.tok.Session.SessionID)
	got, ok := s.Factor(sessiongate.FactorTOTP)
	if !ok || got.DeliveryMethod != sessiongate.DeliveryAuthenticatorApp || got.AuthenticatorAppFactor == nil ||
		got.AuthenticatorAppFactor.TOTPID != f.totpID || !got.LastAuthenticatedAt.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("totp factor = %+v, %v", got, ok)
	}
	if len(s.AuthenticationFactors) != 2 {
		t.Errorf("factors = %d, want password + totp", len(s.AuthenticationFactors))
	}
	// Again a minute later: the same factor is refreshed, not duplicated.
	f.srv.Advance(time.Minute)
	wantOK(t, f.authenticate(t, "", map[string]any{"session_token": f.tok.SessionToken}))
	s, _ = f.srv.Session(f.tok.Session.SessionID)
	if at, _ := s.LastAuthenticated(sessiongate.FactorTOTP); !at.Equal(t0.Add(3*time.Minute)) || len(s.AuthenticationFactors) != 2 {
		t.Errorf("totp at %v with %d factors", at, len(s.AuthenticationFactors))
	}
}

func TestTOTPAuthenticateSessions(t *testing.T) {
	f := newTOTPFixture(t)
	r := f.authenticate(t, "", map[string]any{"session_duration_minutes": 15})
	wantOK(t, r)
	if r.str("session_token") == f.tok.SessionToken || r.obj("session") == nil {
		t.Errorf("no new session: %v", r)
	}
	r = f.authenticate(t, "", nil)
	wantOK(t, r)
	if r.body["session"] != nil || r.str("session_jwt") != "" {
		t.Errorf("a session without session_duration_minutes: %v", r)
	}
	f.srv.Revoke(f.tok.Session.SessionID)
	r = f.authenticate(t, "", map[string]any{"session_token": f.tok.SessionToken})
	wantError(t, r, http.StatusNotFound, "session_not_found")
	other, _ := f.srv.CreateUser("nototp@example.com", "correct horse")
	r = post(t, f.srv, "/v1/totps/authenticate", map[string]any{"user_id": other, "totp_code": "123456"})
	wantError(t, r, http.StatusNotFound, "totp_not_found")
}

func TestFactorsBounded(t *testing.T) {
	srv := newServer(t)
	uid, _ := srv.CreateUser("many@example.com", "correct horse")
	var fs []sessiongate.AuthenticationFactor
	for i := range stytchtest.MaxFactors + 1 {
		fs = append(fs, sessiongate.AuthenticationFactor{Type: sessiongate.FactorTOTP, DeliveryMethod: sessiongate.DeliveryAuthenticatorApp,
			AuthenticatorAppFactor: &sessiongate.AuthenticatorAppFactor{TOTPID: fmt.Sprint(i)}})
	}
	if _, err := srv.CreateSession(uid, stytchtest.SessionSpec{Factors: fs}); err == nil {
		t.Error("CreateSession accepted more than MaxFactors factors")
	}
	tok, err := srv.CreateSession(uid, stytchtest.SessionSpec{Factors: fs[:stytchtest.MaxFactors]})
	if err != nil {
		t.Fatal(err)
	}
	post(t, srv, "/v1/totps", map[string]any{"user_id": uid})
	code, _ := srv.TOTPCode(uid)
	wantOK(t, post(t, srv, "/v1/totps/authenticate", map[string]any{"user_id": uid, "totp_code": code, "session_token": tok.SessionToken}))
	s, _ := srv.Session(tok.Session.SessionID)
	if len(s.AuthenticationFactors) != stytchtest.MaxFactors {
		t.Errorf("session has %d factors, want %d", len(s.AuthenticationFactors), stytchtest.MaxFactors)
	}
}
