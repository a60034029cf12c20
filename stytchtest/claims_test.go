package stytchtest_test

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestCustomClaimsMerge(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{CustomClaims: map[string]any{
		"keep": "me", "drop": 1, "e": map[string]any{"nested1": "val1", "nested2": "val2"},
	}})
	r := post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken, "session_custom_claims": map[string]any{
		"drop": nil, "added": true, "e": map[string]any{"nested1": nil, "nested3": "val3"},
	}})
	wantOK(t, r)
	want := map[string]any{"keep": "me", "added": true, "e": map[string]any{"nested2": "val2", "nested3": "val3"}}
	if got := r.obj("session")["custom_claims"]; !reflect.DeepEqual(got, want) {
		t.Errorf("session.custom_claims = %v, want %v", got, want)
	}
	_, payload := decodeJWT(t, r.str("session_jwt"))
	for k, v := range want {
		if !reflect.DeepEqual(payload[k], v) {
			t.Errorf("JWT claim %s = %v, want %v", k, payload[k], v)
		}
	}
	if _, ok := payload["drop"]; ok {
		t.Error("deleted claim is still in the JWT")
	}
	if s, _ := srv.Session(tok.Session.SessionID); !reflect.DeepEqual(s.CustomClaims, want) {
		t.Errorf("stored claims = %v, want %v", s.CustomClaims, want)
	}
}

func TestCustomClaimsRejected(t *testing.T) {
	srv := newServer(t)
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{CustomClaims: map[string]any{"plan": "pro"}})
	for _, tc := range []struct {
		name     string
		claims   map[string]any
		wantType string
	}{
		{"registered sub", map[string]any{"sub": "x"}, "reserved_claims_in_custom_claims"},
		{"registered jti", map[string]any{"jti": "x"}, "reserved_claims_in_custom_claims"},
		{"registered exp deleted", map[string]any{"exp": nil}, "reserved_claims_in_custom_claims"},
		{"stytch namespace", map[string]any{"https://stytch.com/session": "x"}, "stytch_claims_in_custom_claims"},
		{"too large", map[string]any{"big": strings.Repeat("x", 4100)}, "custom_claims_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken, "session_custom_claims": tc.claims})
			wantError(t, r, http.StatusBadRequest, tc.wantType)
		})
	}
	t.Run("merged result too large", func(t *testing.T) {
		for i, n := range []int{2100, 2100} {
			r := post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken,
				"session_custom_claims": map[string]any{string(rune('a' + i)): strings.Repeat("x", n)}})
			if i == 0 {
				wantOK(t, r)
			} else {
				wantError(t, r, http.StatusBadRequest, "custom_claims_too_large")
			}
		}
		s, _ := srv.Session(tok.Session.SessionID)
		if _, ok := s.CustomClaims["b"]; ok || s.CustomClaims["plan"] != "pro" {
			t.Errorf("a rejected patch changed the claims: %v", s.CustomClaims)
		}
	})
	t.Run("CreateSession", func(t *testing.T) {
		_, err := srv.CreateSession(tok.Session.UserID, stytchtest.SessionSpec{CustomClaims: map[string]any{"iss": "x"}})
		if err == nil {
			t.Error("CreateSession accepted a reserved claim")
		}
	})
}

func TestCreateSignedInUser(t *testing.T) {
	srv := newServer(t)
	tok, err := srv.CreateSignedInUser("ada@example.com", "password123", stytchtest.SessionSpec{Duration: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	s, live := srv.Session(tok.Session.SessionID)
	if !live || s.UserID == "" || tok.SessionJWT == "" || tok.SessionToken == "" || !s.ExpiresAt.Equal(srv.Now().Add(30*time.Minute)) {
		t.Errorf("CreateSignedInUser = %+v (live %v, stored %+v), want a live 30-minute session with both tokens", tok, live, s)
	}
	if _, err := srv.CreateSignedInUser("ada@example.com", "password123", stytchtest.SessionSpec{}); err == nil {
		t.Error("a second user with the same address was created")
	}
	if _, err := srv.CreateSignedInUser("bob@example.com", "password123", stytchtest.SessionSpec{Duration: -time.Minute}); err == nil {
		t.Error("a negative session duration was accepted")
	}
}

func TestCreateSessionUnknownUser(t *testing.T) {
	srv := newServer(t)
	if _, err := srv.CreateSession("user-test-nobody", stytchtest.SessionSpec{}); err == nil {
		t.Error("CreateSession for an unknown user succeeded")
	}
	if _, err := srv.CreateUser("not an address", "password123"); err == nil {
		t.Error("CreateUser accepted a malformed address")
	}
	if _, err := srv.CreateUser("a@example.com", "password123"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.CreateUser("A@example.com", "password123"); err == nil {
		t.Error("CreateUser accepted a duplicate address")
	}
	if err := srv.Revoke("session-test-nobody"); !errors.Is(err, sessiongate.ErrSessionNotFound) {
		t.Errorf("Revoke of an unknown session = %v, want ErrSessionNotFound", err)
	}
	if _, err := srv.MintJWT("session-test-nobody"); !errors.Is(err, sessiongate.ErrSessionNotFound) {
		t.Errorf("MintJWT of an unknown session = %v, want ErrSessionNotFound", err)
	}
}
