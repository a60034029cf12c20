package stytchtest_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jwt"

	"github.com/sessiongate/sessiongate/internal/claims"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestJWTLayout(t *testing.T) {
	srv := newServer(t)
	uid, tok := newUserSession(t, srv, stytchtest.SessionSpec{CustomClaims: map[string]any{"plan": "pro"}})
	header, payload := decodeJWT(t, tok.SessionJWT)
	wantHeader := map[string]any{"alg": "RS256", "kid": srv.CurrentKeyID(), "typ": "JWT"}
	if !reflect.DeepEqual(header, wantHeader) {
		t.Errorf("header = %v, want %v", header, wantHeader)
	}
	iat := float64(t0.Unix())
	for k, want := range map[string]any{
		"iss": "stytch.com/" + srv.ProjectID(), "aud": []any{srv.ProjectID()}, "sub": uid,
		"iat": iat, "nbf": iat, "exp": iat + 300, "plan": "pro",
	} {
		if got := payload[k]; !reflect.DeepEqual(got, want) {
			t.Errorf("claim %s = %v, want %v", k, got, want)
		}
	}
	if _, ok := payload["jti"]; ok {
		t.Error("JWT carries jti")
	}
	if len(payload) != 8 {
		t.Errorf("payload has %d claims, want 8: %v", len(payload), payload)
	}
	raw, _ := json.Marshal(payload[claims.SessionClaim])
	var got claims.Session
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	want := claims.FromSession(&tok.Session)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("session claim = %+v, want %+v", got, want)
	}
	if got.ExpiresAt != "2025-03-01T11:00:00Z" || got.StartedAt != "2025-03-01T10:00:00Z" {
		t.Errorf("claim timestamps = %s, %s", got.StartedAt, got.ExpiresAt)
	}
}

func TestSessionTokenFormat(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	_, tok2, err := func() (string, stytchtest.Tokens, error) {
		tk, err := srv.CreateSession(tok.Session.UserID, stytchtest.SessionSpec{})
		return "", tk, err
	}()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{tok.SessionToken, tok2.SessionToken} {
		if len(s) != 44 {
			t.Errorf("token %q has length %d, want 44", s, len(s))
		}
		for _, c := range s {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				t.Errorf("token %q has %q outside the URL-safe alphabet", s, c)
			}
		}
	}
	if tok.SessionToken == tok2.SessionToken {
		t.Error("two sessions share a token")
	}
}

// fetchJWKS parses the JWKS with jwx, an independent JOSE implementation.
func fetchJWKS(t *testing.T, srv *stytchtest.Server) (jwk.Set, []byte) {
	t.Helper()
	resp, err := http.Get(srv.JWKSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("JWKS status = %d", resp.StatusCode)
	}
	set, err := jwk.Parse(raw)
	if err != nil {
		t.Fatalf("jwk.Parse: %v", err)
	}
	return set, raw
}

func TestJWKSVerifiesMintedJWT(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	set, _ := fetchJWKS(t, srv)
	clock := jwt.ClockFunc(func() time.Time { return t0.Add(time.Minute) })
	_, err := jwt.Parse([]byte(tok.SessionJWT), jwt.WithKeySet(set), jwt.WithValidate(true), jwt.WithClock(clock),
		jwt.WithIssuer("stytch.com/"+srv.ProjectID()), jwt.WithAudience(srv.ProjectID()))
	if err != nil {
		t.Fatalf("jwx rejects the emulator's JWT: %v", err)
	}
}

func TestJWKSFields(t *testing.T) {
	srv := newServer(t)
	_, raw := fetchJWKS(t, srv)
	var body struct {
		Keys       []map[string]any `json:"keys"`
		RequestID  string           `json:"request_id"`
		StatusCode int              `json:"status_code"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatal(err)
	}
	if body.StatusCode != 200 || body.RequestID == "" || len(body.Keys) != 1 {
		t.Fatalf("JWKS body = %s", raw)
	}
	k := body.Keys[0]
	for field, want := range map[string]any{
		"kty": "RSA", "use": "sig", "alg": "RS256", "key_ops": []any{"verify"}, "kid": srv.CurrentKeyID(), "e": "AQAB",
	} {
		if got := k[field]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", field, got, want)
		}
	}
	for _, field := range []string{"n", "x5tS256"} {
		if s, _ := k[field].(string); s == "" {
			t.Errorf("%s is missing", field)
		}
	}
	if x5c, _ := k["x5c"].([]any); len(x5c) != 1 {
		t.Errorf("x5c = %v, want one certificate", k["x5c"])
	}
}

func TestJWKSWrongProject(t *testing.T) {
	srv := newServer(t)
	r := callAs(t, srv, "", "", http.MethodGet, "/v1/sessions/jwks/project-test-other", nil)
	wantError(t, r, http.StatusNotFound, "project_not_found")
}

func TestKeyIDDeterministic(t *testing.T) {
	key := testKey(t)
	a := newServer(t, stytchtest.WithSigningKey(key))
	b := newServer(t, stytchtest.WithSigningKey(key))
	if a.CurrentKeyID() != b.CurrentKeyID() || a.CurrentKeyID() != stytchtest.KeyID(&key.PublicKey) {
		t.Errorf("kids differ: %s, %s", a.CurrentKeyID(), b.CurrentKeyID())
	}
	_, ja := fetchJWKS(t, a)
	_, jb := fetchJWKS(t, b)
	var ka, kb struct{ Keys []map[string]any }
	json.Unmarshal(ja, &ka)
	json.Unmarshal(jb, &kb)
	if !reflect.DeepEqual(ka.Keys, kb.Keys) {
		t.Error("the same key gives different JWKs")
	}
}

func TestRotateKey(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	oldKid := srv.CurrentKeyID()
	newKid := srv.RotateKey()
	if newKid == oldKid || srv.CurrentKeyID() != newKid {
		t.Fatalf("RotateKey = %s, current %s, old %s", newKid, srv.CurrentKeyID(), oldKid)
	}
	if got := srv.KeyIDs(); !reflect.DeepEqual(got, []string{oldKid, newKid}) {
		t.Errorf("KeyIDs = %v", got)
	}
	jwtNew, err := srv.MintJWT(tok.Session.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := decodeJWT(t, jwtNew); h["kid"] != newKid {
		t.Errorf("new JWT kid = %v, want %s", h["kid"], newKid)
	}
	set, _ := fetchJWKS(t, srv)
	if set.Len() != 2 {
		t.Errorf("JWKS lists %d keys, want 2", set.Len())
	}
	wantOK(t, post(t, srv, authPath, map[string]any{"session_jwt": tok.SessionJWT}))
	srv.RemoveKey(oldKid)
	wantError(t, post(t, srv, authPath, map[string]any{"session_jwt": tok.SessionJWT}), http.StatusBadRequest, "unable_to_parse_session_jwt")
	wantOK(t, post(t, srv, authPath, map[string]any{"session_jwt": jwtNew}))
	if got := srv.KeyIDs(); !reflect.DeepEqual(got, []string{newKid}) {
		t.Errorf("KeyIDs after RemoveKey = %v", got)
	}
}

func TestRemoveCurrentKeyStillSigns(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	kid := srv.CurrentKeyID()
	srv.RemoveKey(kid)
	jwtStr, err := srv.MintJWT(tok.Session.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := decodeJWT(t, jwtStr); h["kid"] != kid {
		t.Errorf("kid = %v, want %s", h["kid"], kid)
	}
	if got := srv.KeyIDs(); len(got) != 0 {
		t.Errorf("KeyIDs = %v, want none", got)
	}
}

func TestAuthenticateRejectsForeignJWT(t *testing.T) {
	srv := newServer(t)
	uid, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	_, payload := decodeJWT(t, tok.SessionJWT)
	good := map[string]any{"alg": "RS256", "kid": srv.CurrentKeyID(), "typ": "JWT"}
	with := func(k string, v any) map[string]any {
		p := map[string]any{}
		for kk, vv := range payload {
			p[kk] = vv
		}
		if v == nil {
			delete(p, k)
		} else {
			p[k] = v
		}
		return p
	}
	other := newServer(t, stytchtest.WithProjectID("project-test-other"), stytchtest.WithSigningKey(testKey(t)))
	otherUID, _ := other.CreateUser("x@example.com", "password123")
	otherTok, _ := other.CreateSession(otherUID, stytchtest.SessionSpec{})
	for _, tc := range []struct {
		name, jwt, wantType string
	}{
		{"garbage", "not-a-jwt", "unable_to_parse_session_jwt"},
		{"two segments", "a.b", "unable_to_parse_session_jwt"},
		{"bad signature", tok.SessionJWT[:len(tok.SessionJWT)-4] + "AAAA", "unable_to_parse_session_jwt"},
		{"signed by another project's key", otherTok.SessionJWT, "unable_to_parse_session_jwt"},
		{"alg none", unsigned(t, `{"alg":"none","kid":"`+srv.CurrentKeyID()+`","typ":"JWT"}`, payload), "unable_to_parse_session_jwt"},
		{"alg HS256", srv.SignJWT(map[string]any{"alg": "HS256", "kid": srv.CurrentKeyID(), "typ": "JWT"}, payload), "unable_to_parse_session_jwt"},
		{"unknown kid", srv.SignJWT(map[string]any{"alg": "RS256", "kid": "jwk-test-unknown", "typ": "JWT"}, payload), "unable_to_parse_session_jwt"},
		{"foreign issuer", srv.SignJWT(good, with("iss", "stytch.com/project-test-other")), "jwt_invalid_issuer"},
		{"no issuer", srv.SignJWT(good, with("iss", nil)), "jwt_invalid_issuer"},
		{"foreign audience", srv.SignJWT(good, with("aud", []string{"project-test-other"})), "jwt_invalid_audience"},
		{"no session claim", srv.SignJWT(good, with(claims.SessionClaim, nil)), "jwt_invalid_claims"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, post(t, srv, authPath, map[string]any{"session_jwt": tc.jwt}), http.StatusBadRequest, tc.wantType)
		})
	}
	t.Run("string audience accepted", func(t *testing.T) {
		wantOK(t, post(t, srv, authPath, map[string]any{"session_jwt": srv.SignJWT(good, with("aud", srv.ProjectID()))}))
	})
	t.Run("subject of another user", func(t *testing.T) {
		r := post(t, srv, authPath, map[string]any{"session_jwt": srv.SignJWT(good, with("sub", uid+"x"))})
		wantError(t, r, http.StatusNotFound, "session_not_found")
	})
}

func TestMintJWT(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	srv.Advance(2 * time.Minute)
	j, err := srv.MintJWT(tok.Session.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	if _, p := decodeJWT(t, j); p["iat"] != float64(t0.Add(2*time.Minute).Unix()) {
		t.Errorf("iat = %v", p["iat"])
	}
	s, _ := srv.Session(tok.Session.SessionID)
	if !s.LastAccessedAt.Equal(t0) || !s.ExpiresAt.Equal(tok.Session.ExpiresAt) {
		t.Error("MintJWT changed the session")
	}
	if _, err := srv.MintJWT("session-test-unknown"); err == nil {
		t.Error("MintJWT of an unknown session succeeded")
	}
}

// unsigned returns an alg-none JWT.
func unsigned(t *testing.T, header string, payload map[string]any) string {
	t.Helper()
	p, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString(p) + "."
}

// testKey is a second RSA key, generated once per test binary.
var testKeyOnce = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

func testKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := testKeyOnce()
	if err != nil {
		t.Fatal(err)
	}
	return k
}
