package stytchtest_test

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// newTOTPUser creates a user with a TOTP registration and returns the user
// id and the create answer.
func newTOTPUser(t *testing.T, srv *stytchtest.Server, email string) (string, reply) {
	t.Helper()
	uid, err := srv.CreateUser(email, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	r := post(t, srv, "/v1/totps", map[string]any{"user_id": uid})
	wantOK(t, r)
	return uid, r
}

func recoveryCodes(r reply) []string {
	var codes []string
	list, _ := r.body["recovery_codes"].([]any)
	for _, c := range list {
		codes = append(codes, c.(string))
	}
	return codes
}

func TestTOTPCreateQRCodeIsAPNG(t *testing.T) {
	srv := newServer(t)
	_, r := newTOTPUser(t, srv, "qr@example.com")
	b64, ok := strings.CutPrefix(r.str("qr_code"), "data:image/png;base64, ")
	if !ok {
		t.Fatalf("qr_code %.40q, want a base64 PNG data URL", r.str("qr_code"))
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("qr_code is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 200 || b.Dy() != 200 {
		t.Errorf("QR code is %v, want 200x200", b)
	}
	_, other := newTOTPUser(t, srv, "qr2@example.com")
	if other.str("qr_code") == r.str("qr_code") {
		t.Error("two secrets have the same QR code")
	}
}

func TestTOTPRecoverIsSingleUse(t *testing.T) {
	srv := newServer(t)
	uid, created := newTOTPUser(t, srv, "rec@example.com")
	codes := recoveryCodes(created)
	if len(codes) != 10 {
		t.Fatalf("recovery codes %v", codes)
	}
	list := post(t, srv, "/v1/totps/recovery_codes", map[string]any{"user_id": uid})
	wantOK(t, list)
	totps, _ := list.body["totps"].([]any)
	if len(totps) != 1 || totps[0].(map[string]any)["totp_id"] != created.str("totp_id") {
		t.Fatalf("recovery_codes %v", list)
	}
	r := post(t, srv, "/v1/totps/recover", map[string]any{"user_id": uid, "recovery_code": codes[3], "session_duration_minutes": 60})
	wantOK(t, r)
	f := onlyFactor(t, r)
	rf, _ := f["recovery_code_factor"].(map[string]any)
	if f["type"] != "recovery_codes" || f["delivery_method"] != "recovery_code" || !strings.HasPrefix(rf["totp_recovery_code_id"].(string), "totp-recovery-code-test-") {
		t.Errorf("factor %v, want recovery_codes/recovery_code", f)
	}
	if r.str("totp_id") != created.str("totp_id") || r.str("user_id") != uid || len(r.str("session_token")) != 44 {
		t.Errorf("recover answer %v", r)
	}
	wantError(t, post(t, srv, "/v1/totps/recover", map[string]any{"user_id": uid, "recovery_code": codes[3]}), http.StatusUnauthorized, "unable_to_authenticate_recovery_code")
	list = post(t, srv, "/v1/totps/recovery_codes", map[string]any{"user_id": uid})
	left, _ := list.body["totps"].([]any)[0].(map[string]any)["recovery_codes"].([]any)
	if len(left) != 9 || slices.Contains(left, any(codes[3])) {
		t.Errorf("codes left %v, want 9 without the used one", left)
	}
}

func TestTOTPRecoverErrors(t *testing.T) {
	srv := newServer(t)
	uid, created := newTOTPUser(t, srv, "err@example.com")
	code := recoveryCodes(created)[0]
	wantError(t, post(t, srv, "/v1/totps/recover", map[string]any{"user_id": uid, "recovery_code": "zzzz-zzzz-zzzz"}), http.StatusUnauthorized, "unable_to_authenticate_recovery_code")
	wantError(t, post(t, srv, "/v1/totps/recover", map[string]any{"user_id": uid}), http.StatusBadRequest, "invalid_request_body")
	wantError(t, post(t, srv, "/v1/totps/recover", map[string]any{"recovery_code": code}), http.StatusBadRequest, "invalid_request_body")
	wantError(t, post(t, srv, "/v1/totps/recover", map[string]any{"user_id": "user-test-nope", "recovery_code": code}), http.StatusNotFound, "user_not_found")
	plain, err := srv.CreateUser("plain@example.com", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, post(t, srv, "/v1/totps/recover", map[string]any{"user_id": plain, "recovery_code": code}), http.StatusNotFound, "totp_not_found")
	// A refused request does not use the code up.
	wantError(t, post(t, srv, "/v1/totps/recover", map[string]any{"user_id": uid, "recovery_code": code, "session_duration_minutes": 1}), http.StatusBadRequest, "invalid_session_duration_minutes")
	wantOK(t, post(t, srv, "/v1/totps/recover", map[string]any{"user_id": uid, "recovery_code": code}))
	wantError(t, post(t, srv, "/v1/totps/recovery_codes", map[string]any{"user_id": "user-test-nope"}), http.StatusNotFound, "user_not_found")
	wantError(t, post(t, srv, "/v1/totps/recovery_codes", map[string]any{}), http.StatusBadRequest, "invalid_request_body")
	none := post(t, srv, "/v1/totps/recovery_codes", map[string]any{"user_id": plain})
	if totps, ok := none.body["totps"].([]any); !ok || len(totps) != 0 {
		t.Errorf("recovery_codes of a user without TOTP %v, want an empty list", none)
	}
}

func TestTOTPSandboxValues(t *testing.T) {
	srv := newServer(t)
	sandbox := map[string]any{"user_id": stytchtest.SandboxUserID}
	created := post(t, srv, "/v1/totps", sandbox)
	wantOK(t, created)
	if !strings.HasPrefix(created.str("qr_code"), "data:image/png;base64, ") {
		t.Errorf("sandbox create %v", created)
	}
	auth := post(t, srv, "/v1/totps/authenticate", map[string]any{"user_id": stytchtest.SandboxUserID, "totp_code": stytchtest.SandboxTOTPCode})
	wantOK(t, auth)
	wantError(t, post(t, srv, "/v1/totps/authenticate", map[string]any{"user_id": stytchtest.SandboxUserID, "totp_code": "123456"}), http.StatusUnauthorized, "otp_code_not_found")
	list := post(t, srv, "/v1/totps/recovery_codes", sandbox)
	wantOK(t, list)
	rec := post(t, srv, "/v1/totps/recover", map[string]any{"user_id": stytchtest.SandboxUserID, "recovery_code": stytchtest.SandboxRecoveryCode, "session_duration_minutes": 5})
	wantOK(t, rec)
	if onlyFactor(t, rec)["type"] != "recovery_codes" || rec.str("user_id") != stytchtest.SandboxUserID {
		t.Errorf("sandbox recover %v", rec)
	}
	// The sandbox code is not used up.
	wantOK(t, post(t, srv, "/v1/totps/recover", map[string]any{"user_id": stytchtest.SandboxUserID, "recovery_code": stytchtest.SandboxRecoveryCode}))
	wantError(t, post(t, srv, "/v1/totps/recover", map[string]any{"user_id": stytchtest.SandboxUserID, "recovery_code": "a1b2-c3d4-e5f7"}), http.StatusUnauthorized, "unable_to_authenticate_recovery_code")
}
