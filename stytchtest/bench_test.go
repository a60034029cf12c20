package stytchtest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

func benchEmulator(b *testing.B) (*stytchtest.Emulator, stytchtest.Tokens) {
	b.Helper()
	e, err := stytchtest.New()
	if err != nil {
		b.Fatal(err)
	}
	uid, _ := e.CreateUser("bench@example.com", "correct horse")
	tok, err := e.CreateSession(uid, stytchtest.SessionSpec{})
	if err != nil {
		b.Fatal(err)
	}
	return e, tok
}

func benchPost(b *testing.B, e *stytchtest.Emulator, path, body string) {
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.SetBasicAuth(e.ProjectID(), e.Secret())
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkAuthenticateToken is one sessions/authenticate by token,
// dominated by minting (signing) the fresh JWT.
func BenchmarkAuthenticateToken(b *testing.B) {
	e, tok := benchEmulator(b)
	benchPost(b, e, "/v1/sessions/authenticate", `{"session_token":"`+tok.SessionToken+`"}`)
}

// BenchmarkAuthenticateJWT adds verifying the presented JWT.
func BenchmarkAuthenticateJWT(b *testing.B) {
	e, tok := benchEmulator(b)
	benchPost(b, e, "/v1/sessions/authenticate", `{"session_jwt":"`+tok.SessionJWT+`"}`)
}

func BenchmarkJWKS(b *testing.B) {
	e, _ := benchEmulator(b)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/sessions/jwks/"+e.ProjectID(), nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
