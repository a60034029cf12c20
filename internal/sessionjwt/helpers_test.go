package sessionjwt

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"sync"
	"testing"
	"time"
)

// Fixtures shared by this package's tests.
const (
	testProject = "project-test-00000000-0000-4000-8000-000000000000"
	testUser    = "user-test-9a4e1c55-3f0e-4b8e-8c1d-6a2b7d3e9f00"
	testSession = "session-test-5b2f8f2c-1e77-4d0b-9a33-0c6b9f6e2d41"
)

var (
	epoch      = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	testPolicy = Policy{Issuers: []string{"stytch.com/" + testProject}, ProjectID: testProject, Leeway: 5 * time.Second}
)

// testKey is one 2048-bit key, generated once per test binary.
var testKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

func mustKey(tb testing.TB) *rsa.PrivateKey {
	tb.Helper()
	k, err := testKey()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// signRaw signs the base64url of header and payload, as given, with k.
func signRaw(tb testing.TB, k *rsa.PrivateKey, header, payload []byte) string {
	tb.Helper()
	input := b64url(header) + "." + b64url(payload)
	return input + "." + b64url(signInput(tb, k, input))
}

func signInput(tb testing.TB, k *rsa.PrivateKey, input string) []byte {
	tb.Helper()
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, sum[:])
	if err != nil {
		tb.Fatal(err)
	}
	return sig
}

func jsonOf(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func testHeader() map[string]any {
	return map[string]any{"alg": "RS256", "kid": "jwk-test-1", "typ": "JWT"}
}

// testClaims are claims shaped like a Stytch session JWT's, issued at epoch.
func testClaims() map[string]any {
	at := epoch.Format(time.RFC3339)
	return map[string]any{
		"aud": []string{testProject}, "iss": "stytch.com/" + testProject, "sub": testUser,
		"iat": epoch.Unix(), "nbf": epoch.Unix(), "exp": epoch.Unix() + 300,
		"https://stytch.com/session": map[string]any{
			"id": testSession, "started_at": at, "last_accessed_at": at,
			"expires_at": epoch.Add(time.Hour).Format(time.RFC3339),
			"attributes": map[string]any{"ip_address": "203.0.113.7", "user_agent": "Mozilla/5.0"},
			"authentication_factors": []any{map[string]any{
				"type": "password", "delivery_method": "knowledge",
				"last_authenticated_at": at, "created_at": at, "updated_at": at,
				"email_factor": map[string]any{"email_id": "email-test-1", "email_address": "ada@example.com"},
			}},
			"roles": []string{"stytch_user"},
		},
	}
}

// session returns the session claim of c, for editing.
func session(c map[string]any) map[string]any {
	return c["https://stytch.com/session"].(map[string]any)
}

// verifyAll runs the whole pipeline on tok with k's public key at now.
func verifyAll(tok string, k *rsa.PrivateKey, now time.Time) (Result, error) {
	t, err := Parse(tok)
	if err != nil {
		return Result{}, err
	}
	if err := t.Verify(&k.PublicKey); err != nil {
		return Result{}, err
	}
	c, err := t.Claims()
	if err != nil {
		return Result{}, err
	}
	return c.Check(testPolicy, now)
}
