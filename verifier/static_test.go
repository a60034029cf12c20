package verifier

import (
	"context"
	"crypto/rsa"
	"testing"
	"time"
)

const staticProject = "project-test-00000000-0000-4000-8000-000000000000"

const staticKID = "jwk-test-static"

// staticLocal is a Local with a fixed key set and clock that never fetches:
// its context is cancelled and unknown-kid refreshes are rate-limited.
func staticLocal(tb testing.TB, pub *rsa.PublicKey, opts ...Option) *Local {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	now := func() time.Time { return epoch }
	o, err := buildOptions(staticProject, append([]Option{WithClock(now), WithBaseURL("http://127.0.0.1:9")}, opts...), forLocal)
	if err != nil {
		tb.Fatal(err)
	}
	l := buildLocal(ctx, staticProject, o)
	l.keys.set.Store(&keySet{keys: map[string]*rsa.PublicKey{staticKID: pub}, fetchedAt: epoch})
	l.keys.lastUnknown = epoch
	l.keys.unknownKIDInterval = time.Hour
	return l
}

// stytchClaims are claims shaped like a Stytch session JWT's, issued at iat.
func stytchClaims(iat int64) map[string]any {
	at := time.Unix(iat, 0).UTC().Format(time.RFC3339)
	return map[string]any{
		"aud": []string{staticProject}, "iss": "stytch.com/" + staticProject,
		"sub": "user-test-9a4e1c55-3f0e-4b8e-8c1d-6a2b7d3e9f00",
		"iat": iat, "nbf": iat, "exp": iat + 300,
		"https://stytch.com/session": map[string]any{
			"id":               "session-test-5b2f8f2c-1e77-4d0b-9a33-0c6b9f6e2d41",
			"started_at":       at,
			"last_accessed_at": at,
			"expires_at":       time.Unix(iat, 0).Add(time.Hour).UTC().Format(time.RFC3339),
			"attributes":       map[string]any{"ip_address": "203.0.113.7", "user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"},
			"authentication_factors": []any{
				map[string]any{
					"type": "password", "delivery_method": "knowledge",
					"last_authenticated_at": at, "created_at": at, "updated_at": at,
					"email_factor": map[string]any{"email_id": "email-test-1f0c2d3e-aaaa-bbbb-cccc-000000000001", "email_address": "ada@example.com"},
				},
				map[string]any{
					"type": "totp", "delivery_method": "authenticator_app",
					"last_authenticated_at": at, "created_at": at, "updated_at": at,
					"authenticator_app_factor": map[string]any{"totp_id": "totp-test-41920359-8bbb-4fe8-8fa3-aaa83f35f02c"},
				},
			},
			"roles": []string{"stytch_member"},
		},
	}
}

func staticHeader() map[string]any {
	return map[string]any{"alg": "RS256", "kid": staticKID, "typ": "JWT"}
}

func TestStaticGenuineTokenVerifies(t *testing.T) {
	k := mustKey(t, strongKey)
	l := staticLocal(t, &k.PublicKey)
	v, err := l.Verify(t.Context(), jwtCred(signWith(t, k, staticHeader(), stytchClaims(epoch.Unix()))), anyAge)
	wantErr(t, err, nil)
	if got := len(v.Session.AuthenticationFactors); got != 2 {
		t.Errorf("factors = %d, want 2", got)
	}
	if v.Session.Attributes == nil || v.Session.Attributes.IPAddress != "203.0.113.7" {
		t.Errorf("attributes = %+v, want the claim's", v.Session.Attributes)
	}
}
