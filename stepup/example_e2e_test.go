package stepup_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/justinas/alice"
	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stepup"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// The whole flow with the real verifier and middleware against the Stytch
// emulator: a password session is challenged on a TOTP route, steps up with
// totps/authenticate, and passes with the new JWT.
func Example_stepUp() {
	emu, _ := stytchtest.New(stytchtest.WithClock(func() time.Time { return t0 }))
	stytch := httptest.NewServer(emu)
	defer stytch.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	v, _ := verifier.New(ctx, emu.ProjectID(), emu.Secret(), verifier.WithBaseURL(stytch.URL), verifier.WithClock(emu.Now))
	mw, _ := middleware.New(v, middleware.WithClock(emu.Now))
	transfer, _ := stepup.New(stepup.AnyOf(sessiongate.FactorTOTP), stepup.Within(5*time.Minute), stepup.WithClock(emu.Now))
	app := alice.New(mw.RequireSession, transfer.Require).ThenFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "transferred")
	})

	uid, _ := emu.CreateUser("ada@example.com", "correct horse battery staple")
	_, _, _ = emu.CreateTOTP(uid)
	tok, _ := emu.CreateSession(uid, stytchtest.SessionSpec{}) // one password factor
	call := func(jwt string) {
		r := httptest.NewRequest("POST", "/api/transfer", nil)
		r.Header.Set("Authorization", "Bearer "+jwt)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Get("WWW-Authenticate"), w.Body.String())
	}
	call(tok.SessionJWT)

	// The step-up page: authenticate the TOTP code against the session.
	code, _ := emu.TOTPCode(uid)
	body := fmt.Sprintf(`{"user_id":%q,"totp_code":%q,"session_token":%q}`, uid, code, tok.SessionToken)
	r := httptest.NewRequest("POST", "/v1/totps/authenticate", strings.NewReader(body))
	r.SetBasicAuth(emu.ProjectID(), emu.Secret())
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	emu.ServeHTTP(w, r)
	var out struct {
		SessionJWT string `json:"session_jwt"`
	}
	_ = json.NewDecoder(w.Body).Decode(&out)
	call(out.SessionJWT)
	// Output:
	// 401 Bearer error="insufficient_user_authentication", error_description="step-up authentication required: 1 more factor (totp) authenticated within the last 300 seconds", max_age=300, acr_values="stytch:totp" {"error":"insufficient_user_authentication","error_description":"step-up authentication required: 1 more factor (totp) authenticated within the last 300 seconds","required_factors":["totp"],"missing_factors":[["totp"]],"factors_needed":1,"max_age":300,"acr_values":"stytch:totp"}
	//
	// 200  transferred
}
