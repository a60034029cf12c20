package stytchtest

import (
	"testing"
)

// FuzzOTPRequest feeds arbitrary bytes to the decoders of the OTP and TOTP
// recovery request bodies: they never panic, and either refuse with a 400
// envelope or accept a request that meets the endpoint's checks. The seed
// corpus is in testdata/fuzz/FuzzOTPRequest.
func FuzzOTPRequest(f *testing.F) {
	for _, seed := range []string{
		`{"phone_number":"+15555550123","expiration_minutes":5,"user_id":"user-test-x","session_token":"t"}`,
		`{"email":"A@Example.com","expiration_minutes":10,"locale":"en"}`, `{"method_id":"phone-number-test-x","code":"123456"}`,
		`{"user_id":"user-test-x","recovery_code":"a1b2-c3d4-e5f6","session_duration_minutes":60}`,
		``, `null`, `[]`, `{"expiration_minutes":1e400}`, `{"phone_number":"+0123"}`, "{\"email\":\"\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, sms := range []bool{true, false} {
			s, err := parseOTPSend(data, sms)
			switch {
			case err != nil:
				checkRefusal(t, err)
			case s.minutes < minOTPMinutes || s.minutes > maxOTPMinutes:
				t.Fatalf("accepted %d minutes", s.minutes)
			case sms && !validPhone(s.to), !sms && s.to != recipient(s.to):
				t.Fatalf("accepted recipient %q (sms %v)", s.to, sms)
			}
		}
		if req, err := parseOTPAuth(data); err != nil {
			checkRefusal(t, err)
		} else if req.MethodID == "" || req.Code == "" {
			t.Fatalf("accepted %+v", req)
		}
		if req, err := parseTOTPRecover(data); err != nil {
			checkRefusal(t, err)
		} else if req.UserID == "" || req.RecoveryCode == "" {
			t.Fatalf("accepted %+v", req)
		}
		if id, err := parseRecoveryCodes(data); err != nil {
			checkRefusal(t, err)
		} else if id == "" {
			t.Fatal("accepted an empty user_id")
		}
	})
}
