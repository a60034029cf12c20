package verifier_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// The hybrid verifier checks a fresh JWT locally, and asks Stytch (here the
// emulator) once the JWT has expired, handing back a fresh JWT.
func ExampleVerifier_Verify() {
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	emu, _ := stytchtest.New(stytchtest.WithClock(func() time.Time { return start }))
	srv := httptest.NewServer(emu)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // stops the background JWKS refresh

	v, err := verifier.New(ctx, emu.ProjectID(), emu.Secret(),
		verifier.WithBaseURL(srv.URL), verifier.WithClock(emu.Now))
	if err != nil {
		fmt.Println(err)
		return
	}
	uid, _ := emu.CreateUser("ada@example.com", "correct horse battery staple 42")
	tokens, _ := emu.CreateSession(uid, stytchtest.SessionSpec{})
	creds := sessiongate.Credentials{JWT: tokens.SessionJWT}

	res, err := v.Verify(ctx, creds, sessiongate.Freshness{})
	fmt.Println(res.Source, res.Session.UserID == uid, err)

	emu.Advance(6 * time.Minute) // the 5-minute JWT expires; the session lives on
	res, err = v.Verify(ctx, creds, sessiongate.Freshness{})
	fmt.Println(res.Source, res.JWT != "" && res.JWT != tokens.SessionJWT, err)

	_ = emu.Revoke(tokens.Session.SessionID)
	_, err = v.Verify(ctx, creds, sessiongate.ConfirmWithServer())
	fmt.Println(errors.Is(err, sessiongate.ErrSessionNotFound))
	// Output:
	// local true <nil>
	// remote true <nil>
	// true
}

// Errors wrap the root sentinels; an outage is never mistaken for a gone
// session, and carries the upstream's Retry-After.
func ExampleNewRemote() {
	emu, _ := stytchtest.New()
	srv := httptest.NewServer(emu)
	defer srv.Close()
	r, _ := verifier.NewRemote(emu.ProjectID(), emu.Secret(), verifier.WithBaseURL(srv.URL))
	uid, _ := emu.CreateUser("ada@example.com", "correct horse battery staple 42")
	tokens, _ := emu.CreateSession(uid, stytchtest.SessionSpec{})

	emu.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Status: 429, RetryAfter: 3 * time.Second})
	_, err := r.Verify(context.Background(), sessiongate.Credentials{Token: tokens.SessionToken}, sessiongate.Freshness{})
	fmt.Println(errors.Is(err, sessiongate.ErrUnavailable), errors.Is(err, sessiongate.ErrSessionNotFound), sessiongate.RetryAfter(err))
	// Output:
	// true false 3s
}

// VerifyCached answers only from the cache of JWTs verified before, with no
// I/O: it declines (false) a JWT never seen, or a freshness that needs
// Stytch, and Verify then gives the full answer.
func ExampleVerifier_VerifyCached() {
	emu, _ := stytchtest.New()
	srv := httptest.NewServer(emu)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	v, _ := verifier.New(ctx, emu.ProjectID(), emu.Secret(),
		verifier.WithBaseURL(srv.URL), verifier.WithClock(emu.Now))
	uid, _ := emu.CreateUser("ada@example.com", "correct horse battery staple 42")
	tokens, _ := emu.CreateSession(uid, stytchtest.SessionSpec{})

	_, ok := v.VerifyCached(tokens.SessionJWT, sessiongate.Freshness{})
	fmt.Println("before Verify:", ok)
	_, _ = v.Verify(ctx, sessiongate.Credentials{JWT: tokens.SessionJWT}, sessiongate.Freshness{})
	res, ok := v.VerifyCached(tokens.SessionJWT, sessiongate.Freshness{})
	fmt.Println("after Verify:", ok, res.Source)
	_, ok = v.VerifyCached(tokens.SessionJWT, sessiongate.ConfirmWithServer())
	fmt.Println("confirm with Stytch:", ok)
	// Output:
	// before Verify: false
	// after Verify: true cache
	// confirm with Stytch: false
}

// Stats feeds metrics and readiness checks: the key set's health, the
// cache's size and the calls made to Stytch.
func ExampleVerifier_Stats() {
	emu, _ := stytchtest.New()
	srv := httptest.NewServer(emu)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	v, _ := verifier.New(ctx, emu.ProjectID(), emu.Secret(), verifier.WithBaseURL(srv.URL))
	if err := v.Refresh(ctx); err != nil { // readiness: wait for the keys
		fmt.Println(err)
		return
	}
	uid, _ := emu.CreateUser("ada@example.com", "correct horse battery staple 42")
	tokens, _ := emu.CreateSession(uid, stytchtest.SessionSpec{})
	_, _ = v.Verify(ctx, sessiongate.Credentials{JWT: tokens.SessionJWT}, sessiongate.Freshness{})
	_, _ = v.Verify(ctx, sessiongate.Credentials{Token: tokens.SessionToken}, sessiongate.Freshness{})

	s := v.Stats()
	fmt.Println("usable keys:", s.JWKSUsable, s.JWKSKeys, "failed fetches:", s.JWKSFailures)
	fmt.Println("cached JWTs:", s.CachedJWTs, "API calls:", s.APICalls, "unavailable:", s.APIUnavailable)
	// Output:
	// usable keys: true 1 failed fetches: 0
	// cached JWTs: 1 API calls: 1 unavailable: 0
}
