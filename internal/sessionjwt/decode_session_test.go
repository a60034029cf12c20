package sessionjwt

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

// apiSession is a session object as Stytch's sessions/authenticate answers it.
const apiSession = `{"session_id":"` + testSession + `","user_id":"` + testUser + `",
	"started_at":"2026-03-01T09:00:00Z","last_accessed_at":"2026-03-01T10:00:00Z","expires_at":"2026-03-01T11:00:00Z",
	"attributes":{"ip_address":"","user_agent":""},"roles":["stytch_user"],"custom_claims":{"plan":"pro","n":[1]},
	"authentication_factors":[{"type":"magic_link","delivery_method":"email","last_authenticated_at":"2026-03-01T09:00:00Z",
	"email_factor":{"email_id":"email-test-1","email_address":"ada@example.com"}}]}`

func TestDecodeSession(t *testing.T) {
	s, err := DecodeSession(apiSession)
	if err != nil {
		t.Fatalf("DecodeSession() error = %v, want nil", err)
	}
	if s.SessionID != testSession || s.UserID != testUser || !s.ExpiresAt.Equal(time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("session = %s/%s/%v, want the answer's ids and expiry", s.SessionID, s.UserID, s.ExpiresAt)
	}
	if want := map[string]any{"plan": "pro", "n": []any{1.0}}; !reflect.DeepEqual(s.CustomClaims, want) {
		t.Errorf("CustomClaims = %v, want %v", s.CustomClaims, want)
	}
	if len(s.AuthenticationFactors) != 1 || s.AuthenticationFactors[0].EmailFactor == nil {
		t.Errorf("factors = %+v, want the email factor", s.AuthenticationFactors)
	}
}

// TestDecodeSessionStrict: the API's session object gets the session
// claim's rules (F10), which encoding/json's struct decoding lacked.
func TestDecodeSessionStrict(t *testing.T) {
	cases := map[string]string{
		"case-variant id":          strings.Replace(apiSession, `{"session_id"`, `{"SESSION_ID":"session-test-00000000-0000-4000-8000-000000000000","session_id"`, 1),
		"duplicate user_id":        strings.Replace(apiSession, `"user_id"`, `"user_id":"user-test-00000000-0000-4000-8000-000000000000","user_id"`, 1),
		"case-variant factor key":  strings.Replace(apiSession, `"type":"magic_link"`, `"type":"magic_link","Type":"totp"`, 1),
		"custom_claims not object": strings.Replace(apiSession, `"custom_claims":{"plan":"pro","n":[1]}`, `"custom_claims":[1]`, 1),
		"custom_claims duplicate":  strings.Replace(apiSession, `"plan":"pro"`, `"plan":"pro","plan":"free"`, 1),
		"session id not Stytch's":  strings.Replace(apiSession, testSession, "session-evil", 1),
		"trailing garbage":         apiSession + "x",
		"not an object":            `[]`,
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			if raw == apiSession {
				t.Fatal("case did not change the object")
			}
			if _, err := DecodeSession(raw); !errors.Is(err, sessiongate.ErrInvalidToken) {
				t.Fatalf("DecodeSession() error = %v, want ErrInvalidToken", err)
			}
		})
	}
}
