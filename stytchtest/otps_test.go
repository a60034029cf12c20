package stytchtest_test

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

const (
	smsLoginPath  = "/v1/otps/sms/login_or_create"
	smsSendPath   = "/v1/otps/sms/send"
	emailOTPLogin = "/v1/otps/email/login_or_create"
	emailOTPSend  = "/v1/otps/email/send"
	otpAuthPath   = "/v1/otps/authenticate"
)

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

// newestCode returns the newest passcode sent to to and checks its method id.
func newestCode(t *testing.T, srv *stytchtest.Server, to, methodID string) string {
	t.Helper()
	msgs := srv.Outbox(to)
	if len(msgs) == 0 {
		t.Fatalf("no message to %s", to)
	}
	if !sixDigits.MatchString(msgs[0].Code) || msgs[0].MethodID != methodID || msgs[0].Token != "" {
		t.Fatalf("message %+v, want a 6-digit code for %s", msgs[0], methodID)
	}
	return msgs[0].Code
}

// onlyFactor returns the single factor of r's session.
func onlyFactor(t *testing.T, r reply) map[string]any {
	t.Helper()
	fs, _ := r.obj("session")["authentication_factors"].([]any)
	if len(fs) != 1 {
		t.Fatalf("factors %v, want one", fs)
	}
	f, _ := fs[0].(map[string]any)
	return f
}

func TestOTPSMSLoginOrCreateAndAuthenticate(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	const number = "+15555550123"
	r := post(t, srv, smsLoginPath, map[string]any{"phone_number": number, "locale": "en"})
	wantOK(t, r)
	phoneID := r.str("phone_id")
	if r.body["user_created"] != true || r.str("user_id") == "" || !regexp.MustCompile(`^phone-number-test-`).MatchString(phoneID) || r.body["email_id"] != nil {
		t.Fatalf("answer %v", r)
	}
	// The HTTP outbox lists the same message with code and method_id.
	if msgs := outbox(t, srv, number); len(msgs) != 1 || msgs[0]["method_id"] != phoneID || !sixDigits.MatchString(msgs[0]["code"].(string)) {
		t.Fatalf("outbox %v", msgs)
	}
	code := newestCode(t, srv, number, phoneID)
	auth := post(t, srv, otpAuthPath, map[string]any{"method_id": phoneID, "code": code, "session_duration_minutes": 60})
	wantOK(t, auth)
	if auth.str("user_id") != r.str("user_id") || auth.str("method_id") != phoneID || len(auth.str("session_token")) != 44 || auth.body["reset_sessions"] != false {
		t.Fatalf("authenticate %v", auth)
	}
	f := onlyFactor(t, auth)
	pf, _ := f["phone_number_factor"].(map[string]any)
	if f["type"] != "otp" || f["delivery_method"] != "sms" || pf["phone_id"] != phoneID || pf["phone_number"] != number || f["email_factor"] != nil {
		t.Errorf("factor %v, want otp/sms with the phone", f)
	}
	if emails, _ := auth.obj("user")["emails"].([]any); len(emails) != 0 {
		t.Errorf("a user created by SMS shows emails %v", emails)
	}
	phones, _ := auth.obj("user")["phone_numbers"].([]any)
	if len(phones) != 1 || phones[0].(map[string]any)["phone_id"] != phoneID || phones[0].(map[string]any)["phone_number"] != number {
		t.Errorf("user phone_numbers %v, want the number", phones)
	}
	// A passcode works once.
	wantError(t, post(t, srv, otpAuthPath, map[string]any{"method_id": phoneID, "code": code}), http.StatusUnauthorized, "unable_to_auth_otp_code")
	again := post(t, srv, smsLoginPath, map[string]any{"phone_number": number})
	if again.body["user_created"] != false || again.str("user_id") != r.str("user_id") || again.str("phone_id") != phoneID {
		t.Errorf("second login_or_create %v", again)
	}
}

func TestOTPEmailLoginOrCreateAndSend(t *testing.T) {
	srv := newServer(t)
	r := post(t, srv, emailOTPLogin, map[string]any{"email": "Grace@Example.com"})
	wantOK(t, r)
	emailID := r.str("email_id")
	if r.body["user_created"] != true || emailID == "" || r.body["phone_id"] != nil {
		t.Fatalf("answer %v", r)
	}
	auth := post(t, srv, otpAuthPath, map[string]any{"method_id": emailID, "code": newestCode(t, srv, "grace@example.com", emailID), "session_duration_minutes": 30})
	wantOK(t, auth)
	f := onlyFactor(t, auth)
	ef, _ := f["email_factor"].(map[string]any)
	if f["type"] != "otp" || f["delivery_method"] != "email" || ef["email_id"] != emailID || ef["email_address"] != "grace@example.com" {
		t.Errorf("factor %v, want otp/email with the address", f)
	}
	// send: known users only; with the user's session the factor joins it.
	sent := post(t, srv, emailOTPSend, map[string]any{"email": "grace@example.com", "session_token": auth.str("session_token")})
	wantOK(t, sent)
	if sent.body["user_created"] != nil || sent.str("email_id") != emailID {
		t.Errorf("send answer %v", sent)
	}
	step := post(t, srv, otpAuthPath, map[string]any{"method_id": emailID, "code": newestCode(t, srv, "grace@example.com", emailID), "session_token": auth.str("session_token")})
	wantOK(t, step)
	if step.obj("session")["session_id"] != auth.obj("session")["session_id"] {
		t.Errorf("authenticate with session_token started another session: %v", step)
	}
	wantError(t, post(t, srv, emailOTPSend, map[string]any{"email": "nobody@example.com"}), http.StatusNotFound, "email_not_found")
	other, _ := newUserSession(t, srv, stytchtest.SessionSpec{})
	wantError(t, post(t, srv, emailOTPSend, map[string]any{"email": "grace@example.com", "user_id": other}), http.StatusBadRequest, "session_user_mismatch")
}

func TestOTPAuthenticateWithoutSessionDuration(t *testing.T) {
	srv := newServer(t)
	r := post(t, srv, emailOTPLogin, map[string]any{"email": "a@example.com"})
	auth := post(t, srv, otpAuthPath, map[string]any{"method_id": r.str("email_id"), "code": newestCode(t, srv, "a@example.com", r.str("email_id"))})
	wantOK(t, auth)
	if auth.body["session"] != nil || auth.str("session_token") != "" || auth.str("session_jwt") != "" || auth.obj("user")["user_id"] != r.str("user_id") {
		t.Errorf("answer %v, want no session and the user", auth)
	}
}

func TestOTPExpiry(t *testing.T) {
	srv := newServer(t)
	r := post(t, srv, smsLoginPath, map[string]any{"phone_number": "+4930123456"})
	code := newestCode(t, srv, "+4930123456", r.str("phone_id"))
	srv.Advance(2 * time.Minute) // the default lifetime
	wantError(t, post(t, srv, otpAuthPath, map[string]any{"method_id": r.str("phone_id"), "code": code}), http.StatusUnauthorized, "unable_to_auth_otp_code")

	post(t, srv, smsLoginPath, map[string]any{"phone_number": "+4930123456", "expiration_minutes": 10})
	code = newestCode(t, srv, "+4930123456", r.str("phone_id"))
	srv.Advance(10*time.Minute - time.Second)
	wantOK(t, post(t, srv, otpAuthPath, map[string]any{"method_id": r.str("phone_id"), "code": code}))
	for _, m := range []int{0, 11, -1} {
		wantError(t, post(t, srv, smsLoginPath, map[string]any{"phone_number": "+4930123456", "expiration_minutes": m}), http.StatusBadRequest, "invalid_request_body")
	}
}

func TestOTPAttemptsLimit(t *testing.T) {
	srv := newServer(t)
	r := post(t, srv, emailOTPLogin, map[string]any{"email": "b@example.com"})
	id := r.str("email_id")
	code := newestCode(t, srv, "b@example.com", id)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for range stytchtest.MaxOTPAttempts - 1 {
		wantError(t, post(t, srv, otpAuthPath, map[string]any{"method_id": id, "code": wrong}), http.StatusNotFound, "otp_code_not_found")
	}
	wantOK(t, post(t, srv, otpAuthPath, map[string]any{"method_id": id, "code": code})) // 4 wrong tries leave it usable

	post(t, srv, emailOTPSend, map[string]any{"email": "b@example.com"})
	code = newestCode(t, srv, "b@example.com", id)
	for range stytchtest.MaxOTPAttempts {
		wantError(t, post(t, srv, otpAuthPath, map[string]any{"method_id": id, "code": wrong}), http.StatusNotFound, "otp_code_not_found")
	}
	wantError(t, post(t, srv, otpAuthPath, map[string]any{"method_id": id, "code": code}), http.StatusUnauthorized, "unable_to_auth_otp_code")
}

func TestOTPNewPasscodeReplacesOld(t *testing.T) {
	srv := newServer(t)
	r := post(t, srv, emailOTPLogin, map[string]any{"email": "c@example.com"})
	id := r.str("email_id")
	first := newestCode(t, srv, "c@example.com", id)
	post(t, srv, emailOTPLogin, map[string]any{"email": "c@example.com"})
	second := newestCode(t, srv, "c@example.com", id)
	if first != second {
		wantError(t, post(t, srv, otpAuthPath, map[string]any{"method_id": id, "code": first}), http.StatusNotFound, "otp_code_not_found")
	}
	wantOK(t, post(t, srv, otpAuthPath, map[string]any{"method_id": id, "code": second}))
}

func TestOTPSMSSendAddsPhoneToNamedUser(t *testing.T) {
	srv := newServer(t)
	const number = "+15555550199"
	wantError(t, post(t, srv, smsSendPath, map[string]any{"phone_number": number}), http.StatusNotFound, "phone_number_not_found")
	uid, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	r := post(t, srv, smsSendPath, map[string]any{"phone_number": number, "session_token": tok.SessionToken})
	wantOK(t, r)
	if r.str("user_id") != uid || r.body["user_created"] != nil {
		t.Fatalf("answer %v", r)
	}
	auth := post(t, srv, otpAuthPath, map[string]any{"method_id": r.str("phone_id"), "code": newestCode(t, srv, number, r.str("phone_id")), "session_token": tok.SessionToken})
	wantOK(t, auth)
	if got := factorTypes(auth); len(got) != 2 || got[1] != "otp/sms" {
		t.Errorf("factors %v, want password then otp/sms", got)
	}
	if phones, _ := auth.obj("user")["phone_numbers"].([]any); len(phones) != 1 {
		t.Errorf("user phone_numbers %v, want the new number", phones)
	}
	// The number is now the user's: send finds it without naming the user.
	again := post(t, srv, smsSendPath, map[string]any{"phone_number": number})
	if again.str("user_id") != uid || again.str("phone_id") != r.str("phone_id") {
		t.Errorf("send after authenticate %v", again)
	}
	other, err := srv.CreateUser("other@example.com", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, post(t, srv, smsSendPath, map[string]any{"phone_number": number, "user_id": other}), http.StatusBadRequest, "session_user_mismatch")
	wantError(t, post(t, srv, smsSendPath, map[string]any{"phone_number": "+19999", "user_id": "user-test-nope"}), http.StatusNotFound, "user_not_found")
	wantError(t, post(t, srv, smsSendPath, map[string]any{"phone_number": "+19999", "user_id": other, "session_token": tok.SessionToken}),
		http.StatusBadRequest, "session_user_mismatch")
}

func TestOTPBadRequests(t *testing.T) {
	srv := newServer(t)
	for _, c := range []struct {
		path   string
		body   any
		status int
		typ    string
	}{
		{smsLoginPath, map[string]any{}, 400, "invalid_request_body"},
		{smsLoginPath, map[string]any{"phone_number": "5555550123"}, 400, "invalid_phone_number"},
		{smsLoginPath, map[string]any{"phone_number": "+1555abc"}, 400, "invalid_phone_number"},
		{smsLoginPath, map[string]any{"phone_number": "+0155555501"}, 400, "invalid_phone_number"},
		{smsLoginPath, map[string]any{"phone_number": "+1234567890123456"}, 400, "invalid_phone_number"},
		{smsLoginPath, map[string]any{"phone_number": 15555550123}, 400, "invalid_request_body"},
		{emailOTPLogin, map[string]any{"email": "not an address"}, 400, "invalid_email"},
		{emailOTPSend, map[string]any{}, 400, "invalid_request_body"},
		{otpAuthPath, map[string]any{"code": "123456"}, 400, "invalid_request_body"},
		{otpAuthPath, map[string]any{"method_id": "phone-number-test-x"}, 400, "invalid_request_body"},
		{otpAuthPath, map[string]any{"method_id": "phone-number-test-x", "code": "123456"}, 404, "otp_code_not_found"},
		{otpAuthPath, "[]", 400, "invalid_request_body"},
	} {
		wantError(t, post(t, srv, c.path, c.body), c.status, c.typ)
	}
}

func TestOTPSandboxValues(t *testing.T) {
	srv := newServer(t)
	sms := post(t, srv, smsSendPath, map[string]any{"phone_number": stytchtest.SandboxPhoneNumber})
	wantOK(t, sms)
	if sms.str("phone_id") != stytchtest.SandboxPhoneID || sms.str("user_id") != stytchtest.SandboxUserID {
		t.Fatalf("sandbox sms send %v", sms)
	}
	email := post(t, srv, emailOTPLogin, map[string]any{"email": stytchtest.SandboxEmail})
	if email.str("email_id") != stytchtest.SandboxEmailID || email.body["user_created"] != false {
		t.Fatalf("sandbox email login_or_create %v", email)
	}
	if n := len(srv.Outbox(stytchtest.SandboxPhoneNumber)) + len(srv.Outbox(stytchtest.SandboxEmail)); n != 0 {
		t.Errorf("sandbox sends put %d messages in the outbox", n)
	}
	for _, id := range []string{stytchtest.SandboxPhoneID, stytchtest.SandboxEmailID} {
		auth := post(t, srv, otpAuthPath, map[string]any{"method_id": id, "code": stytchtest.SandboxOTPCode, "session_duration_minutes": 5})
		wantOK(t, auth)
		if auth.str("user_id") != stytchtest.SandboxUserID || onlyFactor(t, auth)["type"] != "otp" {
			t.Errorf("sandbox authenticate %v", auth)
		}
		wantError(t, post(t, srv, otpAuthPath, map[string]any{"method_id": id, "code": "123456"}), http.StatusNotFound, "otp_code_not_found")
	}
}

func TestOTPResetForgetsPasscodesAndPhones(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	r := post(t, srv, smsLoginPath, map[string]any{"phone_number": "+15555550100"})
	code := newestCode(t, srv, "+15555550100", r.str("phone_id"))
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/reset", nil))
	wantError(t, post(t, srv, otpAuthPath, map[string]any{"method_id": r.str("phone_id"), "code": code}), http.StatusNotFound, "otp_code_not_found")
	wantError(t, post(t, srv, smsSendPath, map[string]any{"phone_number": "+15555550100"}), http.StatusNotFound, "phone_number_not_found")
}

func TestOTPRefusedAuthenticateKeepsPasscode(t *testing.T) {
	srv := newServer(t)
	r := post(t, srv, emailOTPLogin, map[string]any{"email": "keep@example.com"})
	code := newestCode(t, srv, "keep@example.com", r.str("email_id"))
	wantError(t, post(t, srv, otpAuthPath, map[string]any{"method_id": r.str("email_id"), "code": code, "session_duration_minutes": 1}),
		http.StatusBadRequest, "invalid_session_duration_minutes")
	wantOK(t, post(t, srv, otpAuthPath, map[string]any{"method_id": r.str("email_id"), "code": code}))
}
