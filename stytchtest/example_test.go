package stytchtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// exampleTB stands in for the *testing.T a real test passes to NewServer.
type exampleTB struct {
	testing.TB
	cleanups []func()
}

func (tb *exampleTB) Helper()           {}
func (tb *exampleTB) Fatal(args ...any) { panic(fmt.Sprint(args...)) }
func (tb *exampleTB) Cleanup(f func())  { tb.cleanups = append(tb.cleanups, f) }
func (tb *exampleTB) runCleanups() {
	for _, f := range tb.cleanups {
		f()
	}
}

func ExampleNewServer() {
	t := &exampleTB{} // in a test: srv := stytchtest.NewServer(t)
	defer t.runCleanups()

	srv := stytchtest.NewServer(t)
	userID, _ := srv.CreateUser("ada@example.com", "correct horse battery")
	tokens, _ := srv.CreateSession(userID, stytchtest.SessionSpec{})

	// Call the API as Stytch's SDKs do: Basic auth, JSON body.
	body := strings.NewReader(`{"session_token":"` + tokens.SessionToken + `"}`)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/sessions/authenticate", body)
	req.SetBasicAuth(srv.ProjectID(), srv.Secret())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var out struct {
		Session sessiongate.Session `json:"session"`
	}
	json.NewDecoder(resp.Body).Decode(&out)
	fmt.Println(resp.StatusCode, out.Session.SessionID == tokens.Session.SessionID)
	fmt.Println(srv.Requests(stytchtest.EndpointAuthenticate))
	// Output:
	// 200 true
	// 1
}

func ExampleEmulator_CreateSession() {
	now := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	e, _ := stytchtest.New(stytchtest.WithClock(func() time.Time { return now }))
	userID, _ := e.CreateUser("ada@example.com", "correct horse battery")

	// A session whose TOTP factor was proven four minutes ago: handy to test
	// a "TOTP within 5 minutes" step-up rule at its edge.
	tokens, _ := e.CreateSession(userID, stytchtest.SessionSpec{
		Duration: 30 * time.Minute,
		Factors: []sessiongate.AuthenticationFactor{{
			Type:                   sessiongate.FactorTOTP,
			DeliveryMethod:         sessiongate.DeliveryAuthenticatorApp,
			LastAuthenticatedAt:    now.Add(-4 * time.Minute),
			AuthenticatorAppFactor: &sessiongate.AuthenticatorAppFactor{TOTPID: "totp-test-1"},
		}},
		CustomClaims: map[string]any{"plan": "pro"},
	})
	at, _ := tokens.Session.LastAuthenticated(sessiongate.FactorTOTP)
	fmt.Println(len(tokens.SessionToken), strings.Count(tokens.SessionJWT, "."))
	fmt.Println(at.Format(time.RFC3339), tokens.Session.ExpiresAt.Format(time.RFC3339))
	fmt.Println(tokens.Session.CustomClaims["plan"])
	// Output:
	// 44 2
	// 2025-03-01T09:56:00Z 2025-03-01T10:30:00Z
	// pro
}
