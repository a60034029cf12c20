package verifier

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

var (
	weakKey   = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 1024) })
	strongKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })
)

func mustKey(t testing.TB, f func() (*rsa.PrivateKey, error)) *rsa.PrivateKey {
	t.Helper()
	k, err := f()
	if err != nil {
		t.Fatalf("GenerateKey: %v", err)
	}
	return k
}

// jwkOf renders pub as a JWK map that edit may change.
func jwkOf(kid string, pub *rsa.PublicKey, edit func(m map[string]any)) map[string]any {
	m := map[string]any{
		"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig", "key_ops": []string{"verify"},
		"n": b64url(pub.N.Bytes()), "e": b64url(big.NewInt(int64(pub.E)).Bytes()),
	}
	if edit != nil {
		edit(m)
	}
	return m
}

func jwksOf(keys ...map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"keys": keys})
	return b
}

// TestF7WeakKeysFiltered covers security.md F7 and the key filter of
// category C: only strong RS256 signing keys survive a refresh.
func TestF7WeakKeysFiltered(t *testing.T) {
	weak, strong := &mustKey(t, weakKey).PublicKey, &mustKey(t, strongKey).PublicKey
	evenE := &rsa.PublicKey{N: strong.N, E: 65538}
	smallE := &rsa.PublicKey{N: strong.N, E: 3}
	body := jwksOf(
		jwkOf("weak-1024", weak, nil),
		jwkOf("e-even", evenE, nil),
		jwkOf("e-three", smallE, nil),
		jwkOf("no-alg", strong, func(m map[string]any) { delete(m, "alg") }),
		jwkOf("rs512", strong, func(m map[string]any) { m["alg"] = "RS512" }),
		jwkOf("ps256", strong, func(m map[string]any) { m["alg"] = "PS256" }),
		jwkOf("use-enc", strong, func(m map[string]any) { m["use"] = "enc" }),
		jwkOf("no-use", strong, func(m map[string]any) { delete(m, "use") }),
		jwkOf("ops-sign", strong, func(m map[string]any) { m["key_ops"] = []string{"sign"} }),
		jwkOf("bad kid/..", strong, nil),
		jwkOf("dup", strong, nil),
		jwkOf("dup", strong, nil),
		map[string]any{"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA", "alg": "ES256", "use": "sig"},
		map[string]any{"kty": "oct", "kid": "hmac", "k": "c2VjcmV0", "alg": "HS256", "use": "sig"},
		jwkOf("good", strong, nil),
		jwkOf("ops-absent", strong, func(m map[string]any) { delete(m, "key_ops") }),
	)
	ks, err := parseKeySet(body, epoch)
	wantErr(t, err, nil)
	if len(ks.keys) != 2 || ks.keys["good"] == nil || ks.keys["ops-absent"] == nil {
		got := make([]string, 0, len(ks.keys))
		for k := range ks.keys {
			got = append(got, k)
		}
		t.Fatalf("kept kids = %v, want [good ops-absent]", got)
	}
	t.Run("only weak keys", func(t *testing.T) {
		if _, err := parseKeySet(jwksOf(jwkOf("weak", weak, nil)), epoch); err == nil {
			t.Fatal("a set of only weak keys loaded")
		}
	})
	t.Run("at most 20 keys", func(t *testing.T) {
		keys := make([]map[string]any, 30)
		for i := range keys {
			keys[i] = jwkOf("k"+strings.Repeat("x", i), strong, nil)
		}
		ks, err := parseKeySet(jwksOf(keys...), epoch)
		wantErr(t, err, nil)
		if len(ks.keys) != maxKeys {
			t.Errorf("kept %d keys, want %d", len(ks.keys), maxKeys)
		}
	})
	t.Run("garbage bodies", func(t *testing.T) {
		for _, b := range []string{"", "null", "[]", `{"keys":"x"}`, `{"keys":[]}`, "<html>", `{"keys":[{"kty":"RSA"}]}`} {
			if _, err := parseKeySet([]byte(b), epoch); err == nil {
				t.Errorf("parseKeySet(%q) loaded a set", b)
			}
		}
	})
	t.Run("token signed by the 1024-bit key", func(t *testing.T) {
		e := newEnv(t)
		srv := jwksServer(t, e.srv.ProjectID(), jwksOf(jwkOf("weak-1024", weak, nil), jwkOf("good", strong, nil)))
		l, err := NewLocal(t.Context(), e.srv.ProjectID(), WithBaseURL(srv.URL), WithClock(e.srv.Now))
		wantErr(t, err, nil)
		wantErr(t, l.Refresh(t.Context()), nil)
		h, c := e.parts()
		h["kid"] = "weak-1024"
		_, err = l.Verify(t.Context(), jwtCred(signWith(t, mustKey(t, weakKey), h, c)), anyAge)
		wantErr(t, err, sessiongate.ErrUnknownKey)
		h["kid"] = "good"
		_, err = l.Verify(t.Context(), jwtCred(signWith(t, mustKey(t, strongKey), h, c)), anyAge)
		wantErr(t, err, nil)
		srv.CloseClientConnections()
	})
}

// jwksServer serves body as the JWKS of projectID.
func jwksServer(t testing.TB, projectID string, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/sessions/jwks/"+projectID {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// signWith signs header and claims with k (RS256).
func signWith(t testing.TB, k *rsa.PrivateKey, h, c map[string]any) string {
	t.Helper()
	tok, err := signRS256(k, h, c)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return tok
}

func signRS256(k *rsa.PrivateKey, h, c map[string]any) (string, error) {
	hb, _ := json.Marshal(h)
	cb, _ := json.Marshal(c)
	input := b64url(hb) + "." + b64url(cb)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, k, crypto.SHA256, sum[:])
	return input + "." + b64url(sig), err
}

func TestKeySetKeepsKeyIdentityAcrossRefresh(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	before := l.keys.current()
	wantErr(t, l.Refresh(t.Context()), nil)
	after := l.keys.current()
	for kid, pub := range before.keys {
		if after.keys[kid] != pub {
			t.Errorf("refresh replaced the key object of an unchanged kid %q; cached results would be dropped", kid)
		}
	}
}

// TestJWKSOversizedBodyKeepsLastSet: a JWKS answer past the size cap is a
// failed refresh; the last good set stays in use.
func TestJWKSOversizedBodyKeepsLastSet(t *testing.T) {
	strong := &mustKey(t, strongKey).PublicKey
	good := jwksOf(jwkOf("good", strong, nil))
	huge := []byte(`{"keys":[],"pad":"` + strings.Repeat("x", maxJWKSBodyLen) + `"}`)
	var mu sync.Mutex
	body := good
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	l, err := NewLocal(t.Context(), staticProject, WithBaseURL(srv.URL), WithClock(func() time.Time { return epoch }))
	wantErr(t, err, nil)
	wantErr(t, l.Refresh(t.Context()), nil)
	mu.Lock()
	body = huge
	mu.Unlock()
	wantErr(t, l.Refresh(t.Context()), sessiongate.ErrUnavailable)
	if ks := l.keys.current(); ks == nil || ks.keys["good"] == nil {
		t.Error("the last good key set was dropped after an oversized answer")
	}
	srv.CloseClientConnections()
}
