package stytchtest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// FuzzServeHTTP sends arbitrary bodies to every endpoint: the emulator never
// panics and always answers JSON, an error envelope when not 200.
func FuzzServeHTTP(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `null`, `[]`, `{"session_token":1}`, `{"session_jwt":"a.b.c"}`,
		`{"session_token":"WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY","session_custom_claims":{"a":{"b":null}}}`,
		`{"session_token":"WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY","session_duration_minutes":1e400}`,
		`{"email":"a@example.com","password":"correct horse","session_duration_minutes":5}`,
		`{"user_id":"user-test-x","totp_code":"000000"}`, `{"token":"rM_kw42CWBhsHLF62V75jELMbvJ87njMe3tFVj7Qupu7"}`, `{"session_id":"session-test-x"}`, "{\"a\":\"\xff\"}",
		`{"phone_number":"+10000000000"}`, `{"method_id":"phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0","code":"000000","session_duration_minutes":5}`,
		`{"user_id":"user-test-e3795c81-f849-4167-bfda-e4a6e9c280fd","recovery_code":"a1b2-c3d4-e5f6"}`,
	} {
		for _, path := range []string{"/v1/sessions/authenticate", "/v1/sessions/revoke", "/v1/passwords",
			"/v1/passwords/authenticate", "/v1/totps", "/v1/totps/authenticate",
			"/v1/magic_links/email/login_or_create", "/v1/magic_links/email/send", "/v1/magic_links/authenticate",
			"/v1/otps/sms/send", "/v1/otps/sms/login_or_create", "/v1/otps/email/send", "/v1/otps/email/login_or_create",
			"/v1/otps/authenticate", "/v1/totps/recover", "/v1/totps/recovery_codes"} {
			f.Add(path, []byte(seed))
		}
	}
	e, err := stytchtest.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path string, body []byte) {
		req, err := http.NewRequest(http.MethodPost, "http://emulator.test/", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Path = path
		req.SetBasicAuth(e.ProjectID(), e.Secret())
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s %q: body %q is not a JSON object", path, body, rec.Body)
		}
		if rec.Code != http.StatusOK {
			if _, ok := out["error_type"].(string); !ok || out["status_code"] != float64(rec.Code) {
				t.Fatalf("%s %q: status %d with body %s", path, body, rec.Code, rec.Body)
			}
		}
	})
}
